"""Interactive figures: scrub through training, rotate the hidden space.

The matplotlib plots of [`toynn.plots`][toynn.plots] show one moment from one angle.
These functions draw the same things with plotly, whose figures Jupyter, VS Code and
Colab show as they are: a slider over the snapshots that [`fit`][toynn.fit] kept
(`fit(..., snapshots=50)`), a play button, and 3-D views that turn with the mouse. Each
returns a `plotly.graph_objects.Figure`; `fig.write_html("fig.html")` saves it as a page.

Arrays in the figures are float32 and shared parts (the data points, the loss curve)
are stored once, not per frame, which keeps a figure of 50 frames to a few hundred KB.
`fig.layout.meta["description"]` says in words what the figure shows, for alt text.

Examples:
    >>> import toynn
    >>> X, y = toynn.make_rings(200, seed=0)
    >>> history = toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=0.01, epochs=100,
    ...                     seed=0, snapshots=20)
    >>> fig = toynn.interactive.training_scrubber(history, X, y)
    >>> len(fig.frames), fig.frames[-1].name
    (20, '100')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import contourpy
import numpy as np
import plotly.graph_objects as go
import torch

from ._checks import activation_range, check_model, input_matrix, target_vector
from .hidden import hidden_lines, output_weights, thresholds
from .models import MLP
from .plots._hidden_lines import _UNIT_COLORS, _clip_line
from .plots._style import CLASS_COLORS, GREY
from .training import History

__all__ = ["hidden_space", "regression_scrubber", "training_scrubber"]

_CLASS_SYMBOLS = ("circle", "triangle-up", "square", "diamond")
_CLASS_SYMBOLS_3D = ("circle", "diamond", "square", "cross")
_DASHES = ("solid", "dash", "dashdot", "dot", "longdash")
_LAYOUT = {  # transparent, so that the page's background shows through
    "template": "plotly_white", "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": {"color": "#333", "size": 13}, "hovermode": "closest",
    "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
}


# -- inputs ---------------------------------------------------------------------------------

def _snapshots(history, what: str) -> list[tuple[int, MLP]]:
    """The (epoch, model) of every snapshot of `history`, or a clear error."""
    if not isinstance(history, History):
        raise TypeError(f"{what} takes the History that fit returned, got "
                        f"{type(history).__name__}")
    if not history.snapshots:
        raise ValueError(f"{what} needs snapshots of training, and this History has none: "
                         "train with fit(..., snapshots=50) to keep 50 of them")
    return [(epoch, history.model_at(epoch)) for epoch in history.snapshots]


def _scrubbed_net(history, in_features: int, what: str) -> tuple[MLP, list[tuple[int, MLP]]]:
    """The model of `history` and its snapshots, for a scrubber of one-layer, one-output nets."""
    snapshots = _snapshots(history, what)
    model = history.model
    check_model(model, in_features=in_features, what=what)
    if model.out_features != 1 or model.depth != 1:
        raise ValueError(f"{what} draws a net with one hidden layer and one output; this "
                         f"model has depth {model.depth} and {model.out_features} outputs")
    return model, snapshots


def _classes(y, n: int, names: Sequence[str] | None) -> tuple[np.ndarray, list[str]]:
    """Labels as int class indices, and one name per class."""
    labels = target_vector(y, n).numpy()
    if not np.all(labels == np.round(labels)) or labels.min() < 0:
        raise ValueError("y must hold class labels 0, 1, …")
    labels = labels.astype(int)
    count = int(labels.max()) + 1
    names = list(names) if names is not None else [f"class {c}" for c in range(count)]
    if len(names) < count:
        raise ValueError(f"labels gives {len(names)} names, but y has {count} classes")
    return labels, names


def _f32(values) -> np.ndarray:
    """float32 copy: plotly writes numpy arrays compactly, as base64 typed arrays."""
    return np.asarray(values, dtype=np.float32)


@torch.no_grad()
def _outputs(model: MLP, X: np.ndarray) -> np.ndarray:
    return model(torch.as_tensor(X, dtype=torch.float32)).reshape(len(X)).numpy()


# -- scrubbing ------------------------------------------------------------------------------

def _changes(trace, shared: Sequence[str]) -> dict:
    """What a frame needs of a moving trace: its coordinates, less those never changing.

    Frames are merged into the figure's traces, so styles are stored once, in the figure.
    """
    keys = [key for key in ("x", "y", "z", "i", "j", "k") if key in trace and key not in shared]
    return {"type": trace.type, **{key: trace[key] for key in keys}}


def _add_slider(fig: go.Figure, epochs: list[int], frames: list[list], *, redraw: bool,
                shared: dict[int, Sequence[str]] | None = None) -> None:
    """Frames named by epoch, a slider labelled with epochs and a play button.

    `frames[f]` are the traces that move, the figure's first ones, at epoch `epochs[f]`;
    `shared[i]` names coordinates of moving trace `i` that are the same in every frame.
    """
    shared = shared or {}
    moving = list(range(len(frames[0])))
    fig.frames = [go.Frame(name=str(e), traces=moving,
                           data=[_changes(trace, shared.get(i, ()))
                                 for i, trace in enumerate(traces)])
                  for e, traces in zip(epochs, frames)]
    animation = {"frame": {"duration": 0, "redraw": redraw}, "transition": {"duration": 0},
                 "mode": "immediate"}
    fig.update_layout(
        sliders=[{
            "active": len(epochs) - 1, "pad": {"t": 40}, "len": 0.9, "x": 0.1,
            "currentvalue": {"prefix": "epoch "},
            "steps": [{"label": str(e), "method": "animate", "args": [[str(e)], animation]}
                      for e in epochs],
        }],
        updatemenus=[{
            "type": "buttons", "showactive": False, "x": 0, "y": 0, "xanchor": "left",
            "yanchor": "top", "pad": {"t": 50},
            "buttons": [{"label": "▶", "method": "animate",
                         "args": [None, {**animation, "frame": {"duration": 120,
                                                                "redraw": redraw},
                                         "fromcurrent": True}]}],
        }],
    )


def _loss_traces(history: History, epochs: list[int]) -> tuple[go.Scatter, list[go.Scatter]]:
    """The loss curve (at most 500 points) and, per snapshot, a marker on it."""
    losses = np.asarray(history.losses)
    step = max(1, math.ceil(len(losses) / 500))
    shown = np.unique(np.r_[np.arange(0, len(losses), step), len(losses) - 1])
    curve = go.Scatter(x=_f32(shown), y=_f32(losses[shown]), mode="lines", name="loss",
                       line={"color": GREY, "width": 2}, xaxis="x2", yaxis="y2",
                       showlegend=False, hovertemplate="epoch %{x}<br>loss %{y:.4g}"
                       "<extra></extra>")
    markers = [go.Scatter(x=[e], y=[history.losses[min(e, len(losses) - 1)]],
                          mode="markers", xaxis="x2", yaxis="y2", showlegend=False,
                          marker={"size": 11, "color": CLASS_COLORS[1], "symbol": "circle"},
                          hovertemplate="epoch %{x}<br>loss %{y:.4g}<extra></extra>")
               for e in epochs]
    return curve, markers


def _log_ticks(values: Sequence[float]) -> dict:
    """Log axis ticks at 1, 2 and 5 times powers of ten, labelled as plain numbers."""
    positive = [v for v in values if v > 0]
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    ticks = [m * 10.0**k for k in range(low, high + 1) for m in (1, 2, 5)
             if min(positive) / 1.5 <= m * 10.0**k <= max(positive) * 1.5]
    return {"type": "log", "tickvals": ticks, "ticktext": [f"{v:.3g}" for v in ticks]}


def _two_panels(fig: go.Figure, history: History, *, map_title: str) -> None:
    """A map on the left, the loss on the right; stacked on narrow screens (see `meta`)."""
    fig.update_layout(
        **_LAYOUT, height=470, margin={"l": 50, "r": 20, "t": 60, "b": 20},
        xaxis={"domain": [0, 0.55], "title": {"text": map_title}, "zeroline": False},
        xaxis2={"domain": [0.67, 1], "title": {"text": "epoch"}, "anchor": "y2"},
        yaxis2={"anchor": "x2", "title": {"text": "loss"}, **_log_ticks(history.losses)},
    )
    # Sites can apply `narrow` (plotly relayout updates) on screens below 600 px.
    fig.layout.meta = {"narrow": {
        "height": 660, "xaxis.domain": [0, 1], "yaxis.domain": [0.47, 1],
        "xaxis2.domain": [0, 1], "yaxis2.domain": [0, 0.28],
    }}


def _describe(fig: go.Figure, text: str) -> None:
    fig.layout.meta = {**(fig.layout.meta or {}), "description": text}


# -- the classifier's training --------------------------------------------------------------

def _region_path(model: MLP, box: np.ndarray, resolution: int) -> tuple[np.ndarray, ...]:
    """Outline of the region the model assigns to class 1, NaN between closed loops.

    Holes wind the other way round than their outer boundary, so a single path filled
    with the non-zero rule leaves them empty.
    """
    xs = np.linspace(box[0], box[1], resolution)
    ys = np.linspace(box[2], box[3], resolution)
    gx, gy = np.meshgrid(xs, ys)
    logits = _outputs(model, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape).astype(float)
    if logits.max() <= 0:
        return np.array([], np.float32), np.array([], np.float32)
    generator = contourpy.contour_generator(xs, ys, logits,
                                            fill_type=contourpy.FillType.OuterOffset)
    polygons, offsets = generator.filled(0.0, max(logits.max(), 0.0) + 1.0)
    loops = [points[a:b] for points, cuts in zip(polygons, offsets)
             for a, b in zip(cuts[:-1], cuts[1:])]
    path = np.concatenate([np.r_[loop, [[np.nan, np.nan]]] for loop in loops])
    return _f32(path[:-1, 0]), _f32(path[:-1, 1])


def _unit_lines(model: MLP, box: np.ndarray) -> list[tuple[list, list]]:
    """Per hidden unit, the x and y of its line's part inside `box` (empty if none)."""
    W, b = (t.numpy().astype(float) for t in hidden_lines(model))
    box = (box[0], box[1], box[2], box[3])
    ends = [_clip_line(w, bias, box) for w, bias in zip(W, b)]
    return [([], []) if end is None else (_f32([end[0][0], end[1][0]]),
                                          _f32([end[0][1], end[1][1]]))
            for end in ends]


