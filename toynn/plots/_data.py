"""Plots of a dataset and of training: `plot_data` and `plot_losses`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Real

import numpy as np
import torch
from matplotlib.axes import Axes

from .._checks import float_tensor
from .._losses import loss_name
from ..training import History
from ._describe import record
from ._inputs import axes_for, class_labels, input_array, target_array
from ._style import BLUE, legend_outside, log_y, marker_size, scatter_classes, series_style
from ._text import class_counts, loss_label, num, plural


def plot_data(X, y, *, labels: Sequence[str] | None = None, ax: Axes | None = None) -> Axes:
    """Scatter a dataset: classes in the plane, or the samples of a 1-D curve.

    With 2-D inputs every class gets its own colour and marker and the axes have equal
    aspect, so rings look round. With 1-D inputs the targets are drawn against the inputs.

    Args:
        X: Inputs, float tensor or array of shape `(N, 2)` (classification) or of shape
            `(N, 1)` or `(N,)` (regression).
        y: Targets of shape `(N,)`: class labels 0, 1, ... for 2-D inputs, any real
            values for 1-D inputs.
        labels: Names of the classes, indexed by class label; default "class 0", "class 1", ...
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If `X` or `y` has the wrong shape, their lengths differ, 2-D data has
            labels other than small non-negative integers, or `labels` is too short.

    Examples:
        >>> from toynn import make_rings, plot_data
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_data(X, y, labels=["disc", "ring"])
        >>> [text.get_text() for text in ax.get_legend().get_texts()]
        ['disc', 'ring']
    """
    X = input_array(X)
    if X.shape[1] == 1:
        y = target_array(y, len(X))
        if labels is not None:
            raise ValueError("labels name classes, but 1-D inputs are regression data")
        ax = axes_for(ax, figsize=(6.4, 3.6))
        ax.scatter(X[:, 0], y, s=marker_size(len(X)), color=BLUE, linewidths=0)
        ax.set(xlabel="x", ylabel="y", title=f"{len(X)} samples")
        record(ax, _curve_data_sentence(X[:, 0], y))
        return ax
    y, names = class_labels(y, len(X), labels)
    ax = axes_for(ax, figsize=(5.6, 4.8))
    scatter_classes(ax, X, y, names)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=f"{len(X)} points, {len(names)} classes")
    ax.legend(loc="best", markerscale=1.5)
    record(ax, _class_data_sentence(y, names))
    return ax


def _curve_data_sentence(x: np.ndarray, y: np.ndarray) -> str:
    return (f"Scatter plot of {len(x)} samples of y against x, for x from {num(x.min())} to "
            f"{num(x.max())} (y from {num(y.min())} to {num(y.max())}).")


def _class_data_sentence(y: np.ndarray, names: list[str]) -> str:
    return f"Scatter plot of {len(y)} points in the plane: {class_counts(y, names)}."


def _curves(histories, labels) -> tuple[list[np.ndarray], list[str | None], list[History | None]]:
    """Split the `histories` argument of `plot_losses` into curves, given labels and sources."""
    given: list[str | None]
    if isinstance(histories, History):
        items, given = [histories], [None]
    elif isinstance(histories, Mapping):
        if labels is not None:
            raise ValueError(
                "labels must be None when histories is a dict (its keys are the labels)"
            )
        items, given = list(histories.values()), [str(key) for key in histories]
    elif isinstance(histories, (torch.Tensor, np.ndarray)):
        array = float_tensor(histories, "histories").double().numpy()
        if array.ndim not in (1, 2):
            raise ValueError(
                f"histories as an array must have shape (epochs,) or (curves, epochs), "
                f"got shape {array.shape}"
            )
        items = list(array) if array.ndim == 2 else [array]
        given = [None] * len(items)
    elif isinstance(histories, (str, bytes)):
        raise TypeError("histories must be a History, a dict or a sequence, got a string")
    else:
        items = list(histories)
        if items and all(isinstance(v, Real) and not isinstance(v, bool) for v in items):
            items = [items]  # one plain sequence of losses
        given = [None] * len(items)
    if not items:
        raise ValueError("histories must hold at least one History or sequence of losses")
    if labels is not None:
        if isinstance(labels, str) or len(labels) != len(items):
            raise ValueError(
                f"labels must have one entry per curve ({len(items)}), got {labels!r}"
            )
        given = [str(label) for label in labels]
    curves, sources = [], []
    for i, item in enumerate(items):
        source = item if isinstance(item, History) else None
        values = item.losses if source is not None else item
        curve = float_tensor(values, f"histories[{i}]").double().numpy()
        if curve.ndim != 1 or len(curve) == 0:
            raise ValueError(
                f"histories[{i}] must be a History or a non-empty 1-D sequence of losses, "
                f"got shape {curve.shape}"
            )
        curves.append(curve)
        sources.append(source)
    return curves, given, sources


def _history_labels(histories: list[History]) -> list[str]:
    """Labels that name a run by its width and by whatever else differs between the runs."""
    traits = {
        "depth": lambda h: f"depth {h.model.depth}",
        "activation": lambda h: h.model.activation_name,
        "loss": lambda h: loss_name(h.loss),
        "lr": lambda h: f"lr {h.lr:g}",
        "seed": lambda h: f"seed {h.seed}",
    }
    varying = [trait for trait in traits.values() if len({trait(h) for h in histories}) > 1]
    return [", ".join([f"width {h.model.width}"] + [trait(h) for trait in varying])
            for h in histories]


def plot_losses(histories, *, labels: Sequence[str] | None = None, log: bool = True,
                ax: Axes | None = None) -> Axes:
    """Loss against epoch for one or more training runs, on one axes.

    Args:
        histories: What to draw: a [`History`][toynn.History], a list of them, a dict
            mapping labels to histories, a plain sequence of losses (one curve), a list of
            such sequences, or a float tensor or array of shape `(epochs,)` or
            `(curves, epochs)`.
        labels: One legend entry per curve. By default a `History` is named by its width
            (and by depth, activation, loss, learning rate or seed where these differ
            between the runs) followed by its final loss, e.g. "width 3 (final 0.0216)";
            dict keys are used as they are.
        log: Use a logarithmic loss axis (curves that fall from 0.7 to 0.005 need it).
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If there is nothing to draw, a curve is empty or not 1-D, or the
            number of `labels` differs from the number of curves.

    Examples:
        >>> from toynn import MLP, fit, make_rings, plot_losses
        >>> X, y = make_rings(100, seed=0)
        >>> histories = [fit(MLP(2, width=w), X, y, loss="bce", lr=0.01, epochs=50, seed=0)
        ...              for w in (1, 3)]
        >>> ax = plot_losses(histories)
        >>> len(ax.get_lines()), ax.get_yscale()
        (2, 'log')
    """
    curves, names, sources = _curves(histories, labels)
    from_histories = [h for h in sources if h is not None]
    defaults = iter(_history_labels(from_histories))
    bases = list(names)  # the names without the final loss, for the description
    for i, (curve, source) in enumerate(zip(curves, sources, strict=True)):
        if names[i] is None and (source is not None or len(curves) > 1):
            bases[i] = next(defaults) if source is not None else f"curve {i}"
            names[i] = f"{bases[i]} (final {curve[-1]:.3g})"

    ax = axes_for(ax, figsize=(6.4, 4.0))
    for i, (curve, name) in enumerate(zip(curves, names, strict=True)):
        ax.plot(np.arange(len(curve)), curve, label=name, linewidth=1.6,
                **series_style(i, len(curves)))
    if log:
        log_y(ax, np.concatenate(curves))
    loss_names = {loss_name(h.loss) for h in from_histories}
    ylabel = "loss"
    if len(loss_names) == 1 and len(from_histories) == len(curves):
        ylabel = loss_label(from_histories[0].loss)
    ax.set(xlabel="epoch", ylabel=ylabel, title="Training loss")
    if any(name is not None for name in names):
        if len(curves) > 6:
            legend_outside(ax)
        else:
            ax.legend(loc="best")
    record(ax, _losses_sentence(curves, bases, log))
    return ax


def _losses_sentence(curves: list[np.ndarray], names: list[str | None], log: bool) -> str:
    scale = " on a log scale" if log else ""
    lengths = {len(curve) for curve in curves}
    span = f" over {plural(lengths.pop(), 'epoch')}" if len(lengths) == 1 else ""
    finals = [float(curve[-1]) for curve in curves]
    if len(curves) == 1:
        name = f" ({names[0]})" if names[0] else ""
        return (f"Loss curve{name}{scale}{span}, from {num(curves[0][0])} "
                f"to {num(finals[0])}.")
    if len(curves) > 8:
        return (f"Loss curves{scale} of {len(curves)} runs{span}; final losses from "
                f"{num(min(finals))} to {num(max(finals))}, median {num(np.median(finals))}.")
    runs = [f"{name} ({'final ' if i == 0 else ''}{num(final)})"
            for i, (name, final) in enumerate(zip(names, finals, strict=True))]
    return f"Loss curves{scale} of {len(curves)} runs{span}: {', '.join(runs)}."
