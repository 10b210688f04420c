"""One record per tutorial, from the cache decision to the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from mkdocs.structure.files import File

from . import cache
from .figures import NotebookFigures
from .settings import TUTORIALS_DIR, Settings


@dataclass
class Tutorial:
    """One tutorial on its way through a build.

    `plan` sets the first five fields; executing a cache miss sets `notebook` and
    `executed`; `read_results` fills in the rest from the executed notebook, which is a
    cache entry either way; publishing its page sets `downloads`.

    Attributes:
        path: The tutorial file, `docs/tutorials/<stem>.py`.
        label: Its path relative to the project, naming it in messages and the report.
        text: Its source, read once: the cache key and the execution see the same text.
        key: Its cache key (see `cache`).
        notebook: Its executed notebook in the cache; None until it has been executed.
        executed: Whether this build executed it (False: the cache had it).
        seconds: Execution time of the run that produced `notebook` (this build's or, on a
            cache hit, an earlier one's).
        versions: `__version__` of each library the kernel imported, by import name
            (`toynn`, `torch`); None for one it did not import.
        figures: Alt texts and headline of its figures.
        downloads: The `.ipynb` and `.py` Files its page offers for download.
    """

    path: Path
    label: str
    text: str
    key: str
    notebook: Path | None
    executed: bool = False
    seconds: float = 0.0
    versions: dict[str, str | None] = field(default_factory=dict)
    figures: NotebookFigures | None = None
    downloads: tuple[File, File] | None = None

    @property
    def stem(self) -> str:
        """The file name without `.py`: names its cache entry, downloads and headline."""
        return self.path.stem

    def read_results(self) -> None:
        """Read time, versions and figures from the executed notebook."""
        nb = nbformat.read(self.notebook, as_version=4)
        run = nb.metadata[cache.METADATA]
        self.seconds, self.versions = run["seconds"], run["versions"]
        self.figures = NotebookFigures.of(nb)


def is_tutorial(file: File) -> bool:
    """Whether `file` is a tutorial: a `*.py` file in `docs/tutorials/`, not excluded."""
    folder, _, name = file.src_uri.rpartition("/")
    return (
        folder == TUTORIALS_DIR
        and name.endswith(".py")
        and file.abs_src_path is not None
        and file.inclusion.is_in_serve()  # not in `exclude_docs`
    )


def plan(paths: Iterable[Path], settings: Settings, store: cache.NotebookCache) -> list[Tutorial]:
    """A record per tutorial file with its key and, on a cache hit, its executed notebook.

    `settings.clean` makes every tutorial a miss.
    """
    environment = cache.environment_digest(settings)
    tutorials = []
    for path in paths:
        source = path.read_bytes()
        key = cache.cache_key(source, environment)
        try:
            label = path.relative_to(settings.root).as_posix()
        except ValueError:
            label = str(path)
        notebook = None if settings.clean else store.lookup(path.stem, key)
        tutorials.append(Tutorial(path, label, source.decode("utf-8"), key, notebook))
    return tutorials
