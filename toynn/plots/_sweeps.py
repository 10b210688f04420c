"""Per-row summaries of a sweep (per width or depth): success rate, final losses, epochs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .._checks import positive_float
from .._instances import check_sweep_result
from ..sweeps import SweepResult
from ._describe import record
from ._inputs import axes_for
from ._style import (
    BLACK,
    BLUE,
    CLASS_MARKERS,
    GREY,
    VERMILLION,
    legend_outside,
    log_y,
    series_style,
)
from ._text import Rows, loss_label, num, pct, row_names


def _row_ticks(ax: Axes, rows: Rows, extra: Sequence[str] | None = None,
               extra_label: str = "") -> None:
    """Categorical x axis: one tick per row, optionally with a short second line.

    The second lines (counts such as "3/20") are set small so that neighbours do not run
    into each other, and `extra_label` says in the axis label what they count.
    """
    ax.set_xticks(range(len(rows.ticks)))
    if extra is None:
        ax.set_xticklabels(rows.ticks)
        ax.set_xlabel(rows.axis)
    else:
        ax.set_xticklabels([f"{t}\n{e}" for t, e in zip(rows.ticks, extra, strict=True)])
        ax.tick_params(axis="x", labelsize="small")
        ax.set_xlabel(f"{rows.axis} ({extra_label})")
    ax.set_xlim(-0.6, len(rows.ticks) - 0.4)


def _jitter(count: int, column: int, spread: float = 0.25) -> np.ndarray:
    """Reproducible sideways offsets for a strip plot (a local generator, no global seed)."""
    return np.random.default_rng(column).uniform(-spread, spread, count)


def _named_results(results, labels) -> tuple[list[str], list[SweepResult]]:
    """Split the `results` argument of `plot_success_rate` into legend names and results."""
    if isinstance(results, Mapping):
        if labels is not None:
            raise ValueError("labels must be None when results is a dict (its keys are the labels)")
        names, series = [str(key) for key in results], list(results.values())
    else:
        series = [results] if isinstance(results, SweepResult) else list(results)
        if labels is None:
            names = [r.activation if isinstance(r, SweepResult) else "" for r in series]
        elif isinstance(labels, str) or len(labels) != len(series):
            raise ValueError(
                f"labels must have one entry per result ({len(series)}), got {labels!r}"
            )
        else:
            names = [str(label) for label in labels]
    if not series:
        raise ValueError("results must hold at least one SweepResult")
    for i, result in enumerate(series):
        check_sweep_result(result, f"results[{i}]")
    return names, series


def plot_success_rate(results, threshold: float, *, labels: Sequence[str] | None = None,
                      confidence: float = 0.95, ax: Axes | None = None) -> Axes:
    """Share of seeds whose final loss is below `threshold`, per width or depth, with intervals.

    Error bars are Wilson score intervals (see
    [`SweepResult.success_rate`][toynn.SweepResult.success_rate]). Several sweeps share the
    axes, each slightly shifted sideways so that their bars do not overlap.

    The x axis has one place per (width, depth) of the sweeps, in order of width, then
    depth. It is labelled by width when every row has the same depth, by depth when every
    row has the same width, and by both ("2×3" for width 2, depth 3) otherwise: a depth
    sweep of width 2 and a width sweep at depth 1 fit on one figure.

    Args:
        results: A [`SweepResult`][toynn.SweepResult], a list of them, or a dict mapping
            labels to them (e.g. `{"sigmoid": r1, "relu": r2}`).
        threshold: The final loss that counts as success.
        labels: Legend entries for a single result or a list; by default the activation.
        confidence: Coverage of the intervals.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If `threshold` is not a positive number, there are no results, or the
            number of `labels` does not match.

    Examples:
        >>> from toynn import make_rings, plot_success_rate, sweep
        >>> X, y = make_rings(100, seed=0)
        >>> result = sweep(X, y, widths=[1, 3], seeds=range(4), loss="bce", lr=0.01, epochs=50)
        >>> ax = plot_success_rate(result, 0.5)
        >>> [text.get_text() for text in ax.get_legend().get_texts()]
        ['sigmoid (4 seeds)']

        Width 2 at depths 1 to 3 beside width 3 at depth 1:

        >>> deeper = sweep(X, y, widths=[2], depth=[1, 2, 3], seeds=range(4), loss="bce",
        ...                lr=0.01, epochs=50)
        >>> wider = sweep(X, y, widths=[3], seeds=range(4), loss="bce", lr=0.01, epochs=50)
        >>> ax = plot_success_rate({"width 2": deeper, "width 3": wider}, 0.5)
        >>> [tick.get_text() for tick in ax.get_xticklabels()], ax.get_xlabel()
        (['2×1', '2×2', '2×3', '3×1'], 'hidden width × depth')
    """
    threshold = positive_float(threshold, "threshold")
    names, series = _named_results(results, labels)
    all_rows = sorted(set().union(*(r.rows for r in series)))
    position = {row: i for i, row in enumerate(all_rows)}
    rows = row_names(all_rows)
    rates = []
    shift = min(0.12, 0.6 / len(series))
    ax = axes_for(ax, figsize=(6.4, 4.0))
    for k, (name, result) in enumerate(zip(names, series, strict=True)):
        rate, low, high = (t.double().numpy()
                           for t in result.success_rate(threshold, confidence=confidence))
        x = np.array([position[row] for row in result.rows]) + (k - (len(series) - 1) / 2) * shift
        order = np.argsort(x)
        ax.errorbar(x[order], rate[order], yerr=[(rate - low)[order], (high - rate)[order]],
                    marker=CLASS_MARKERS[k % len(CLASS_MARKERS)], markersize=6, capsize=3,
                    linewidth=1.6, label=f"{name} ({len(result.seeds)} seeds)",
                    **series_style(k, len(series)))
        rates.append(rate)
    _row_ticks(ax, rows)
    ax.set_ylim(-0.04, 1.04)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set(ylabel=f"runs with final loss < {threshold:g}",
           title=f"Success rate per {rows.per}")
    ax.legend(loc="best", title=f"bars: {confidence:.0%} interval")
    record(ax, _success_rate_sentence(names, series, rates, threshold, confidence, all_rows))
    return ax


def _success_rate_sentence(names: list[str], series: list[SweepResult],
                           rates: list[np.ndarray], threshold: float, confidence: float,
                           all_rows: list[tuple[int, int]]) -> str:
    rows = row_names(all_rows)
    name_of = dict(zip(all_rows, rows.names, strict=True))
    summaries = []
    for name, result, rate in zip(names, series, rates, strict=True):
        per_row = [f"{pct(r)} at {name_of[row]}" for row, r in zip(result.rows, rate,
                                                                     strict=True)]
        summaries.append(f"{name + ' ' if name else ''}({len(result.seeds)} seeds) "
                         f"{', '.join(per_row)}")
    per = rows.per_in_words
    return (f"Share of runs whose final loss is below {threshold:g}, per {per}, "
            f"with {confidence:.0%} intervals: {'; '.join(summaries)}.")


def plot_final_losses(result: SweepResult, *, threshold: float | None = None,
                      ax: Axes | None = None) -> Axes:
    """Every seed's final loss, per width or depth: a strip plot on a log scale, with medians.

    With a `threshold`, runs below it and runs above it get different colours and markers,
    the threshold is drawn as a dashed line, and each row's tick says how many runs got
    below it. Rows are named as in [`plot_success_rate`][toynn.plots.plot_success_rate]:
    by width, by depth for a depth sweep, or by both.

    Args:
        result: A [`SweepResult`][toynn.SweepResult].
        threshold: Optional final loss that counts as success.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If `threshold` is given and is not a positive number.

    Examples:
        >>> from toynn import make_rings, plot_final_losses, sweep
        >>> X, y = make_rings(100, seed=0)
        >>> result = sweep(X, y, widths=[1, 3], seeds=range(4), loss="bce", lr=0.01, epochs=50)
        >>> ax = plot_final_losses(result, threshold=0.5)
        >>> ax.get_yscale()
        'log'
    """
    check_sweep_result(result)
    if threshold is not None:
        threshold = positive_float(threshold, "threshold")
    losses = result.final_losses.double().numpy()
    n_seeds = losses.shape[1]
    if threshold is None:
        groups = [(np.ones_like(losses, dtype=bool), BLUE, "o", "one seed")]
    else:
        groups = [(losses < threshold, BLUE, "o", f"below {threshold:g}"),
                  (losses >= threshold, VERMILLION, "^", f"not below {threshold:g}")]
    ax = axes_for(ax, figsize=(6.4, 4.0))
    size = 30.0 if n_seeds <= 50 else 12.0
    for mask, color, marker, text in groups:
        rows = np.flatnonzero(mask.any(axis=1))
        for i in rows:
            x = i + _jitter(n_seeds, i)
            ax.scatter(x[mask[i]], losses[i][mask[i]], s=size, color=color, marker=marker,
                       alpha=0.7, linewidths=0, zorder=2, label=text if i == rows[0] else None)
    ax.hlines(np.median(losses, axis=1), np.arange(len(losses)) - 0.35,
              np.arange(len(losses)) + 0.35, color=BLACK, linewidth=2, label="median", zorder=3)
    log_y(ax, losses.ravel())
    rows = row_names(result.rows)
    if threshold is None:
        _row_ticks(ax, rows)
    else:
        ax.axhline(threshold, color=GREY, linestyle="--", linewidth=1.2,
                   label=f"threshold {threshold:g}", zorder=1)
        _row_ticks(ax, rows, [f"{k}/{n_seeds}" for k in (losses < threshold).sum(axis=1)],
                   f"and runs below {threshold:g}")
    ax.set(ylabel=f"final {loss_label(result.loss)}",
           title=f"Final loss of {n_seeds} seeds per {rows.per}")
    legend_outside(ax)
    record(ax, _final_losses_sentence(result, losses, threshold))
    return ax


def _final_losses_sentence(result: SweepResult, losses: np.ndarray,
                           threshold: float | None) -> str:
    n_seeds = losses.shape[1]
    rows = row_names(result.rows)
    per_row = []
    for i, name in enumerate(rows.names):
        text = f"{name}: median {num(np.median(losses[i]))}"
        if threshold is not None:
            text += f", {int((losses[i] < threshold).sum())}/{n_seeds} below"
        per_row.append(text)
    line = f", with a line at {threshold:g}" if threshold is not None else ""
    per = rows.per_in_words
    listed = "; ".join(per_row)
    return (f"Strip plot of the final {loss_label(result.loss)} of {n_seeds} seeds per "
            f"{per}, on a log scale{line}. {listed[0].upper()}{listed[1:]}.")


def plot_epochs_to_success(result: SweepResult, threshold: float, *, log: bool = False,
                           ax: Axes | None = None) -> Axes:
    """How many epochs each seed needed to get its loss below `threshold`, per width or depth.

    Runs that got there are drawn as a strip plot over a box plot (quartiles, whiskers to
    the furthest points within 1.5 box lengths) where there are at least 5 of them; each
    row's tick says how many runs never got there. The epochs are only as precise as the
    spacing of the recorded loss curves (`result.curve_epochs`). Rows are named as in
    [`plot_success_rate`][toynn.plots.plot_success_rate].

    Args:
        result: A [`SweepResult`][toynn.SweepResult].
        threshold: The loss that counts as success.
        log: Use a logarithmic epoch axis; by default it is linear from 0 to the number of
            epochs trained.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If `threshold` is not a positive number.

    Examples:
        >>> from toynn import make_rings, plot_epochs_to_success, sweep
        >>> X, y = make_rings(100, seed=0)
        >>> result = sweep(X, y, widths=[1, 3], seeds=range(4), loss="bce", lr=0.01, epochs=50)
        >>> ax = plot_epochs_to_success(result, 0.6)
        >>> ax.get_xticklabels()[0].get_text().splitlines(), ax.get_xlabel()
        (['1', '4/4'], 'hidden width (and runs never below 0.6)')
    """
    check_sweep_result(result)
    threshold = positive_float(threshold, "threshold")
    epochs = result.epochs_to(threshold).double().numpy()
    n_seeds = epochs.shape[1]
    reached = [row[~np.isnan(row)] for row in epochs]
    ax = axes_for(ax, figsize=(6.4, 4.0))
    for i, values in enumerate(reached):
        if len(values):
            ax.scatter(i + _jitter(len(values), i, 0.2), values, s=24, color=BLUE, alpha=0.7,
                       linewidths=0, zorder=3)
    boxed = [i for i, values in enumerate(reached) if len(values) >= 5]
    if boxed:
        ax.boxplot([reached[i] for i in boxed], positions=boxed, widths=0.55,
                   showfliers=False, manage_ticks=False, zorder=2,
                   medianprops={"color": BLACK, "linewidth": 2},
                   boxprops={"color": GREY}, whiskerprops={"color": GREY},
                   capprops={"color": GREY})
    rows = row_names(result.rows)
    _row_ticks(ax, rows, [f"{n_seeds - len(v)}/{n_seeds}" for v in reached],
               f"and runs never below {threshold:g}")
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, result.epochs * 1.03)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(ylabel=f"first epoch with loss < {threshold:g}",
           title=f"Epochs to reach loss < {threshold:g} ({n_seeds} seeds per {rows.per})")
    record(ax, _epochs_to_success_sentence(rows, reached, n_seeds, threshold))
    return ax


def _epochs_to_success_sentence(rows: Rows, reached: list[np.ndarray], n_seeds: int,
                                threshold: float) -> str:
    per_row = [
        f"{name}: {len(values)}/{n_seeds} reached it"
        + (f", median epoch {num(np.median(values))}" if len(values) else "")
        for name, values in zip(rows.names, reached, strict=True)
    ]
    per = rows.per_in_words
    return (f"Strip plot of the first epoch at which each of {n_seeds} seeds per {per} "
            f"got its loss below {threshold:g}: {'; '.join(per_row)}.")
