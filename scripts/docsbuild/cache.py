"""Cache of executed tutorials, keyed on everything that can change their outputs.

A tutorial's key is the SHA-256 of

- the tutorial's own bytes,
- every `*.py` file of the library (path and bytes), so any library edit re-executes all,
- the lock file (`scripts/constraints.txt`): new dependency versions re-execute all,
- the build settings that reach the kernel (per-cell timeout, thread count), the Python
  version, and the source of the executor and kernel start-up code in this package.

An entry is one executed notebook, `executed/<stem>-<key>.ipynb`, written atomically, with
what the build reports about its run in `metadata["toynn_docs"]` (`METADATA`). Only the
newest entry per tutorial is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat

from .settings import Settings

SCHEMA = 1
"""Bump to invalidate every entry when the meaning of an entry changes."""

METADATA = "toynn_docs"
"""The notebook metadata key of an entry's run: source, cache key, seconds, versions."""

_EXECUTOR_SOURCES = ("execute.py", "kernel_startup.py")


def library_files(library: Path) -> list[Path]:
    """Every Python source of the library, in a stable order."""
    return sorted(p for p in library.rglob("*.py") if "__pycache__" not in p.parts)


def environment_digest(settings: Settings) -> str:
    """Digest of the inputs that every tutorial shares (library, lock, settings, executor)."""
    h = hashlib.sha256()

    def feed(label: str, data: bytes) -> None:
        h.update(f"{label}\0{len(data)}\0".encode())
        h.update(data)

    feed("schema", str(SCHEMA).encode())
    feed("python", sys.version.encode())
    feed("settings", json.dumps(settings.outputs_settings, sort_keys=True).encode())
    for path in library_files(settings.library):
        feed(f"library:{path.relative_to(settings.library).as_posix()}", path.read_bytes())
    feed("lock", settings.lock.read_bytes() if settings.lock.exists() else b"<no lock file>")
    here = Path(__file__).parent
    for name in _EXECUTOR_SOURCES:
        feed(f"executor:{name}", (here / name).read_bytes())
    return h.hexdigest()


def cache_key(source: bytes, environment: str) -> str:
    """The key of one tutorial: its bytes plus the shared `environment_digest`."""
    h = hashlib.sha256()
    h.update(environment.encode())
    h.update(source)
    return h.hexdigest()


class NotebookCache:
    """A folder of executed notebooks, one current entry per tutorial."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, stem: str, key: str) -> Path:
        """Where the entry for `stem` under `key` lives (whether or not it exists)."""
        return self.folder / f"{stem}-{key}.ipynb"

    def lookup(self, stem: str, key: str) -> Path | None:
        """The cached executed notebook for `stem` under `key`, or None on a miss."""
        path = self.path(stem, key)
        return path if path.is_file() else None

    def store(self, stem: str, key: str, nb: nbformat.NotebookNode) -> Path:
        """Write `nb` as the entry for `stem` under `key`; drop older entries of `stem`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(stem, key)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{stem}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            nbformat.write(nb, out)
        os.replace(tmp, path)
        self.prune(stem, keep=path)
        return path

    def last_seconds(self, stem: str) -> float:
        """Execution time recorded in any entry of `stem` (0 if none): a duration estimate."""
        for entry in self.folder.glob(f"{stem}-*.ipynb"):
            try:
                meta = json.loads(entry.read_text(encoding="utf-8"))["metadata"][METADATA]
                return float(meta["seconds"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return 0.0

    def prune(self, stem: str, keep: Path) -> None:
        """Delete every entry of `stem` except `keep`."""
        for old in self.folder.glob(f"{stem}-*.ipynb"):
            if old != keep and old.name[len(stem) + 1 : -len(".ipynb")].isalnum():
                old.unlink()
