"""`training_scrubber`: a 2-D classifier's lines, region and loss, epoch by epoch."""

from __future__ import annotations

from collections.abc import Sequence

import contourpy
import numpy as np
import plotly.graph_objects as go

from .._checks import input_matrix
from .._classes import class_labels
from .._geometry import clip_line
from .._palette import CLASS_COLORS, UNIT_COLORS
from ..hidden import hidden_lines
from ..models import MLP
from ..training import History
from ._common import (
    CLASS_SYMBOLS,
    DASHES,
    _describe,
    _f32,
    _outputs,
    _over_training,
    _scrubbed_net,
    _scrubber,
)


def _region_path(model: MLP, box: np.ndarray, resolution: int) -> tuple[np.ndarray, ...]:
    """Outline of the region the model assigns to class 1, NaN between closed loops.

    Holes wind the other way round than their outer boundary, so a single path filled
    with the non-zero rule leaves them empty. No region is one NaN point, not an empty
    path: plotly.js skips empty arrays when it applies a frame, and would keep showing
    the region of the frame before.
    """
    xs = np.linspace(box[0], box[1], resolution)
    ys = np.linspace(box[2], box[3], resolution)
    gx, gy = np.meshgrid(xs, ys)
    logits = _outputs(model, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape).astype(float)
    if logits.max() <= 0:
        return _f32([np.nan]), _f32([np.nan])
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
    ends = [clip_line(w, bias, box) for w, bias in zip(W, b)]
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
    classes, names = class_labels(y, len(X), labels)
    low, high = X.min(axis=0), X.max(axis=0)
    pad = 0.08 * (high - low)
    box = np.array([low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1]])

    def moving(net: MLP) -> list:
        rx, ry = _region_path(net, box, resolution)
        region = go.Scatter(x=rx, y=ry, fill="toself", mode="lines", hoverinfo="skip",
                            fillcolor="rgba(213,94,0,0.16)", line={"width": 0},
                            name=f"{names[1]} region", showlegend=True)
        lines = [go.Scatter(x=lx, y=ly, mode="lines", name=f"unit {i}", hoverinfo="skip",
                            line={"color": UNIT_COLORS[i % len(UNIT_COLORS)], "width": 2.5,
                                  "dash": DASHES[i % len(DASHES)]})
                 for i, (lx, ly) in enumerate(_unit_lines(net, box))]
        return [region, *lines]

    points = [go.Scatter(x=_f32(X[classes == c, 0]), y=_f32(X[classes == c, 1]),
                         mode="markers", name=names[c], hoverinfo="skip",
                         marker={"color": CLASS_COLORS[c], "size": 5, "opacity": 0.7,
                                 "symbol": CLASS_SYMBOLS[c % len(CLASS_SYMBOLS)]})
              for c in range(len(names))]
    fig = _scrubber(history, snapshots, moving, points, map_title="x₁")
    fig.update_layout(  # equal scales; the axes shrink to fit rather than show more
        xaxis={"range": list(box[:2]), "showgrid": False, "constrain": "domain"},
        yaxis={"range": list(box[2:]), "scaleanchor": "x", "title": {"text": "x₂"},
               "showgrid": False, "zeroline": False, "constrain": "domain"},
    )
    _describe(fig, f"Interactive figure: the {len(X)} points, the lines of the {model.width} "
                   f"hidden units and the region assigned to {names[1]}, "
                   + _over_training(history))
    return fig


