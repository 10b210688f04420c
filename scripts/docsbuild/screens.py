"""Figures drawn again for the reader's screen, so that their text stays legible.

A matplotlib figure is a picture of fixed size; the page scales it down to the width of its
column, and its text with it. A two-panel figure 11 inches wide shows its 10-point tick
labels at 9 px on a desktop and 4 px on a phone. So the build draws every figure again,
in the kernel that made it, for each screen it would be illegible on:

- **desktop** (`DESKTOP`): narrower, every panel where it was, so that scaled to the
  column its smallest text is at least `min_text_px`;
- **phone** (`PHONE`): the panels of a grid stacked in one column (two for more than four
  panels), the figure as wide as its smallest text allows, titles wrapped.

Each drawing is stored with at most 256 colours (`compact`). The page offers the phone
drawing through `<picture>` for screens up to `PHONE.media`,
and the desktop one (or the figure as drawn, when it is legible already) otherwise (see
`figures.py`). Nothing changes in the figure itself: it is laid out again, drawn, and put
back as it was.

This module runs inside the tutorial's kernel (`kernel_startup.py` executes it before the
first cell), so it imports only matplotlib (and Pillow, which matplotlib requires).
`fitted` is also what the build's tests call.
"""

from __future__ import annotations

import base64
import io
import math
import warnings
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.text import Text

MIME = "application/vnd.toynn.screens+json"  # the output that carries the drawings
MODULE = "toynn_docs_screens"  # this module's name in the kernel

# How every figure is encoded (the inline backend's settings in kernel_startup.py).
SAVE_OPTIONS = {"format": "png", "bbox_inches": "tight", "metadata": {"Software": None}}


@dataclass(frozen=True)
class Screen:
    """A screen a figure must read well on.

    Attributes:
        name: Names the drawing (`desktop`, `phone`).
        column_px: The width, in CSS pixels, that a figure output gets on the page.
        min_text_px: The smallest text size, in CSS pixels, a figure may show there.
        stack: Whether the panels of a grid go into one column (two for more than four).
        media: The CSS media query for which the page shows this drawing ("" for all).
    """

    name: str
    column_px: float
    min_text_px: float
    stack: bool
    media: str


# Column widths measured in headless Chromium at 1280 px and at 390 px (Material's layout,
# toynn.css): the narrowest place a figure is shown, an output inside a folded answer
# (616, 286; elsewhere a tutorial's outputs get 672 and 342, the home page's headlines 654
# and 324). The browser test checks the result, not these.
DESKTOP = Screen("desktop", column_px=616, min_text_px=11, stack=False, media="")
PHONE = Screen("phone", column_px=286, min_text_px=9, stack=True, media="(max-width: 600px)")
# A drawing aims this much below the widest it may be: tight bounding boxes round.
_MARGIN = 0.97
# The least height of a row of stacked panels, as a share of its width.
_ROW_ASPECT = 0.6
SCREENS = (DESKTOP, PHONE)


def smallest_text_pt(fig: Figure) -> float | None:
    """The size, in points, of the smallest text `fig` shows (None if it shows none)."""
    sizes = [
        text.get_fontsize()
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip() and text.get_figure(root=True) is fig
    ]
    return min(sizes) if sizes else None


def _dpi(fig: Figure) -> float:
    import matplotlib as mpl

    dpi = mpl.rcParams["savefig.dpi"]
    return float(fig.dpi if dpi == "figure" else dpi)


def _drawn_width(fig: Figure) -> float:
    """The width, in pixels, of `fig` saved with a tight bounding box (and its padding)."""
    import matplotlib as mpl

    fig.draw_without_rendering()
    pad = mpl.rcParams["savefig.pad_inches"]
    return (fig.get_tightbbox().width + 2 * pad) * _dpi(fig)


def _grid(fig: Figure):
    """The axes that a single uniform grid places, one cell each, with that grid's shape;
    None if the figure is not such a grid of more than one column."""
    placed = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    if not placed:
        return None
    grid = placed[0].get_subplotspec().get_gridspec()
    nrows, ncols = grid.get_geometry()
    uniform = (len(set(grid.get_width_ratios() or [1])) == 1
               and len(set(grid.get_height_ratios() or [1])) == 1)
    if ncols < 2 or not uniform:
        return None
    cells = {}
    for ax in placed:
        spec = ax.get_subplotspec()
        if spec.get_gridspec() is not grid or len(spec.rowspan) != 1 or len(spec.colspan) != 1:
            return None
        cells[ax] = spec.rowspan.start * ncols + spec.colspan.start
    return cells, nrows, ncols


