"""Run tutorials as plain scripts with other seeds and list every claim that fails.

A page's claims must hold for any seed a reader picks, not only for the one it was written
with. This runs each tutorial's code cells top to bottom in one namespace, as a reader's
script would, with every seed knob of its knobs cell (a name ending in `SEED`) set to the
given seed and every list of seeds (a name ending in `SEEDS`) moved to as many fresh seeds
(`range(100)` becomes `range(100, 200)` for seed 1). Claims are recorded, not raised, so
one run lists all that fail; the prose's `{{ }}` placeholders are evaluated where the
build evaluates them, so a sentence that names a value the run lacks fails too.

    .venv/bin/python scripts/seedcheck.py [TUTORIAL ...] [--seed 1 --seed 2] [--jobs 2]

`--seed page` runs the page with its own knobs, as the docs build does.

Exit status 1 if anything failed. `tests/test_seeds.py` runs it for every tutorial.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import re
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUTORIALS = ROOT / "docs" / "tutorials"
KNOBS_TAG = "knobs"
_SEED = re.compile(r"^(\w*SEED)\s*=", re.M)
_SEEDS = re.compile(r"^(\w*SEEDS)\s*=", re.M)


@dataclass
class Run:
    """What one tutorial run with one seed found."""

    tutorial: str
    seed: int | None  # None: the page's own seeds
    knobs: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self) -> str:
        seeds = ("its own seeds" if self.seed is None
                 else f"seed {self.seed} ({', '.join(map(str, self.knobs))})")
        head = (f"{self.tutorial}, {seeds}: "
                f"{len(self.failures) or 'no'} failure{'s' * (len(self.failures) != 1)} "
                f"in {self.seconds:.0f} s")
        return "\n".join([head, *(f"  - {failure}" for failure in self.failures)])


def seed_knobs(knobs_code: str, namespace: dict, seed: int) -> dict:
    """The knob values that move a tutorial to `seed` (see the module docstring)."""
    moved = {name: seed for name in _SEED.findall(knobs_code)}
    for name in _SEEDS.findall(knobs_code):
        seeds = list(namespace[name])
        moved[name] = [s + seed * len(seeds) for s in seeds]
    return moved


def run(tutorial: str, seed: int | None) -> Run:
    """Run `docs/tutorials/<tutorial>.py` with `seed` (None: its own) and collect failures."""
    sys.path.insert(0, str(ROOT / "scripts"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib.pyplot as plt
    import torch
    from docsbuild import prose
    from docsbuild.tutorial import read_tutorial

    import toynn

    torch.set_num_threads(1)
    nb = read_tutorial((TUTORIALS / f"{tutorial}.py").read_text(encoding="utf-8"))
    result = Run(tutorial, seed)
    try:
        positions = prose.positions(nb)
    except prose.PlaceholderError as err:
        result.failures.append(str(err))
        return result
    namespace: dict = {"__name__": f"tutorial_{tutorial}"}
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", toynn.ClaimWarning)
        for index, (cell, (_, found)) in enumerate(zip(nb.cells, positions)):
            for placeholder in found:
                try:
                    eval(placeholder.code, namespace)
                except Exception as err:  # noqa: BLE001 (any error is the finding)
                    result.failures.append(f"cell {index + 1}: placeholder {placeholder}: "
                                           f"{type(err).__name__}: {err}")
            if cell.cell_type != "code":
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()):  # the page's own printing
                    exec(compile(cell.source, f"{tutorial}.py, cell {index + 1}", "exec"),
                         namespace)
            except Exception as err:  # noqa: BLE001 (the page breaks here: the rest can't run)
                result.failures.append(f"cell {index + 1} raised {type(err).__name__}: {err}")
                break
            finally:
                plt.close("all")
            if seed is not None and KNOBS_TAG in cell.metadata.get("tags", []):
                result.knobs = seed_knobs(cell.source, namespace, seed)
                namespace.update(result.knobs)
    result.failures += [str(w.message) for w in caught
                        if issubclass(w.category, toynn.ClaimWarning)]
    result.seconds = time.perf_counter() - start
    return result


def _one_thread() -> None:
    """Set up a worker as the docs kernels are: one thread, no progress bars."""
    os.environ.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", TQDM_DISABLE="1")


def run_all(tutorials: list[str], seeds: list[int | None], jobs: int = 2) -> list[Run]:
    """`run` every tutorial with every seed, `jobs` fresh processes at a time."""
    pairs = [(tutorial, seed) for tutorial in tutorials for seed in seeds]
    context = multiprocessing.get_context("spawn")  # nothing inherited from the caller
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_one_thread) as pool:
        return list(pool.map(run, *zip(*pairs)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tutorials", nargs="*",
                        default=sorted(p.stem for p in TUTORIALS.glob("*.py")))
    parser.add_argument("--seed", action="append", dest="seeds",
                        type=lambda text: None if text == "page" else int(text))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    runs = run_all(args.tutorials, args.seeds or [1, 2], args.jobs)
    for result in runs:
        print(result)
    return 1 if any(result.failures for result in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
