"""Bring every tutorial's executed notebook up to date: reuse the cache or execute."""

from __future__ import annotations

import time
from pathlib import Path

import jupytext
import nbformat

from . import cache as cache_mod
from .execute import TutorialError, execute_many, read_tutorial
from .report import TutorialRun
from .settings import Settings


class TutorialsFailed(Exception):
    """One or more tutorials failed to execute; the message lists each failure."""


def executed_notebooks(
    tutorials: list[Path], settings: Settings
) -> tuple[list[TutorialRun], float]:
    """Return one `TutorialRun` per tutorial (in order) and the wall time spent executing.

    Cache misses execute in parallel (`settings.jobs` kernels at most), the ones that took
    longest last time first; their results are stored in the cache before returning.

    Raises:
        TutorialsFailed: A tutorial raised in a cell, timed out, or killed its kernel.
    """
    store = cache_mod.NotebookCache(settings.cache_dir / "executed")
    environment = cache_mod.environment_digest(settings)
    decisions = cache_mod.plan(tutorials, store, environment, clean=settings.clean)

    def label(path: Path) -> str:
        try:
            return path.relative_to(settings.root).as_posix()
        except ValueError:
            return str(path)

    misses = [(d.path, d.source, label(d.path)) for d in decisions if d.cached is None]
    # Longest first (by the last recorded time), so a long tutorial doesn't start last.
    misses.sort(key=lambda job: -store.last_seconds(job[0].stem))
    start = time.perf_counter()
    results = dict(zip((job[0] for job in misses), execute_many(misses, settings), strict=True))
    wall = time.perf_counter() - start

    runs, failures = [], []
    for path, _, key, cached in decisions:
        result = results.get(path)
        if isinstance(result, TutorialError):
            failures.append(str(result))
            continue
        if result is not None:
            result.notebook.metadata["toynn_docs"] = {
                "source": label(path),
                "cache_key": key,
                "seconds": round(result.seconds, 2),
                "versions": result.versions,
            }
            cached = store.store(path.stem, key, result.notebook)
        meta = nbformat.read(cached, as_version=4).metadata["toynn_docs"]
        runs.append(
            TutorialRun(
                label=label(path),
                source=path,
                key=key,
                notebook=cached,
                seconds=meta["seconds"],
                hit=result is None,
                versions=meta["versions"],
            )
        )
    if failures:
        raise TutorialsFailed("\n\n".join(failures))
    return runs, wall


def download_notebook(path: Path) -> str:
    """The `.ipynb` offered for download: the tutorial as a notebook, without outputs."""
    return jupytext.writes(read_tutorial(path.read_text(encoding="utf-8")), fmt="ipynb")
