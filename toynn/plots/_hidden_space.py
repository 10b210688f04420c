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

from .._checks import activation_range, check_model, positive_int
from ..models import MLP
from ._describe import cover, record
from ._inputs import axes_for, class_labels, input_array
from ._style import GREY, scatter_classes
from ._text import and_, class_counts, model_name, pct

Units = tuple[int, int, int]


def _check_width(model: MLP) -> None:
    if model.width < 3:
        raise ValueError(
            f"a 3-D hidden space needs at least 3 hidden units, this model has width {model.width}"
        )


def _check_units(model: MLP, units) -> Units:
    _check_width(model)
    if isinstance(units, (str, bytes)) or not isinstance(units, Sequence) or len(units) != 3:
        raise ValueError(f"units must be 3 distinct unit indices, got {units!r}")
    if not all(isinstance(u, Integral) and not isinstance(u, bool) for u in units):
        raise ValueError(f"units must be 3 distinct integer unit indices, got {units!r}")
    if len(set(units)) != 3:
        raise ValueError(f"units must be 3 distinct unit indices, got {units!r}")
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
    """Scatter the chosen columns of the activations `hidden` in 3-D and label the axes."""
    scatter_classes(ax, hidden[:, list(units)], y, names, alpha=0.5, depthshade=False)
    ax.set_xlabel(f"unit {units[0]}")
    ax.set_ylabel(f"unit {units[1]}")
    ax.set_zlabel(f"unit {units[2]}")
    bounds = activation_range(model.activation)
    if bounds is not None:
        ticks = [bounds[0], (bounds[0] + bounds[1]) / 2, bounds[1]]
        for axis in ("x", "y", "z"):
            getattr(ax, f"set_{axis}lim")(*bounds)
            getattr(ax, f"set_{axis}ticks")(ticks)


def _plane_polygon(normal: np.ndarray, offset: float, low: np.ndarray,
                   high: np.ndarray) -> np.ndarray | None:
    """Corners, in order, of the plane `normal · h + offset = 0` cut by the box `[low, high]`."""
    corners = np.array(list(itertools.product(*zip(low, high, strict=True))))
    found = []
    for a, b in itertools.combinations(corners, 2):
        if np.count_nonzero(a != b) != 1:
            continue  # not an edge of the box
        fa, fb = normal @ a + offset, normal @ b + offset
        if fa != fb and fa * fb <= 0:
            found.append(a + fa / (fa - fb) * (b - a))
    if len(found) < 3:
        return None
    points = np.unique(np.round(found, 12), axis=0)
    if len(points) < 3:
        return None
    centred = points - points.mean(axis=0)
    u = centred[np.argmax(np.linalg.norm(centred, axis=1))]
    v = np.cross(normal, u)
    return points[np.argsort(np.arctan2(centred @ v, centred @ u))]


def _draw_output_plane(ax, model: MLP, hidden: np.ndarray, units: Units) -> None:
    """The output unit's zero set in the hidden space of a width-3 model, clipped to the view."""
    shown = hidden[:, list(units)]
    bounds = activation_range(model.activation)
    if bounds is None:
        low, high = shown.min(axis=0), shown.max(axis=0)
        high = np.where(high > low, high, low + 1)
    else:
        low, high = np.full(3, bounds[0]), np.full(3, bounds[1])
    weight = model.output_layer.weight.detach().double().cpu().numpy()[0, list(units)]
    bias = float(model.output_layer.bias.detach()[0])
    polygon = _plane_polygon(weight, bias, low, high)
    if polygon is not None:
        ax.add_collection3d(Poly3DCollection(
            [polygon], facecolor=GREY, edgecolor=GREY, alpha=0.3, label="output = 0 (P = 0.5)"
        ))


def _corners_sentence(model: MLP, hidden: np.ndarray) -> str:
    """'; 91% of the points sit near a corner of the cube' for bounded activations, else ''."""
    bounds = activation_range(model.activation)
    if bounds is None:
        return ""
    low, high = bounds
    margin = 0.1 * (high - low)
    near = ((hidden < low + margin) | (hidden > high - margin)).all(axis=1)
    cube = "cube" if hidden.shape[1] == 3 else f"{hidden.shape[1]}-D cube"
    return f"; {pct(near.mean())} of the points sit near a corner of the {cube}"


def plot_hidden_space(model: MLP, X, y, *, units: Sequence[int] = (0, 1, 2),
                      labels: Sequence[str] | None = None, plane: bool = False,
                      ax: Axes | None = None) -> Axes:
    """Every point at its coordinates in hidden space: the activations of three units.

    For sigmoid units the points lie in the unit cube; saturated units put them on its
    edges and corners, where a plane can separate classes that no line could separate
    in the input plane.

    Args:
        model: A model with at least 3 hidden units; the first hidden layer is shown.
        X: Inputs, float tensor or array of shape `(N, in_features)`.
        y: Class labels of shape `(N,)`.
        units: Indices of the three hidden units to use as x, y and z.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        plane: Also draw where the output is 0 (probability 0.5): for a model with one
            hidden layer of 3 units that set is a plane in hidden space, the plane that
            separates the classes.
        ax: A 3-D axes to draw on (`fig.add_subplot(projection="3d")`); a new figure if `None`.

    Returns:
        The 3-D axes drawn on.

    Raises:
        ValueError: If the model has fewer than 3 hidden units, `units` are not 3 distinct
            indices below the width, `ax` is not a 3-D axes, `X` or `y` has the wrong shape,
            or `plane=True` for a model that is not a one-layer width-3 net with one output.

    Examples:
        >>> from toynn import MLP, make_rings, plot_hidden_space
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_hidden_space(MLP(2, width=4, seed=0), X, y, units=(0, 2, 3))
        >>> ax.get_xlabel(), ax.get_zlabel(), ax.get_xlim() == (0, 1)
        ('unit 0', 'unit 3', True)
    """
    check_model(model)
    units = _check_units(model, units)
    if plane and (model.depth != 1 or model.width != 3 or model.out_features != 1):
        raise ValueError(
            "plane=True needs a model with one hidden layer of exactly 3 units and one "
            f"output (only then is its output a plane in hidden space), got {model!r}"
        )
    hidden = _first_hidden(model, X)
    y, names = class_labels(y, len(hidden), labels)
    ax = axes_for(ax, figsize=(5.6, 5.0), three_d=True)
    _draw_hidden_space(ax, model, hidden, y, names, units)
    if plane:
        _draw_output_plane(ax, model, hidden, units)
    ax.set_title(f"Hidden space of a {model_name(model)}")
    ax.legend(loc="upper left", markerscale=1.5)
    record(ax, _hidden_space_sentence(model, hidden, y, names, units, plane))
    return ax


def _hidden_space_sentence(model: MLP, hidden: np.ndarray, y: np.ndarray, names: list[str],
                           units: Units, plane: bool) -> str:
    text = (f"3-D scatter plot of {len(hidden)} points ({class_counts(y, names)}) "
            f"at the activations of hidden units {and_([str(u) for u in units])} of a "
            f"{model_name(model)}{_corners_sentence(model, hidden[:, list(units)])}")
    if plane:
        text += "; a grey plane marks where the output is 0 (P = 0.5)"
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
