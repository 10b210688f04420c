"""One record per tutorial, from the cache decision to the report."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
from mkdocs.structure.files import File

from . import cache, prose, reading
from .figures import NotebookFigures
from .formulas import Formula, tokenize_notebook
from .interactive import InteractiveFigure, extract
from .settings import CLAIMS_TAG, TUTORIALS_DIR, Settings


class TutorialError(Exception):
    """A tutorial could not be executed; the message names the file, cell and exception."""


def read_tutorial(source: str) -> nbformat.NotebookNode:
    """Read a percent-format tutorial as a notebook with stable cell ids and no outputs."""
    nb = jupytext.reads(source, fmt="py:percent")
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index + 1}"
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        }
    )
    nbformat.validate(nb)
    return nb


@dataclass
class Tutorial:
    """One tutorial on its way through a build.

    `plan` sets the first six fields; executing a cache miss sets `entry` and `executed`;
    `render` writes the notebook its page shows and reads the rest from it; publishing its
    page sets `downloads`.

    Attributes:
        path: The tutorial file, `docs/tutorials/<stem>.py`.
        label: Its path relative to the project, naming it in messages and the report.
        text: Its source, read once: the cache key and the execution see the same text.
        source: `text` as a notebook without outputs.
        key: Its cache key (see `cache`): its code cells and the environment.
        entry: Its executed notebook from the cache, or this build's execution; None until
            it has been executed.
        executed: Whether this build executed it (False: the cache had it).
        notebook: The notebook its page renders: `source` with the outputs of `entry` and
            its prose's placeholders filled (see `prose`).
        download: `source` with the placeholders filled and no outputs: the notebook
            readers download.
        seconds: Execution time of the run that produced `entry` (this build's or, on a
            cache hit, an earlier one's).
        versions: `__version__` of each library the kernel imported, by import name
            (`toynn`, `torch`); None for one it did not import.
        figures: Alt texts, images and headline of its figures.
        plots: Its interactive figures, in the order of the page (see `interactive`).
        downloads: The `.ipynb` and `.py` Files its page offers for download.
        formulas: The math of its prose, which its page's notebook holds as tokens (see
            `formulas.py`).
    """

    path: Path
    label: str
    text: str
    source: nbformat.NotebookNode
    key: str
    entry: nbformat.NotebookNode | None
    executed: bool = False
    notebook: Path | None = None
    download: nbformat.NotebookNode | None = None
    seconds: float = 0.0
    versions: dict[str, str | None] = field(default_factory=dict)
    figures: NotebookFigures | None = None
    plots: list[InteractiveFigure] = field(default_factory=list)
    downloads: tuple[File, File] | None = None
    formulas: list[Formula] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """The file name without `.py`: names its cache entry, downloads and headline."""
        return self.path.stem

    @property
    def minutes(self) -> int:
        """About how long it takes to read (see `reading`)."""
        return reading.reading_minutes(self.source)

    def render(self, folder: Path) -> None:
        """Write `folder/<stem>.ipynb`, the page's notebook, and read its run and figures.

        The page's notebook is the tutorial as it is now, with the outputs of `entry`: a
        prose edit needs no execution to show up. Its interactive figures are replaced by
        placeholders (see `interactive.extract`), its images by HTML that shows their files
        (see `figures.NotebookFigures.place`), and its math by tokens (see `formulas.py`).
        """
        nb = cache.with_outputs_of(self.source, self.entry)
        run = nb.metadata[cache.METADATA]
        prose.fill_notebook(nb, run["values"])
        self.download = copy.deepcopy(self.source)
        prose.fill_notebook(self.download, run["values"])
        fold_claims(self.download)
        self.plots = extract(nb, self.label)
        self.figures = NotebookFigures.place(nb)
        self.formulas = tokenize_notebook(nb)
        self.notebook = folder / f"{self.stem}.ipynb"
        # Written only when it changed: `--dirty` builds go by its time (see build.py).
        cache.write_notebook(nb, self.notebook, if_changed=True)
        self.seconds, self.versions = run["seconds"], run["versions"]


def fold_claims(nb: nbformat.NotebookNode) -> None:
    """Collapse the claims cells of `nb`, source and outputs, as the page folds them.

    A reader who opens the downloaded notebook meets the teaching first; the checks still
    run top to bottom. JupyterLab, Notebook 7 and VS Code read `jupyter.source_hidden` and
    `jupyter.outputs_hidden`; the classic Notebook reads `collapsed` (outputs only).
    """
    for cell in nb.cells:
        if CLAIMS_TAG in cell.metadata.get("tags", []):
            cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
            cell.metadata["collapsed"] = True


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
        text = path.read_text(encoding="utf-8")
        source = read_tutorial(text)
        try:
            label = path.relative_to(settings.root).as_posix()
        except ValueError:
            label = str(path)
        try:
            key = cache.cache_key(source, environment)
        except prose.PlaceholderError as err:
            raise TutorialError(f"{label}: {err}") from None
        entry = None if settings.clean else store.lookup(path.stem, key, source)
        tutorials.append(Tutorial(path, label, text, source, key, entry))
    return tutorials
