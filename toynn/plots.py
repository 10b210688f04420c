"""Pictures of data, training and hidden units.

Every function draws on the axes it is given (keyword `ax`) or, if none, on a new figure
made with `matplotlib.pyplot`, and returns what it drew on: the `Axes`, or the `Figure`
for multi-panel helpers. Nothing here shows a figure, reads the "current" axes or changes
matplotlib's global settings: showing the figure is yours to do (Jupyter does it for you).

Colours come from the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness; classes differ in marker as well as in colour. New figures have
a white background, so they also read well when a dark-mode site inverts them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from numbers import Integral, Real

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib import colors as mcolors
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import (
    LogLocator,
    MaxNLocator,
    NullFormatter,
    PercentFormatter,
    StrMethodFormatter,
)
from mpl_toolkits.mplot3d import Axes3D  # noqa: F401  (registers the "3d" projection)
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from ._checks import (
    activation_range,
    check_model,
    float_tensor,
    loss_name,
    positive_float,
    positive_int,
    target_vector,
)
from .hidden import activation_codes, hidden_lines, step_predict
from .hidden import thresholds as unit_thresholds
from .models import MLP
from .sweeps import SweepResult
from .training import LOSSES, History

__all__ = [
    "describe",
    "plot_data",
    "plot_decision_regions",
    "plot_epochs_to_success",
    "plot_final_losses",
    "plot_hidden_lines",
    "plot_hidden_space",
    "plot_hidden_space_grid",
    "plot_losses",
    "plot_regression_fit",
    "plot_success_rate",
    "plot_sweep_curves",
]

# Okabe & Ito (2008), "Color Universal Design".
_BLUE, _VERMILLION, _GREEN, _PURPLE = "#0072B2", "#D55E00", "#009E73", "#CC79A7"
_ORANGE, _SKY_BLUE, _BLACK, _GREY = "#E69F00", "#56B4E9", "#000000", "#666666"

# Class c is drawn in _CLASS_COLORS[c] with _CLASS_MARKERS[c].
_CLASS_COLORS = (_BLUE, _VERMILLION, _GREEN, _PURPLE, _ORANGE, _SKY_BLUE)
_CLASS_MARKERS = ("o", "^", "s", "D", "v", "P")
# Several curves on one axes: colour and line style both change.
_SERIES_COLORS = (_BLUE, _VERMILLION, _GREEN, _PURPLE, _ORANGE, _SKY_BLUE, _BLACK)
_LINESTYLES = ("-", "--", "-.", ":")
# Hidden-unit lines are drawn over class-coloured data, so they avoid blue and vermillion.
_UNIT_COLORS = (_BLACK, _GREEN, _PURPLE, _ORANGE, _SKY_BLUE)
_UNIT_LINESTYLES = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)))


# ----------------------------------------------------------------------------- helpers


def _axes(ax, *, figsize: tuple[float, float], three_d: bool = False) -> Axes:
    """Return `ax` after checking its kind, or the axes of a new white figure."""
    if ax is None:
        fig = plt.figure(figsize=figsize, layout="constrained", facecolor="white")
        return fig.add_subplot(projection="3d" if three_d else None)
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if three_d and ax.name != "3d":
        raise ValueError(
            "ax must be a 3-D axes for this plot, e.g. fig.add_subplot(projection='3d'), "
            f"got a {ax.name!r} axes"
        )
    if not three_d and ax.name == "3d":
        raise ValueError("ax must be a 2-D axes for this plot, got a 3-D axes")
    return ax


def _points(X, name: str = "X", *, features: tuple[int, ...] = (1, 2)) -> np.ndarray:
    """`X` as a float64 array of shape `(N, d)`; a 1-D `X` counts as `(N, 1)`."""
    X = float_tensor(X, name).double().numpy()
    if X.ndim == 1 and 1 in features:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] not in features:
        shapes = " or ".join(f"(N, {d})" for d in features)
        raise ValueError(f"{name} must have shape {shapes}, got shape {X.shape}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got shape {X.shape}")
    return X


def _vector(y, n: int, name: str = "y") -> np.ndarray:
    """`y` as a float64 array of shape `(n,)`; `(n, 1)` is accepted too."""
    return target_vector(y, n, name).double().numpy()


def _classes(y, n: int, labels) -> tuple[np.ndarray, list[str]]:
    """Integer class labels of shape `(n,)` and one display name per class."""
    y = _vector(y, n)
    limit = len(_CLASS_COLORS)
    if not (np.all(y == np.round(y)) and y.min() >= 0 and y.max() < limit):
        raise ValueError(
            f"y must hold class labels 0, 1, ... (at most {limit} classes), "
            f"found values such as {np.unique(y)[:5].tolist()}"
        )
    y = y.astype(int)
    n_classes = int(y.max()) + 1
    if labels is None:
        return y, [f"class {c}" for c in range(n_classes)]
    if isinstance(labels, str):
        raise ValueError(f"labels must be a sequence of class names, got {labels!r}")
    labels = list(labels)
    if len(labels) < n_classes:
        raise ValueError(
            f"labels must name every class: y has classes 0 to {n_classes - 1}, "
            f"but labels has {len(labels)} name(s)"
        )
    return y, [str(label) for label in labels]


def _marker_size(n: int) -> float:
    return 30.0 if n <= 200 else 14.0 if n <= 3000 else 6.0


def _scatter_classes(ax: Axes, points: np.ndarray, y: np.ndarray, labels: list[str],
                     *, alpha: float = 0.75, edgecolor: str | None = None, **kwargs) -> None:
    """Scatter `points` of shape `(N, 2)` or `(N, 3)`, one colour and marker per class.

    An `edgecolor` draws a thin outline (which helps on a coloured background).
    """
    size = _marker_size(len(points))
    edges = {"linewidths": 0} if edgecolor is None else {"edgecolors": edgecolor,
                                                          "linewidths": 0.3}
    for c in np.unique(y):
        mask = y == c
        ax.scatter(*points[mask].T, s=size, color=_CLASS_COLORS[c], marker=_CLASS_MARKERS[c],
                   alpha=alpha, label=labels[c], **edges, **kwargs)


@torch.no_grad()
def _outputs(model: MLP, points: np.ndarray) -> np.ndarray:
    """The model's raw outputs at `points`, as a float64 array."""
    parameter = next(model.parameters())
    X = torch.as_tensor(points, dtype=parameter.dtype, device=parameter.device)
    return model(X).double().cpu().numpy()