def _stack(fig: Figure, cells: dict, nrows: int, ncols: int, width: float) -> None:
    """Put the grid's panels in one column (two for more than four), `width` inches wide.

    Each panel keeps its drawn shape (axes, labels and title), and what lies outside the
    panels (a title over all of them, a legend below) keeps its height.
    """
    columns = 1 if len(cells) <= 4 else 2
    used = max(cells.values()) + 1
    rows = math.ceil(used / columns)
    fig.draw_without_rendering()
    whole = fig.get_tightbbox()  # inches
    boxes = {ax: ax.get_tightbbox() for ax in cells}  # display pixels
    row_heights = [max((boxes[ax].height / fig.dpi for ax, i in cells.items() if i // ncols == r),
                       default=0.0) for r in range(nrows)]
    outside = max(whole.height - sum(row_heights), 0.0)
    panel_width = whole.width / ncols
    scale = (width / columns) / panel_width
    grid = GridSpec(rows, columns, figure=fig)
    for ax, index in cells.items():
        ax.set_subplotspec(grid[index // columns, index % columns])
    # A wide, short panel scaled to a phone's width would be a strip: each row is at least
    # _ROW_ASPECT of its width tall (rows of fixed-aspect panels lose the slack below).
    row = max(max(row_heights) * scale, _ROW_ASPECT * width / columns)
    fig.set_size_inches(width, row * rows + outside)
    for _ in range(3):
        _fill_rows(fig, {ax: index // columns for ax, index in cells.items()})


def _fill_rows(fig: Figure, rows: dict) -> None:
    """Make the figure as tall as its fixed-aspect panels (square maps, 3-D boxes) need.

    The layout gives each row a cell; a panel that keeps its aspect fills the cell's width
    or its height, not both. Too tall a cell leaves a gap above and below the panel; too
    short a one shrinks the panel and leaves its colour bar stranded at the cell's edge.
    """
    fig.draw_without_rendering()
    change = {}
    for ax, row in rows.items():
        cell, drawn = ax.get_position(original=True), ax.get_position()
        if ax.get_aspect() == "auto" or drawn.width <= 0 or drawn.height <= 0:
            continue
        if drawn.width < cell.width * 0.98:  # limited by the height: the row needs more
            need = drawn.height * (cell.width / drawn.width - 1)
        else:  # limited by the width: the row has height to spare
            need = drawn.height - cell.height
        change[row] = max(change.get(row, need), need)
    height = fig.get_size_inches()[1]
    grow = sum(change.values()) * height  # figure fractions to inches
    if abs(grow) > 0.02:
        fig.set_size_inches(fig.get_size_inches()[0], max(height + grow, 1.0))


def fitted(fig: Figure, screen: Screen) -> dict | None:
    """`fig` drawn for `screen`, or None where it reads well there as it is.

    Returns:
        The drawing: `png` (base64), its pixel `width` and `height`, and `text_px`, the size
        of its smallest text in its own pixels.
    """
    points = smallest_text_pt(fig)
    if points is None:
        return None
    text_px = points * _dpi(fig) / 72
    widest = screen.column_px * text_px / screen.min_text_px  # in the figure's pixels
    if _drawn_width(fig) <= widest:
        return None

    size = fig.get_size_inches().copy()
    specs = {ax: ax.get_subplotspec() for ax in fig.axes}
    wrapped = {text: text.get_wrap() for text in fig.findobj(Text)}

    def put_back() -> None:
        for ax, spec in specs.items():
            if spec is not None:
                ax.set_subplotspec(spec)
        for text, wrap in wrapped.items():
            text.set_wrap(wrap)
        fig.set_size_inches(size)

    grid = _grid(fig)
    # A desktop first tries the panels where they are; a grid whose legends and titles
    # will not fit is stacked there too.
    ways = ([False] if not screen.stack else []) + ([True] if grid is not None else [])
    try:
        for stack in ways or [False]:
            put_back()
            if stack:
                _stack(fig, *grid, width=_MARGIN * widest / _dpi(fig))
                for text in wrapped:  # long titles wrap at the figure's new edge
                    text.set_wrap(True)
            if _shrink_to(fig, widest, least=0.5):
                break
        buffer = io.BytesIO()
        fig.savefig(buffer, **SAVE_OPTIONS)
        panel_px = smallest_panel_px(fig)  # as the save laid it out
    finally:
        put_back()
    data = compact(buffer.getvalue())
    width, height = _png_size(data)
    return {"png": base64.b64encode(data).decode("ascii"), "width": width, "height": height,
            "text_px": round(text_px, 2), "panel_px": panel_px}


def _shrink_to(fig: Figure, widest: float, least: float) -> bool:
    """Make `fig` at most `widest` pixels wide, as tall, text unchanged; whether it fits.

    Titles and legends keep their size, so a few rounds may be needed; the figure shrinks
    to no less than `least` of its width: further, its panels would shrink around text
    that keeps its size until they are too small to read.
    """
    start = fig.get_size_inches()[0]
    drawn = _drawn_width(fig)
    panels = _panel_widths(fig)  # as that draw laid them out
    for _ in range(4):
        if drawn <= widest:
            break
        scale = max(_MARGIN * widest / drawn, start * least / fig.get_size_inches()[0])
        if scale >= 1:
            return False
        # narrower, as tall: text keeps its size, so the panels need the height
        fig.set_size_inches(fig.get_size_inches() * (scale, 1))
        drawn = _drawn_width(fig)
    if drawn > widest:
        return False
    # The layout may have made room for the text by squeezing the panels to nothing, or
    # left a title running over the panel beside it (both read off the last draw).
    shrunk = fig.get_size_inches()[0] / start
    kept = all(after >= 0.6 * before * shrunk
               for before, after in zip(panels, _panel_widths(fig)))
    return kept and not _titles_overlap(fig)


def _titles_overlap(fig: Figure) -> bool:
    """Whether an axes' title runs into another axes (a colour bar, the next panel)."""
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_window_extent(renderer) for ax in fig.axes]
    for ax in fig.axes:
        if not ax.get_title():
            continue
        title = ax.title.get_window_extent(renderer)
        if any(other is not ax and title.overlaps(box) for other, box in zip(fig.axes, boxes)):
            return True
    return False


def _panel_widths(fig: Figure) -> list[float]:
    """The width of each axes as the last draw laid it out, in inches."""
    return [ax.get_position().width * fig.get_size_inches()[0] for ax in fig.axes]


def smallest_panel_px(fig: Figure) -> float | None:
    """The shorter side, in the PNG's pixels, of the smallest panel (colour bars aside) as
    last laid out: a layout that squeezed a panel to a sliver shows here, not in its text."""
    sides = [min(box.width, box.height) * _dpi(fig) / fig.dpi
             for ax in fig.axes if not hasattr(ax, "_colorbar") and ax.get_visible()
             for box in [ax.get_window_extent()]]
    return round(min(sides), 1) if sides else None


def drawings(fig: Figure) -> dict:
    """What the build needs to show `fig` legibly: the size of its smallest text and of its
    smallest panel in its PNG's pixels, and a drawing for each screen it needs one for
    (see `fitted`)."""
    # Layouts tried and rejected may warn ("constrained_layout not applied"): the reader
    # must not see that under the figure.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.draw_without_rendering()  # tick labels exist once the figure has been drawn
        points = smallest_text_pt(fig)
        return {
            "text_px": None if points is None else round(points * _dpi(fig) / 72, 2),
            "panel_px": smallest_panel_px(fig),
            **{screen.name: fitted(fig, screen) for screen in SCREENS},
        }


def compact(data: bytes) -> bytes:
    """An opaque PNG with at most 256 colours, the same size (others: `data` unchanged)."""
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as image:
        if image.format != "PNG":
            return data
        if image.mode == "RGBA" and image.getchannel("A").getextrema() != (255, 255):
            return data
        paletted = image.convert("RGB").quantize(
            colors=256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE)
    out = io.BytesIO()
    paletted.save(out, format="PNG", optimize=True)
    return out.getvalue() if len(out.getvalue()) < len(data) else data


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
