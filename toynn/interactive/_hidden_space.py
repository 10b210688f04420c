"""`hidden_space`: points at the activations of 3 hidden units, in a cube that turns."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import torch

from .._activations import activation_range
from .._checks import distinct_ints, input_matrix, positive_int
from .._classes import class_labels
from .._geometry import box_edges, cube_corners, nearest_corner, plane_in_box, view_showing
from .._instances import check_model
from .._palette import CLASS_COLORS, GREY
from ..hidden import output_weights
from ..models import MLP
from ..training import History
from ._common import (
    CLASS_SYMBOLS_3D,
    LAYOUT,
    _add_slider,
    _describe,
    _f32,
    _snapshots,
)

# Candidate camera positions (plotly's `eye`), the first one used when none matters.
_EYES = [np.array(eye) for eye in
         ((1.6, -1.3, 0.9), (1.6, 1.3, 0.9), (-1.3, 1.6, 0.9), (-1.6, -1.3, 0.9),
          (1.9, -0.6, 0.7), (0.6, -1.9, 0.7))]


def _cube_edges(low: float, high: float) -> tuple[list, list, list]:
    """x, y, z of the 12 edges of the cube [low, high]³, None between edges."""
    xs, ys, zs = [], [], []
    for start, end in box_edges(np.full(3, low), np.full(3, high)):
        for values, s, e in zip((xs, ys, zs), start, end):
            values.extend([float(s), float(e), None])
    return xs, ys, zs


def _plane(v: np.ndarray, c: float, low: float, high: float) -> dict:
    """The part of the plane `v · h + c = 0` inside the cube, as mesh3d vertices + triangles."""
    points = plane_in_box(v, c, low, high)
    if points is None:
        return {"x": [], "y": [], "z": [], "i": [], "j": [], "k": []}
    n = len(points)  # a fan of triangles from the first corner
    return {"x": _f32(points[:, 0]), "y": _f32(points[:, 1]), "z": _f32(points[:, 2]),
            "i": [0] * (n - 2), "j": list(range(1, n - 1)), "k": list(range(2, n))}


def _camera(corner: np.ndarray | None, centre: float) -> dict:
    """A camera from which `corner` (the disc's, for the rings) is far from the middle."""
    sights = [eye / np.linalg.norm(eye) for eye in _EYES]
    eye = _EYES[view_showing(corner, centre, sights)]
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
    units = distinct_ints(units, "units", minimum=0)
    if len(units) != 3 or max(units) >= model.width:
        raise ValueError(f"units must be 3 distinct units between 0 and {model.width - 1}, "
                         f"got {units}")
    X = input_matrix(X, in_features=model.in_features)
    classes, names = class_labels(y, len(X), labels)
    points = positive_int(points, "points")
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
                                       "symbol": CLASS_SYMBOLS_3D[c % 4]})
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
        corners = cube_corners(low, high, 3)
        static = [
            go.Scatter3d(x=ex, y=ey, z=ez, mode="lines", hoverinfo="skip", showlegend=False,
                         line={"color": "#555555", "width": 3}),
            go.Scatter3d(x=corners[:, 0], y=corners[:, 1], z=corners[:, 2], showlegend=False,
                         mode="markers", hoverinfo="skip",
                         marker={"size": 4, "color": GREY, "symbol": "circle-open"}),
        ]
        # Corner labels as the scene's annotations: drawn over the picture, so neither the
        # points that crowd a corner nor the edge of the scene's box can hide or cut them.
        scene["annotations"] = [
            {"x": x, "y": y, "z": z, "text": f"{k:03b}", "showarrow": False, "yshift": 11,
             "font": {"size": 12, "color": GREY}}
            for k, (x, y, z) in enumerate(corners.tolist())]
        span = [low - 0.05 * (high - low), high + 0.05 * (high - low)]
        for axis in "xyz":  # the corners' labels give the coordinates
            scene[f"{axis}axis"].update(range=span, showticklabels=False)
        with torch.no_grad():
            hidden = model.hidden(X)[0][:, units].numpy()
        if (classes == 0).any():
            corner = nearest_corner(hidden[classes == 0], corners)
        centre = (low + high) / 2
    fig = go.Figure(data=[*frames[-1], *static])
    fig.update_layout(**LAYOUT, height=520, margin={"l": 0, "r": 0, "t": 40, "b": 0},
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