def _box(points: np.ndarray, margin: float) -> tuple[float, float, float, float]:
    """Bounding box `(x0, x1, y0, y1)` of `(N, 2)` points, widened by `margin` of its span."""
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.where(high > low, high - low, np.maximum(1.0, np.abs(low)))
    low, high = low - margin * span, high + margin * span
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def _grid(box, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A `resolution × resolution` grid over `box`: its x values, y values and `(R*R, 2)` points."""
    xs = np.linspace(box[0], box[1], resolution)
    ys = np.linspace(box[2], box[3], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def _extent(box, resolution: int) -> tuple[float, float, float, float]:
    """Image extent that centres each pixel of a `_grid(box, resolution)` on its grid point."""
    dx = (box[1] - box[0]) / (resolution - 1) / 2
    dy = (box[3] - box[2]) / (resolution - 1) / 2
    return box[0] - dx, box[1] + dx, box[2] - dy, box[3] + dy


def _margin(margin) -> float:
    if isinstance(margin, bool) or not isinstance(margin, Real) or not margin >= 0:
        raise ValueError(f"margin must be a number >= 0, got {margin!r}")
    return float(margin)


def _resolution(resolution, name: str = "resolution") -> int:
    resolution = positive_int(resolution, name)
    if resolution < 2:
        raise ValueError(f"{name} must be at least 2, got {resolution}")
    return resolution


def _legend_outside(ax: Axes, **kwargs) -> None:
    """A legend to the right of the axes, where it cannot cover data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **kwargs)


def _log_y(ax: Axes, values: np.ndarray) -> None:
    """Log y scale, with enough labelled ticks to read values off.

    Within one decade every tick is labelled, as a plain number (0.3, not 3×10⁻¹); over up
    to three decades the ticks are 1, 2 and 5 times powers of ten, all labelled. Wider
    ranges keep matplotlib's powers of ten.
    """
    ax.set_yscale("log")
    positive = values[values > 0]
    if not len(positive):
        return
    span = positive.max() / positive.min()
    if span < 10:
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:.2g}"))
        ax.yaxis.set_minor_formatter(StrMethodFormatter("{x:.2g}"))
    elif span < 1000:
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:.2g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())


def _loss_label(loss) -> str:
    name = loss_name(loss)
    return f"{name.upper()} loss" if name in LOSSES else f"loss ({name})"


def _model_name(model: MLP) -> str:
    depth = f", depth {model.depth}" if model.depth > 1 else ""
    return f"width-{model.width} {model.activation_name} net{depth}"


# -------------------------------------------------------------------------- descriptions

# Every plot function records one sentence about what it drew (with the key numbers) on
# the Axes it drew on, in this attribute; `describe` turns them into a figure's alt text.
_DESCRIPTIONS = "_toynn_descriptions"
# Axes that another description already covers (a colour bar, the panels of a grid).
_COVERED = "_toynn_covered"
_FALLBACK_ARTISTS = (("line", "lines"), ("set of points", "sets of points"),
                     ("image", "images"), ("patch", "patches"))


def _drawn(ax: Axes) -> list:
    """The artists that show data on `ax` (not its spines, axis lines or title)."""
    return [*ax.lines, *ax.collections, *ax.images, *ax.patches]


def _record(target: Axes | Figure, text: str) -> None:
    """Remember `text`, one sentence, as a description of what was drawn on `target`.

    On axes the sentence is kept with the artists drawn so far, so that `describe` can
    drop it once they are gone (`ax.clear()`).
    """
    descriptions = getattr(target, _DESCRIPTIONS, None)
    if descriptions is None:
        descriptions = []
        setattr(target, _DESCRIPTIONS, descriptions)
    descriptions.append((text, _drawn(target) if isinstance(target, Axes) else []))


def _recorded(target: Axes | Figure) -> list[str]:
    """The sentences recorded on `target` whose artists are still drawn there."""
    if isinstance(target, Axes):
        present = {id(artist) for artist in _drawn(target)}
    return [text for text, artists in getattr(target, _DESCRIPTIONS, None) or []
            if not artists or any(id(artist) in present for artist in artists)]


def _num(value: float) -> str:
    """A number for prose: integers as they are, others to 3 significant digits."""
    value = float(value)
    if value == round(value) and abs(value) < 1e6:
        return str(int(round(value)))
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _pct(share: float) -> str:
    """A share as a percentage: whole percents, unless that rounds to 0 % or 100 %."""
    share = float(share)
    text = f"{share:.0%}"
    if text in ("0%", "100%") and share not in (0.0, 1.0):
        text = f"{share:.1%}"
    return text


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _class_counts(classes: np.ndarray, names: list[str]) -> str:
    """'1000 class 0 and 1000 class 1' (classes that have no points are left out)."""
    counts = np.bincount(classes, minlength=len(names))
    return _and([f"{count} {names[c]}" for c, count in enumerate(counts) if count])


def _plain(text: str) -> str:
    """Text of a title or label without mathtext dollars, on one line."""
    return " ".join(text.replace("$", "").split())


def _sentence(text: str) -> str:
    return text if text[-1:] in ".!?:" else text + "."


# ------------------------------------------------------------------------- data and loss


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
    points = _points(X)
    if points.shape[1] == 1:
        targets = _vector(y, len(points))
        if labels is not None:
            raise ValueError("labels name classes, but 1-D inputs are regression data")
        ax = _axes(ax, figsize=(6.4, 3.6))
        ax.scatter(points[:, 0], targets, s=_marker_size(len(points)), color=_BLUE, linewidths=0)
        ax.set(xlabel="x", ylabel="y", title=f"{len(points)} samples")
        _record(ax, f"Scatter plot of {len(points)} samples of y against x, for x from "
                    f"{_num(points.min())} to {_num(points.max())} "
                    f"(y from {_num(targets.min())} to {_num(targets.max())}).")
        return ax
    classes, names = _classes(y, len(points), labels)
    ax = _axes(ax, figsize=(5.6, 4.8))
    _scatter_classes(ax, points, classes, names)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=f"{len(points)} points, {len(names)} classes")
    ax.legend(loc="best", markerscale=1.5)
    _record(ax, f"Scatter plot of {len(points)} points in the plane: "
                f"{_class_counts(classes, names)}.")
    return ax


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


