"""The toynn docs build, top to bottom: one object whose methods are MkDocs events.

`hooks.py` (named under `hooks:` in mkdocs.yml) makes one `DocsBuild` and hands MkDocs its
event methods. MkDocs loads that file once per process, so `mkdocs serve` keeps the object
across rebuilds: `on_config`, the first event of every build, starts it afresh.

1. `on_config`: read the settings (environment overrides included); let mkdocs-jupyter
   keep the HTML it converts between builds (see `keep_rendered_html`).
2. `on_files`, before mkdocs-jupyter's: plan the tutorials (cache key of the code, hit or
   miss) → execute the misses into the cache → render each page's notebook (the tutorial
   as it is now with the cached outputs) and read its run (time, versions, figures) →
   point each tutorial's File at that notebook, so that mkdocs-jupyter renders outputs
   without executing anything → publish the downloads (`<stem>.ipynb`, `<stem>.py`) and
   the figures (`fig-<hash>.png`, `plot-<hash>.json`, see `interactive.py`) beside each
   page → publish the headline figures (`assets/headlines/<stem>.png`, see `figures.py`)
   → publish the playground's data sets (`playground/datasets.json`, see `playground.py`)
   → vendor plotly.js, and KaTeX for the build's own use. `on_nav` points
   mkdocs-jupyter's wrapper of each tutorial File there too.
3. `on_page_markdown`: a page that shows a headline the tutorials lack fails the build;
   `<!-- minutes: <stem> -->` becomes that tutorial's reading time (see `reading.py`).
   `on_page_content`: typeset the math of every page (see `formulas.py`); finish each
   tutorial page (see `pages.py`); on other pages outside the API reference, link
   `toynn.<name>` (see `apilinks.py`) and describe headlines.
4. `on_env`: members become cross-referenceable by their public path (see `apilinks.py`).
   `on_post_page`: tidy autorefs' link titles.
5. `on_post_build`: print the execution report (see `report.py`).

Under `--dirty` (`scripts/docs serve`), `on_nav` also picks the pages to render again
(`render_changed_pages_only`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
import shutil
import time
from pathlib import Path

import jupytext
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import cache, figures, formulas, interactive, npm, pages, playground, reading
from .apilinks import ApiNames, link_names
from .cache import NotebookCache
from .execute import execute_many
from .formulas import MathError, MathRenderer
from .report import report_lines
from .settings import TUTORIALS_DIR, Settings
from .tutorial import Tutorial, TutorialError, is_tutorial, plan

log = logging.getLogger("mkdocs.hooks.docsbuild")

API_DIR = "api/"
_TITLE_INDENT = re.compile(r'(<a class="autorefs[^"]*" title=")\s+')


class DocsBuild:
    """The state of one build and the MkDocs events that advance it."""

    def __init__(self) -> None:
        self.settings: Settings | None = None  # set by on_config
        self.store: NotebookCache | None = None
        self.names: ApiNames | None = None
        self.tutorials: dict[str, Tutorial] = {}  # by the src_uri of the tutorial's File
        self.headlines: dict[str, figures.Headline] = {}  # by the tutorial's stem
        self.wall = 0.0  # seconds spent executing
        self.math: MathRenderer | None = None  # set by on_files, kept by later builds
        self.dirty = False  # `--dirty`: render again only the pages an edit changed
        self.dirty_record: Path | None = None  # what the last `--dirty` build was made of
        self.api_anchors: dict | None = None  # kept from it, for API pages not rendered

    # --- Events, in the order MkDocs sends them -------------------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        self.dirty = dirty
        if dirty:  # MkDocs warns that pages may go stale; `render_changed_pages_only` sees to it
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: "'dirty' build" not in record.getMessage())

    def on_config(self, config: MkDocsConfig) -> None:
        try:
            settings = Settings.for_project(Path(config.config_file_path).parent,
                                            Path(config.docs_dir))
        except ValueError as err:
            raise PluginError(str(err)) from None
        self.settings = settings
        self.store = NotebookCache(settings.cache_dir / "executed")
        self.names = ApiNames(settings.root)
        self.tutorials, self.headlines, self.wall = {}, {}, 0.0
        # mkdocs-jupyter logs "Converting notebook (execute=False): ..." and "Cache hit: ..."
        # for each page; the report says what matters, so keep only its warnings.
        for name in ("mkdocs.mkdocs-jupyter", "mkdocs.plugins.mkdocs_jupyter"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self.keep_rendered_html(config)

    def keep_rendered_html(self, config: MkDocsConfig) -> None:
        """Let mkdocs-jupyter keep the HTML it makes of each page's notebook between builds
        (its `cache`), in a folder named by the lock file: a notebook unchanged since the
        last build, under the same nbconvert and Pygments, is not converted again. A clean
        build converts everything."""
        plugin = config.plugins.get("mkdocs-jupyter")
        if plugin is None:
            return
        lock = self.settings.lock.read_bytes() if self.settings.lock.exists() else b""
        folder = self.settings.cache_dir / "html"
        current = folder / hashlib.sha256(lock).hexdigest()[:16]
        for other in folder.glob("*"):
            if other != current:
                shutil.rmtree(other, ignore_errors=True)
        plugin.config["cache"] = not self.settings.clean
        plugin.config["cache_dir"] = str(current)

    @event_priority(100)  # before mkdocs-jupyter decides which files are notebooks
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.plan_tutorials(files)
        self.execute_misses()
        try:
            for tutorial in self.tutorials.values():
                tutorial.render(self.settings.cache_dir / "rendered")
        except interactive.InteractiveFigureError as err:
            raise PluginError(str(err)) from None
        self.point_at_page_notebooks(files)
        self.publish_downloads(files, config)
        self.publish_figures(files, config)
        self.publish_headlines(files, config)
        self.publish_playground_data(files, config)
        self.vendor(interactive.MANIFEST, interactive.PLOTLY_DIR, files, config)
        self.vendor(interactive.BASIC_MANIFEST, interactive.PLOTLY_DIR, files, config)
        self.vendor(formulas.MANIFEST, formulas.KATEX_DIR, files, config,
                    only=formulas.PUBLISHED)
        katex = self.vendored(formulas.MANIFEST)["katex.js"]
        if self.math is None or self.math.katex_js != katex:  # `serve` keeps what it typeset
            self.math = MathRenderer(katex)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        # By now mkdocs-jupyter has wrapped each tutorial's File in its NotebookFile, which
        # computes `abs_src_path` from the source folder instead of asking the File it wraps.
        self.point_at_page_notebooks(files)
        if self.dirty:
            self.render_changed_pages_only(files, config)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        self.check_headlines_shown(markdown, page)
        minutes = {tutorial.stem: tutorial.minutes for tutorial in self.tutorials.values()}
        try:
            return reading.fill_minutes(markdown, minutes)
        except KeyError as err:
            raise PluginError(f"docs/{page.file.src_uri}: {err.args[0]}") from None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        tutorial = self.tutorials.get(page.file.src_uri)
        try:
            html = self.math.typeset_arithmatex(html)
            if tutorial is not None:
                html = self.math.typeset(html, tutorial.formulas)
        except MathError as err:
            where = tutorial.label if tutorial else f"docs/{page.file.src_uri}"
            raise PluginError(f"{where}: {err}") from None
        if tutorial is not None:
            html, unknown = self.finish_tutorial_page(html, page, tutorial)
            where = tutorial.label
        elif not page.file.src_uri.startswith(API_DIR):
            # Markdown pages follow the same rule as tutorials. (The API reference is left to
            # mkdocstrings: docstrings cross-reference with autorefs' own syntax.)
            html, unknown = link_names(html, self.names)
            html = figures.headline_images(html, self.headlines)
            where = f"docs/{page.file.src_uri}"
        else:
            return html
        for name in unknown:
            log.warning(f"{where}: code span `{name}` names nothing in the library")
        return html

    @event_priority(50)  # before mkdocs-autorefs resolves cross-references (at -50)
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.dirty:
            self.keep_api_anchors(config.plugins["autorefs"], files)
        self.names.register_public_paths(config.plugins["autorefs"])
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # Autorefs takes link titles (tooltips) from mkdocstrings headings, indentation included.
        return _TITLE_INDENT.sub(r"\1", output)

    def on_post_build(self, config: MkDocsConfig) -> None:
        for line in report_lines(list(self.tutorials.values()), self.wall, self.settings.jobs):
            log.info(line)

    # --- Steps of on_files ----------------------------------------------------------------

    def plan_tutorials(self, files: Files) -> None:
        """A record per tutorial File: its cache key and, on a hit, its executed notebook."""
        found = [file for file in files if is_tutorial(file)]
        try:
            planned = plan([Path(file.abs_src_path) for file in found], self.settings,
                           self.store)
        except TutorialError as err:
            raise PluginError(str(err)) from None
        self.tutorials = {file.src_uri: tutorial for file, tutorial in zip(found, planned)}

    def execute_misses(self) -> None:
        """Execute what the cache lacks, `settings.jobs` kernels at once, into the cache.

        The tutorials that took longest last time start first. Every tutorial runs to the
        end, and those that succeed are cached, before one message names every failure.
        """
        misses = [tutorial for tutorial in self.tutorials.values() if tutorial.entry is None]
        misses.sort(key=lambda tutorial: -self.store.last_seconds(tutorial.stem))
        start = time.perf_counter()
        results = execute_many(misses, self.settings)
        self.wall = time.perf_counter() - start
        failures = []
        for tutorial, result in zip(misses, results, strict=True):
            if isinstance(result, TutorialError):
                failures.append(str(result))
            else:
                self.store.store(tutorial.stem, tutorial.key, result)
                tutorial.entry, tutorial.executed = result, True
        if failures:
            raise PluginError("tutorial execution failed:\n" + "\n\n".join(failures))

    def point_at_page_notebooks(self, files: Files) -> None:
        """Make each tutorial's File read its page's notebook (what mkdocs-jupyter renders)."""
        for file in files:
            tutorial = self.tutorials.get(file.src_uri)
            if tutorial is not None:
                file.abs_src_path = str(tutorial.notebook)

    def publish_downloads(self, files: Files, config: MkDocsConfig) -> None:
        """Beside each tutorial page: the notebook without outputs, and the script as written."""
        for tutorial in self.tutorials.values():
            folder = posixpath.join(TUTORIALS_DIR, tutorial.stem)
            without_outputs = jupytext.writes(tutorial.download, fmt="ipynb")
            notebook = File.generated(config, f"{folder}/{tutorial.stem}.ipynb",
                                      content=without_outputs)
            script = File.generated(config, f"{folder}/{tutorial.path.name}",
                                    abs_src_path=str(tutorial.path))
            files.append(notebook)
            files.append(script)
            tutorial.downloads = notebook, script

    def publish_figures(self, files: Files, config: MkDocsConfig) -> None:
        """Beside each tutorial page, its figures (images, plot data) named by their content."""
        for tutorial in self.tutorials.values():
            folder = posixpath.join(TUTORIALS_DIR, tutorial.stem)
            every = [*tutorial.figures.images, *tutorial.plots]
            unique = {figure.name: figure for figure in every}.values()
            for figure in unique:
                files.append(File.generated(config, f"{folder}/{figure.name}",
                                            content=figure.data))

    def publish_headlines(self, files: Files, config: MkDocsConfig) -> None:
        """Each tutorial's headline figure as `assets/headlines/<stem>.png`, for other pages."""
        for tutorial in self.tutorials.values():
            found = tutorial.figures
            if found.headline_cells > 1:
                log.warning(f"{tutorial.label}: {found.headline_cells} cells are tagged "
                            f"{figures.HEADLINE_TAG!r}; the first one's figure is the headline")
            if found.headline is not None:
                self.headlines[tutorial.stem] = found.headline
                for name, data in found.headline.files(tutorial.stem).items():
                    files.append(File.generated(config, f"{figures.HEADLINES_DIR}/{name}",
                                                content=data))

    def publish_playground_data(self, files: Files, config: MkDocsConfig) -> None:
        """Beside the playground page, if the site has one, toynn's datasets as JSON."""
        if files.get_file_from_path(playground.PAGE) is None:
            return
        try:
            data = playground.datasets_json(self.settings.root, self.settings.cache_dir)
        except RuntimeError as err:
            raise PluginError(str(err)) from None
        files.append(File.generated(config, playground.DATA_FILE, content=data))

    def vendored(self, manifest: Path) -> dict[str, Path]:
        """An npm package's files (plotly.js, KaTeX), unpacked once (see `npm`)."""
        try:
            return npm.vendored_files(manifest, self.settings.vendor_dir)
        except npm.VendorError as err:
            raise PluginError(str(err)) from None

    def vendor(self, manifest: Path, folder: str, files: Files, config: MkDocsConfig,
               only: tuple[str, ...] = ("",)) -> None:
        """An npm package's files (those whose path starts with one of `only`) in `folder`."""
        for relative, path in self.vendored(manifest).items():
            if not relative.startswith(only):
                continue
            files.append(File.generated(config, f"{folder}/{relative}", abs_src_path=str(path)))

    def render_changed_pages_only(self, files: Files, config: MkDocsConfig) -> None:
        """Under `--dirty` (`scripts/docs serve`), make MkDocs render again exactly the pages
        an edit changed.

        MkDocs renders a page again when its source is newer than its output. A tutorial's
        source, to MkDocs, is its page's notebook, which is written only when it changes
        (`Tutorial.render`): an edit of one tutorial renders that page alone. The API pages
        are rendered again when the library or one of them changed; otherwise autorefs
        learns their anchors, which the tutorials link to, from the last build that
        rendered them (`keep_api_anchors`). The other pages are rendered each time (the
        home page shows the tutorials' reading times and headlines). An edit of what frames
        every page (mkdocs.yml, with the nav, and the theme's overrides) renders them all.
        """
        h = hashlib.sha256(Path(config.config_file_path).read_bytes())
        overrides = config.theme.custom_dir
        for path in sorted(Path(overrides).rglob("*")) if overrides else []:
            if path.is_file():
                h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
        library = cache.library_digest(self.settings.library)
        # What the pages in this site folder were last built from (a later build may be
        # another process: `mkdocs build --dirty`).
        site = hashlib.sha256(str(Path(config.site_dir).resolve()).encode()).hexdigest()[:16]
        self.dirty_record = self.settings.cache_dir / "dirty" / f"{site}.json"
        try:
            last = json.loads(self.dirty_record.read_text())
        except (OSError, ValueError):
            last = {}
        framed_alike = last.get("layout") == h.hexdigest()
        api = [file for file in files.documentation_pages()
               if file.src_uri.startswith(API_DIR)]
        api_alike = (framed_alike and last.get("library") == library
                     and not any(file.is_modified() for file in api))
        self.api_anchors = last.get("anchors") if api_alike else None
        for file in files.documentation_pages():
            keep = file.src_uri in self.tutorials or (api_alike and file in api)
            if not (framed_alike and keep):
                file.is_modified = lambda: True
        self.dirty_record.parent.mkdir(parents=True, exist_ok=True)
        self.dirty_record.write_text(json.dumps(
            {"layout": h.hexdigest(), "library": library,
             "anchors": self.api_anchors}))

    def keep_api_anchors(self, autorefs, files: Files) -> None:
        """Under `--dirty`: tell autorefs the API anchors of a build that rendered the API
        pages, or, in a build that rendered them, keep those anchors for the next one."""
        if self.api_anchors is not None:
            for identifier, (src_uri, anchor, title) in self.api_anchors.items():
                file = files.get_file_from_path(src_uri)
                if file is not None and file.page is not None:
                    autorefs.register_anchor(file.page, identifier, anchor, title=title)
            return
        pages = {file.page.url: file.src_uri for file in files.documentation_pages()
                 if file.src_uri.startswith(API_DIR) and file.page is not None}
        anchors = {}
        for identifier in self.names.object_paths():
            try:
                url, title = autorefs.get_item_url(identifier)
            except KeyError:  # not in the API reference
                continue
            page_url, _, anchor = url.partition("#")
            if page_url in pages:
                anchors[identifier] = (pages[page_url], anchor, title)
        record = json.loads(self.dirty_record.read_text())
        self.dirty_record.write_text(json.dumps({**record, "anchors": anchors}))

    # --- Steps of the page events ---------------------------------------------------------

    def check_headlines_shown(self, markdown: str, page: Page) -> None:
        """Fail the build if `page` shows a headline figure that no tutorial published."""
        missing = figures.missing_headlines(markdown, self.headlines)
        if not missing:
            return
        labels = {tutorial.stem: tutorial.label for tutorial in self.tutorials.values()}
        reasons = [
            f"{labels[stem]} has no code cell tagged {figures.HEADLINE_TAG!r} that draws "
            f'a PNG figure (tag one: # %% tags=["{figures.HEADLINE_TAG}"])'
            if stem in labels
            else f"there is no tutorial {TUTORIALS_DIR}/{stem}.py"
            for stem in missing
        ]
        shown = ", ".join(f"{figures.HEADLINES_DIR}/{stem}.png" for stem in missing)
        raise PluginError(f"docs/{page.file.src_uri} shows the headline figure of {shown}, "
                          f"but {'; '.join(reasons)}")

    def finish_tutorial_page(self, html: str, page: Page,
                             tutorial: Tutorial) -> tuple[str, list[str]]:
        """The rendered notebook as a Material page; also the unknown `toynn.<name>` spans."""
        notebook, script = tutorial.downloads
        try:
            return pages.postprocess(
                html,
                tutorial=tutorial,
                notebook_url=notebook.url_relative_to(page.file),
                script_url=script.url_relative_to(page.file),
                names=self.names,
            )
        except pages.NotebookMarkupError as err:
            raise PluginError(f"{tutorial.label}: {err}") from None
