"""MkDocs hooks of the toynn site (named under `hooks:` in mkdocs.yml).

Per build:

1. `on_config`: read the build settings (environment overrides included).
2. `on_files` (before mkdocs-jupyter's): bring every `docs/tutorials/*.py` to an executed
   notebook in `.cache/docs/executed/` (cache hit, or execute now) and point the tutorial's
   File at it, so mkdocs-jupyter renders outputs without executing anything. Add the
   download twins (`<stem>.ipynb`, `<stem>.py`), each tutorial's headline figure
   (`assets/headlines/<stem>.png`, see `figures.py`) and the vendored MathJax files.
   `on_nav` repeats the pointing on mkdocs-jupyter's wrapper of each tutorial File.
3. `on_page_markdown`: a page that shows a headline the tutorials lack fails the build.
   `on_page_content`: post-process each rendered notebook page (see `pages.py`; figures
   get their alt text), and in the other non-API pages link `toynn.<name>` (see
   `apilinks.py`) and give headline images their alt text.
   `on_env`: make members cross-referenceable by their public path (see `apilinks.py`).
4. `on_post_build`: print the execution report.
"""

from __future__ import annotations

import logging
import posixpath
import re
import sys
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # makes `docsbuild` importable

from docsbuild import figures, mathjax, pages  # noqa: E402
from docsbuild.apilinks import ApiNames, link_names  # noqa: E402
from docsbuild.report import TutorialRun, report_lines  # noqa: E402
from docsbuild.settings import TUTORIALS_DIR, Settings  # noqa: E402
from docsbuild.tutorials import TutorialsFailed, download_notebook, executed_notebooks  # noqa: E402

log = logging.getLogger("mkdocs.hooks.docsbuild")

MATHJAX_DIR = "assets/mathjax"
API_DIR = "api/"


