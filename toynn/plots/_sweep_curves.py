"""The loss curves of one row (width, depth) of a sweep: `plot_sweep_curves`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .._checks import positive_float, positive_int
from .._instances import check_sweep_result
from ..sweeps import SweepResult
from ._describe import record
from ._inputs import axes_for
from ._style import BLUE, GREY, VERMILLION, log_y
from ._text import loss_label, num, plural, row_names


def _opaque_legend_handles(legend) -> None:
    """Draw a legend's handles fully opaque even when the curves are translucent."""
    for handle in getattr(legend, "legend_handles", []):
        if handle is not None:
            handle.set_alpha(1.0)


def plot_sweep_curves(result: SweepResult, width: int, *, depth: int | None = None,
                      threshold: float | None = None, max_curves: int = 100,
                      ax: Axes | None = None) -> Axes:
    """The loss curves of every seed for one width: thin, translucent, on a log scale.

    Failed runs show up as curves stuck on a plateau. With a `threshold`, runs that end
    below it and runs that do not get different colours and line styles.

    Args:
        result: A [`SweepResult`][toynn.SweepResult].
        width: One of `result.widths`.
        depth: One of `result.depths`; needed only where the sweep has `width` at several
            depths.
        threshold: Optional final loss that counts as success.
        max_curves: Draw at most this many seeds (the first ones).
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on; `ax.get_lines()` holds one line per seed drawn, then the
        threshold line if there is one.

    Raises:
        ValueError: If `width` (at `depth`) is not in the sweep, `depth` is needed but
            missing, or `threshold` or `max_curves` is not positive.

    Examples:
        >>> from toynn import make_rings, plot_sweep_curves, sweep
        >>> X, y = make_rings(100, seed=0)
        >>> result = sweep(X, y, widths=[1, 3], seeds=range(4), loss="bce", lr=0.01, epochs=50)
        >>> len(plot_sweep_curves(result, 3).get_lines())
        4
    """
    check_sweep_result(result)
    matches = [i for i, (w, d) in enumerate(result.rows) if w == width and depth in (None, d)]
    if not matches:
        if depth is None or width not in result.widths:
            raise ValueError(f"width must be one of this sweep's widths "
                             f"{sorted(set(result.widths))}, got {width!r}")
        depths = [d for w, d in result.rows if w == width]
        raise ValueError(f"depth must be one of {depths} for width {width}, got {depth!r}")
    if len(matches) > 1:
        depths = [result.depths[i] for i in matches]
        raise ValueError(f"width {width} was trained at depths {depths} in this sweep; "
                         "say which with depth=")
    row = matches[0]
    name = row_names(result.rows).names[row]
    if not name.startswith("width"):  # a depth sweep names rows by depth: say both here
        name = f"width {width}, {name}"
    if threshold is not None:
        threshold = positive_float(threshold, "threshold")
    max_curves = positive_int(max_curves, "max_curves")
    curves = result.curves[row].double().numpy()[:max_curves]
    epochs = result.curve_epochs.numpy()
    n_seeds, shown = len(result.seeds), len(curves)
    alpha = 0.7 if shown <= 10 else 0.5 if shown <= 50 else 0.3
    ax = axes_for(ax, figsize=(6.4, 4.0))
    if threshold is None:
        groups = [(np.ones(shown, bool), BLUE, "-", None)]
    else:
        below = curves[:, -1] < threshold
        groups = [(below, BLUE, "-", f"ends below {threshold:g} ({below.sum()})"),
                  (~below, VERMILLION, "--", f"does not ({(~below).sum()})")]
    for mask, color, linestyle, text in groups:
        for k, curve in enumerate(curves[mask]):
            ax.plot(epochs, curve, color=color, linestyle=linestyle, linewidth=0.9,
                    alpha=alpha, label=text if k == 0 else None)
    log_y(ax, curves.ravel())
    seeds = f"{shown} seeds" if shown == n_seeds else f"first {shown} of {n_seeds} seeds"
    ax.set(xlabel="epoch", ylabel=loss_label(result.loss),
           title=f"Loss curves of {name}, {seeds}")
    if threshold is not None:
        ax.axhline(threshold, color=GREY, linestyle=":", linewidth=1.2,
                   label=f"threshold {threshold:g}")
        _opaque_legend_handles(ax.legend(loc="best"))
    record(ax, _sweep_curves_sentence(curves, seeds, name, result.epochs, threshold))
    return ax


def _sweep_curves_sentence(curves: np.ndarray, seeds: str, name: str, epochs: int,
                           threshold: float | None) -> str:
    finals = curves[:, -1]
    text = (f"Loss curves of {seeds} of {name} on a log scale over "
            f"{plural(epochs, 'epoch')}; final losses from {num(finals.min())} to "
            f"{num(finals.max())}, median {num(np.median(finals))}")
    if threshold is not None:
        below = finals < threshold
        text += f"; {int(below.sum())} end below {threshold:g}, {int((~below).sum())} do not"
    return text + "."
