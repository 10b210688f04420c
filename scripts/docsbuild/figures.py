"""The figures of executed tutorials: image files, drawings per screen, alt text, headlines.

Files. nbconvert would inline every image output in the page as a base64 `data:` URI, which
the browser can neither cache nor load lazily. Before the page is rendered, `place`
replaces each image output of its notebook by HTML that points at files beside the page,
named by a hash of their bytes (`fig-<hash>.png`: an unchanged figure keeps its name and
stays in the browser's cache across rebuilds), with `width` and `height` (no layout shift
while it loads) and `loading="lazy"` for every figure but the first. mkdocs-jupyter then
renders that HTML as it is, like the interactive figures' placeholders (`interactive.py`).
The downloaded notebook keeps its own copy: it is written from the tutorial.

Bytes. Each PNG a page shows is stored with a palette of at most 256 colours, no
dithering (`screens.compact`): a figure's flat fills, lines and anti-aliased text lose
nothing visible, and the file a third of its size (by-hand's 12 files: 907 KB to 314 KB).
A figure with transparency is left as it is. The kernel compacts its drawings per screen,
and `compact_images` the figures shown as drawn, once per execution, before the cache
keeps them.

Screens. The kernel draws each figure again for the screens where its text would be
illegible (`screens.py`), and the HTML is a `<picture>` that offers the phone drawing to
narrow screens. Each image says how large its smallest text is in its own pixels
(`data-text-px`), so a browser test can hold every figure to a legible size.

Alt text. `kernel_startup.py` makes a matplotlib figure's `text/plain` representation its
description, `toynn.describe(fig)` ("Loss curves on a log scale of 4 runs: width 1 (final
0.523), ..."), which becomes the image's `alt`. (nbconvert would write "No description has
been provided for this image".)

Headlines. One code cell per tutorial may be tagged `headline` (`# %% tags=["headline"]`);
the first PNG figure it outputs is published as `assets/headlines/<tutorial>.png` (and its
phone drawing as `<tutorial>-phone.png`), with its description as alt text, for pages (the
home page) to show. A page that shows the headline of a tutorial that has none fails the
build.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import io
import re
from dataclasses import dataclass

import nbformat
from PIL import Image as PILImage

from .screens import MIME as SCREENS_MIME
from .screens import PHONE, compact

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
HEADLINE_REF = re.compile(rf"{HEADLINES_DIR}/(?P<stem>[\w.-]+)\.png")


@dataclass(frozen=True)
class Image:
    """One image file of a figure.

    Attributes:
        data: The file's bytes.
        suffix: Its file extension, `.png` or `.jpg`.
        width: Its width on the page, in CSS pixels.
        height: Its height on the page, in CSS pixels.
        text_px: The size of its smallest text at that width, in CSS pixels (None if
            unknown).
        panel_px: The shorter side of its smallest panel at that width, in CSS pixels
            (None if unknown).
    """

    data: bytes
    suffix: str
    width: int
    height: int
    text_px: float | None = None
    panel_px: float | None = None

    @property
    def name(self) -> str:
        """Its file name beside the page: `fig-<hash of its bytes>.png`."""
        return f"fig-{hashlib.sha256(self.data).hexdigest()[:16]}{self.suffix}"

    def size_attributes(self) -> str:
        text = f' data-text-px="{self.text_px:g}"' if self.text_px is not None else ""
        if self.panel_px is not None:
            text += f' data-panel-px="{self.panel_px:g}"'
        return f' width="{self.width}" height="{self.height}"{text}'


@dataclass(frozen=True)
class Figure:
    """One image output of a notebook, as the page shows it.

    Attributes:
        image: What wide screens show: the phone-sized drawing, or the desktop one where the
            figure as drawn would be illegible there.
        phone: What screens up to `PHONE.media` show instead, if the figure needs it.
        alt: Its description (None where the output has none).
        keep_colors: Whether its cell is tagged `keep-colors` (the dark scheme leaves it).
    """

    image: Image
    phone: Image | None
    alt: str | None
    keep_colors: bool = False

    @property
    def images(self) -> list[Image]:
        """Its image files."""
        return [self.image] + ([self.phone] if self.phone else [])

    @classmethod
    def of(cls, output: nbformat.NotebookNode, kind: str, keep_colors: bool = False) -> Figure:
        """The figure of an image output whose shown representation is `kind`."""
        data = base64.b64decode(output.data[kind])
        width, height = _image_size(data)
        size = output.get("metadata", {}).get(kind, {})  # Jupyter's display size, if set
        scale = 1.0
        if size.get("width"):
            scale = int(size["width"]) / width
        drawn = output.data.get(SCREENS_MIME, {})
        text_px, panel_px = drawn.get("text_px"), drawn.get("panel_px")
        if drawn.get("desktop"):
            image = _drawing(drawn["desktop"])
        else:
            image = Image(data, _IMAGE_TYPES[kind], round(width * scale),
                          round(height * scale),
                          None if text_px is None else round(text_px * scale, 2),
                          None if panel_px is None else round(panel_px * scale, 1))
        phone = _drawing(drawn["phone"]) if drawn.get("phone") else None
        return cls(image, phone, _description(output), keep_colors)

    def html(self, *, lazy: bool = True) -> str:
        """Its `<img>` (or `<picture>`) on the page, which the files lie beside."""
        return picture(self, self.image.name, self.phone and self.phone.name, lazy=lazy)


def picture(figure: Figure, src: str, phone_src: str | None, *, lazy: bool,
            alt: str | None = None) -> str:
    """The HTML that shows `figure` from the files at `src` (and `phone_src`); `alt` stands
    in for a figure without a description."""
    css = "toynn-figure" + (" toynn-keep-colors" if figure.keep_colors else "")
    alt = figure.alt if figure.alt is not None else alt
    alt = f' alt="{html_lib.escape(alt, quote=True)}"' if alt is not None else ""
    loading = ' loading="lazy"' if lazy else ""
    img = (f'<img class="{css}" src="{html_lib.escape(src, quote=True)}"{alt}'
           f"{figure.image.size_attributes()}{loading}>")
    if figure.phone is None or phone_src is None:
        return img
    return (f'<picture><source media="{PHONE.media}" '
            f'srcset="{html_lib.escape(phone_src, quote=True)}"'
            f"{figure.phone.size_attributes()}>{img}</picture>")


def _drawing(drawn: dict) -> Image:
    return Image(base64.b64decode(drawn["png"]), ".png", drawn["width"],
                 drawn["height"], drawn["text_px"], drawn.get("panel_px"))


def compact_images(nb: nbformat.NotebookNode) -> None:
    """Store with `compact` each PNG of an executed notebook that its page shows as drawn
    (the drawings per screen come compact from the kernel), once, before it is cached."""
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            if "image/png" in data and not data.get(SCREENS_MIME, {}).get("desktop"):
                png = compact(base64.b64decode(data["image/png"]))
                data["image/png"] = base64.b64encode(png).decode("ascii")


def _image_size(data: bytes) -> tuple[int, int]:
    with PILImage.open(io.BytesIO(data)) as image:
        return image.size


@dataclass
class Headline:
    """The headline figure of one tutorial."""

    figure: Figure

    def files(self, stem: str) -> dict[str, bytes]:
        """Its files in `HEADLINES_DIR`, by name: `<stem>.png` and `<stem>-phone.png`."""
        found = {f"{stem}.png": self.figure.image.data}
        if self.figure.phone is not None:
            found[f"{stem}-phone.png"] = self.figure.phone.data
        return found


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

    @property
    def images(self) -> list[Image]:
        """Every image file the page shows, once each."""
        every = [image for figure in self.figures for image in figure.images]
        return list({image.name: image for image in every}.values())

    @classmethod
    def place(cls, nb: nbformat.NotebookNode) -> NotebookFigures:
        """Replace each image output of `nb` by the HTML that shows its files; return them."""
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
                figure = Figure.of(output, kind, keep_colors=KEEP_COLORS_TAG in tags)
                output.data = nbformat.from_dict(
                    {"text/html": figure.html(lazy=bool(figures))})
                output.metadata = nbformat.from_dict({})
                figures.append(figure)
                if is_headline and headline is None and kind == "image/png":
                    headline = Headline(figure)
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


def headline_images(html: str, headlines: dict[str, Headline]) -> str:
    """Show every headline `<img>` of a (Markdown) page as the tutorial shows its figure:
    with its description as alt text, its phone drawing for narrow screens, and loaded
    lazily (headlines sit below the text that introduces them).

    The class, `toynn-figure`, lets the dark scheme show the figure as on tutorial pages
    (`toynn-figure toynn-keep-colors` for a cell tagged `keep-colors`).
    """

    def image(match: re.Match) -> str:
        attrs = match["attrs"]
        src = re.search(r'\ssrc="([^"]*)"', attrs)
        ref = HEADLINE_REF.search(src[1]) if src else None
        if ref is None or ref["stem"] not in headlines:
            return match[0]
        folder = src[1][: ref.start("stem")]
        stem = ref["stem"]
        author_alt = re.search(r'\salt="([^"]*)"', attrs)
        return picture(headlines[stem].figure, f"{folder}{stem}.png",
                       f"{folder}{stem}-phone.png", lazy=True,
                       alt=html_lib.unescape(author_alt[1]) if author_alt else None)

    return re.sub(r"<img\b(?P<attrs>[^>]*)>", image, html)


def missing_headlines(markdown: str, headlines: dict[str, Headline]) -> list[str]:
    """Tutorial stems whose headline `markdown` shows but which have none."""
    return sorted({m["stem"] for m in HEADLINE_REF.finditer(markdown)} - set(headlines))
