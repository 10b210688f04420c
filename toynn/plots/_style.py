"""How plots look: the palette, class markers, line styles, log axes and legends.

The colours are those of `toynn._palette`, which `toynn.interactive` draws with too;
classes differ in marker as well as in colour.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import Formatter, LogLocator, NullFormatter, StrMethodFormatter

# The plots read every colour from here; GREY is only re-exported.
from .._palette import BLACK, BLUE, CLASS_COLORS, GREEN, ORANGE, PURPLE, SKY_BLUE, VERMILLION
from .._palette import GREY as GREY

# Class c is drawn in CLASS_COLORS[c] with CLASS_MARKERS[c].
CLASS_MARKERS = ("o", "^", "s", "D", "v", "P")
# Several curves on one axes: colour and line style both change.
SERIES_COLORS = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY_BLUE, BLACK)
LINESTYLES = ("-", "--", "-.", ":")


def marker_size(n: int) -> float:
    """Marker area for a scatter of `n` points: smaller as they crowd."""
    return 30.0 if n <= 200 else 14.0 if n <= 3000 else 6.0


def scatter_classes(ax: Axes, points: np.ndarray, classes: np.ndarray, names: list[str],
                    *, alpha: float = 0.75, edgecolor: str | None = None, **kwargs) -> None:
    """Scatter `points` of shape `(N, 2)` or `(N, 3)`, one colour and marker per class.

    `classes` holds each point's class label, `names` one legend entry per class. An
    `edgecolor` draws a thin outline (which helps on a coloured background).
    """
    size = marker_size(len(points))
    edges = {"linewidths": 0} if edgecolor is None else {"edgecolors": edgecolor,
                                                          "linewidths": 0.3}
    for c in np.unique(classes):
        mask = classes == c
        ax.scatter(*points[mask].T, s=size, color=CLASS_COLORS[c], marker=CLASS_MARKERS[c],
                   alpha=alpha, label=names[c], **edges, **kwargs)


def series_style(i: int, n: int) -> dict:
    """Colour and line style of curve `i` of `n`: Okabe–Ito up to 7 curves, then viridis."""
    if n <= len(SERIES_COLORS):
        color = SERIES_COLORS[i]
    else:
        color = plt.get_cmap("viridis")(i / (n - 1) * 0.9)
    return {"color": color, "linestyle": LINESTYLES[i % len(LINESTYLES)]}


def legend_outside(ax: Axes, **kwargs) -> None:
    """A legend to the right of the axes, where it cannot cover data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **kwargs)


def log_y(ax: Axes, values: np.ndarray) -> None:
    """Log y scale, with enough labelled ticks to read values off.

    Within one decade every tick is labelled, as a plain number (0.3, not 3×10⁻¹); over up
    to three decades the ticks are 1, 2 and 5 times powers of ten, all labelled. Wider
    ranges keep matplotlib's powers of ten.
    """
    ax.set_yscale("log")
    positive = values[values > 0]
    if not len(positive):
        return
    span = positive.max() / positive.min()
    if span < 10:
        ax.yaxis.set_major_formatter(_PlainNumbers())
        ax.yaxis.set_minor_formatter(_PlainNumbers())
    elif span < 1000:
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:.2g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())


class _PlainNumbers(Formatter):
    """Tick labels as plain numbers, as short as neighbouring ticks allow.

    Two significant digits, or as many more as it takes to tell neighbouring ticks apart
    (1.12, 1.15, not 1.1 twice).
    """

    digits = 2

    def format_ticks(self, values):
        values = list(values)
        for self.digits in range(2, 7):
            labels = [self(value) for value in values]
            if len(set(labels)) == len(labels):
                break
        return labels

    def __call__(self, x, pos=None):
        return f"{x:.{self.digits}g}"