def training_scrubber(history: History, X, y, *, labels: Sequence[str] | None = None,
                      resolution: int = 80) -> go.Figure:
    """Watch a 2-D classifier train: its hidden lines, its decision and its loss, by epoch.

    Left, the data, each hidden unit's line `w · x + b = 0` and, shaded, the region the
    net assigns to class 1; right, the loss curve with a marker at the shown epoch. The
    slider runs over the snapshots that `fit` kept, labelled with their epochs; the
    button plays them in order.

    Args:
        history: What `fit(..., snapshots=n)` returned for a model with 2 inputs, one
            output and one hidden layer.
        X: Inputs of shape `(N, 2)` (the training data, or any points to show).
        y: Class labels 0/1 of shape `(N,)`.
        labels: Names of the classes, for the legend; "class 0", "class 1" if `None`.
        resolution: Grid points per side for the class-1 region.

    Returns:
        A `plotly.graph_objects.Figure` with one frame per snapshot, named by its epoch.

    Raises:
        ValueError: If the history has no snapshots (the message says how to keep them),
            or the model is not a one-layer classifier of 2 inputs with one output.

    Examples:
        >>> import toynn
        >>> X, y = toynn.make_rings(200, seed=0)
        >>> history = toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=0.01,
        ...                     epochs=300, seed=0, snapshots=10)
        >>> fig = toynn.interactive.training_scrubber(history, X, y)
        >>> [frame.name for frame in fig.frames][:4]
        ['0', '1', '3', '6']
    """
    model, snapshots = _scrubbed_net(history, 2, "training_scrubber")
    X = input_matrix(X, in_features=2).numpy()
    classes, names = _classes(y, len(X), labels)
    low, high = X.min(axis=0), X.max(axis=0)
    pad = 0.08 * (high - low)
    box = np.array([low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1]])
    epochs = [epoch for epoch, _ in snapshots]

    def moving(net: MLP, marker: go.Scatter) -> list:
        rx, ry = _region_path(net, box, resolution)
        region = go.Scatter(x=rx, y=ry, fill="toself", mode="lines", hoverinfo="skip",
                            fillcolor="rgba(213,94,0,0.16)", line={"width": 0},
                            name=f"{names[1]} region", showlegend=True)
        lines = [go.Scatter(x=lx, y=ly, mode="lines", name=f"unit {i}", hoverinfo="skip",
                            line={"color": _UNIT_COLORS[i % len(_UNIT_COLORS)], "width": 2.5,
                                  "dash": _DASHES[i % len(_DASHES)]})
                 for i, (lx, ly) in enumerate(_unit_lines(net, box))]
        return [region, *lines, marker]

    curve, markers = _loss_traces(history, epochs)
    frames = [moving(net, m) for (_, net), m in zip(snapshots, markers)]
    points = [go.Scatter(x=_f32(X[classes == c, 0]), y=_f32(X[classes == c, 1]),
                         mode="markers", name=names[c], hoverinfo="skip",
                         marker={"color": CLASS_COLORS[c], "size": 5, "opacity": 0.7,
                                 "symbol": _CLASS_SYMBOLS[c % len(_CLASS_SYMBOLS)]})
              for c in range(len(names))]
    fig = go.Figure(data=[*frames[-1], *points, curve])
    _two_panels(fig, history, map_title="x₁")
    fig.update_layout(  # equal scales; the axes shrink to fit rather than show more
        xaxis={"range": list(box[:2]), "showgrid": False, "constrain": "domain"},
        yaxis={"range": list(box[2:]), "scaleanchor": "x", "title": {"text": "x₂"},
               "showgrid": False, "zeroline": False, "constrain": "domain"},
    )
    _add_slider(fig, epochs, frames, redraw=False)
    _describe(fig, (
        f"Interactive figure: the {len(X)} points, the lines of the {model.width} hidden units "
        f"and the region assigned to {names[1]}, next to the loss curve, at {len(epochs)} "
        f"epochs from {epochs[0]} to {epochs[-1]}, chosen with a slider. The loss goes from "
        f"{history.losses[0]:.3g} to {history.final_loss:.3g}."
    ))
    return fig


