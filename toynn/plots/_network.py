"""A network as a diagram: nodes in layers, edges weighted by the weights, heatmaps inside."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .._activations import activation_range
from .._instances import check_model
from ..models import MLP
from ._describe import record
from ._hidden_lines import _lines_box
from ._inputs import (
    Box,
    axes_for,
    check_margin,
    check_resolution,
    data_box,
    grid_over,
    input_array,
    model_outputs,
)
from ._style import BLACK, BLUE, GREY, VERMILLION
from ._text import model_name, num, plural

# Edges: positive weights solid blue, negative ones dashed vermillion, so that the sign
# shows without colour too.
_SIGNS = {True: {"color": BLUE, "linestyle": "-"},
          False: {"color": VERMILLION, "linestyle": (0, (3, 1.5))}}
_MIN_WIDTH, _MAX_WIDTH = 0.4, 5.0  # edge line widths (points) for |w| = 0 and the largest
_RADIUS = 0.36  # node radius, in units of the vertical distance between nodes
_COLUMN_GAP = 2.0  # horizontal distance between layers, in the same units


def _square(box: Box) -> Box:
    """The square with the centre of `box` whose side is the longer side of `box`."""
    cx, cy = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
    half = max(box[1] - box[0], box[3] - box[2]) / 2
    return cx - half, cx + half, cy - half, cy + half


def _view(model: MLP, X, margin: float) -> Box:
    """The square of the input plane that the heatmaps show."""
    if X is not None:
        return _square(data_box(input_array(X, features=(2,)), margin))
    layer = model.hidden_layers[0]
    W, b = layer.weight.detach().double().cpu().numpy(), layer.bias.detach().double().cpu().numpy()
    return _lines_box(W, b)


@torch.no_grad()
def _node_values(model: MLP, grid: np.ndarray) -> list[np.ndarray]:
    """Per layer after the input: activations of every hidden unit, then the raw outputs."""
    parameter = next(model.parameters())
    points = torch.as_tensor(grid, dtype=parameter.dtype, device=parameter.device)
    hidden = [h.double().cpu().numpy() for h in model.hidden(points)]
    return [*hidden, model_outputs(model, grid).reshape(len(grid), -1)]


def _weights(model: MLP) -> list[np.ndarray]:
    """Each layer's weight matrix `(out, in)` as float64 arrays, hidden layers first."""
    return [layer.weight.detach().double().cpu().numpy() for layer in model.layers]


def _positions(sizes: Sequence[int]) -> list[np.ndarray]:
    """Centres `(n, 2)` of the nodes of each column: columns left to right, top to bottom."""
    return [np.column_stack([np.full(n, _COLUMN_GAP * k), (n - 1) / 2 - np.arange(n)])
            for k, n in enumerate(sizes)]


def _check_heatmaps(model: MLP, heatmaps) -> bool:
    if heatmaps is None:
        return model.in_features == 2
    if not isinstance(heatmaps, bool):
        raise TypeError(f"heatmaps must be True, False or None, got {heatmaps!r}")
    if heatmaps and model.in_features != 2:
        raise ValueError(
            "heatmaps=True needs a model with in_features=2 (each unit is drawn over the "
            f"input plane), but this model has in_features={model.in_features}; "
            "pass heatmaps=False"
        )
    return heatmaps


def _input_names(n: int) -> list[str]:
    return [f"$x_{{{i + 1}}}$" for i in range(n)]


def _plain_name(name: str) -> str:
    """'$x_{1}$' as 'x_1'; other names as they are."""
    return name.replace("$", "").replace("{", "").replace("}", "")


def _output_names(n: int) -> list[str]:
    return ["output"] if n == 1 else [f"output {k}" for k in range(n)]


