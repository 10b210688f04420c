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
from .._geometry import cube_corners, nearest_corner, plane_in_box, view_showing
from .._instances import check_model
from ..models import MLP
from ._describe import cover, record
from ._inputs import axes_for, class_labels, input_tensor
from ._style import GREY, scatter_classes
from ._text import and_, class_counts, model_name, pct

Units = tuple[int, ...]
Bounds = tuple[float, float] | None  # the activation's range, if bounded
# Candidate views (elevation, azimuth) of the cube, matplotlib's default first.
_VIEWS = [(30, -60), (30, -30), (30, 30), (30, 60), (30, 120), (30, 150), (30, -120),
          (30, -150), (15, -60), (15, 30)]


def _sight(view: tuple[float, float]) -> np.ndarray:
    """The unit vector from the cube's centre towards the eye of the view (elev, azim)."""
    elev, azim = np.radians(view)
    return np.array([np.cos(elev) * np.cos(azim), np.cos(elev) * np.sin(azim), np.sin(elev)])


_SIGHTS = [_sight(view) for view in _VIEWS]


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
    parameter = next(model.parameters())
    X = input_tensor(X, features=(model.in_features,)).to(parameter)
    return model.hidden(X)[0].double().cpu().numpy()


def _draw_hidden_space(ax, hidden: np.ndarray, y: np.ndarray, names: list[str], units: Units,
                       bounds: Bounds) -> None:
    """Scatter the chosen columns of the activations `hidden` in 2-D or 3-D; label the axes."""
    scatter_classes(ax, hidden[:, list(units)], y, names, alpha=0.5,
                    **({"depthshade": False} if len(units) == 3 else {}))
    axes = ("x", "y", "z")[:len(units)]
    for axis, unit in zip(axes, units):
        getattr(ax, f"set_{axis}label")(f"unit {unit}")
    if bounds is not None:
        ticks = [bounds[0], (bounds[0] + bounds[1]) / 2, bounds[1]]
        # In 2-D, a margin keeps points on the square's sides clear of the frame.
        margin = 0.0 if len(units) == 3 else 0.12 * (bounds[1] - bounds[0])
        for axis in axes:
            getattr(ax, f"set_{axis}lim")(bounds[0] - margin, bounds[1] + margin)
            getattr(ax, f"set_{axis}ticks")(ticks)
    if len(units) == 2:
        ax.set_aspect("equal")


def _draw_corners(ax, n: int, bounds: tuple[float, float]) -> None:
    """Hollow markers on the square's or cube's corners, labelled with their on/off pattern."""
    low, high = bounds
    corners = cube_corners(low, high, n)
    centre = (low + high) / 2
    ax.scatter(*corners.T, s=40, facecolors="none", edgecolors="0.35", linewidths=0.8,
               zorder=1)
    for corner in corners:
        pattern = "".join("1" if c == high else "0" for c in corner)
        nudge = np.where(corner > centre, 0.06, -0.06) * (high - low)
        ax.text(*(corner + nudge), pattern, color="0.25", fontsize=8, ha="center",
                va="center")


def _view_showing(corner: np.ndarray | None, centre: float) -> tuple[float, float]:
    """A view (elev, azim) in which `corner` lies far from the middle of the picture."""
    return _VIEWS[view_showing(corner, centre, _SIGHTS)]


def _draw_output_plane(ax, model: MLP, hidden: np.ndarray, units: Units,
                       bounds: Bounds) -> None:
    """The output's zero set in hidden space, clipped to the view: a line or a plane."""
    if bounds is None:
        shown = hidden[:, list(units)]
        low, high = shown.min(axis=0), shown.max(axis=0)
        high = np.where(high > low, high, low + 1)
    else:
        low, high = bounds
    weight = model.output_layer.weight.detach().double().cpu().numpy()[0, list(units)]
    bias = float(model.output_layer.bias.detach()[0])
    section = plane_in_box(weight, bias, low, high)
    if section is None:
        return
    label = "output = 0 (P = 0.5)"
    if len(units) == 2:
        ax.plot(*section.T, color=GREY, linewidth=2, linestyle="--", label=label)
    else:
        ax.add_collection3d(Poly3DCollection(
            [section], facecolor=GREY, edgecolor=GREY, alpha=0.3, label=label
        ))