def _series_style(i: int, n: int) -> dict:
    """Colour and line style of curve `i` of `n`: Okabe–Ito up to 7 curves, then viridis."""
    if n <= len(_SERIES_COLORS):
        color = _SERIES_COLORS[i]
    else:
        color = plt.get_cmap("viridis")(i / (n - 1) * 0.9)
    return {"color": color, "linestyle": _LINESTYLES[i % len(_LINESTYLES)]}


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
        >>> runs = [fit(MLP(2, width=w), X, y, loss="bce", lr=0.01, epochs=50, seed=0)
        ...         for w in (1, 3)]
        >>> ax = plot_losses(runs)
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

    ax = _axes(ax, figsize=(6.4, 4.0))
    for i, (curve, name) in enumerate(zip(curves, names, strict=True)):
        ax.plot(np.arange(len(curve)), curve, label=name, linewidth=1.6,
                **_series_style(i, len(curves)))
    if log:
        _log_y(ax, np.concatenate(curves))
    loss_names = {loss_name(h.loss) for h in from_histories}
    ylabel = "loss"
    if len(loss_names) == 1 and len(from_histories) == len(curves):
        ylabel = _loss_label(from_histories[0].loss)
    ax.set(xlabel="epoch", ylabel=ylabel, title="Training loss")
    if any(name is not None for name in names):
        if len(curves) > 6:
            _legend_outside(ax)
        else:
            ax.legend(loc="best")
    _record(ax, _losses_sentence(curves, bases, log))
    return ax


def _losses_sentence(curves: list[np.ndarray], names: list[str | None], log: bool) -> str:
    scale = " on a log scale" if log else ""
    lengths = {len(curve) for curve in curves}
    span = f" over {_plural(lengths.pop(), 'epoch')}" if len(lengths) == 1 else ""
    finals = [float(curve[-1]) for curve in curves]
    if len(curves) == 1:
        name = f" ({names[0]})" if names[0] else ""
        return (f"Loss curve{name}{scale}{span}, from {_num(curves[0][0])} "
                f"to {_num(finals[0])}.")
    if len(curves) > 8:
        return (f"Loss curves{scale} of {len(curves)} runs{span}; final losses from "
                f"{_num(min(finals))} to {_num(max(finals))}, median {_num(np.median(finals))}.")
    runs = [f"{name} ({'final ' if i == 0 else ''}{_num(final)})"
            for i, (name, final) in enumerate(zip(names, finals, strict=True))]
    return f"Loss curves{scale} of {len(curves)} runs{span}: {', '.join(runs)}."


# ------------------------------------------------------------------------- hidden units


def _clip_line(w: np.ndarray, b: float, box) -> tuple[np.ndarray, np.ndarray] | None:
    """Endpoints of the part of the line `w · p + b = 0` inside `box`, or `None`."""
    norm = math.hypot(*w)
    if norm == 0:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        anchor = -b * w / norm**2  # the point of the line closest to the origin
    if not np.isfinite(anchor).all():
        return None
    direction = np.array([-w[1], w[0]]) / norm
    t_low, t_high = -np.inf, np.inf
    for k, (low, high) in enumerate((box[:2], box[2:])):
        if abs(direction[k]) < 1e-12:
            if not low <= anchor[k] <= high:
                return None
            continue
        ta, tb = sorted(((low - anchor[k]) / direction[k], (high - anchor[k]) / direction[k]))
        t_low, t_high = max(t_low, ta), min(t_high, tb)
    if not t_low < t_high:
        return None
    return anchor + t_low * direction, anchor + t_high * direction