def plot_network(model: MLP, X=None, *, heatmaps: bool | None = None, margin: float = 0.1,
                 resolution: int = 48, cmap="Greys", ax: Axes | None = None) -> Axes:
    """The network as a diagram: inputs, hidden units and outputs joined by their weights.

    Each column is a layer, the inputs on the left and the outputs on the right; every
    weight is an edge from a unit to a unit of the next layer. An edge's line width grows
    with the weight's size `|w|` (the largest weight of the net gets the widest line) and
    its sign shows twice: positive weights are solid blue lines, negative ones dashed
    vermillion lines. Biases are not drawn.

    For a model with 2 inputs, every hidden unit and every output can show, inside its
    node, a small heatmap of its value over the input plane: the activation `h` of a
    hidden unit (dark where it is low, light where it is high), the raw output of an
    output node. A first-layer unit shows its line: the boundary between its dark and its
    light half-plane. Units of deeper layers show the shapes they build from those lines.
    Bounded activations (sigmoid, tanh) use their whole range for the colour scale; for
    the others, and for the outputs, each node's scale runs from the lowest to the
    highest value it takes in the view.

    Args:
        model: Any [`MLP`][toynn.MLP]: any number of inputs, outputs, width and depth.
        X: Optional inputs, float tensor or array of shape `(N, 2)`, that set the view of
            the heatmaps: the square around their bounding box plus `margin`. Without
            them the view is a square around the origin that holds the first-layer lines.
        heatmaps: Draw the heatmaps inside the nodes. `None` (the default) draws them
            for models with 2 inputs and plain nodes for the others.
        margin: Extra space around `X`, as a fraction of its extent.
        resolution: Grid points per side of each heatmap.
        cmap: A sequential colormap (name or object) for the heatmaps.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on. `ax.lines` holds one edge per weight, layer by layer, each
        with a label such as `"w 1: unit 0 <- x_1"` (layer 1, from input 1 to hidden unit
        0) or `"w 2: output <- unit 2"`; `ax.images` holds one heatmap per hidden unit
        and output, in the same order as the nodes, top to bottom and left to right.

    Raises:
        TypeError: If `model` is not an [`MLP`][toynn.MLP] or `heatmaps` is not a bool
            or `None`.
        ValueError: If `heatmaps=True` for a model whose inputs are not 2, `X` has the
            wrong shape, `margin` is negative or `resolution` is below 2.

    Examples:
        >>> from toynn import MLP, make_rings, plot_network
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_network(MLP(2, width=3, seed=0), X)
        >>> len(ax.lines), len(ax.images)  # 2 * 3 + 3 * 1 weights; 3 hidden units + output
        (9, 4)

        A model with 4 inputs is drawn without heatmaps:

        >>> ax = plot_network(MLP(4, 2, width=5, depth=2, seed=0))
        >>> len(ax.lines), len(ax.images)
        (55, 0)
    """
    check_model(model)
    show_maps = _check_heatmaps(model, heatmaps)
    margin = check_margin(margin)
    resolution = check_resolution(resolution)
    box = _view(model, X, margin) if show_maps else None
    if not show_maps and X is not None:
        input_array(X, features=(model.in_features,))  # still check what was given
    ax = axes_for(ax, figsize=_network_size(model))

    sizes = [model.in_features] + [model.width] * model.depth + [model.out_features]
    centres = _positions(sizes)
    weights = _weights(model)
    largest = max(float(np.abs(w).max()) for w in weights)
    names = [_input_names(model.in_features),
             *[[f"unit {i}" for i in range(model.width)]] * model.depth,
             _output_names(model.out_features)]
    for k, w in enumerate(weights):
        _draw_edges(ax, k, w, centres[k], centres[k + 1], names[k], names[k + 1], largest)

    values = _node_values(model, grid_over(box, resolution)[2]) if show_maps else None
    for k, column in enumerate(centres):
        for i, centre in enumerate(column):
            circle = Circle(tuple(centre), _RADIUS, facecolor="white", edgecolor=BLACK,
                            linewidth=1.2, zorder=3)
            ax.add_patch(circle)
            if values is not None and k > 0:
                unit = values[k - 1][:, i]
                scale = _scale(model, unit, output=k == len(centres) - 1)
                image = unit.reshape(resolution, resolution)
                _draw_heatmap(ax, image, centre, circle, scale, cmap)
    _label_nodes(ax, model, centres)

    ax.set_aspect("equal")
    ax.set_xlim(-1.1, _COLUMN_GAP * (len(sizes) - 1) + 1.3)
    top = (max(sizes) - 1) / 2 + 0.75
    ax.set_ylim(-top - 0.1, top)
    ax.axis("off")
    ax.legend(handles=[Line2D([], [], linewidth=2.5, **_SIGNS[True]),
                       Line2D([], [], linewidth=2.5, **_SIGNS[False])],
              labels=["positive weight", "negative weight"], loc="upper center",
              bbox_to_anchor=(0.5, 0.0), ncols=2, frameon=False, borderaxespad=0.0)
    ax.set_title(f"A {model_name(model)}")
    record(ax, _network_sentence(model, weights, names, box))
    return ax


def _network_size(model: MLP) -> tuple[float, float]:
    columns = model.depth + 2
    rows = max(model.in_features, model.width, model.out_features)
    return 1.6 * columns + 1.4, max(2.8, 0.85 * rows + 1.3)


