"""Points at their hidden-unit coordinates: `plot_hidden_space` and its grid of views."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from numbers import Integral

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from .._activations import activation_range
from .._checks import positive_int
from .._instances import check_model
from ..models import MLP
from ._describe import cover, record
from ._inputs import axes_for, class_labels, input_array
from ._style import GREY, scatter_classes
from ._text import and_, class_counts, model_name, pct

Units = tuple[int, ...]
# Candidate views (elevation, azimuth) of the cube, matplotlib's default first.
_VIEWS = [(30, -60), (30, -30), (30, 30), (30, 60), (30, 120), (30, 150), (30, -120),
          (30, -150), (15, -60), (15, 30)]


def _check_width(model: MLP, needed: int = 3) -> None:
    if model.width < needed:
        raise ValueError(
            f"a {needed}-D hidden space needs at least {needed} hidden units, this model has "
            f"width {model.width}"
        )


def _check_units(model: MLP, units) -> Units:
    if units is None:
        _check_width(model, 2)
        return tuple(range(min(3, model.width)))
    if (isinstance(units, (str, bytes)) or not isinstance(units, Sequence)
            or len(units) not in (2, 3)):
        raise ValueError(f"units must be 2 or 3 distinct unit indices, got {units!r}")
    if not all(isinstance(u, Integral) and not isinstance(u, bool) for u in units):
        raise ValueError(f"units must be distinct integer unit indices, got {units!r}")
    if len(set(units)) != len(units):
        raise ValueError(f"units must be distinct unit indices, got {units!r}")
    _check_width(model, len(units))
    bad = [u for u in units if not 0 <= u < model.width]
    if bad:
        raise ValueError(
            f"units must be between 0 and {model.width - 1} for this width-{model.width} model, "
            f"got {list(units)}"
        )
    return tuple(int(u) for u in units)


@torch.no_grad()
def _first_hidden(model: MLP, X) -> np.ndarray:
    """First-layer activations of shape `(N, width)` as a float64 array."""
    X = input_array(X, features=(model.in_features,))
    parameter = next(model.parameters())
    X = torch.as_tensor(X, dtype=parameter.dtype, device=parameter.device)
    return model.hidden(X)[0].double().cpu().numpy()


def _draw_hidden_space(ax, model: MLP, hidden: np.ndarray, y: np.ndarray, names: list[str],
                       units: Units) -> None:
    """Scatter the chosen columns of the activations `hidden` in 2-D or 3-D; label the axes."""
    scatter_classes(ax, hidden[:, list(units)], y, names, alpha=0.5,
                    **({"depthshade": False} if len(units) == 3 else {}))
    axes = ("x", "y", "z")[:len(units)]
    for axis, unit in zip(axes, units):
        getattr(ax, f"set_{axis}label")(f"unit {unit}")
    bounds = activation_range(model.activation)
    if bounds is not None:
        ticks = [bounds[0], (bounds[0] + bounds[1]) / 2, bounds[1]]
        # In 2-D, a margin keeps points on the square's sides clear of the frame.
        margin = 0.0 if len(units) == 3 else 0.12 * (bounds[1] - bounds[0])
        for axis in axes:
            getattr(ax, f"set_{axis}lim")(bounds[0] - margin, bounds[1] + margin)
            getattr(ax, f"set_{axis}ticks")(ticks)
    if len(units) == 2:
        ax.set_aspect("equal")


def _corners(model: MLP, n: int) -> np.ndarray | None:
    """The `2**n` corners of the activations' box, in `activation_codes` order, or None."""
    bounds = activation_range(model.activation)
    if bounds is None:
        return None
    return np.array(list(itertools.product(bounds, repeat=n)), dtype=float)


def _draw_corners(ax, model: MLP, units: Units) -> None:
    """Hollow markers on the corners, labelled with their on/off pattern (unit order)."""
    corners = _corners(model, len(units))
    if corners is None:
        return
    low, high = activation_range(model.activation)
    centre = (low + high) / 2
    ax.scatter(*corners.T, s=40, facecolors="none", edgecolors="0.35", linewidths=0.8,
               zorder=1)
    for corner in corners:
        pattern = "".join("1" if c == high else "0" for c in corner)
        nudge = np.where(corner > centre, 0.06, -0.06) * (high - low)
        ax.text(*(corner + nudge), pattern, color="0.25", fontsize=8, ha="center",
                va="center")


