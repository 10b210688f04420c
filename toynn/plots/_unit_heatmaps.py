"""Small multiples: each hidden unit of a 2-input model over the input plane."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import FigureBase

from .._activations import activation_range
from .._checks import positive_int
from .._instances import check_model
from ..models import MLP
from ._describe import cover, record
from ._inputs import (
    Box,
    check_margin,
    check_resolution,
    grid_over,
    optional_points,
    pixel_extent,
)
from ._network import _view
from ._style import BLACK, CLASS_COLORS, CLASS_MARKERS, GREY
from ._text import model_name, num, pct, plural


def _check_layer(model: MLP, layer) -> int:
    layer = positive_int(layer, "layer")
    if layer > model.depth:
        raise ValueError(f"layer must be between 1 and {model.depth} for this model of "
                         f"depth {model.depth}, got {layer}")
    return layer


def plot_unit_heatmaps(model: MLP, X=None, y=None, *, layer: int = 1,
                       labels: Sequence[str] | None = None, ncols: int = 4,
                       margin: float = 0.1, resolution: int = 150, cmap="Greys",
                       fig: FigureBase | None = None) -> FigureBase:
    """Every hidden unit of a layer over the input plane: one heatmap per unit.

    Panel `i` shows unit `i`'s activation `h` at every point of the plane, with one
    colour scale for all panels (a shared colour bar): the activation's whole range for
    sigmoid and tanh, what the units reach in the view for the others. A line marks
    where the unit's pre-activation `z` is 0: for a sigmoid unit the line where `h = 0.5`,
    for a ReLU unit the edge of the region where it is 0. In the first hidden layer that
    boundary is a straight line; deeper layers bend it. The data, if given, are drawn on
    top.

    Args:
        model: A model with 2 inputs, of any width and depth.
        X: Optional inputs, float tensor or array of shape `(N, 2)`, drawn on top; they
            set the view. Without them the view is a square around the origin that
            holds the first-layer lines.
        y: Optional class labels of shape `(N,)`; without them the points are grey.
        layer: Which hidden layer to show: 1 for the first, up to `model.depth`.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        ncols: Panels per row.
        margin: Extra space around `X`, as a fraction of its extent.
        resolution: Grid points per side of each heatmap.
        cmap: A sequential colormap (name or object).
        fig: An empty figure (or subfigure) to draw on; a new one if `None`.

    Returns:
        The figure drawn on; its first `width` axes are the panels, titled "unit 0",
        "unit 1", ..., each holding its heatmap as `ax.images[0]`; the last axes is the
        colour bar.

    Raises:
        TypeError: If `model` is not an [`MLP`][toynn.MLP] or `fig` is not a figure.
        ValueError: If the model's inputs are not 2, `layer` is not between 1 and the
            model's depth, `X` or `y` has the wrong shape, or `y` is given without `X`.

    Examples:
        >>> from toynn import MLP, make_rings, plot_unit_heatmaps
        >>> X, y = make_rings(100, seed=0)
        >>> fig = plot_unit_heatmaps(MLP(2, width=3, seed=0), X, y)
        >>> [ax.get_title() for ax in fig.axes[:3]]
        ['unit 0', 'unit 1', 'unit 2']
        >>> fig.axes[0].images[0].get_array().shape
        (150, 150)
    """
    check_model(model, in_features=2, what="plot_unit_heatmaps")
    layer = _check_layer(model, layer)
    ncols = positive_int(ncols, "ncols")
    margin = check_margin(margin)
    resolution = check_resolution(resolution)
    X, y, names = optional_points(X, y, labels)
    if fig is not None and not isinstance(fig, FigureBase):
        raise TypeError(f"fig must be a matplotlib Figure or None, got {type(fig).__name__}")
    box = _view(model, X, margin)
    xs, ys, grid = grid_over(box, resolution)
    with torch.no_grad():
        parameter = next(model.parameters())
        points = torch.as_tensor(grid, dtype=parameter.dtype, device=parameter.device)
        z = model.pre_activations(points)[layer - 1].double().cpu().numpy()
        h = model.hidden(points)[layer - 1].double().cpu().numpy()
    low, high = activation_range(model.activation) or (float(h.min()), float(h.max()))
    if not high > low:
        low, high = low - 1.0, high + 1.0

    ncols = min(ncols, model.width)
    nrows = math.ceil(model.width / ncols)
    if fig is None:
        fig = plt.figure(figsize=(2.3 * ncols + 1.0, 2.3 * nrows + 1.2), layout="compressed",
                         facecolor="white")
    panels = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
    extent = pixel_extent(box, resolution)
    for i, ax in enumerate(panels.flat):
        if i >= model.width:
            ax.set_visible(False)
            continue
        cover(ax)  # the figure's description covers every panel
        image = ax.imshow(h[:, i].reshape(resolution, resolution), extent=extent,
                          origin="lower", aspect="equal", cmap=cmap, vmin=low, vmax=high,
                          interpolation="bilinear", zorder=0)
        unit_z = z[:, i].reshape(resolution, resolution)
        if unit_z.min() < 0 < unit_z.max():
            ax.contour(xs, ys, unit_z, levels=[0.0], colors=BLACK, linewidths=1.5, zorder=3)
        if X is not None and y is None:
            ax.scatter(*X.T, s=4, color=GREY, alpha=0.5, linewidths=0, zorder=2)
        elif X is not None:
            for c in np.unique(y):
                ax.scatter(*X[y == c].T, s=7, color=CLASS_COLORS[c], marker=CLASS_MARKERS[c],
                           alpha=0.7, edgecolors="white", linewidths=0.3, zorder=2,
                           label=names[c])
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
        ax.set_title(f"unit {i}")
    for ax in panels[-1]:
        ax.set_xlabel("$x_1$")
    for ax in panels[:, 0]:
        ax.set_ylabel("$x_2$")
    if y is not None:
        handles, texts = panels.flat[0].get_legend_handles_labels()
        fig.legend(handles, texts, loc="outside lower center", ncols=len(texts),
                   markerscale=2.5)
    name = model.activation_name
    fig.colorbar(image, ax=panels, label=f"activation h ({name})", shrink=0.9)
    line = "h = 0.5" if name == "sigmoid" else "z = 0"
    where = f" of hidden layer {layer}" if model.depth > 1 else ""
    fig.suptitle(f"Each hidden unit{where} over the plane; the line: {line}")
    record(fig, _unit_heatmaps_sentence(model, layer, h, z, box, X, low, high))
    return fig


def _unit_heatmaps_sentence(model: MLP, layer: int, h: np.ndarray, z: np.ndarray, box: Box,
                            X: np.ndarray | None, low: float, high: float) -> str:
    where = f"hidden layer {layer}" if model.depth > 1 else "the hidden layer"
    shares = (z > 0).mean(axis=0)
    on = ", ".join(f"unit {i} {pct(s)}" for i, s in enumerate(shares))
    text = (f"{plural(model.width, 'heatmap')}, one for each unit of {where} of a "
            f"{model_name(model)}: its activation over the plane from x1 = {num(box[0])} "
            f"to {num(box[1])} and x2 = {num(box[2])} to {num(box[3])}, on one colour "
            f"scale from {num(low)} to {num(high)}, with the line where its pre-activation "
            f"is 0. Share of the view where each unit's pre-activation is positive: {on}")
    if X is not None:
        text += f". {len(X)} points are drawn on top"
    return text + "."