def _draw_edges(ax: Axes, k: int, w: np.ndarray, sources: np.ndarray, targets: np.ndarray,
                source_names: list[str], target_names: list[str], largest: float) -> None:
    """One line per weight `w[j, i]`, from source node `i` to target node `j`."""
    for j, end in enumerate(targets):
        for i, start in enumerate(sources):
            weight = float(w[j, i])
            width = _MIN_WIDTH + (_MAX_WIDTH - _MIN_WIDTH) * abs(weight) / largest \
                if largest > 0 else _MIN_WIDTH
            label = f"w {k + 1}: {target_names[j]} <- {_plain_name(source_names[i])}"
            ax.plot([start[0], end[0]], [start[1], end[1]], linewidth=width, zorder=2,
                    solid_capstyle="butt", dash_capstyle="butt", label=label,
                    **_SIGNS[weight >= 0])


def _scale(model: MLP, values: np.ndarray, *, output: bool) -> tuple[float, float]:
    """Colour range of a node's heatmap: the activation's bounds, else what it reaches."""
    bounds = None if output else activation_range(model.activation)
    if bounds is not None:
        return bounds
    low, high = float(values.min()), float(values.max())
    return (low, high) if high > low else (low, low + 1.0)  # a constant: the low colour


def _draw_heatmap(ax: Axes, image: np.ndarray, centre: np.ndarray, circle: Circle,
                  scale: tuple[float, float], cmap) -> None:
    """`image` in the square around `circle`, clipped to the circle."""
    x, y = centre
    extent = (x - _RADIUS, x + _RADIUS, y - _RADIUS, y + _RADIUS)
    shown = ax.imshow(image, extent=extent, origin="lower", cmap=cmap, vmin=scale[0],
                      vmax=scale[1], interpolation="bilinear", zorder=4)
    shown.set_clip_path(circle)
    ax.add_patch(Circle(tuple(centre), _RADIUS, facecolor="none", edgecolor=BLACK,
                        linewidth=1.2, zorder=5))


def _label_nodes(ax: Axes, model: MLP, centres: list[np.ndarray]) -> None:
    """Input names left of the inputs, output names right of the outputs, layer titles on top."""
    style = {"fontsize": 11, "va": "center", "zorder": 6}
    for name, (x, y) in zip(_input_names(model.in_features), centres[0]):
        ax.text(x - _RADIUS - 0.12, y, name, ha="right", **style)
    for name, (x, y) in zip(_output_names(model.out_features), centres[-1]):
        ax.text(x + _RADIUS + 0.12, y, name, ha="left", **style)
    top = max(len(column) for column in centres) / 2 - 0.5 + _RADIUS + 0.12
    headings = (["inputs"] + [f"hidden {k + 1}" if model.depth > 1 else "hidden"
                              for k in range(model.depth)] + ["output"])
    for heading, column in zip(headings, centres):
        ax.text(column[0, 0], top, heading, ha="center", va="bottom", fontsize=10, color=GREY)


def _network_sentence(model: MLP, weights: list[np.ndarray], names: list[list[str]],
                      box: Box | None) -> str:
    units = "hidden unit" if model.width == 1 else "hidden units"
    layers = (f"{model.width} {model.activation_name} {units}" if model.depth == 1
              else f"{model.depth} hidden layers of {model.width} {model.activation_name} units")
    text = (f"A network diagram of a {model_name(model)}: "
            f"{plural(model.in_features, 'input')}, {layers} and "
            f"{plural(model.out_features, 'output')}, joined by "
            f"{plural(sum(w.size for w in weights), 'weight')}")
    positive = sum(int((w >= 0).sum()) for w in weights)
    negative = sum(int((w < 0).sum()) for w in weights)
    text += f" ({positive} positive, solid blue; {negative} negative, dashed vermillion)"
    k, flat = max(enumerate(weights), key=lambda kw: float(np.abs(kw[1]).max()))
    j, i = np.unravel_index(int(np.abs(flat).argmax()), flat.shape)
    source = _plain_name(names[k][i]).replace("_", "")
    text += (f". Edge widths show the weights' sizes; the largest, {num(flat[j, i])}, "
             f"goes from {source} to {names[k + 1][j]}")
    if box is not None:
        text += (f". Inside each hidden unit and output, a heatmap shows its value over "
                 f"the input plane from x1 = {num(box[0])} to {num(box[1])} and "
                 f"x2 = {num(box[2])} to {num(box[3])}, light where it is high")
    return text + "."