def _lines_box(W: np.ndarray, b: np.ndarray) -> tuple[float, float, float, float]:
    """A square around the origin for lines drawn without data: twice their median distance."""
    norms = np.hypot(W[:, 0], W[:, 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        distances = np.abs(b) / norms
    distances = distances[np.isfinite(distances)]
    half = max(1.0, 2.0 * float(np.median(distances))) if len(distances) else 1.0
    return -half, half, -half, half


# Light backgrounds for regions: Okabe–Ito colours (and a lavender) mixed with white.
_TINTS = tuple(tuple(0.3 * np.array(mcolors.to_rgb(c)) + 0.7)
               for c in (_SKY_BLUE, "#F0E442", _GREEN, _PURPLE, _ORANGE, _GREY, "#7B68C8"))


def _region_colors(codes: np.ndarray) -> list[tuple[float, float, float]]:
    """One tint per region code, all different while they last, never equal for neighbours.

    Regions that share a border differ in exactly one bit (the unit whose line separates
    them), so a greedy colouring that avoids codes one bit apart keeps neighbours apart.
    """
    chosen: dict[int, int] = {}
    for k, code in enumerate(int(c) for c in codes):
        taken = {chosen[other] for other in chosen if (other ^ code).bit_count() == 1}
        free = [t for t in range(len(_TINTS)) if t not in taken] or list(range(len(_TINTS)))
        chosen[code] = min(free, key=lambda t: (t - k) % len(_TINTS))
    return [_TINTS[chosen[int(c)]] for c in codes]


def _draw_regions(ax: Axes, model: MLP, box, resolution: int) -> int:
    """Shade the regions of equal activation code on a grid over `box`; return their number."""
    _, _, grid = _grid(box, resolution)
    codes = activation_codes(model, grid).numpy()
    unique, index = np.unique(codes, return_inverse=True)
    image = index.reshape(resolution, resolution)
    ax.imshow(image, extent=_extent(box, resolution), origin="lower", aspect="equal",
              interpolation="nearest", cmap=mcolors.ListedColormap(_region_colors(unique)),
              vmin=-0.5, vmax=len(unique) - 0.5, zorder=0)
    # Label each region with its code, which is also its corner of the hidden cube.
    for k, code in enumerate(unique):
        rows, cols = np.nonzero(image == k)
        if len(rows) < 0.004 * resolution**2:
            continue  # too small to hold a readable label
        # Regions are convex, so the mean of their cells lies inside them.
        x = box[0] + (box[1] - box[0]) * cols.mean() / (resolution - 1)
        y = box[2] + (box[3] - box[2]) * rows.mean() / (resolution - 1)
        bits = ",".join(str((int(code) >> i) & 1) for i in range(model.width))
        ax.text(x, y, f"({bits})", ha="center", va="center", fontsize=8, zorder=4,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.8})
    return len(unique)


def plot_hidden_lines(model: MLP, X=None, y=None, *, regions: bool = False,
                      labels: Sequence[str] | None = None, margin: float = 0.1,
                      resolution: int = 400, ax: Axes | None = None) -> Axes:
    """The line `w_i · x + b_i = 0` of every first-layer hidden unit, over the data.

    Unit `i` is "on" (its pre-activation is positive) on one side of its line, and a
    small arrow points to that side. The lines are not decision boundaries: together they
    give every point new coordinates, the hidden activations. Each line is clipped to the
    view, which is the data's bounding box plus `margin`; a unit whose line misses the view
    (for example because its weights are near zero) is listed as "unit i (outside view)".

    With `regions=True` the view is shaded by region: points in the same region have the
    same on/off pattern, written as `(unit 0, unit 1, ...)`, e.g. `(1,0,1)`. For a
    sigmoid net with large weights that pattern is the corner of the hidden cube where the
    region's points end up. Three lines in general position make 7 regions.

    Args:
        model: A model with `in_features == 2`.
        X: Optional inputs, float tensor or array of shape `(N, 2)`; they set the view.
            Without them the view is the current view of `ax` if it already shows data,
            else a square around the origin.
        y: Optional class labels of shape `(N,)`; without them the points are grey.
        regions: Shade and label the regions of equal on/off pattern, and give their
            number (as found on the grid) in the title.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        margin: Extra space around the data, as a fraction of its extent.
        resolution: Grid points per side used to find the regions.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on; `ax.get_lines()` holds one line per hidden unit, labelled
        "unit 0", "unit 1", ...

    Raises:
        ValueError: If the model's inputs are not 2-D, `X` or `y` has the wrong shape,
            `y` is given without `X`, or `margin` is negative.

    Examples:
        >>> from toynn import MLP, make_rings, plot_hidden_lines
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_hidden_lines(MLP(2, width=3, seed=0), X, y, regions=True)
        >>> [line.get_label() for line in ax.get_lines()]
        ['unit 0', 'unit 1', 'unit 2']
    """
    check_model(model, in_features=2, what="plot_hidden_lines")
    W, b = (t.double().numpy() for t in hidden_lines(model))
    margin = _margin(margin)
    resolution = _resolution(resolution)
    points = classes = None
    if X is not None:
        points = _points(X, features=(2,))
        if y is not None:
            classes, names = _classes(y, len(points), labels)
    elif y is not None:
        raise ValueError("y was given without X; pass the inputs X as well")
    had_data = isinstance(ax, Axes) and ax.has_data()
    ax = _axes(ax, figsize=(7.0, 5.0))
    if points is not None:
        box = _box(points, margin)
    elif had_data:
        box = (*ax.get_xlim(), *ax.get_ylim())
    else:
        box = _lines_box(W, b)

    if points is not None:
        if classes is None:
            ax.scatter(*points.T, s=_marker_size(len(points)), color=_GREY, alpha=0.5,
                       linewidths=0, zorder=2, label="data")
        else:
            _scatter_classes(ax, points, classes, names, alpha=0.7 if regions else 0.55)
    n_regions = _draw_regions(ax, model, box, resolution) if regions else None

    arrow_length = 0.07 * math.hypot(box[1] - box[0], box[3] - box[2])
    missing = []
    for i in range(len(W)):
        # 5 colours and 5 line styles, shifted each round: 25 distinct looks.
        shifted = (i + i // len(_UNIT_COLORS)) % len(_UNIT_LINESTYLES)
        style = {"color": _UNIT_COLORS[i % len(_UNIT_COLORS)],
                 "linestyle": _UNIT_LINESTYLES[shifted]}
        segment = _clip_line(W[i], b[i], box)
        if segment is None:
            ax.plot([], [], linewidth=2, label=f"unit {i} (outside view)", **style)
            missing.append(f"unit {i}")
            continue
        start, end = segment
        ax.plot([start[0], end[0]], [start[1], end[1]], linewidth=2, zorder=3,
                label=f"unit {i}", **style)
        # Arrows sit at different places along their lines so that they do not pile up.
        foot = start + (i + 1) / (len(W) + 1) * (end - start)
        tip = foot + arrow_length * W[i] / math.hypot(*W[i])
        ax.annotate("", xy=tuple(tip), xytext=tuple(foot), zorder=3,
                    arrowprops={"arrowstyle": "-|>", "color": style["color"], "linewidth": 2,
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 14})

    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    lines = "line" if len(W) == 1 else "lines"
    title = f"{len(W)} hidden-unit {lines}"
    if n_regions is not None:
        title += f", {n_regions} region{'s' if n_regions != 1 else ''} in view"
    ax.set_title(title)
    _legend_outside(ax, title="arrow: side where\nthe unit is on", markerscale=1.5)
    text = f"Hidden-unit lines of a {_model_name(model)}"
    if points is not None:
        text += f" over {len(points)} points"
        if classes is not None:
            text += f" of {_plural(len(np.unique(classes)), 'class', 'classes')}"
    if n_regions is not None:
        lines = "its line cuts" if len(W) == 1 else "they cut"
        text += f"; {lines} the view into {_plural(n_regions, 'region')}"
    if missing:
        text += f"; {_and(missing)} {'misses' if len(missing) == 1 else 'miss'} the view"
    _record(ax, text + ".")
    return ax


def plot_decision_regions(model: MLP, X, y, *, labels: Sequence[str] | None = None,
                          resolution: int = 200, margin: float = 0.1, cmap="cividis",
                          ax: Axes | None = None) -> Axes:
    """The model's predicted probability of class 1 over the plane, with the data on top.

    The background is `sigmoid(model(x))` on a grid (lightened so that the data stays
    visible), with a colour bar and a line where the probability is 0.5: the decision
    boundary.

    Args:
        model: A model with `in_features == 2` and one output (a logit).
        X: Inputs, float tensor or array of shape `(N, 2)`; they set the view.
        y: Class labels 0 and 1, shape `(N,)`.
        labels: Class names, as for [`plot_data`][toynn.plots.plot_data].
        resolution: Grid points per side.
        margin: Extra space around the data, as a fraction of its extent.
        cmap: A sequential colormap (name or object) for the probability.
        ax: Axes to draw on; a new figure if `None`. The colour bar takes space from it.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If the model does not map 2 inputs to 1 output, or `X` or `y` has
            the wrong shape.

    Examples:
        >>> from toynn import MLP, make_rings, plot_decision_regions
        >>> X, y = make_rings(100, seed=0)
        >>> ax = plot_decision_regions(MLP(2, width=3, seed=0), X, y, resolution=50)
        >>> ax.images[0].get_array().shape
        (50, 50)
    """
    check_model(model, in_features=2, what="plot_decision_regions")
    if model.out_features != 1:
        raise ValueError(
            f"plot_decision_regions needs a model with one output (a logit), "
            f"this one has out_features={model.out_features}"
        )
    points = _points(X, features=(2,))
    classes, names = _classes(y, len(points), labels)
    resolution = _resolution(resolution)
    box = _box(points, _margin(margin))
    xs, ys, grid = _grid(box, resolution)
    probs = 1 / (1 + np.exp(-np.clip(_outputs(model, grid), -500, 500)))
    probs = probs.reshape(resolution, resolution)

    colormap = plt.get_cmap(cmap)
    light = mcolors.ListedColormap(
        0.45 * colormap(np.linspace(0, 1, 256))[:, :3] + 0.55, name=f"{colormap.name}_light"
    )
    ax = _axes(ax, figsize=(5.8, 4.9))
    image = ax.imshow(probs, extent=_extent(box, resolution), origin="lower", aspect="equal",
                      cmap=light, vmin=0, vmax=1, interpolation="bilinear", zorder=0)
    _scatter_classes(ax, points, classes, names, alpha=0.9, edgecolor="white")
    handles, texts = ax.get_legend_handles_labels()
    if probs.min() < 0.5 < probs.max():
        ax.contour(xs, ys, probs, levels=[0.5], colors=_BLACK, linewidths=1.5, zorder=3)
        handles.append(Line2D([], [], color=_BLACK, linewidth=1.5))
        texts.append("P = 0.5")
    colorbar = ax.figure.colorbar(image, ax=ax, label="P(class 1)", shrink=0.9)
    setattr(colorbar.ax, _COVERED, True)
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=f"Predictions of a {_model_name(model)}")
    ax.legend(handles, texts, loc="upper left", bbox_to_anchor=(0.0, -0.14), ncols=3,
              frameon=False, borderaxespad=0.0, markerscale=1.5)
    text = (f"Predicted probability of class 1 of a {_model_name(model)} over the plane "
            f"(from {_num(probs.min())} to {_num(probs.max())}), with {len(points)} points "
            f"on top: {_class_counts(classes, names)}")
    if classes.max() <= 1:
        right = (_outputs(model, points).reshape(-1) > 0) == (classes == 1)
        text += f"; {_pct(right.mean())} of them are on their class's side of P = 0.5"
    _record(ax, text + ".")
    return ax


def _check_units(model: MLP, units) -> tuple[int, int, int]:
    if model.width < 3:
        raise ValueError(
            f"a 3-D hidden space needs at least 3 hidden units, this model has width {model.width}"
        )
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


def _hidden_space(ax, model: MLP, activations: np.ndarray, classes: np.ndarray,
                  names: list[str], units: tuple[int, int, int]) -> None:
    """Scatter the chosen columns of `activations` in 3-D and label the axes."""
    _scatter_classes(ax, activations[:, list(units)], classes, names, alpha=0.5,
                     depthshade=False)
    ax.set_xlabel(f"unit {units[0]}")
    ax.set_ylabel(f"unit {units[1]}")
    ax.set_zlabel(f"unit {units[2]}")
    bounds = activation_range(model.activation)
    if bounds is not None:
        ticks = [bounds[0], (bounds[0] + bounds[1]) / 2, bounds[1]]
        for axis in ("x", "y", "z"):
            getattr(ax, f"set_{axis}lim")(*bounds)
            getattr(ax, f"set_{axis}ticks")(ticks)


def _corners_sentence(model: MLP, activations: np.ndarray) -> str:
    """'; 91% of the points sit near a corner of the cube' for bounded activations, else ''."""
    bounds = activation_range(model.activation)
    if bounds is None:
        return ""
    low, high = bounds
    margin = 0.1 * (high - low)
    near = ((activations < low + margin) | (activations > high - margin)).all(axis=1)
    cube = "cube" if activations.shape[1] == 3 else f"{activations.shape[1]}-D cube"
    return f"; {_pct(near.mean())} of the points sit near a corner of the {cube}"


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


def _draw_output_plane(ax, model: MLP, activations: np.ndarray,
                       units: tuple[int, int, int]) -> None:
    """The output unit's zero set in the hidden space of a width-3 model, clipped to the view."""
    shown = activations[:, list(units)]
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
            [polygon], facecolor=_GREY, edgecolor=_GREY, alpha=0.3, label="output = 0 (P = 0.5)"
        ))