def _corners_sentence(hidden: np.ndarray, bounds: Bounds) -> str:
    """'; 91% of the points sit near a corner of the cube' for bounded activations, else ''."""
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
    bounds = activation_range(model.activation)
    three_d = len(units) == 3
    ax = axes_for(ax, figsize=(5.6, 5.0) if three_d else (5.0, 5.0), three_d=three_d)
    _draw_hidden_space(ax, hidden, y, names, units, bounds)
    if bounds is not None:
        _draw_corners(ax, len(units), bounds)
    if plane:
        _draw_output_plane(ax, model, hidden, units, bounds)
    if three_d:
        if not view:  # keep class 0's corner off the middle of the picture
            corner = None
            if bounds is not None and (y == 0).any():
                corner = nearest_corner(hidden[:, list(units)][y == 0],
                                        cube_corners(*bounds, 3))
            view = _view_showing(corner, sum(bounds) / 2 if bounds else 0.0)
        ax.view_init(*view)
        ax.set_box_aspect(None, zoom=0.85)  # room for the corner labels
        if bounds is not None:  # the corner labels say where 0 and 1 are
            for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
                axis.set_ticklabels([])
                axis.labelpad = -8
    ax.set_title(f"Hidden space of a {model_name(model)}")
    ax.legend(loc="upper left" if three_d else "best", markerscale=1.5)
    record(ax, _hidden_space_sentence(model, hidden, y, names, units, plane, bounds))
    return ax


def _hidden_space_sentence(model: MLP, hidden: np.ndarray, y: np.ndarray, names: list[str],
                           units: Units, plane: bool, bounds: Bounds) -> str:
    text = (f"{len(units)}-D scatter plot of {len(hidden)} points ({class_counts(y, names)}) "
            f"at the activations of hidden units {and_([str(u) for u in units])} of a "
            f"{model_name(model)}{_corners_sentence(hidden[:, list(units)], bounds)}")
    if bounds is not None:
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
    bounds = activation_range(model.activation)

    ncols = min(ncols, len(views))
    nrows = math.ceil(len(views) / ncols)
    fig = plt.figure(figsize=(2.4 * ncols, 2.4 * nrows + 0.8), layout="constrained",
                     facecolor="white")
    for k, units in enumerate(views):
        ax = fig.add_subplot(nrows, ncols, k + 1, projection="3d")
        cover(ax)  # the figure's description covers every panel
        _draw_hidden_space(ax, hidden, y, names, units, bounds)
        ax.set_title(f"units {units}")
        # Small panels: keep the grid lines, drop the tick labels, bring the labels in.
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.set_ticklabels([])
            axis.labelpad = -12
        ax.set_box_aspect(None, zoom=0.9)
    handles, texts = fig.axes[0].get_legend_handles_labels()
    fig.legend(handles, texts, loc="outside lower center", ncols=len(texts), markerscale=2)
    cube = f" (each axis from {bounds[0]:g} to {bounds[1]:g})" if bounds else ""
    fig.get_layout_engine().set(h_pad=0.1)
    fig.suptitle(f"Hidden space of a {model_name(model)}: all {len(views)} views of 3 units"
                 + cube)
    record(fig, _hidden_space_grid_sentence(model, hidden, y, names, len(views), bounds))
    return fig


def _hidden_space_grid_sentence(model: MLP, hidden: np.ndarray, y: np.ndarray,
                                names: list[str], n_views: int, bounds: Bounds) -> str:
    return (f"One 3-D scatter plot for each of the {n_views} choices of 3 of the "
            f"{model.width} hidden units, showing {len(hidden)} points "
            f"({class_counts(y, names)}) at their activations"
            f"{_corners_sentence(hidden, bounds)}.")
