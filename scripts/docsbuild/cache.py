"""Cache of executed tutorials, keyed on everything that can change their outputs.

A tutorial's key is the SHA-256 of

- its code cells: each one's source and the tags that change how it runs
  (`EXECUTION_TAGS`), in order, and the placeholders of its prose with their positions
  (`prose.keyed`), whose values the run records. The rest of the Markdown is not part of
  the key: a prose edit is a cache hit, and the page is rendered from the cached outputs
  and values merged into the new text (`with_outputs_of`), as jupyter-cache does;
- every `*.py` file of the library (path and bytes), so any library edit re-executes all;
- the lock file (`scripts/constraints.txt`): new dependency versions re-execute all;
- the build settings that reach the kernel (per-cell timeout, thread count), the Python
  version, and the source of the executor and kernel start-up code in this package.

An entry is one executed notebook, `executed/<stem>-<key>.ipynb`, with what the build
reports about its run in `metadata["toynn_docs"]` (`METADATA`), the key included. It is
written to a temporary file and renamed, so a build killed while writing leaves no entry
that looks complete. Reading one back checks it: an unreadable, truncated or foreign entry
(not JSON, not a notebook, written under another key, or with other code cells) is a miss,
said in one line of the build's log naming the file, and is deleted. Only the newest entry
per tutorial is kept.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

import nbformat

from . import prose
from .settings import Settings

log = logging.getLogger("mkdocs.hooks.docsbuild")

SCHEMA = 4
"""Bump to invalidate every entry when the meaning of an entry changes."""

EXECUTION_TAGS = frozenset({"raises-exception", "skip-execution"})
"""Cell tags that change how nbclient runs a cell (other tags only steer the page)."""

METADATA = "toynn_docs"
"""The notebook metadata key of an entry's run: source, cache key, seconds, versions."""

_EXECUTOR_SOURCES = ("execute.py", "kernel_startup.py", "memo.py", "prose.py", "screens.py")


def library_files(library: Path) -> list[Path]:
    """Every Python source of the library, in a stable order."""
    return sorted(p for p in library.rglob("*.py") if "__pycache__" not in p.parts)


def library_digest(library: Path) -> str:
    """Digest of every Python source of the library (paths and bytes)."""
    h = hashlib.sha256()
    for path in library_files(library):
        data = path.read_bytes()
        h.update(f"{path.relative_to(library).as_posix()}\0{len(data)}\0".encode() + data)
    return h.hexdigest()


def environment_digest(settings: Settings) -> str:
    """Digest of the inputs that every tutorial shares (library, lock, settings, executor)."""
    h = hashlib.sha256()

    def feed(label: str, data: bytes) -> None:
        h.update(f"{label}\0{len(data)}\0".encode())
        h.update(data)

    feed("schema", str(SCHEMA).encode())
    feed("python", sys.version.encode())
    feed("settings", json.dumps(settings.outputs_settings, sort_keys=True).encode())
    feed("library", library_digest(settings.library).encode())
    feed("lock", settings.lock.read_bytes() if settings.lock.exists() else b"<no lock file>")
    here = Path(__file__).parent
    for name in _EXECUTOR_SOURCES:
        feed(f"executor:{name}", (here / name).read_bytes())
    return h.hexdigest()


def run_inputs(nb: nbformat.NotebookNode) -> list:
    """What of a notebook decides its run: each code cell's source and execution tags, then
    the placeholders of its prose where they are evaluated (see `prose`)."""
    return [*(cell_inputs(cell) for cell in nb.cells if cell.cell_type == "code"),
            *prose.keyed(nb)]


def cell_inputs(cell: nbformat.NotebookNode) -> tuple[str, list[str]]:
    """What of a code cell decides its run: its source and its execution tags."""
    return cell.source, sorted(EXECUTION_TAGS.intersection(cell.metadata.get("tags", [])))


def cache_key(nb: nbformat.NotebookNode, environment: str) -> str:
    """The key of one tutorial: its `run_inputs` plus the shared `environment_digest`."""
    h = hashlib.sha256()
    h.update(environment.encode())
    h.update(json.dumps(run_inputs(nb)).encode())
    return h.hexdigest()


def with_outputs_of(source: nbformat.NotebookNode,
                    executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """`source` (the tutorial as it is now) with the outputs of `executed`, cell by cell.

    The two must have the same `run_inputs`: the cached outputs belong to this code, only
    the prose or page-only tags differ. The run's metadata comes along, with the values
    of the prose's placeholders (`prose.fill_notebook` puts them in).
    """
    nb = copy.deepcopy(source)
    ran = (cell for cell in executed.cells if cell.cell_type == "code")
    for cell in nb.cells:
        if cell.cell_type == "code":
            done = next(ran)
            cell.outputs, cell.execution_count = done.outputs, done.execution_count
    nb.metadata[METADATA] = executed.metadata[METADATA]
    nb.metadata["language_info"] = executed.metadata.get("language_info",
                                                         nb.metadata.get("language_info"))
    return nb


def write_notebook(nb: nbformat.NotebookNode, path: Path, *, if_changed: bool = False) -> None:
    """Write `nb` to `path` whole or not at all: into `.<name>-*.tmp` beside it, then rename.

    `if_changed`: leave a file that holds `nb` already as it is, its modification time too.
    """
    text = nbformat.writes(nb).rstrip("\n") + "\n"
    if if_changed and path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)


class NotebookCache:
    """A folder of executed notebooks, one current entry per tutorial."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, stem: str, key: str) -> Path:
        """Where the entry for `stem` under `key` lives (whether or not it exists)."""
        return self.folder / f"{stem}-{key}.ipynb"

    def lookup(self, stem: str, key: str,
               source: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
        """The executed notebook cached for `stem` under `key`, or None on a miss.

        `source` is the tutorial as it is now: an entry whose code cells differ from its
        code is foreign. A bad entry is deleted, with a line in the log saying why.
        """
        path = self.path(stem, key)
        if not path.is_file():
            return None
        try:
            nb = nbformat.read(path, as_version=4)
            written_under = nb.metadata[METADATA]["cache_key"]
        except Exception as err:  # any unreadable entry is a miss, never a crash
            reason = f"unreadable ({type(err).__name__}: {str(err).splitlines()[0][:120]})"
        else:
            if written_under != key:
                reason = "written under another cache key"
            elif run_inputs(nb) != run_inputs(source):
                reason = "its code cells are not the tutorial's"
            else:
                return nb
        log.info(f"Ignoring the cache entry {path}: {reason}; executing {stem} again")
        path.unlink(missing_ok=True)
        return None

    def store(self, stem: str, key: str, nb: nbformat.NotebookNode) -> Path:
        """Write `nb` as the entry for `stem` under `key`; drop older entries of `stem`."""
        path = self.path(stem, key)
        write_notebook(nb, path)
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
        """Delete every entry of `stem` except `keep`, and its half-written leftovers."""
        for old in self.folder.glob(f"{stem}-*.ipynb"):
            if old != keep and old.name[len(stem) + 1 : -len(".ipynb")].isalnum():
                old.unlink()
        for leftover in self.folder.glob(f".{stem}-*.tmp"):  # from a build killed mid-write
            leftover.unlink(missing_ok=True)