@torch.no_grad()
def _first_hidden(model: MLP, X) -> np.ndarray:
    """First-layer activations of shape `(N, width)` as a float64 array."""
    points = _points(X, features=(model.in_features,))
    parameter = next(model.parameters())
    inputs = torch.as_tensor(points, dtype=parameter.dtype, device=parameter.device)
    return model.hidden(inputs)[0].double().cpu().numpy()


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
    activations = _first_hidden(model, X)
    classes, names = _classes(y, len(activations), labels)
    ax = _axes(ax, figsize=(5.6, 5.0), three_d=True)
    _hidden_space(ax, model, activations, classes, names, units)
    if plane:
        _draw_output_plane(ax, model, activations, units)
    ax.set_title(f"Hidden space of a {_model_name(model)}")
    ax.legend(loc="upper left", markerscale=1.5)
    text = (f"3-D scatter plot of {len(activations)} points ({_class_counts(classes, names)}) "
            f"at the activations of hidden units {_and([str(u) for u in units])} of a "
            f"{_model_name(model)}{_corners_sentence(model, activations[:, list(units)])}")
    if plane:
        text += "; a grey plane marks where the output is 0 (P = 0.5)"
    _record(ax, text + ".")
    return ax


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
    if model.width < 3:
        raise ValueError(
            f"a 3-D hidden space needs at least 3 hidden units, this model has width {model.width}"
        )
    views = list(itertools.combinations(range(model.width), 3))
    if len(views) > max_views:
        raise ValueError(
            f"a width-{model.width} layer has {len(views)} views of 3 units, more than "
            f"max_views={max_views}; raise max_views or use plot_hidden_space for a few of them"
        )
    activations = _first_hidden(model, X)
    classes, names = _classes(y, len(activations), labels)

    ncols = min(ncols, len(views))
    nrows = math.ceil(len(views) / ncols)
    fig = plt.figure(figsize=(2.4 * ncols, 2.4 * nrows + 0.8), layout="constrained",
                     facecolor="white")
    for k, units in enumerate(views):
        ax = fig.add_subplot(nrows, ncols, k + 1, projection="3d")
        setattr(ax, _COVERED, True)  # the figure's description covers every panel
        _hidden_space(ax, model, activations, classes, names, units)
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
    fig.suptitle(f"Hidden space of a {_model_name(model)}: all {len(views)} views of 3 units"
                 + cube)
    _record(fig, f"One 3-D scatter plot for each of the {len(views)} choices of 3 of the "
                 f"{model.width} hidden units, showing {len(activations)} points "
                 f"({_class_counts(classes, names)}) at their activations"
                 f"{_corners_sentence(model, activations)}.")
    return fig


