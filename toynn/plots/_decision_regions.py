"""What a classifier predicts over the plane: `plot_decision_regions`."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colors as mcolors
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .._instances import check_model
from ..models import MLP
from ._describe import cover, record
from ._inputs import (
    axes_for,
    check_margin,
    check_resolution,
    class_labels,
    data_box,
    grid_over,
    input_array,
    model_outputs,
    pixel_extent,
)
from ._style import BLACK, CLASS_COLORS, scatter_classes
from ._text import and_, class_counts, model_name, num, pct


def _lightened(cmap) -> mcolors.Colormap:
    """`cmap` mixed with white, so that data drawn on top of it stays visible."""
    colormap = plt.get_cmap(cmap)
    return mcolors.ListedColormap(
        0.45 * colormap(np.linspace(0, 1, 256))[:, :3] + 0.55, name=f"{colormap.name}_light"
    )


def plot_decision_regions(model: MLP, X, y, *, labels: Sequence[str] | None = None,
                          resolution: int = 200, margin: float = 0.1, cmap="cividis",
                          ax: Axes | None = None) -> Axes:
    """What a classifier predicts over the plane, with the data on top.

    For a model with one output (a logit) the background is the probability of class 1,
    `sigmoid(model(x))`, on a grid (lightened so that the data stays visible), with a
    colour bar and a line where the probability is 0.5: the decision boundary.

    For a model with several outputs (one logit per class, as trained with `loss="ce"`)
    every point of the grid takes the lightened colour of its predicted class, the largest
    output, which is also the colour of that class's points; lines mark the decision
    boundaries, where the two largest outputs are equal.

    Args:
        model: A model with `in_features == 2` and one output, or one output per class
            (at most 6).
        X: Inputs, float tensor or array of shape `(N, 2)`; they set the view.
        y: Class labels 0, 1, ... of shape `(N,)`: 0 and 1 for one output.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        resolution: Grid points per side.
        margin: Extra space around the data, as a fraction of its extent.
        cmap: A sequential colormap (name or object) for the probability of one output;
            several outputs use the class colours.
        ax: Axes to draw on; a new figure if `None`. The colour bar takes space from it.

    Returns:
        The axes drawn on; `ax.images[0]` holds the probability of class 1 for one
        output, the predicted class for several, shape `(resolution, resolution)`.

    Raises:
        ValueError: If the model does not take 2 inputs or has more than 6 outputs, or
            `X` or `y` has the wrong shape.

    Examples:
        >>> from toynn import MLP, make_rings, make_spiral, plot_decision_regions
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_decision_regions(MLP(2, width=3, seed=0), X, y, resolution=50)
        >>> ax.images[0].get_array().shape
        (50, 50)

        Three classes, by a model with three outputs (untrained: it predicts class 2
        everywhere):

        >>> X, y = make_spiral(50, arms=3, seed=0)
        >>> ax = plot_decision_regions(MLP(2, 3, width=4, seed=0), X, y, resolution=50)
        >>> [text.get_text() for text in ax.get_legend().get_texts()]
        ['class 0', 'class 1', 'class 2']
        >>> int(ax.images[0].get_array().max())
        2
    """
    check_model(model, in_features=2, what="plot_decision_regions")
    if model.out_features > len(CLASS_COLORS):
        raise ValueError(
            f"plot_decision_regions draws at most {len(CLASS_COLORS)} classes, "
            f"this model has out_features={model.out_features}"
        )
    X = input_array(X, features=(2,))
    y, names = class_labels(y, len(X), labels)
    resolution = check_resolution(resolution)
    box = data_box(X, check_margin(margin))
    xs, ys, grid = grid_over(box, resolution)
    if model.out_features > 1:
        return _class_regions(model, X, y, names, box, xs, ys, grid, ax)
    logits = np.clip(model_outputs(model, grid), -500, 500)
    probs = (1 / (1 + np.exp(-logits))).reshape(resolution, resolution)

    ax = axes_for(ax, figsize=(5.8, 4.9))
    image = ax.imshow(probs, extent=pixel_extent(box, resolution), origin="lower",
                      aspect="equal", cmap=_lightened(cmap), vmin=0, vmax=1,
                      interpolation="bilinear", zorder=0)
    scatter_classes(ax, X, y, names, alpha=0.9, edgecolor="white")
    handles, texts = ax.get_legend_handles_labels()
    if probs.min() < 0.5 < probs.max():
        ax.contour(xs, ys, probs, levels=[0.5], colors=BLACK, linewidths=1.5, zorder=3)
        handles.append(Line2D([], [], color=BLACK, linewidth=1.5))
        texts.append("P = 0.5")
    cover(ax.figure.colorbar(image, ax=ax, label="P(class 1)", shrink=0.9).ax)
    _frame(ax, model, box, handles, texts)
    record(ax, _decision_regions_sentence(model, X, y, names, probs))
    return ax


def _frame(ax: Axes, model: MLP, box, handles: list, texts: list[str]) -> None:
    """The view, labels, title and legend (below the axes) of a decision-region plot."""
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=f"Predictions of a {model_name(model)}")
    # Two columns: three entries in a row were wider than a map drawn for a phone, and the
    # layout then squeezed the map around them to nothing.
    ax.legend(handles, texts, loc="upper left", bbox_to_anchor=(0.0, -0.14), ncols=2,
              frameon=False, borderaxespad=0.0, markerscale=1.5)


def _class_regions(model: MLP, X: np.ndarray, y: np.ndarray, names: list[str], box,
                   xs: np.ndarray, ys: np.ndarray, grid: np.ndarray, ax: Axes | None) -> Axes:
    """`plot_decision_regions` for a model with one output per class."""
    n_classes = model.out_features
    names = names + [f"class {c}" for c in range(len(names), n_classes)]
    resolution = len(xs)
    logits = model_outputs(model, grid)  # (R * R, C)
    predicted = logits.argmax(axis=1).reshape(resolution, resolution)
    light = 0.45 * np.array([mcolors.to_rgb(c) for c in CLASS_COLORS[:n_classes]]) + 0.55

    ax = axes_for(ax, figsize=(5.4, 4.9))
    ax.imshow(predicted, extent=pixel_extent(box, resolution), origin="lower",
              aspect="equal", cmap=mcolors.ListedColormap(light), vmin=-0.5,
              vmax=n_classes - 0.5, interpolation="nearest", zorder=0)
    scatter_classes(ax, X, y, names, alpha=0.9, edgecolor="white")
    handles, texts = ax.get_legend_handles_labels()
    # Class c's region ends where its logit stops being the largest: the zero line of
    # logit_c - max(other logits). Each boundary between two regions is drawn from both.
    drawn = False
    for c in np.unique(predicted):
        others = np.delete(logits, c, axis=1).max(axis=1)
        lead = (logits[:, c] - others).reshape(resolution, resolution)
        if lead.min() < 0 < lead.max():
            ax.contour(xs, ys, lead, levels=[0.0], colors=BLACK, linewidths=1.2, zorder=3)
            drawn = True
    if drawn:
        handles.append(Line2D([], [], color=BLACK, linewidth=1.2))
        texts.append("decision boundary")
    _frame(ax, model, box, handles, texts)
    record(ax, _class_regions_sentence(model, X, y, names, predicted))
    return ax


def _class_regions_sentence(model: MLP, X: np.ndarray, y: np.ndarray, names: list[str],
                            predicted: np.ndarray) -> str:
    shares = np.bincount(predicted.ravel(), minlength=model.out_features) / predicted.size
    regions = and_([f"{names[c]} on {pct(share)}" for c, share in enumerate(shares) if share])
    right = model_outputs(model, X).argmax(axis=1) == y
    return (f"Predicted class of a {model_name(model)} over the plane ({regions} of the "
            f"view), with {len(X)} points on top: {class_counts(y, names)}; "
            f"{pct(right.mean())} of them lie in the region of their class.")


def _decision_regions_sentence(model: MLP, X: np.ndarray, y: np.ndarray, names: list[str],
                               probs: np.ndarray) -> str:
    text = (f"Predicted probability of class 1 of a {model_name(model)} over the plane "
            f"(from {num(probs.min())} to {num(probs.max())}), with {len(X)} points "
            f"on top: {class_counts(y, names)}")
    if y.max() <= 1:
        right = (model_outputs(model, X).reshape(-1) > 0) == (y == 1)
        text += f"; {pct(right.mean())} of them are on their class's side of P = 0.5"
    return text + "."
