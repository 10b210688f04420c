"""The plane after each layer of a width-2 net: `plot_layers`."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .._checks import positive_int
from .._instances import check_model
from ..models import MLP
from ._describe import cover, record
from ._inputs import class_labels, data_box, input_array
from ._style import BLACK, scatter_classes
from ._text import class_counts, model_name

GRID_LINES = 11  # about this many lines of the grid in each direction
GRID_SAMPLES = 201  # points along each grid line: enough for its image to look smooth
GRID_COLOR = "0.8"
BOUNDARY_RESOLUTION = 300  # grid of the last panel on which the output's zero is found


def _check_plane_model(model: MLP) -> None:
    check_model(model, in_features=2, what="plot_layers")
    if model.width != 2:
        raise ValueError(
            "plot_layers draws each hidden layer's pre-activations as points of a plane, "
            f"which needs width 2, but this model has width {model.width}"
        )


def _closed(loop: np.ndarray) -> np.ndarray:
    """`loop` with its first point repeated at the end, unless it already ends there.

    "There" to float32 precision: a circle drawn from angles 0 to 2π ends at its start.
    """
    scale = max(1.0, float(np.abs(loop).max()))
    if np.allclose(loop[0], loop[-1], rtol=0.0, atol=1e-6 * scale):
        return loop
    return np.vstack([loop, loop[:1]])


def _grid_lines(box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """Lines of a square grid at round values covering `box`, each of shape `(S, 2)`."""
    locator = MaxNLocator(nbins=GRID_LINES - 1, steps=[1, 2, 2.5, 5, 10])
    xs, ys = locator.tick_values(box[0], box[1]), locator.tick_values(box[2], box[3])
    along_x = np.linspace(xs[0], xs[-1], GRID_SAMPLES)
    along_y = np.linspace(ys[0], ys[-1], GRID_SAMPLES)
    lines = [np.column_stack([np.full_like(along_y, x), along_y]) for x in xs]
    lines += [np.column_stack([along_x, np.full_like(along_x, y)]) for y in ys]
    return lines


@torch.no_grad()
def _images(model: MLP, P: np.ndarray) -> list[np.ndarray]:
    """`P` itself, then its pre-activations in each hidden layer, as float64 arrays."""
    parameter = model.output_layer.weight
    P_tensor = torch.as_tensor(P, dtype=parameter.dtype, device=parameter.device)
    return [P, *(z.double().cpu().numpy() for z in model.pre_activations(P_tensor))]


@torch.no_grad()
def _draw_boundary(ax: Axes, model: MLP) -> bool:
    """Dash the output's zero, `v · activation(z) + c = 0`, in the view of `ax`.

    Returns whether it crosses the view (and so was drawn).
    """
    xs = np.linspace(*ax.get_xlim(), BOUNDARY_RESOLUTION)
    ys = np.linspace(*ax.get_ylim(), BOUNDARY_RESOLUTION)
    gx, gy = np.meshgrid(xs, ys)
    parameter = model.output_layer.weight
    z = torch.as_tensor(np.column_stack([gx.ravel(), gy.ravel()]), dtype=parameter.dtype,
                        device=parameter.device)
    out = model.output_layer(model.activation(z))[:, 0].double().cpu().numpy()
    out = out.reshape(gx.shape)
    if not out.min() < 0 < out.max():
        return False
    ax.contour(xs, ys, out, levels=[0], colors=BLACK, linestyles="--", linewidths=1.5)
    return True


def plot_layers(model: MLP, X, y, *, loop=None, labels: Sequence[str] | None = None,
                ncols: int = 3) -> Figure:
    """The plane after each layer of a width-2 net: points, a grid and a loop, layer by layer.

    A hidden layer of width 2 maps the plane to the plane. The first panel shows the
    input: the points, a square grid of light lines over them and, if given, a closed
    loop. Panel `k + 1` shows the same in the pre-activations `z = W h + b` of hidden layer
    `k + 1` (see [`MLP.pre_activations`][toynn.MLP.pre_activations]): how the layers
    stretch, shear and fold the plane. Pre-activations, not activations: the activation
    maps them one-to-one onto the activations, but a sigmoid squeezes them into the
    corners of the unit square, where nothing can be seen. For a model with one output,
    the last panel also shows the output's boundary, where `v · activation(z) + c = 0`
    (probability 0.5 for a classifier), as a dashed curve: the straight line that the
    output draws in the last layer's activations, seen in its pre-activations.

    Args:
        model: A model with 2 inputs and width 2, of any depth.
        X: Inputs, float tensor or array of shape `(N, 2)`.
        y: Class labels of shape `(N,)`.
        loop: Points of a closed curve, of shape `(L, 2)`, such as a circle between two
            classes, drawn in black in every panel; the last point is joined to the first
            unless it is already there. `None` draws no loop.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        ncols: Panels per row; the `depth + 1` panels wrap onto more rows.

    Returns:
        The new figure; `fig.axes` holds the `depth + 1` panels, the input first.

    Raises:
        ValueError: If the model does not have 2 inputs and width 2, `X`, `y` or `loop`
            has the wrong shape, or `ncols` is not a positive integer.
        TypeError: If `model` is not an [`MLP`][toynn.MLP].

    Examples:
        >>> import math
        >>> import torch
        >>> from toynn import MLP, make_rings, plot_layers
        >>> X, y = make_rings(100, seed=0)
        >>> angle = torch.linspace(0, 2 * math.pi, 201)
        >>> circle = 2 * torch.stack([angle.cos(), angle.sin()], dim=1)
        >>> fig = plot_layers(MLP(2, width=2, depth=3, seed=0), X, y, loop=circle)
        >>> [ax.get_title() for ax in fig.axes]
        ['input', 'after layer 1', 'after layer 2', 'after layer 3']
    """
    _check_plane_model(model)
    ncols = positive_int(ncols, "ncols")
    X = input_array(X, features=(2,))
    y, names = class_labels(y, len(X), labels)
    loops = None
    if loop is not None:
        loops = _images(model, _closed(input_array(loop, "loop", features=(2,))))
    points = _images(model, X)
    shown = np.vstack([X, loops[0]]) if loops else X
    grids = [_images(model, line) for line in _grid_lines(data_box(shown, 0.125))]

    n_panels = model.depth + 1
    ncols = min(ncols, n_panels)
    nrows = math.ceil(n_panels / ncols)
    fig = plt.figure(figsize=(4.0 * ncols, 4.0 * nrows), layout="constrained",
                     facecolor="white")
    for k in range(n_panels):
        ax = fig.add_subplot(nrows, ncols, k + 1)
        cover(ax)  # the figure's description covers every panel
        for grid in grids:
            ax.plot(*grid[k].T, color=GRID_COLOR, linewidth=0.5, zorder=0)
        scatter_classes(ax, points[k], y, names)
        if loops:
            ax.plot(*loops[k].T, color=BLACK, linewidth=1.2, label="loop")
        view = np.vstack([points[k], loops[k]]) if loops else points[k]
        x0, x1, y0, y1 = data_box(view, 0.08)
        ax.set(xlim=(x0, x1), ylim=(y0, y1))
        if k == 0:
            ax.set(xlabel="$x_1$", ylabel="$x_2$", title="input")
            ax.legend(loc="best", markerscale=1.5)
        else:
            ax.set(xlabel=f"$z_1$ of layer {k}", ylabel=f"$z_2$ of layer {k}",
                   title=f"after layer {k}")
    boundary = model.out_features == 1 and _draw_boundary(ax, model)
    fig.suptitle(f"The plane after each layer of a {model_name(model)}")
    record(fig, _layers_sentence(model, y, names, loops, boundary))
    return fig


def _layers_sentence(model: MLP, y: np.ndarray, names: list[str],
                     loops: list[np.ndarray] | None, boundary: bool) -> str:
    layers = "the hidden layer" if model.depth == 1 else f"each of the {model.depth} hidden layers"
    text = (f"One panel for the input plane and one for {layers} of a {model_name(model)}, "
            f"in its pre-activations z = W h + b (before the {model.activation_name}), "
            f"each showing {len(y)} points ({class_counts(y, names)}) and the image of a "
            f"square grid of the input plane (light grey lines)")
    if loops:
        text += " and of a closed loop (black line)"
    if model.out_features == 1:
        text += ("; in the last panel, a dashed black curve marks where the output is 0"
                 if boundary else "; the output is not 0 anywhere in the last panel's view")
    return text + "."