def plot_regression_fit(model: MLP, X, y, *, steps: bool = True, thresholds: bool = True,
                        resolution: int = 1000, ax: Axes | None = None) -> Axes:
    """Data, the model's smooth prediction and, optionally, its step version and thresholds.

    Replacing every hidden sigmoid by a hard step (see [`step_predict`][toynn.step_predict])
    gives a piecewise-constant prediction that changes only at the units' thresholds
    `-b_i / w_i` (see [`thresholds`][toynn.thresholds]). The step line is exact: it is
    evaluated once between each pair of neighbouring thresholds.

    Args:
        model: A model with `in_features == 1` and one output.
        X: Inputs, float tensor or array of shape `(N, 1)` or `(N,)`.
        y: Targets of shape `(N,)`.
        steps: Draw the step prediction (needs sigmoid or tanh hidden units). The y range
            is set by the data and the smooth prediction; if the step line leaves it, the
            legend gives the step line's range (widen the view with `ax.set_ylim`).
        thresholds: Mark the thresholds inside the data's x range with dotted vertical
            lines; the legend says how many lie outside it.
        resolution: Number of x values for the smooth prediction.
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on.

    Raises:
        ValueError: If the model does not map 1 input to 1 output, `X` or `y` has the
            wrong shape, or `steps=True` for an activation without a step limit.

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
    if steps and activation_range(model.activation) is None:
        raise ValueError(
            "steps=True needs sigmoid or tanh hidden units (a hard step is their limit), but "
            f"this model uses {model.activation_name}; pass steps=False"
        )
    points = _points(X, features=(1,))
    targets = _vector(y, len(points))
    resolution = _resolution(resolution)
    low, high = float(points.min()), float(points.max())
    if low == high:
        low, high = low - 1, high + 1
    deltas = unit_thresholds(model).double().numpy()
    inside = np.sort(deltas[(deltas > low) & (deltas < high)])

    dense = np.linspace(low, high, resolution)
    smooth = _outputs(model, dense[:, None])
    # The view holds the data and the smooth prediction; step levels far outside it are
    # cut off (and the legend says so) rather than squeezing the data into a thin band.
    shown = np.concatenate([targets, smooth])
    pad = 0.08 * max(float(np.ptp(shown)), 1e-6)
    ylim = float(shown.min()) - pad, float(shown.max()) + pad

    ax = _axes(ax, figsize=(7.0, 4.6))
    ax.scatter(points[:, 0], targets, s=_marker_size(len(points)), color=_BLUE, alpha=0.7,
               linewidths=0, label="data", zorder=2)
    ax.plot(dense, smooth, color=_VERMILLION, linewidth=2, label="model", zorder=3)
    if steps:
        edges = np.unique(np.concatenate([[low], inside, [high]]))
        middles = (edges[:-1] + edges[1:]) / 2
        levels = step_predict(model, torch.as_tensor(middles[:, None])).double().numpy()
        text = "step units"
        cut_off = bool(levels.min() < ylim[0] or levels.max() > ylim[1])
        if cut_off:
            text += f" (cut off; range {levels.min():.3g} to {levels.max():.3g})"
        ax.step(edges, np.append(levels, levels[-1]), where="post", color=_GREEN,
                linewidth=1.5, label=text, zorder=3)
    if thresholds:
        outside = len(deltas) - len(inside)
        text = f"{len(inside)} threshold{'s' if len(inside) != 1 else ''} $-b_i/w_i$"
        if outside:
            text += f" ({outside} outside)"
        style = {"color": _GREY, "linestyle": ":", "linewidth": 1.2, "zorder": 1}
        for k, delta in enumerate(inside):
            ax.axvline(delta, label=text if k == 0 else None, **style)
        if not len(inside):
            ax.plot([], [], label=text, **style)
    ax.set_ylim(*ylim)
    ax.set(xlabel="x", ylabel="y", title=f"Fit of a {_model_name(model)}")
    # Below the axes: a fit fills the whole width, and a legend inside would cover it.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False,
              borderaxespad=0.0)
    mse = float(np.mean((_outputs(model, points).reshape(-1) - targets) ** 2))
    parts = [f"the smooth prediction (mean squared error {_num(mse)})"]
    if steps:
        cut = ", partly out of view" if cut_off else ""
        parts.append(f"its step version ({_plural(len(levels), 'level')}{cut})")
    if thresholds:
        if len(inside) == len(deltas) > 1:
            count = f"all {len(deltas)} unit thresholds"
        else:
            count = f"{len(inside)} of {_plural(len(deltas), 'unit threshold')}"
        parts.append(f"{count} inside the data's range")
    _record(ax, f"Fit of a {_model_name(model)} to {len(points)} samples (x from {_num(low)} "
                f"to {_num(high)}): {_and(parts)}.")
    return ax


# ------------------------------------------------------------------------------- sweeps


def _check_result(result, name: str = "result") -> SweepResult:
    if not isinstance(result, SweepResult):
        raise TypeError(f"{name} must be a toynn.SweepResult, got {type(result).__name__}")
    return result


def _check_threshold(threshold) -> float:
    return positive_float(threshold, "threshold")


def _width_ticks(ax: Axes, widths: Sequence[int], extra: Sequence[str] | None = None,
                 extra_label: str = "") -> None:
    """Categorical x axis: one tick per width, optionally with a short second line.

    The second lines (counts such as "3/20") are set small so that neighbours do not run
    into each other, and `extra_label` says in the axis label what they count.
    """
    ax.set_xticks(range(len(widths)))
    if extra is None:
        ax.set_xticklabels([str(w) for w in widths])
        ax.set_xlabel("hidden width")
    else:
        ax.set_xticklabels([f"{w}\n{e}" for w, e in zip(widths, extra, strict=True)])
        ax.tick_params(axis="x", labelsize="small")
        ax.set_xlabel(f"hidden width ({extra_label})")
    ax.set_xlim(-0.6, len(widths) - 0.4)


def plot_success_rate(results, threshold: float, *, labels: Sequence[str] | None = None,
                      confidence: float = 0.95, ax: Axes | None = None) -> Axes:
    """Share of seeds whose final loss is below `threshold`, per width, with intervals.

    Error bars are Wilson score intervals (see
    [`SweepResult.success_rate`][toynn.SweepResult.success_rate]). Several sweeps share the
    axes, each slightly shifted sideways so that their bars do not overlap.

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
    """
    threshold = _check_threshold(threshold)
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
        _check_result(result, f"results[{i}]")

    widths = sorted(set().union(*(r.widths for r in series)))
    position = {w: i for i, w in enumerate(widths)}
    summaries = []
    shift = min(0.12, 0.6 / len(series))
    ax = _axes(ax, figsize=(6.4, 4.0))
    for k, (name, result) in enumerate(zip(names, series, strict=True)):
        rate, low, high = (t.double().numpy()
                           for t in result.success_rate(threshold, confidence=confidence))
        x = np.array([position[w] for w in result.widths]) + (k - (len(series) - 1) / 2) * shift
        order = np.argsort(x)
        style = _series_style(k, len(series))
        ax.errorbar(x[order], rate[order], yerr=[(rate - low)[order], (high - rate)[order]],
                    marker=_CLASS_MARKERS[k % len(_CLASS_MARKERS)], markersize=6, capsize=3,
                    linewidth=1.6, label=f"{name} ({len(result.seeds)} seeds)", **style)
        rates = [f"{_pct(r)} at width {w}" for w, r in zip(result.widths, rate, strict=True)]
        summaries.append(f"{name + ' ' if name else ''}({len(result.seeds)} seeds) "
                         f"{', '.join(rates)}")
    _width_ticks(ax, widths)
    ax.set_ylim(-0.04, 1.04)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set(ylabel=f"runs with final loss < {threshold:g}",
           title="Success rate per width")
    ax.legend(loc="best", title=f"bars: {confidence:.0%} interval")
    _record(ax, f"Share of runs whose final loss is below {threshold:g}, per hidden width, "
                f"with {confidence:.0%} intervals: {'; '.join(summaries)}.")
    return ax


def _jitter(count: int, column: int, spread: float = 0.25) -> np.ndarray:
    """Reproducible sideways offsets for a strip plot (a local generator, no global seed)."""
    return np.random.default_rng(column).uniform(-spread, spread, count)


def _opaque_legend_handles(legend) -> None:
    """Draw a legend's handles fully opaque even when the curves are translucent."""
    for handle in getattr(legend, "legend_handles", []):
        if handle is not None:
            handle.set_alpha(1.0)