# -- the hidden space ------------------------------------------------------------------------

def _cube_edges(low: float, high: float) -> tuple[list, list, list]:
    """x, y, z of the 12 edges of the cube [low, high]³, None between edges."""
    xs, ys, zs = [], [], []
    for axis in range(3):
        for a in (low, high):
            for b in (low, high):
                start, end = [a, b], [a, b]
                start.insert(axis, low)
                end.insert(axis, high)
                for values, s, e in zip((xs, ys, zs), start, end):
                    values.extend([s, e, None])
    return xs, ys, zs


def _plane(v: np.ndarray, c: float, low: float, high: float) -> dict:
    """The part of the plane `v · h + c = 0` inside the cube, as mesh3d vertices + triangles."""
    points = []
    for axis in range(3):
        others = [k for k in range(3) if k != axis]
        for a in (low, high):
            for b in (low, high):
                if abs(v[axis]) < 1e-12:
                    continue
                h = np.zeros(3)
                h[others] = a, b
                h[axis] = -(c + v[others[0]] * a + v[others[1]] * b) / v[axis]
                if low - 1e-9 <= h[axis] <= high + 1e-9:
                    points.append(h)
    if len(points) < 3:
        return {"x": [], "y": [], "z": [], "i": [], "j": [], "k": []}
    points = np.unique(np.round(np.array(points), 9), axis=0)
    centre = points.mean(axis=0)
    normal = v / np.linalg.norm(v)
    first = points[0] - centre
    second = np.cross(normal, first)
    order = np.argsort(np.arctan2((points - centre) @ second, (points - centre) @ first))
    points = points[order]
    n = len(points)
    return {"x": _f32(points[:, 0]), "y": _f32(points[:, 1]), "z": _f32(points[:, 2]),
            "i": [0] * (n - 2), "j": list(range(1, n - 1)), "k": list(range(2, n))}


