"""`regression_scrubber`: a 1-D fit and its units' thresholds, epoch by epoch."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .._checks import input_matrix, target_vector
from .._palette import CLASS_COLORS, GREY
from ..hidden import thresholds
from ..models import MLP
from ..training import History
from ._common import (
    _describe,
    _f32,
    _outputs,
    _over_training,
    _scrubbed_net,
    _scrubber,
)


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

    def moving(net: MLP) -> list:
        prediction = go.Scatter(x=_f32(grid), y=_f32(_outputs(net, grid[:, None])),
                                mode="lines", name="prediction", hoverinfo="skip",
                                line={"color": CLASS_COLORS[1], "width": 2.5})
        inside = [float(t) for t in thresholds(net) if X.min() <= t <= X.max()]
        xs = [value for t in inside for value in (t, t, None)]
        ys = [value for _ in inside for value in (*y_range, None)]
        switches = go.Scatter(x=xs, y=ys, mode="lines", name="thresholds", hoverinfo="skip",
                              line={"color": GREY, "width": 1, "dash": "dot"})
        return [prediction, switches]

    data = go.Scatter(x=_f32(X), y=_f32(targets), mode="markers", name="data",
                      hoverinfo="skip", marker={"color": CLASS_COLORS[0], "size": 4})
    fig = _scrubber(history, snapshots, moving, [data], map_title="x", shared={0: ["x"]})
    fig.update_layout(yaxis={"range": y_range, "title": {"text": "y"}, "zeroline": False},
                      xaxis={"range": [float(X.min()), float(X.max())]})
    _describe(fig, f"Interactive figure: the {len(X)} data points, the prediction of the "
                   f"{model.width} hidden units and their thresholds, "
                   + _over_training(history))
    return fig