def plot_final_losses(result: SweepResult, *, threshold: float | None = None,
                      ax: Axes | None = None) -> Axes:
    """Every seed's final loss, per width: a strip plot on a log scale, with medians.

    With a `threshold`, runs below it and runs above it get different colours and markers,
    the threshold is drawn as a dashed line, and each width's tick says how many runs got
    below it.

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
    _check_result(result)
    if threshold is not None:
        threshold = _check_threshold(threshold)
    losses = result.final_losses.double().numpy()
    n_seeds = losses.shape[1]
    if threshold is None:
        groups = [(np.ones_like(losses, dtype=bool), _BLUE, "o", "one seed")]
    else:
        groups = [(losses < threshold, _BLUE, "o", f"below {threshold:g}"),
                  (losses >= threshold, _VERMILLION, "^", f"not below {threshold:g}")]
    ax = _axes(ax, figsize=(6.4, 4.0))
    size = 30.0 if n_seeds <= 50 else 12.0
    for mask, color, marker, text in groups:
        rows = np.flatnonzero(mask.any(axis=1))
        for i in rows:
            x = i + _jitter(n_seeds, i)
            ax.scatter(x[mask[i]], losses[i][mask[i]], s=size, color=color, marker=marker,
                       alpha=0.7, linewidths=0, zorder=2, label=text if i == rows[0] else None)
    ax.hlines(np.median(losses, axis=1), np.arange(len(losses)) - 0.35,
              np.arange(len(losses)) + 0.35, color=_BLACK, linewidth=2, label="median", zorder=3)
    _log_y(ax, losses.ravel())
    if threshold is None:
        _width_ticks(ax, result.widths)
    else:
        ax.axhline(threshold, color=_GREY, linestyle="--", linewidth=1.2,
                   label=f"threshold {threshold:g}", zorder=1)
        _width_ticks(ax, result.widths,
                     [f"{k}/{n_seeds}" for k in (losses < threshold).sum(axis=1)],
                     f"and runs below {threshold:g}")
    ax.set(ylabel=f"final {_loss_label(result.loss)}",
           title=f"Final loss of {n_seeds} seeds per width")
    _legend_outside(ax)
    per_width = []
    for i, width in enumerate(result.widths):
        text = f"width {width}: median {_num(np.median(losses[i]))}"
        if threshold is not None:
            text += f", {int((losses[i] < threshold).sum())}/{n_seeds} below"
        per_width.append(text)
    line = f", with a line at {threshold:g}" if threshold is not None else ""
    _record(ax, f"Strip plot of the final {_loss_label(result.loss)} of {n_seeds} seeds per "
                f"hidden width, on a log scale{line}. W{'; '.join(per_width)[1:]}.")
    return ax


def plot_epochs_to_success(result: SweepResult, threshold: float, *, log: bool = False,
                           ax: Axes | None = None) -> Axes:
    """How many epochs each seed needed to get its loss below `threshold`, per width.

    Runs that got there are drawn as a strip plot over a box plot (quartiles, whiskers to
    the furthest points within 1.5 box lengths) where there are at least 5 of them; each
    width's tick says how many runs never got there. The epochs are only as precise as the
    spacing of the recorded loss curves (`result.curve_epochs`).

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
    _check_result(result)
    threshold = _check_threshold(threshold)
    epochs = result.epochs_to(threshold).double().numpy()
    n_seeds = epochs.shape[1]
    reached = [row[~np.isnan(row)] for row in epochs]
    ax = _axes(ax, figsize=(6.4, 4.0))
    for i, values in enumerate(reached):
        if len(values):
            ax.scatter(i + _jitter(len(values), i, 0.2), values, s=24, color=_BLUE, alpha=0.7,
                       linewidths=0, zorder=3)
    boxed = [i for i, values in enumerate(reached) if len(values) >= 5]
    if boxed:
        ax.boxplot([reached[i] for i in boxed], positions=boxed, widths=0.55,
                   showfliers=False, manage_ticks=False, zorder=2,
                   medianprops={"color": _BLACK, "linewidth": 2},
                   boxprops={"color": _GREY}, whiskerprops={"color": _GREY},
                   capprops={"color": _GREY})
    _width_ticks(ax, result.widths, [f"{n_seeds - len(v)}/{n_seeds}" for v in reached],
                 f"and runs never below {threshold:g}")
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, result.epochs * 1.03)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(ylabel=f"first epoch with loss < {threshold:g}",
           title=f"Epochs to reach loss < {threshold:g} ({n_seeds} seeds per width)")
    per_width = [
        f"width {width}: {len(values)}/{n_seeds} reached it"
        + (f", median epoch {_num(np.median(values))}" if len(values) else "")
        for width, values in zip(result.widths, reached, strict=True)
    ]
    _record(ax, f"Strip plot of the first epoch at which each of {n_seeds} seeds per hidden "
                f"width got its loss below {threshold:g}: {'; '.join(per_width)}.")
    return ax