def _camera(corner: np.ndarray | None, centre: float) -> dict:
    """A camera from which `corner` (the disc's, for the rings) is far from the middle."""
    candidates = [np.array(eye) for eye in
                  ((1.6, -1.3, 0.9), (1.6, 1.3, 0.9), (-1.3, 1.6, 0.9), (-1.6, -1.3, 0.9),
                   (1.9, -0.6, 0.7), (0.6, -1.9, 0.7))]
    if corner is None:
        eye = candidates[0]
    else:
        offset = corner - centre

        def off_centre(eye):
            sight = eye / np.linalg.norm(eye)
            return round(float(np.linalg.norm(offset - (offset @ sight) * sight)), 6)

        eye = max(candidates, key=off_centre)
    return {"eye": dict(zip("xyz", map(float, eye)))}


def hidden_space(source: MLP | History, X, y, *, units: Sequence[int] = (0, 1, 2),
                 labels: Sequence[str] | None = None, points: int = 200) -> go.Figure:
    """The points at the activations of 3 hidden units, in a 3-D view that turns.

    Each point is drawn where the first hidden layer sends it. With sigmoid or tanh units
    the points lie in a cube whose 8 corners are marked with their on/off pattern (unit
    order, as [`activation_codes`][toynn.activation_codes] writes them). For a net of
    exactly 3 units and one output, the output's separating plane `v · h + c = 0` is drawn
    inside the cube: the output says class 1 on one side of it and class 0 on the other.
    Drag to turn the view; from a `History`, a slider moves through the snapshots and the
    points travel to the corners as the units saturate.

    Args:
        source: A model (one picture) or the `History` of `fit(..., snapshots=n)`.
        X: Inputs of shape `(N, in_features)`.
        y: Class labels 0, 1, … of shape `(N,)`.
        units: The 3 hidden units to draw, as axes x, y and z.
        labels: Names of the classes, for the legend.
        points: At most this many points are drawn (every k-th of `X`), which keeps a
            figure with many frames small.

    Returns:
        A `plotly.graph_objects.Figure`, with one frame per snapshot from a `History`.

    Raises:
        ValueError: If the model has fewer than 3 hidden units (use
            [`plot_hidden_space`][toynn.plot_hidden_space] for 2), `units` is not 3
            distinct units of the model, or a `History` has no snapshots.

    Examples:
        >>> import toynn
        >>> X, y = toynn.make_rings(200, seed=0)
        >>> model = toynn.MLP(2, width=3, seed=0)
        >>> fig = toynn.interactive.hidden_space(model, X, y, labels=["disc", "ring"])
        >>> fig.layout.scene.xaxis.title.text
        'unit 0'
    """
    if isinstance(source, History):
        snapshots = _snapshots(source, "hidden_space")
        model = source.model
    else:
        check_model(source, what="hidden_space")
        model, snapshots = source, [(None, source)]
    if model.width < 3:
        raise ValueError(f"hidden_space draws 3 hidden units and this model has "
                         f"{model.width}; plot_hidden_space draws 2")
    units = [int(u) for u in units]
    if len(units) != 3 or len(set(units)) != 3 or not all(0 <= u < model.width for u in units):
        raise ValueError(f"units must be 3 distinct units between 0 and {model.width - 1}, "
                         f"got {units}")
    X = input_matrix(X, in_features=model.in_features)
    classes, names = _classes(y, len(X), labels)
    if points < 1:
        raise ValueError(f"points must be positive, got {points}")
    step = math.ceil(len(X) / points)
    X, classes = X[::step], classes[::step]
    bounds = activation_range(model.activation)
    plane = model.width == 3 and model.out_features == 1 and bounds is not None

    def moving(net: MLP) -> list:
        with torch.no_grad():
            hidden = net.hidden(X)[0][:, units].numpy()
        traces = [go.Scatter3d(x=_f32(hidden[classes == c, 0]), y=_f32(hidden[classes == c, 1]),
                               z=_f32(hidden[classes == c, 2]), mode="markers", name=names[c],
                               hoverinfo="skip",
                               marker={"size": 4, "color": CLASS_COLORS[c], "opacity": 0.8,
                                       "symbol": _CLASS_SYMBOLS_3D[c % 4]})
                  for c in range(len(names))]
        if plane:
            v, c = (t.numpy().astype(float) for t in output_weights(net))
            traces.append(go.Mesh3d(**_plane(v[units], float(c), *bounds), color=GREY,
                                    opacity=0.35, name="output = 0", showlegend=True,
                                    hoverinfo="skip", flatshading=True))
        return traces

    frames = [moving(net) for _, net in snapshots]
    static = []
    scene = {f"{axis}axis": {"title": {"text": f"unit {unit}"}}
             for axis, unit in zip("xyz", units)}
    corner = None
    if bounds is not None:
        low, high = bounds
        ex, ey, ez = _cube_edges(low, high)
        corners = np.array([[(low, high)[(k >> (2 - a)) & 1] for a in range(3)]
                            for k in range(8)])
        static = [
            go.Scatter3d(x=ex, y=ey, z=ez, mode="lines", hoverinfo="skip", showlegend=False,
                         line={"color": "#555555", "width": 3}),
            go.Scatter3d(x=corners[:, 0], y=corners[:, 1], z=corners[:, 2], showlegend=False,
                         mode="markers+text", text=[f"{k:03b}" for k in range(8)],
                         textposition="top center", hoverinfo="text",
                         marker={"size": 4, "color": GREY, "symbol": "circle-open"}),
        ]
        span = [low - 0.05 * (high - low), high + 0.05 * (high - low)]
        for axis in "xyz":  # the corners' labels give the coordinates
            scene[f"{axis}axis"].update(range=span, showticklabels=False)
        with torch.no_grad():
            hidden = model.hidden(X)[0][:, units].numpy()
        if (classes == 0).any():
            mean = hidden[classes == 0].mean(axis=0)
            corner = corners[np.argmin(np.linalg.norm(corners - mean, axis=1))]
        centre = (low + high) / 2
    fig = go.Figure(data=[*frames[-1], *static])
    fig.update_layout(**_LAYOUT, height=520, margin={"l": 0, "r": 0, "t": 40, "b": 0},
                      scene={**scene, "aspectmode": "cube",
                             "camera": _camera(corner, centre if corner is not None else 0)})
    eye = fig.layout.scene.camera.eye
    fig.layout.meta = {"narrow": {  # farther away, so that nothing is cut off
        "height": 440,
        "scene.camera.eye": {axis: round(1.3 * eye[axis], 3) for axis in "xyz"},
    }}
    what = (f"Interactive 3-D figure: {len(X)} points at the activations of units "
            f"{units[0]}, {units[1]} and {units[2]}"
            + (", inside the cube of their range, with its corners labelled"
               if bounds is not None else "")
            + (" and the output's separating plane" if plane else ""))
    if snapshots[0][0] is not None:
        epochs = [epoch for epoch, _ in snapshots]
        _add_slider(fig, epochs, frames, redraw=True)
        what += f", at {len(epochs)} epochs from {epochs[0]} to {epochs[-1]}"
    _describe(fig, what + ". Drag to turn it.")
    return fig


