"""The figures of executed tutorials: their alt text, and the home page's headline images.

Alt text. `kernel_startup.py` makes a matplotlib figure's `text/plain` representation its
description, `toynn.describe(fig)` ("Loss curves on a log scale of 4 runs: width 1 (final
0.523), ..."), so every figure output of an executed notebook carries it. nbconvert
writes images without alt text ("No description has been provided for this image");
`set_alt_texts` puts each image output's description into its `<img alt>`, matching the
page's images to the notebook's image outputs in order.

Headlines. One code cell per tutorial may be tagged `headline` (`# %% tags=["headline"]`);
the first PNG figure it outputs is published as `assets/headlines/<tutorial>.png`, with its
description as alt text, for pages (the home page) to show. A page that shows the headline
of a tutorial that has none fails the build.
"""

from __future__ import annotations

import base64
import html as html_lib
import re
from dataclasses import dataclass

import nbformat

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
_IMAGE_TYPES = ("image/png", "image/jpeg")
# matplotlib's own repr of a figure: what `text/plain` holds when nothing described it.
_MATPLOTLIB_REPR = re.compile(r"^<Figure size [\d.]+x[\d.]+ with \d+ Axes>$")

# An image output on a page rendered by mkdocs-jupyter (nbconvert's lab template).
_PAGE_IMAGE = re.compile(
    r'(<div class="jp-RenderedImage jp-OutputArea-output[^"]*"[^>]*>\s*)<img\b(?P<attrs>[^>]*)>'
)
_ALT = re.compile(r'\salt="[^"]*"')
HEADLINE_REF = re.compile(rf"{HEADLINES_DIR}/(?P<stem>[\w.-]+)\.png")


class FigureError(Exception):
    """The page or notebook does not have the figures this module expects."""


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
        alts: The description of every image output, in the order of the page (None
            where the output has no description).
        headline: The headline figure, if a cell is tagged `headline` and draws one.
        headline_cells: How many cells are tagged `headline`.
    """

    alts: list[str | None]
    headline: Headline | None
    headline_cells: int

    @classmethod
    def of(cls, nb: nbformat.NotebookNode) -> NotebookFigures:
        """The alt texts and headline of an executed notebook."""
        alts: list[str | None] = []
        headline, headline_cells = None, 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            tags = cell.get("metadata", {}).get("tags", [])
            is_headline = HEADLINE_TAG in tags
            headline_cells += is_headline
            for output in cell.get("outputs", []):
                if _shown_type(output) not in _IMAGE_TYPES:
                    continue
                alts.append(_description(output))
                if is_headline and headline is None and "image/png" in output.data:
                    headline = Headline(
                        png=base64.b64decode(output.data["image/png"]),
                        alt=alts[-1],
                        keep_colors=KEEP_COLORS_TAG in tags,
                    )
        return cls(alts=alts, headline=headline, headline_cells=headline_cells)


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


def set_alt_texts(html: str, alts: list[str | None]) -> str:
    """Give the page's image outputs, in order, the descriptions `alts` as alt text.

    Raises:
        FigureError: The page shows a different number of images than the notebook has.
    """
    found = len(_PAGE_IMAGE.findall(html))
    if found != len(alts):
        raise FigureError(
            f"the page shows {found} image outputs but the notebook has {len(alts)}; "
            "cannot tell which description belongs to which image"
        )
    descriptions = iter(alts)

    def image(match: re.Match) -> str:
        return f"{match[1]}<img{_with_alt(match['attrs'], next(descriptions))}>"

    return _PAGE_IMAGE.sub(image, html)


def headline_images(html: str, headlines: dict[str, Headline]) -> str:
    """Give every `<img>` of a headline on a (Markdown) page its alt text and CSS class.

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
        return f"<img{_with_alt(attrs, headline.alt, css)}>"

    return re.sub(r"<img\b(?P<attrs>[^>]*)>", image, html)


def missing_headlines(markdown: str, headlines: dict[str, Headline]) -> list[str]:
    """Tutorial stems whose headline `markdown` shows but which have none."""
    return sorted({m["stem"] for m in HEADLINE_REF.finditer(markdown)} - set(headlines))