def _class0_corner(model: MLP, hidden: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """The corner nearest to the mean of class 0's points (the disc, for the rings)."""
    corners = _corners(model, hidden.shape[1])
    if corners is None or not (y == 0).any():
        return None
    mean = hidden[y == 0].mean(axis=0)
    return corners[np.argmin(np.linalg.norm(corners - mean, axis=1))]


def _view_showing(corner: np.ndarray | None, centre: float) -> tuple[float, float]:
    """A view (elev, azim) in which `corner` lies far from the middle of the picture.

    The two corners on the line of sight through the cube's centre are drawn at the
    middle of the picture, where they read as inside the cube; pick the candidate view
    in which `corner` projects farthest from that line.
    """
    if corner is None:
        return _VIEWS[0]
    offset = corner - centre

    def off_centre(view):
        elev, azim = np.radians(view)
        sight = np.array([np.cos(elev) * np.cos(azim), np.cos(elev) * np.sin(azim),
                          np.sin(elev)])
        return np.linalg.norm(offset - (offset @ sight) * sight)

    return max(_VIEWS, key=lambda view: round(off_centre(view), 6))


def _box_crossings(normal: np.ndarray, offset: float, low: np.ndarray,
                   high: np.ndarray) -> np.ndarray:
    """Where the hyperplane `normal · h + offset = 0` crosses the edges of the box `[low, high]`."""
    corners = np.array(list(itertools.product(*zip(low, high, strict=True))))
    found = []
    for a, b in itertools.combinations(corners, 2):
        if np.count_nonzero(a != b) != 1:
            continue  # not an edge of the box
        fa, fb = normal @ a + offset, normal @ b + offset
        if fa != fb and fa * fb <= 0:
            found.append(a + fa / (fa - fb) * (b - a))
    return np.unique(np.round(found, 12), axis=0) if found else np.empty((0, len(low)))


def _plane_polygon(normal: np.ndarray, offset: float, low: np.ndarray,
                   high: np.ndarray) -> np.ndarray | None:
    """Corners, in order, of the plane `normal · h + offset = 0` cut by the box `[low, high]`."""
    points = _box_crossings(normal, offset, low, high)
    if len(points) < 3:
        return None
    centred = points - points.mean(axis=0)
    u = centred[np.argmax(np.linalg.norm(centred, axis=1))]
    v = np.cross(normal, u)
    return points[np.argsort(np.arctan2(centred @ v, centred @ u))]


def _draw_output_plane(ax, model: MLP, hidden: np.ndarray, units: Units) -> None:
    """The output's zero set in hidden space, clipped to the view: a line or a plane."""
    shown = hidden[:, list(units)]
    bounds = activation_range(model.activation)
    if bounds is None:
        low, high = shown.min(axis=0), shown.max(axis=0)
        high = np.where(high > low, high, low + 1)
    else:
        low, high = np.full(len(units), bounds[0]), np.full(len(units), bounds[1])
    weight = model.output_layer.weight.detach().double().cpu().numpy()[0, list(units)]
    bias = float(model.output_layer.bias.detach()[0])
    label = "output = 0 (P = 0.5)"
    if len(units) == 2:
        ends = _line_segment(weight, bias, low, high)
        if ends is not None:
            ax.plot(*ends.T, color=GREY, linewidth=2, linestyle="--", label=label)
        return
    polygon = _plane_polygon(weight, bias, low, high)
    if polygon is not None:
        ax.add_collection3d(Poly3DCollection(
            [polygon], facecolor=GREY, edgecolor=GREY, alpha=0.3, label=label
        ))


def _line_segment(normal: np.ndarray, offset: float, low: np.ndarray,
                  high: np.ndarray) -> np.ndarray | None:
    """End points of the line `normal · h + offset = 0` inside the square `[low, high]`."""
    points = _box_crossings(normal, offset, low, high)
    return points[[0, -1]] if len(points) >= 2 else None


def _corners_sentence(model: MLP, hidden: np.ndarray) -> str:
    """'; 91% of the points sit near a corner of the cube' for bounded activations, else ''."""
    bounds = activation_range(model.activation)
    if bounds is None:
        return ""
    low, high = bounds
    margin = 0.1 * (high - low)
    near = ((hidden < low + margin) | (hidden > high - margin)).all(axis=1)
    cube = {2: "square", 3: "cube"}.get(hidden.shape[1], f"{hidden.shape[1]}-D cube")
    return f"; {pct(near.mean())} of the points sit near a corner of the {cube}"


def plot_hidden_space(model: MLP, X, y, *, units: Sequence[int] | None = None,
                      labels: Sequence[str] | None = None, plane: bool = False,
                      view: tuple[float, float] | None = None,
                      ax: Axes | None = None) -> Axes:
    """Every point at its coordinates in hidden space: the activations of 2 or 3 units.

    For sigmoid units the points lie in the unit square (2 units) or cube (3 units), whose
    corners are marked with their on/off pattern, unit by unit in the order of `units`
    (as [`activation_codes`][toynn.activation_codes] writes them). Saturated units put
    points on the corners, where a line (square) or a plane (cube) can separate classes
    that no line could separate in the input plane.

    Args:
        model: A model with at least 2 hidden units; the first hidden layer is shown.
        X: Inputs, float tensor or array of shape `(N, in_features)`.
        y: Class labels of shape `(N,)`.
        units: Indices of the 2 or 3 hidden units to use as x, y (and z); by default the
            first 3, or both units of a width-2 model.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        plane: Also draw where the output is 0 (probability 0.5): for a one-layer model
            whose units are all shown, a line in the square or a plane in the cube.
        view: `(elevation, azimuth)` of the 3-D view in degrees. By default the view is
            chosen so that class 0's corner is not drawn in the middle of the picture,
            where a corner reads as the inside of the cube.
        ax: The axes to draw on, 2-D for 2 units, 3-D (`fig.add_subplot(projection="3d")`)
            for 3; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If the model has fewer than 2 hidden units, `units` are not 2 or 3
            distinct indices below the width, `ax` is of the wrong kind, `X` or `y` has the
            wrong shape, or `plane=True` for a model that is not a one-layer net with one
            output whose units are all shown.

    Examples:
        >>> from toynn import MLP, make_rings, plot_hidden_space
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_hidden_space(MLP(2, width=4, seed=0), X, y, units=(0, 2, 3))
        >>> ax.get_xlabel(), ax.get_zlabel(), ax.get_xlim() == (0, 1)
        ('unit 0', 'unit 3', True)
        >>> plot_hidden_space(MLP(2, width=2, seed=0), X, y, plane=True).get_ylabel()
        'unit 1'
    """
    check_model(model)
    units = _check_units(model, units)
    if plane and (model.depth != 1 or model.width != len(units) or model.out_features != 1):
        raise ValueError(
            f"plane=True needs a model with one hidden layer of exactly {len(units)} units and "
            f"one output (only then is its output a {'line' if len(units) == 2 else 'plane'} "
            f"in hidden space), got {model!r}"
        )
    hidden = _first_hidden(model, X)
    y, names = class_labels(y, len(hidden), labels)
    three_d = len(units) == 3
    ax = axes_for(ax, figsize=(5.6, 5.0) if three_d else (5.0, 5.0), three_d=three_d)
    _draw_hidden_space(ax, model, hidden, y, names, units)
    _draw_corners(ax, model, units)
    if plane:
        _draw_output_plane(ax, model, hidden, units)
    if three_d:
        bounds = activation_range(model.activation)
        centre = sum(bounds) / 2 if bounds else 0.0
        view = view or _view_showing(_class0_corner(model, hidden[:, list(units)], y), centre)
        ax.view_init(*view)
        ax.set_box_aspect(None, zoom=0.85)  # room for the corner labels
        if bounds is not None:  # the corner labels say where 0 and 1 are
            for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
                axis.set_ticklabels([])
                axis.labelpad = -8
    ax.set_title(f"Hidden space of a {model_name(model)}")
    ax.legend(loc="upper left" if three_d else "best", markerscale=1.5)
    record(ax, _hidden_space_sentence(model, hidden, y, names, units, plane))
    return ax


def _hidden_space_sentence(model: MLP, hidden: np.ndarray, y: np.ndarray, names: list[str],
                           units: Units, plane: bool) -> str:
    text = (f"{len(units)}-D scatter plot of {len(hidden)} points ({class_counts(y, names)}) "
            f"at the activations of hidden units {and_([str(u) for u in units])} of a "
            f"{model_name(model)}{_corners_sentence(model, hidden[:, list(units)])}")
    if _corners(model, len(units)) is not None:
        text += "; the corners are labelled with their on/off patterns"
    if plane:
        shape = "dashed grey line" if len(units) == 2 else "grey plane"
        text += f"; a {shape} marks where the output is 0 (P = 0.5)"
    return text + "."


def plot_hidden_space_grid(model: MLP, X, y, *, ncols: int = 5,
                           labels: Sequence[str] | None = None, max_views: int = 20) -> Figure:
    """Hidden space seen through every choice of 3 of the model's hidden units.

    A width-`H` layer has `C(H, 3)` such views (10 for `H = 5`), one 3-D panel each,
    titled with the units it shows, and one legend for the whole figure.

    Args:
        model: A model with at least 3 hidden units; the first hidden layer is shown.
        X: Inputs, float tensor or array of shape `(N, in_features)`.
        y: Class labels of shape `(N,)`.
        ncols: Panels per row.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        max_views: Refuse to draw more panels than this (a width-10 layer has 120 views).

    Returns:
        The new figure; `fig.axes` holds one 3-D axes per view.

    Raises:
        ValueError: If the model has fewer than 3 hidden units, there are more than
            `max_views` views, `ncols` is not a positive integer, or `X` or `y` has the
            wrong shape.

    Examples:
        >>> from toynn import MLP, make_rings, plot_hidden_space_grid
        >>> X, y = make_rings(100, seed=0)
        >>> fig = plot_hidden_space_grid(MLP(2, width=5, seed=0), X, y)
        >>> len(fig.axes), fig.axes[-1].get_title()
        (10, 'units (2, 3, 4)')
    """
    check_model(model)
    ncols = positive_int(ncols, "ncols")
    max_views = positive_int(max_views, "max_views")
    _check_width(model)
    views = list(itertools.combinations(range(model.width), 3))
    if len(views) > max_views:
        raise ValueError(
            f"a width-{model.width} layer has {len(views)} views of 3 units, more than "
            f"max_views={max_views}; raise max_views or use plot_hidden_space for a few of them"
        )
    hidden = _first_hidden(model, X)
    y, names = class_labels(y, len(hidden), labels)

    ncols = min(ncols, len(views))
    nrows = math.ceil(len(views) / ncols)
    fig = plt.figure(figsize=(2.4 * ncols, 2.4 * nrows + 0.8), layout="constrained",
                     facecolor="white")
    for k, units in enumerate(views):
        ax = fig.add_subplot(nrows, ncols, k + 1, projection="3d")
        cover(ax)  # the figure's description covers every panel
        _draw_hidden_space(ax, model, hidden, y, names, units)
        ax.set_title(f"units {units}")
        # Small panels: keep the grid lines, drop the tick labels, bring the labels in.
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.set_ticklabels([])
            axis.labelpad = -12
        ax.set_box_aspect(None, zoom=0.9)
    handles, texts = fig.axes[0].get_legend_handles_labels()
    fig.legend(handles, texts, loc="outside lower center", ncols=len(texts), markerscale=2)
    bounds = activation_range(model.activation)
    cube = f" (each axis from {bounds[0]:g} to {bounds[1]:g})" if bounds else ""
    fig.get_layout_engine().set(h_pad=0.1)
    fig.suptitle(f"Hidden space of a {model_name(model)}: all {len(views)} views of 3 units"
                 + cube)
    record(fig, _hidden_space_grid_sentence(model, hidden, y, names, len(views)))
    return fig


def _hidden_space_grid_sentence(model: MLP, hidden: np.ndarray, y: np.ndarray,
                                names: list[str], n_views: int) -> str:
    return (f"One 3-D scatter plot for each of the {n_views} choices of 3 of the "
            f"{model.width} hidden units, showing {len(hidden)} points "
            f"({class_counts(y, names)}) at their activations"
            f"{_corners_sentence(model, hidden)}.")
