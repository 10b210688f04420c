"""The playground page (docs/playground.md): toynn's datasets as a data file beside it.

The page trains small nets in the reader's browser (`docs/assets/javascripts/playground/`).
Its datasets are the library's own points, so that a run there and the `toynn` code it
exports see the same data: `DATASETS` names each one by the call that makes it, and the
build writes every one, points and call, into `playground/datasets.json`. Coordinates are
written as the shortest decimals that give back their float32 values (what the page
rounds them to, and what `torch.tensor` reads them as), which keeps the file small.

Like the tutorials, the data comes from a separate Python process (the build process
never imports the library), and is cached under a key of the library's sources and of
this file, in `.cache/docs/playground/`.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

PAGE = "playground.md"
DATA_FILE = "playground/datasets.json"

# name: (label, the call that makes it, task). Kept small: the page loads every point.
DATASETS = {
    "rings": ("Two rings", "toynn.make_rings(200, seed=100)", "classify"),
    "spiral": ("Spiral", "toynn.make_spiral(200, seed=0)", "classify"),
    "spiral3": ("Spiral, three arms", "toynn.make_spiral(133, arms=3, seed=0)", "classify"),
    "bands": ("Bands", "toynn.make_bands(100, seed=0)", "classify"),
    "sine": ("Damped sine", "toynn.make_damped_sine()", "regress"),
}

def cache_key(root: Path) -> str:
    """SHA-256 of the library's sources and of this file: what the data depends on."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted((root / "toynn").rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def datasets_json(root: Path, cache_dir: Path) -> bytes:
    """The data file's bytes, from the cache or from a Python process that imports toynn."""
    cached = cache_dir / "playground" / f"datasets-{cache_key(root)[:16]}.json"
    if cached.exists():
        return cached.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, __file__], cwd=root, env=env,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"exporting the playground's datasets failed:\n"
                           f"{done.stderr.decode(errors='replace').strip()}")
    cached.parent.mkdir(parents=True, exist_ok=True)
    for old in cached.parent.glob("datasets-*.json"):
        old.unlink()
    temporary = cached.with_suffix(".tmp")
    temporary.write_bytes(done.stdout)
    temporary.rename(cached)
    return done.stdout


def _export() -> dict:
    """Every dataset of `DATASETS`, made by toynn (run in a separate process)."""
    import numpy as np

    import toynn

    def shortest(values) -> list[float]:
        # str() of a float32 is the shortest decimal that reads back as the same float32.
        return [float(str(v)) for v in np.asarray(values, dtype=np.float32).ravel()]

    exported = {}
    for name, (label, call, task) in DATASETS.items():
        X, y = eval(call, {"toynn": toynn})  # our own constant calls, above
        exported[name] = {
            "label": label,
            "call": call,
            "task": task,
            "inputs": X.shape[1],
            "classes": int(y.max()) + 1 if task == "classify" else None,
            "X": shortest(X),
            "y": y.int().tolist() if task == "classify" else shortest(y),
        }
    return exported


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_export(), separators=(",", ":")))