# -- regression ------------------------------------------------------------------------------

def regression_scrubber(history: History, X, y, *, resolution: int = 300) -> go.Figure:
    """Watch a 1-D regression train: the prediction and the units' thresholds, by epoch.

    Left, the data, the prediction and a dotted vertical line at each hidden unit's
    threshold `-b_i / w_i` inside the data's range (where the unit switches); right, the
    loss curve with a marker at the shown epoch.

    Args:
        history: What `fit(..., snapshots=n)` returned for a model with 1 input, one
            output and one hidden layer.
        X: Inputs of shape `(N, 1)` or `(N,)`.
        y: Targets of shape `(N,)`.
        resolution: Number of x values at which the prediction is drawn.

    Returns:
        A `plotly.graph_objects.Figure` with one frame per snapshot, named by its epoch.

    Raises:
        ValueError: If the history has no snapshots (the message says how to keep them),
            or the model is not a one-layer net of 1 input and one output.

    Examples:
        >>> import toynn
        >>> X, y = toynn.make_damped_sine()
        >>> history = toynn.fit(toynn.MLP(1, width=10), X, y, loss="mse", lr=0.01,
        ...                     epochs=200, seed=0, snapshots=5)
        >>> fig = toynn.interactive.regression_scrubber(history, X, y)
        >>> len(fig.frames)
        5
    """
    model, snapshots = _scrubbed_net(history, 1, "regression_scrubber")
    X = np.asarray(X, dtype=np.float32)
    X = input_matrix(X.reshape(-1, 1) if X.ndim == 1 else X, in_features=1).numpy()[:, 0]
    targets = target_vector(y, len(X)).numpy()
    grid = np.linspace(X.min(), X.max(), resolution)
    pad = 0.15 * (targets.max() - targets.min())
    y_range = [float(targets.min() - pad), float(targets.max() + pad)]
    epochs = [epoch for epoch, _ in snapshots]

    def moving(net: MLP, marker: go.Scatter) -> list:
        prediction = go.Scatter(x=_f32(grid), y=_f32(_outputs(net, grid[:, None])),
                                mode="lines", name="prediction", hoverinfo="skip",
                                line={"color": CLASS_COLORS[1], "width": 2.5})
        inside = [float(t) for t in thresholds(net) if X.min() <= t <= X.max()]
        xs = [value for t in inside for value in (t, t, None)]
        ys = [value for _ in inside for value in (*y_range, None)]
        switches = go.Scatter(x=xs, y=ys, mode="lines", name="thresholds", hoverinfo="skip",
                              line={"color": GREY, "width": 1, "dash": "dot"})
        return [prediction, switches, marker]

    curve, markers = _loss_traces(history, epochs)
    frames = [moving(net, m) for (_, net), m in zip(snapshots, markers)]
    data = go.Scatter(x=_f32(X), y=_f32(targets), mode="markers", name="data",
                      hoverinfo="skip", marker={"color": CLASS_COLORS[0], "size": 4})
    fig = go.Figure(data=[*frames[-1], data, curve])
    _two_panels(fig, history, map_title="x")
    fig.update_layout(yaxis={"range": y_range, "title": {"text": "y"}, "zeroline": False},
                      xaxis={"range": [float(X.min()), float(X.max())]})
    _add_slider(fig, epochs, frames, redraw=False, shared={0: ["x"]})
    _describe(fig, (
        f"Interactive figure: the {len(X)} data points, the prediction of the "
        f"{model.width} hidden units and their thresholds, next to the loss curve, at "
        f"{len(epochs)} epochs from {epochs[0]} to {epochs[-1]}, chosen with a slider. "
        f"The loss goes from {history.losses[0]:.3g} to {history.final_loss:.3g}."
    ))
    return fig
