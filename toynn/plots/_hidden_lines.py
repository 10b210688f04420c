"""The lines of the first-layer hidden units, and the regions they cut the plane into."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.axes import Axes

from .._geometry import clip_line
from .._instances import check_model
from .._palette import UNIT_COLORS
from ..hidden import activation_codes, hidden_lines
from ..models import MLP
from ._describe import record
from ._inputs import (
    Box,
    axes_for,
    check_margin,
    check_resolution,
    data_box,
    grid_over,
    optional_points,
    pixel_extent,
)
from ._style import (
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    SKY_BLUE,
    legend_outside,
    marker_size,
    scatter_classes,
)
from ._text import and_, model_name, plural

_UNIT_LINESTYLES = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)))
# Light backgrounds for regions: Okabe–Ito colours (and a lavender) mixed with white.
_TINTS = tuple(tuple(0.3 * np.array(mcolors.to_rgb(c)) + 0.7)
               for c in (SKY_BLUE, "#F0E442", GREEN, PURPLE, ORANGE, GREY, "#7B68C8"))


def _unit_style(i: int) -> dict:
    """5 colours and 5 line styles, shifted each round: 25 distinct looks."""
    shifted = (i + i // len(UNIT_COLORS)) % len(_UNIT_LINESTYLES)
    return {"color": UNIT_COLORS[i % len(UNIT_COLORS)], "linestyle": _UNIT_LINESTYLES[shifted]}


def _lines_box(W: np.ndarray, b: np.ndarray) -> Box:
    """A square around the origin for lines drawn without data: twice their median distance."""
    norms = np.hypot(W[:, 0], W[:, 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        distances = np.abs(b) / norms
    distances = distances[np.isfinite(distances)]
    half = max(1.0, 2.0 * float(np.median(distances))) if len(distances) else 1.0
    return -half, half, -half, half


def _region_colors(codes: np.ndarray) -> list[tuple[float, float, float]]:
    """One tint per region code, all different while they last, never equal for neighbours.

    Regions that share a border differ in exactly one bit (the unit whose line separates
    them), so a greedy colouring that avoids codes one bit apart keeps neighbours apart.
    """
    chosen: dict[int, int] = {}
    for k, code in enumerate(int(c) for c in codes):
        taken = {chosen[other] for other in chosen if (other ^ code).bit_count() == 1}
        free = [t for t in range(len(_TINTS)) if t not in taken] or list(range(len(_TINTS)))
        chosen[code] = min(free, key=lambda t: (t - k) % len(_TINTS))
    return [_TINTS[chosen[int(c)]] for c in codes]


def _draw_regions(ax: Axes, model: MLP, box: Box, resolution: int) -> int:
    """Shade the regions of equal activation code on a grid over `box`; return their number."""
    _, _, grid = grid_over(box, resolution)
    codes = activation_codes(model, grid).numpy()
    unique, index = np.unique(codes, return_inverse=True)
    image = index.reshape(resolution, resolution)
    ax.imshow(image, extent=pixel_extent(box, resolution), origin="lower", aspect="equal",
              interpolation="nearest", cmap=mcolors.ListedColormap(_region_colors(unique)),
              vmin=-0.5, vmax=len(unique) - 0.5, zorder=0)
    # Label each region with its code, which is also its corner of the hidden cube.
    for k, code in enumerate(unique):
        rows, cols = np.nonzero(image == k)
        if len(rows) < 0.004 * resolution**2:
            continue  # too small to hold a readable label
        # Regions are convex, so the mean of their cells lies inside them.
        x = box[0] + (box[1] - box[0]) * cols.mean() / (resolution - 1)
        y = box[2] + (box[3] - box[2]) * rows.mean() / (resolution - 1)
        bits = ",".join(f"{int(code):0{model.width}b}")
        ax.text(x, y, f"({bits})", ha="center", va="center", fontsize=8, zorder=4,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.8})
    return len(unique)


def _draw_unit_line(ax: Axes, i: int, w: np.ndarray, b: float, box: Box, n_units: int) -> bool:
    """Draw unit `i`'s line clipped to `box`, with an arrow to its "on" side; False if it misses."""
    style = _unit_style(i)
    segment = clip_line(w, b, box)
    if segment is None:
        ax.plot([], [], linewidth=2, label=f"unit {i} (outside view)", **style)
        return False
    start, end = segment
    ax.plot([start[0], end[0]], [start[1], end[1]], linewidth=2, zorder=3,
            label=f"unit {i}", **style)
    # Arrows sit at different places along their lines so that they do not pile up.
    foot = start + (i + 1) / (n_units + 1) * (end - start)
    tip = foot + 0.07 * math.hypot(box[1] - box[0], box[3] - box[2]) * w / math.hypot(*w)
    ax.annotate("", xy=tuple(tip), xytext=tuple(foot), zorder=3,
                arrowprops={"arrowstyle": "-|>", "color": style["color"], "linewidth": 2,
                            "shrinkA": 0, "shrinkB": 0, "mutation_scale": 14})
    return True


