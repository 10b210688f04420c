"""The figures of executed tutorials: image files, alt text, and the home page's headlines.

Files. nbconvert inlines every image output in the page as a base64 `data:` URI: a
tutorial's HTML weighed up to 950 KB, almost all of it figures that the browser could
neither cache nor load lazily. The build publishes each image output instead as a file
beside its page, named by a hash of its bytes (`fig-<hash>.png`, so an unchanged figure
keeps its name and stays in the browser's cache across rebuilds), and `set_images` points
the page's `<img>` at it, with its `width` and `height` (no layout shift while it loads)
and `loading="lazy"` for every figure but the first. The downloaded notebook keeps its
own copy: it is written from the tutorial, not from the page.

Alt text. `kernel_startup.py` makes a matplotlib figure's `text/plain` representation its
description, `toynn.describe(fig)` ("Loss curves on a log scale of 4 runs: width 1 (final
0.523), ..."), so every figure output of an executed notebook carries it. nbconvert
writes images without alt text ("No description has been provided for this image");
`set_images` puts each image output's description into its `<img alt>`, matching the
page's images to the notebook's image outputs in order (and checking their bytes).

Headlines. One code cell per tutorial may be tagged `headline` (`# %% tags=["headline"]`);
the first PNG figure it outputs is published as `assets/headlines/<tutorial>.png`, with its
description as alt text, for pages (the home page) to show. A page that shows the headline
of a tutorial that has none fails the build.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import io
import re
from dataclasses import dataclass

import nbformat
from PIL import Image

HEADLINE_TAG = "headline"
KEEP_COLORS_TAG = "keep-colors"  # see assets/stylesheets/toynn.css
HEADLINES_DIR = "assets/headlines"

# What nbconvert's HTML exporter shows of an output with several representations: the first
# of these that the output has (nbconvert.exporters.html.HTMLExporter.default_config).
_DISPLAY_PRIORITY = (
    "application/vnd.jupyter.widget-view+json",
    "application/javascript",
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/vnd.mermaid",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
)
_IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}
# matplotlib's own repr of a figure: what `text/plain` holds when nothing described it.
_MATPLOTLIB_REPR = re.compile(r"^<Figure size [\d.]+x[\d.]+ with \d+ Axes>$")

# An image output on a page rendered by mkdocs-jupyter (nbconvert's lab template).
_PAGE_IMAGE = re.compile(
    r'(<div class="jp-RenderedImage jp-OutputArea-output[^"]*"[^>]*>\s*)<img\b(?P<attrs>[^>]*)>'
)
_DATA_SRC = re.compile(r'\ssrc="data:image/[\w+.-]+;base64,(?P<data>[^"]*)"')
_ALT = re.compile(r'\salt="[^"]*"')
HEADLINE_REF = re.compile(rf"{HEADLINES_DIR}/(?P<stem>[\w.-]+)\.png")


class FigureError(Exception):
    """The page or notebook does not have the figures this module expects."""


@dataclass(frozen=True)
class Figure:
    """One image output of a notebook, as the page shows it.

    Attributes:
        data: The image file's bytes.
        suffix: Its file extension, `.png` or `.jpg`.
        alt: Its description (None where the output has none).
        width: Its width on the page, in CSS pixels.
        height: Its height on the page, in CSS pixels.
    """

    data: bytes
    suffix: str
    alt: str | None
    width: int
    height: int

    @property
    def name(self) -> str:
        """Its file name beside the page: `fig-<hash of its bytes>.png`."""
        return f"fig-{hashlib.sha256(self.data).hexdigest()[:16]}{self.suffix}"

    @classmethod
    def of(cls, output: nbformat.NotebookNode, kind: str) -> Figure:
        """The figure of an image output whose shown representation is `kind`."""
        data = base64.b64decode(output.data[kind])
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
        size = output.get("metadata", {}).get(kind, {})  # Jupyter's display size, if set
        if size.get("width"):
            width, height = int(size["width"]), int(size.get("height") or
                                                    round(height * size["width"] / width))
        return cls(data, _IMAGE_TYPES[kind], _description(output), width, height)


@dataclass
class Headline:
    """The headline figure of one tutorial."""

    png: bytes
    alt: str | None
    keep_colors: bool


@dataclass
class NotebookFigures:
    """What the build needs to know about the figures of one executed notebook.

    Attributes:
        figures: Every image output, in the order of the page.
        headline: The headline figure, if a cell is tagged `headline` and draws one.
        headline_cells: How many cells are tagged `headline`.
    """

    figures: list[Figure]
    headline: Headline | None
    headline_cells: int

    @classmethod
    def of(cls, nb: nbformat.NotebookNode) -> NotebookFigures:
        """The figures and headline of an executed notebook."""
        figures: list[Figure] = []
        headline, headline_cells = None, 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            tags = cell.get("metadata", {}).get("tags", [])
            is_headline = HEADLINE_TAG in tags
            headline_cells += is_headline
            for output in cell.get("outputs", []):
                kind = _shown_type(output)
                if kind not in _IMAGE_TYPES:
                    continue
                figures.append(Figure.of(output, kind))
                if is_headline and headline is None and kind == "image/png":
                    headline = Headline(png=figures[-1].data, alt=figures[-1].alt,
                                        keep_colors=KEEP_COLORS_TAG in tags)
        return cls(figures=figures, headline=headline, headline_cells=headline_cells)


def _shown_type(output: nbformat.NotebookNode) -> str | None:
    data = output.get("data", {})
    return next((kind for kind in _DISPLAY_PRIORITY if kind in data), None)


def _description(output: nbformat.NotebookNode) -> str | None:
    text = output.get("data", {}).get("text/plain")
    if isinstance(text, list):
        text = "".join(text)
    text = " ".join((text or "").split())
    if not text or _MATPLOTLIB_REPR.match(text):
        return None
    return text


def _with_alt(attrs: str, alt: str | None, extra_class: str | None = None) -> str:
    """The attributes of an `<img>` tag (`attrs`, as written) with `alt` and a class added."""
    closing = " /" if attrs.rstrip().endswith("/") else ""
    attrs = attrs.rstrip().removesuffix("/").rstrip()
    if alt is not None:
        attrs = f' alt="{html_lib.escape(alt, quote=True)}"' + _ALT.sub("", attrs)
    if extra_class:
        if re.search(r'\sclass="', attrs):
            attrs = re.sub(r'(\sclass=")([^"]*)"',
                           lambda m: f'{m[1]}{(m[2] + " ").lstrip()}{extra_class}"', attrs,
                           count=1)
        else:
            attrs += f' class="{extra_class}"'
    return attrs + closing


def set_images(html: str, figures: list[Figure]) -> str:
    """Point the page's image outputs, in order, at the files of `figures`.

    Each `<img>` gets its figure's file name as `src` (relative: the files lie beside the
    page), its description as `alt`, its `width` and `height`, and, after the first,
    `loading="lazy"`.

    Raises:
        FigureError: The page shows other images than the notebook has.
    """
    found = _PAGE_IMAGE.findall(html)
    if len(found) != len(figures):
        raise FigureError(
            f"the page shows {len(found)} image outputs but the notebook has {len(figures)}; "
            "cannot tell which description belongs to which image"
        )
    order = iter(enumerate(figures))

    def image(match: re.Match) -> str:
        index, figure = next(order)
        attrs = match["attrs"].rstrip()
        closing = " /" if attrs.endswith("/") else ""
        src = _DATA_SRC.search(attrs)
        if src is None or base64.b64decode(src["data"]) != figure.data:
            raise FigureError(f"image {index + 1} of the page is not the notebook's")
        attrs = _DATA_SRC.sub(f' src="{figure.name}"', attrs.removesuffix("/").rstrip())
        attrs = re.sub(r'\s(?:width|height|loading)="[^"]*"', "", attrs)
        attrs = _with_alt(attrs, figure.alt) + f' width="{figure.width}" height="{figure.height}"'
        lazy = ' loading="lazy"' if index > 0 else ""
        return f"{match[1]}<img{attrs}{lazy}{closing}>"

    return _PAGE_IMAGE.sub(image, html)


def headline_images(html: str, headlines: dict[str, Headline]) -> str:
    """Give every `<img>` of a headline on a (Markdown) page its alt text and CSS class, and
    load it lazily (headlines sit below the text that introduces them).

    The class, `toynn-figure`, lets the dark scheme show the figure as on tutorial pages
    (`toynn-figure toynn-keep-colors` for a cell tagged `keep-colors`).
    """

    def image(match: re.Match) -> str:
        attrs = match["attrs"]
        src = re.search(r'\ssrc="([^"]*)"', attrs)
        ref = HEADLINE_REF.search(src[1]) if src else None
        if ref is None or ref["stem"] not in headlines:
            return match[0]
        headline = headlines[ref["stem"]]
        css = "toynn-figure" + (" toynn-keep-colors" if headline.keep_colors else "")
        return f'<img loading="lazy"{_with_alt(attrs, headline.alt, css)}>'

    return re.sub(r"<img\b(?P<attrs>[^>]*)>", image, html)


def missing_headlines(markdown: str, headlines: dict[str, Headline]) -> list[str]:
    """Tutorial stems whose headline `markdown` shows but which have none."""
    return sorted({m["stem"] for m in HEADLINE_REF.finditer(markdown)} - set(headlines))