class _Build:
    """What one build has learnt so far (MkDocs calls `on_config` at the start of each)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runs: dict[str, TutorialRun] = {}  # by the tutorial's src_uri
        self.downloads: dict[str, tuple[File, File]] = {}
        self.figures: dict[str, figures.NotebookFigures] = {}  # by the tutorial's src_uri
        self.headlines: dict[str, figures.Headline] = {}  # by the tutorial's stem
        self.wall = 0.0
        self.names = ApiNames(settings.root)


_build: _Build | None = None


def on_config(config: MkDocsConfig) -> None:
    global _build
    root = Path(config.config_file_path).parent
    try:
        settings = Settings.for_project(root, Path(config.docs_dir))
    except ValueError as err:
        raise PluginError(str(err)) from None
    _build = _Build(settings)
    # mkdocs-jupyter logs "Converting notebook (execute=False): .cache/docs/executed/<key>"
    # for each page; our report says what matters, so keep only its warnings.
    logging.getLogger("mkdocs.mkdocs-jupyter").setLevel(logging.WARNING)


def _is_tutorial(file: File) -> bool:
    folder, _, name = file.src_uri.rpartition("/")
    return (
        folder == TUTORIALS_DIR
        and name.endswith(".py")
        and file.abs_src_path is not None
        and file.inclusion.is_in_serve()  # not in `exclude_docs`
    )


@event_priority(100)  # before mkdocs-jupyter decides which files are notebooks
def on_files(files: Files, config: MkDocsConfig) -> Files:
    tutorials = [file for file in files if _is_tutorial(file)]
    try:
        runs, _build.wall = executed_notebooks(
            [Path(file.abs_src_path) for file in tutorials], _build.settings
        )
    except TutorialsFailed as err:
        raise PluginError(f"tutorial execution failed:\n{err}") from None
    for file, run in zip(tutorials, runs, strict=True):
        file.abs_src_path = str(run.notebook)  # mkdocs-jupyter renders the executed notebook
        _build.runs[file.src_uri] = run
        folder = posixpath.join(TUTORIALS_DIR, run.source.stem)
        notebook = File.generated(
            config, f"{folder}/{run.source.stem}.ipynb", content=download_notebook(run.source)
        )
        script = File.generated(config, f"{folder}/{run.source.name}", abs_src_path=str(run.source))
        files.append(notebook)
        files.append(script)
        _build.downloads[file.src_uri] = (notebook, script)
        found = _build.figures[file.src_uri] = figures.read(run.notebook)
        if found.headline_cells > 1:
            log.warning(
                f"{run.label}: {found.headline_cells} cells are tagged "
                f"{figures.HEADLINE_TAG!r}; the first one's figure is the headline"
            )
        if found.headline is not None:
            _build.headlines[run.source.stem] = found.headline
            files.append(
                File.generated(
                    config,
                    f"{figures.HEADLINES_DIR}/{run.source.stem}.png",
                    content=found.headline.png,
                )
            )
    try:
        vendored = mathjax.vendored_files(_build.settings.root / ".cache" / "vendor")
    except mathjax.VendorError as err:
        raise PluginError(str(err)) from None
    for relative, path in vendored.items():
        files.append(File.generated(config, f"{MATHJAX_DIR}/{relative}", abs_src_path=str(path)))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    # By now mkdocs-jupyter has wrapped each tutorial's File in its NotebookFile. The wrapper
    # computes `abs_src_path` from the source folder instead of asking the File it wraps,
    # so point it at the executed notebook as well.
    for file in files:
        run = _build.runs.get(file.src_uri)
        if run is not None:
            file.abs_src_path = str(run.notebook)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    missing = figures.missing_headlines(markdown, _build.headlines)
    if missing:
        tutorials = {Path(run.label).stem: run.label for run in _build.runs.values()}
        reasons = [
            f"{tutorials[stem]} has no code cell tagged {figures.HEADLINE_TAG!r} that draws "
            f'a PNG figure (tag one: # %% tags=["{figures.HEADLINE_TAG}"])'
            if stem in tutorials
            else f"there is no tutorial {TUTORIALS_DIR}/{stem}.py"
            for stem in missing
        ]
        raise PluginError(
            f"docs/{page.file.src_uri} shows the headline figure of "
            + ", ".join(f"{figures.HEADLINES_DIR}/{stem}.png" for stem in missing)
            + ", but "
            + "; ".join(reasons)
        )
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    run = _build.runs.get(page.file.src_uri)
    if run is not None:
        notebook, script = _build.downloads[page.file.src_uri]
        try:
            html, unknown = pages.postprocess(
                html,
                run=run,
                notebook_url=notebook.url_relative_to(page.file),
                script_url=script.url_relative_to(page.file),
                names=_build.names,
                alts=_build.figures[page.file.src_uri].alts,
            )
        except pages.NotebookMarkupError as err:
            raise PluginError(f"{run.label}: {err}") from None
        source = run.label
    elif not page.file.src_uri.startswith(API_DIR):
        # Markdown pages follow the same rule as tutorials. (The API reference is left to
        # mkdocstrings: docstrings cross-reference with autorefs' own syntax.)
        html, unknown = link_names(html, _build.names)
        html = figures.headline_images(html, _build.headlines)
        source = f"docs/{page.file.src_uri}"
    else:
        return html
    for name in unknown:
        log.warning(f"{source}: code span `{name}` names nothing in the library")
    return html


@event_priority(50)  # before mkdocs-autorefs resolves cross-references (at -50)
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Let docstrings and pages cross-reference members by their public path
    # (`toynn.MLP.reset_parameters`), not only by their module path.
    autorefs = config.plugins["autorefs"]
    for alias, canonical in _build.names.public_aliases().items():
        try:
            url, _ = autorefs.get_item_url(canonical)
        except KeyError:  # not in the API reference
            continue
        autorefs.register_url(alias, url)
    return env


_TITLE_INDENT = re.compile(r'(<a class="autorefs[^"]*" title=")\s+')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Autorefs takes link titles (tooltips) from mkdocstrings headings, indentation included.
    return _TITLE_INDENT.sub(r"\1", output)


def on_post_build(config: MkDocsConfig) -> None:
    runs = list(_build.runs.values())
    for line in report_lines(runs, _build.wall, _build.settings.jobs):
        log.info(line)