def plot_hidden_lines(model: MLP, X=None, y=None, *, regions: bool = False,
                      labels: Sequence[str] | None = None, margin: float = 0.1,
                      resolution: int = 400, ax: Axes | None = None) -> Axes:
    """The line `w_i · x + b_i = 0` of every first-layer hidden unit, over the data.

    Unit `i` is "on" (its pre-activation is positive) on one side of its line, and a
    small arrow points to that side. The lines are not decision boundaries: together they
    give every point new coordinates, the hidden activations. Each line is clipped to the
    view, which is the data's bounding box plus `margin`; a unit whose line misses the view
    (for example because its weights are near zero) is listed as "unit i (outside view)".

    With `regions=True` the view is shaded by region: points in the same region have the
    same on/off pattern, written as `(unit 0, unit 1, ...)`, e.g. `(1,0,1)`. For a
    sigmoid net with large weights that pattern is the corner of the hidden cube where the
    region's points end up. Three lines in general position make 7 regions.

    Args:
        model: A model with `in_features == 2`.
        X: Optional inputs, float tensor or array of shape `(N, 2)`; they set the view.
            Without them the view is the current view of `ax` if it already shows data,
            else a square around the origin.
        y: Optional class labels of shape `(N,)`; without them the points are grey.
        regions: Shade and label the regions of equal on/off pattern, and give their
            number (as found on the grid) in the title.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        margin: Extra space around the data, as a fraction of its extent.
        resolution: Grid points per side used to find the regions.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on; `ax.get_lines()` holds one line per hidden unit, labelled
        "unit 0", "unit 1", ...

    Raises:
        ValueError: If the model's inputs are not 2-D, `X` or `y` has the wrong shape,
            `y` is given without `X`, or `margin` is negative.

    Examples:
        >>> from toynn import MLP, make_rings, plot_hidden_lines
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_hidden_lines(MLP(2, width=3, seed=0), X, y, regions=True)
        >>> [line.get_label() for line in ax.get_lines()]
        ['unit 0', 'unit 1', 'unit 2']
    """
    check_model(model, in_features=2, what="plot_hidden_lines")
    W, b = (t.double().numpy() for t in hidden_lines(model))
    margin = check_margin(margin)
    resolution = check_resolution(resolution)
    X, y, names = optional_points(X, y, labels)
    had_data = isinstance(ax, Axes) and ax.has_data()
    ax = axes_for(ax, figsize=(7.0, 5.0))
    if X is not None:
        box = data_box(X, margin)
    elif had_data:
        box = (*ax.get_xlim(), *ax.get_ylim())
    else:
        box = _lines_box(W, b)

    if X is not None and y is None:
        ax.scatter(*X.T, s=marker_size(len(X)), color=GREY, alpha=0.5, linewidths=0,
                   zorder=2, label="data")
    elif X is not None:
        scatter_classes(ax, X, y, names, alpha=0.7 if regions else 0.55)
    n_regions = _draw_regions(ax, model, box, resolution) if regions else None
    missing = [f"unit {i}" for i in range(len(W))
               if not _draw_unit_line(ax, i, W[i], b[i], box, len(W))]

    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    title = f"{len(W)} hidden-unit {'line' if len(W) == 1 else 'lines'}"
    if n_regions is not None:
        title += f", {n_regions} region{'s' if n_regions != 1 else ''} in view"
    ax.set_title(title)
    legend_outside(ax, title="arrow: side where\nthe unit is on", markerscale=1.5)
    record(ax, _hidden_lines_sentence(model, X, y, n_regions, missing))
    return ax


def _hidden_lines_sentence(model: MLP, X: np.ndarray | None, y: np.ndarray | None,
                           n_regions: int | None, missing: list[str]) -> str:
    text = f"Hidden-unit lines of a {model_name(model)}"
    if X is not None:
        text += f" over {len(X)} points"
        if y is not None:
            text += f" of {plural(len(np.unique(y)), 'class', 'classes')}"
    if n_regions is not None:
        lines = "its line cuts" if model.width == 1 else "they cut"
        text += f"; {lines} the view into {plural(n_regions, 'region')}"
    if missing:
        text += f"; {and_(missing)} {'misses' if len(missing) == 1 else 'miss'} the view"
    return text + "."
