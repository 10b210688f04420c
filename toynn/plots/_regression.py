"""A fit of a 1-D curve, with its step version and the units' thresholds."""

from __future__ import annotations

import numpy as np
import torch
from matplotlib.axes import Axes

from .._activations import activation_range
from .._instances import check_model
from ..hidden import step_predict, thresholds
from ..models import MLP
from ._describe import record
from ._inputs import axes_for, check_resolution, input_array, model_outputs, target_array
from ._style import BLUE, GREEN, GREY, VERMILLION, marker_size
from ._text import and_, model_name, num, plural


def plot_regression_fit(model: MLP, X, y, *, staircase: bool = True,
                        threshold_lines: bool = True, resolution: int = 1000,
                        ax: Axes | None = None) -> Axes:
    """Data, the model's smooth prediction and, optionally, its staircase and thresholds.

    Replacing every hidden sigmoid by a hard step (see [`step_predict`][toynn.step_predict])
    gives a piecewise-constant prediction, a staircase, that changes only at the units'
    thresholds `-b_i / w_i` (see [`thresholds`][toynn.thresholds]). The staircase is
    exact: it is evaluated once between each pair of neighbouring thresholds.

    Args:
        model: A model with `in_features == 1` and one output.
        X: Inputs, float tensor or array of shape `(N, 1)` or `(N,)`.
        y: Targets of shape `(N,)`.
        staircase: Draw the step prediction (needs sigmoid or tanh hidden units). The y
            range is set by the data and the smooth prediction; if the staircase leaves
            it, the legend gives the staircase's range (widen the view with `ax.set_ylim`).
        threshold_lines: Mark the thresholds inside the data's x range with dotted
            vertical lines; the legend says how many lie outside it.
        resolution: Number of x values for the smooth prediction.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If the model does not map 1 input to 1 output, `X` or `y` has the
            wrong shape, or `staircase=True` for an activation without a step limit.

    Examples:
        >>> from toynn import MLP, make_damped_sine, plot_regression_fit
        >>> X, y = make_damped_sine()
        >>> ax = plot_regression_fit(MLP(1, width=4, seed=0), X, y)
        >>> [line.get_label() for line in ax.get_lines()][:2]
        ['model', 'step units']
    """
    check_model(model, in_features=1, what="plot_regression_fit")
    if model.out_features != 1:
        raise ValueError(
            f"plot_regression_fit needs a model with one output, "
            f"this one has out_features={model.out_features}"
        )
    if staircase and activation_range(model.activation) is None:
        raise ValueError(
            "staircase=True needs sigmoid or tanh hidden units (a hard step is their limit), "
            f"but this model uses {model.activation_name}; pass staircase=False"
        )
    X = input_array(X, features=(1,))
    y = target_array(y, len(X))
    resolution = check_resolution(resolution)
    low, high = float(X.min()), float(X.max())
    if low == high:
        low, high = low - 1, high + 1
    deltas = thresholds(model).double().numpy()
    inside = np.sort(deltas[(deltas > low) & (deltas < high)])

    dense = np.linspace(low, high, resolution)
    smooth = model_outputs(model, dense[:, None])
    # The view holds the data and the smooth prediction; step levels far outside it are
    # cut off (and the legend says so) rather than squeezing the data into a thin band.
    shown = np.concatenate([y, smooth])
    pad = 0.08 * max(float(np.ptp(shown)), 1e-6)
    ylim = float(shown.min()) - pad, float(shown.max()) + pad

    ax = axes_for(ax, figsize=(7.0, 4.6))
    ax.scatter(X[:, 0], y, s=marker_size(len(X)), color=BLUE, alpha=0.7, linewidths=0,
               label="data", zorder=2)
    ax.plot(dense, smooth, color=VERMILLION, linewidth=2, label="model", zorder=3)
    levels = _draw_staircase(ax, model, low, high, inside, ylim) if staircase else None
    if threshold_lines:
        _draw_threshold_lines(ax, inside, len(deltas))
    ax.set_ylim(*ylim)
    ax.set(xlabel="x", ylabel="y", title=f"Fit of a {model_name(model)}")
    # Below the axes: a fit fills the whole width, and a legend inside would cover it. In
    # one column when an entry is long (the staircase's range): two such columns are wider
    # than the plot drawn for a phone, and the layout then squeezes the plot to nothing.
    long_entry = any(len(label) > 24 for label in ax.get_legend_handles_labels()[1])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=1 if long_entry else 2,
              frameon=False, borderaxespad=0.0)
    mse = float(np.mean((model_outputs(model, X).reshape(-1) - y) ** 2))
    record(ax, _regression_sentence(model, len(X), (low, high), mse, levels, ylim,
                                    (len(inside), len(deltas)) if threshold_lines else None))
    return ax


def _draw_staircase(ax: Axes, model: MLP, low: float, high: float, inside: np.ndarray,
                    ylim: tuple[float, float]) -> np.ndarray:
    """Draw the step prediction over `[low, high]`, exact between thresholds; return its levels."""
    edges = np.unique(np.concatenate([[low], inside, [high]]))
    middles = (edges[:-1] + edges[1:]) / 2
    levels = step_predict(model, torch.as_tensor(middles[:, None])).double().numpy()
    text = "step units"
    if _out_of_view(levels, ylim):
        text += f" (cut off; range {levels.min():.3g} to {levels.max():.3g})"
    ax.step(edges, np.append(levels, levels[-1]), where="post", color=GREEN, linewidth=1.5,
            label=text, zorder=3)
    return levels


def _out_of_view(levels: np.ndarray, ylim: tuple[float, float]) -> bool:
    return bool(levels.min() < ylim[0] or levels.max() > ylim[1])


def _draw_threshold_lines(ax: Axes, inside: np.ndarray, n_units: int) -> None:
    """Dotted vertical lines at the thresholds `inside` the view, counted in the legend."""
    outside = n_units - len(inside)
    text = f"{len(inside)} threshold{'s' if len(inside) != 1 else ''} $-b_i/w_i$"
    if outside:
        text += f" ({outside} outside)"
    style = {"color": GREY, "linestyle": ":", "linewidth": 1.2, "zorder": 1}
    for k, delta in enumerate(inside):
        ax.axvline(delta, label=text if k == 0 else None, **style)
    if not len(inside):
        ax.plot([], [], label=text, **style)


def _regression_sentence(model: MLP, n: int, x_range: tuple[float, float], mse: float,
                         levels: np.ndarray | None, ylim: tuple[float, float],
                         counts: tuple[int, int] | None) -> str:
    """The description; `counts` is (thresholds inside the view, units) if they are drawn."""
    parts = [f"the smooth prediction (mean squared error {num(mse)})"]
    if levels is not None:
        cut = ", partly out of view" if _out_of_view(levels, ylim) else ""
        parts.append(f"its step version ({plural(len(levels), 'level')}{cut})")
    if counts is not None:
        inside, units = counts
        if inside == units > 1:
            count = f"all {units} unit thresholds"
        else:
            count = f"{inside} of {plural(units, 'unit threshold')}"
        parts.append(f"{count} inside the data's range")
    return (f"Fit of a {model_name(model)} to {n} samples (x from {num(x_range[0])} "
            f"to {num(x_range[1])}): {and_(parts)}.")