def plot_sweep_curves(result: SweepResult, width: int, *, threshold: float | None = None,
                      max_curves: int = 100, ax: Axes | None = None) -> Axes:
    """The loss curves of every seed for one width: thin, translucent, on a log scale.

    Failed runs show up as curves stuck on a plateau. With a `threshold`, runs that end
    below it and runs that do not get different colours and line styles.

    Args:
        result: A [`SweepResult`][toynn.SweepResult].
        width: One of `result.widths`.
        threshold: Optional final loss that counts as success.
        max_curves: Draw at most this many seeds (the first ones).
        ax: Axes to draw on; a new figure if `None`.

    Returns:
        The axes drawn on; `ax.get_lines()` holds one line per seed drawn, then the
        threshold line if there is one.

    Raises:
        ValueError: If `width` is not in the sweep, or `threshold` or `max_curves` is not
            positive.

    Examples:
        >>> from toynn import make_rings, plot_sweep_curves, sweep
        >>> X, y = make_rings(100, seed=0)
        >>> result = sweep(X, y, widths=[1, 3], seeds=range(4), loss="bce", lr=0.01, epochs=50)
        >>> len(plot_sweep_curves(result, 3).get_lines())
        4
    """
    _check_result(result)
    if width not in result.widths:
        raise ValueError(f"width must be one of this sweep's widths {result.widths}, got {width!r}")
    if threshold is not None:
        threshold = _check_threshold(threshold)
    max_curves = positive_int(max_curves, "max_curves")
    curves = result.curves[result.widths.index(width)].double().numpy()[:max_curves]
    epochs = result.curve_epochs.numpy()
    n_seeds, shown = len(result.seeds), len(curves)
    alpha = 0.7 if shown <= 10 else 0.5 if shown <= 50 else 0.3
    ax = _axes(ax, figsize=(6.4, 4.0))
    if threshold is None:
        groups = [(np.ones(shown, bool), _BLUE, "-", None)]
    else:
        below = curves[:, -1] < threshold
        groups = [(below, _BLUE, "-", f"ends below {threshold:g} ({below.sum()})"),
                  (~below, _VERMILLION, "--", f"does not ({(~below).sum()})")]
    for mask, color, linestyle, text in groups:
        for k, curve in enumerate(curves[mask]):
            ax.plot(epochs, curve, color=color, linestyle=linestyle, linewidth=0.9,
                    alpha=alpha, label=text if k == 0 else None)
    _log_y(ax, curves.ravel())
    seeds = f"{shown} seeds" if shown == n_seeds else f"first {shown} of {n_seeds} seeds"
    ax.set(xlabel="epoch", ylabel=_loss_label(result.loss),
           title=f"Loss curves of width {width}, {seeds}")
    if threshold is not None:
        ax.axhline(threshold, color=_GREY, linestyle=":", linewidth=1.2,
                   label=f"threshold {threshold:g}")
        _opaque_legend_handles(ax.legend(loc="best"))
    finals = curves[:, -1]
    text = (f"Loss curves of {seeds} of width {width} on a log scale over "
            f"{_plural(result.epochs, 'epoch')}; final losses from {_num(finals.min())} to "
            f"{_num(finals.max())}, median {_num(np.median(finals))}")
    if threshold is not None:
        text += f"; {int(below.sum())} end below {threshold:g}, {int((~below).sum())} do not"
    _record(ax, text + ".")
    return ax


# ------------------------------------------------------------------------ alt text


def _fallback(ax: Axes) -> str:
    """An honest description of axes that no toynn function drew on: labels and contents."""
    axes = [("x", ax.get_xlabel()), ("y", ax.get_ylabel())]
    if hasattr(ax, "get_zlabel"):
        axes.append(("z", ax.get_zlabel()))
    labelled = [f"{name} axis {_plain(label)!r}" for name, label in axes if _plain(label)]
    kind = "3-D plot" if ax.name == "3d" else "plot"
    text = f"A {kind} with {_and(labelled)}" if labelled else f"A {kind} without axis labels"
    counts = [len(ax.get_lines()), len(ax.collections), len(ax.images), len(ax.patches)]
    shown = [_plural(n, one, many) for n, (one, many) in zip(counts, _FALLBACK_ARTISTS) if n]
    return text + (f", showing {_and(shown)}." if shown else ".")


def _describe_axes(ax: Axes) -> str:
    title = _plain(ax.get_title())
    recorded = _recorded(ax)
    body = " ".join(recorded) if recorded else _fallback(ax)
    return f"{_sentence(title)} {body}" if title else body


def describe(fig_or_ax: Figure | Axes) -> str:
    """A text alternative for a figure: what each of its plots shows, with the key numbers.

    Every plot function of this module records a sentence about what it drew on the axes
    it drew on, such as "Loss curves on a log scale of 2 runs over 50 epochs: width 1
    (final 0.69), width 3 (0.52)." `describe` puts together, for each axes of the figure,
    its title as it is now (after any `ax.set_title`) and those sentences. Axes that no
    toynn function drew on get a plain description of their axis labels and contents.
    Use it as the `alt` text of a figure on a web page, or as its caption.

    Args:
        fig_or_ax: A `Figure` (its title, then every axes in order, each introduced as
            "Panel k of n" when there are several) or a single `Axes`.

    Returns:
        The description, as plain text (mathtext dollars removed).

    Raises:
        TypeError: If `fig_or_ax` is neither a matplotlib `Figure` nor an `Axes`.

    Examples:
        >>> import matplotlib.pyplot as plt
        >>> from toynn import describe, make_rings, plot_data
        >>> X, y = make_rings(100, seed=0)
        >>> fig, (left, right) = plt.subplots(1, 2)
        >>> _ = plot_data(X, y, labels=["disc", "ring"], ax=left)
        >>> _ = right.plot([0, 1], [1, 0])
        >>> _ = right.set(title="By hand", xlabel="t")
        >>> print(describe(fig))
        Panel 1 of 2: 200 points, 2 classes. Scatter plot of 200 points in the plane: 100 disc
        and 100 ring. Panel 2 of 2: By hand. A plot with x axis 't', showing 1 line.
    """
    if isinstance(fig_or_ax, Axes):
        return _describe_axes(fig_or_ax)
    if not isinstance(fig_or_ax, Figure):
        raise TypeError(
            f"fig_or_ax must be a matplotlib Figure or Axes, got {type(fig_or_ax).__name__}"
        )
    fig = fig_or_ax
    parts = []
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    if _plain(suptitle):
        parts.append(_sentence(_plain(suptitle)))
    parts.extend(_recorded(fig))
    shown = [ax for ax in fig.axes
             if ax.get_visible() and not getattr(ax, _COVERED, False)
             and not hasattr(ax, "_colorbar") and (ax.axison or ax.has_data())]
    for k, ax in enumerate(shown):
        text = _describe_axes(ax)
        parts.append(f"Panel {k + 1} of {len(shown)}: {text}" if len(shown) > 1 else text)
    if not parts:
        return "An empty figure."
    return " ".join(parts)
