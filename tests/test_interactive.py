"""Interactive figures: what their frames show, how small they stay, and their errors."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

import toynn
from toynn import MLP, fit, make_damped_sine, make_rings
from toynn.interactive import hidden_space, regression_scrubber, training_scrubber
from toynn.interactive._hidden_space import _plane

RINGS = make_rings(300, seed=1)
SINE = make_damped_sine()


@pytest.fixture(scope="module")
def rings_history():
    X, y = RINGS
    return fit(MLP(2, width=3), X, y, loss="bce", lr=1e-2, epochs=600, seed=0, snapshots=12)


@pytest.fixture(scope="module")
def sine_history():
    X, y = SINE
    return fit(MLP(1, width=6), X, y, loss="mse", lr=1e-2, epochs=400, seed=0, snapshots=8)


def frame_names(fig: go.Figure) -> list[str]:
    return [frame.name for frame in fig.frames]


def test_training_scrubber_has_a_frame_and_a_slider_step_per_snapshot(rings_history):
    X, y = RINGS
    fig = training_scrubber(rings_history, X, y, labels=["disc", "ring"])
    epochs = [str(e) for e in rings_history.snapshots]
    assert frame_names(fig) == epochs
    assert [step.label for step in fig.layout.sliders[0].steps] == epochs
    assert fig.layout.sliders[0].active == len(epochs) - 1  # starts on the trained net
    assert {trace.name for trace in fig.data} >= {"disc", "ring", "unit 0", "unit 2"}


def test_training_scrubber_frames_move_lines_region_and_marker_only(rings_history):
    X, y = RINGS
    fig = training_scrubber(rings_history, X, y)
    first, last = fig.frames[0], fig.frames[-1]
    assert list(first.traces) == [0, 1, 2, 3, 4]  # region, 3 unit lines, loss marker
    assert all(set(trace.to_plotly_json()) <= {"type", "x", "y"} for trace in first.data)
    assert not np.array_equal(first.data[1].x, last.data[1].x)  # the lines moved
    epoch = int(first.name)
    assert first.data[4].y[0] == pytest.approx(rings_history.losses[epoch])


def test_unit_lines_are_where_the_units_switch(rings_history):
    X, y = RINGS
    fig = training_scrubber(rings_history, X, y)
    W, b = toynn.hidden_lines(rings_history.model)
    for i in range(3):
        ends = np.c_[fig.data[1 + i].x, fig.data[1 + i].y].astype(float)
        assert np.abs(ends @ W[i].double().numpy() + b[i].item()).max() < 1e-3


def test_the_shaded_region_is_where_the_net_says_class_1(rings_history):
    from matplotlib.path import Path

    X, y = RINGS
    fig = training_scrubber(rings_history, X, y)
    x, yy = (np.asarray(v, float) for v in (fig.data[0].x, fig.data[0].y))
    loops = np.split(np.c_[x, yy], np.flatnonzero(np.isnan(x)))
    paths = [Path(loop[~np.isnan(loop[:, 0])]) for loop in loops]
    probe = torch.tensor([[0.0, 0.0], [3.0, 3.0], [-3.5, 0.0], [0.5, -0.5]])
    p = rings_history.model.predict_proba(probe).numpy()
    # non-zero winding over every loop: holes wind the other way round
    for point, prob in zip(probe.numpy(), p):
        winding = sum(path.contains_point(point) for path in paths)
        assert (winding % 2 == 1) == (prob > 0.5), (point, prob)


def test_a_frame_without_a_region_clears_the_region_of_the_frame_before():
    # plotly.js keeps a trace's old coordinates when a frame gives empty arrays
    X, y = RINGS
    net = MLP(2, width=3)
    with torch.no_grad():
        net.output_layer.bias.fill_(-50.0)  # class 0 everywhere: no region
    history = fit(net, X, y, loss="bce", lr=1e-3, epochs=2, snapshots=[0, 2])
    fig = training_scrubber(history, X, y)
    region = fig.frames[0].data[0]
    assert len(region.x) == len(region.y) >= 1 and np.isnan(region.x).all()


def test_figures_are_compact_and_deterministic(rings_history):
    X, y = RINGS
    first = training_scrubber(rings_history, X, y).to_json()
    assert training_scrubber(rings_history, X, y).to_json() == first
    assert len(first) < 120_000  # 12 frames of 600 points
    assert '"bdata"' in first  # arrays as base64 float32, not long decimals


def test_hidden_space_scrubs_points_to_their_activations(rings_history):
    X, y = RINGS
    fig = hidden_space(rings_history, X, y, points=100)
    assert frame_names(fig) == [str(e) for e in rings_history.snapshots]
    model = rings_history.model_at(int(fig.frames[0].name))
    step = len(X) // 100  # every k-th point, for at most 100
    hidden = model.hidden(X[::step])[0].detach().numpy()
    disc = hidden[y[::step].numpy() == 0]
    trace = fig.frames[0].data[0]
    assert np.allclose(np.c_[trace.x, trace.y, trace.z], disc, atol=1e-6)
    assert fig.layout.scene.xaxis.title.text == "unit 0"
    assert fig.layout.meta["description"].startswith("Interactive 3-D figure")


def test_hidden_space_of_a_model_has_no_slider_and_marks_the_corners():
    X, y = RINGS
    fig = hidden_space(MLP(2, width=4, seed=0), X, y, units=(3, 1, 0))
    assert not fig.frames and not fig.layout.sliders
    # each corner labelled by an annotation (drawn over the points, never clipped)
    labels = fig.layout.scene.annotations
    assert [label.text for label in labels] == ["000", "001", "010", "011", "100", "101",
                                                "110", "111"]
    assert [(label.x, label.y, label.z) for label in labels][5] == (1, 0, 1)
    assert not any(label.showarrow for label in labels)
    assert [trace.type for trace in fig.data].count("mesh3d") == 0  # 4 units: no plane
    assert fig.layout.scene.zaxis.title.text == "unit 0"


def test_the_output_plane_is_clipped_to_the_cube():
    plane = _plane(np.array([1.0, 1.0, 1.0]), -1.5, 0.0, 1.0)  # a regular hexagon
    points = np.c_[plane["x"], plane["y"], plane["z"]]
    assert len(points) == 6 and np.allclose(points.sum(axis=1), 1.5)
    assert len(plane["i"]) == 4  # a fan of triangles
    assert _plane(np.array([1.0, 0.0, 0.0]), -2.0, 0.0, 1.0)["x"] == []  # misses the cube


def test_regression_scrubber_moves_prediction_and_thresholds(sine_history):
    X, y = SINE
    fig = regression_scrubber(sine_history, X, y, resolution=50)
    assert frame_names(fig) == [str(e) for e in sine_history.snapshots]
    first = fig.frames[0]
    assert "x" not in first.data[0].to_plotly_json()  # the x grid is shared
    model = sine_history.model_at(int(first.name))
    grid = torch.linspace(X.min(), X.max(), 50)[:, None]
    assert np.allclose(first.data[0].y, model(grid).detach().numpy().ravel(), atol=1e-5)
    inside = [t for t in toynn.thresholds(model).tolist() if X.min() <= t <= X.max()]
    shown = [x for x in first.data[1].x if x is not None]
    assert sorted(shown[::2]) == pytest.approx(sorted(inside), abs=1e-4)


def test_a_history_without_snapshots_says_how_to_record_them():
    X, y = RINGS
    history = fit(MLP(2, width=3), X, y, loss="bce", lr=1e-2, epochs=5, seed=0)
    for draw in (training_scrubber, hidden_space):
        with pytest.raises(ValueError, match=r"fit\(\.\.\., snapshots=50\)"):
            draw(history, X, y)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda h, X, y: training_scrubber(h.model, X, y), TypeError, "takes the History"),
    (lambda h, X, y: hidden_space(MLP(2, width=2), X, y), ValueError, "plot_hidden_space"),
    (lambda h, X, y: hidden_space(h, X, y, units=(0, 1, 1)), ValueError, "units must be distinct"),
    (lambda h, X, y: hidden_space(h, X, y, units=(0, 1, 3)), ValueError, "between 0 and 2"),
    (lambda h, X, y: regression_scrubber(h, X, y), ValueError, "in_features"),
    (lambda h, X, y: training_scrubber(h, X, y, labels=["only one"]), ValueError, "2"),
    # the class checks of toynn.plots: one colour per class
    (lambda h, X, y: hidden_space(h, X, np.arange(len(y)) % 7), ValueError, "at most 6"),
])
def test_bad_input_is_refused_clearly(rings_history, call, error, match):
    X, y = RINGS
    with pytest.raises(error, match=match):
        call(rings_history, X, y)


def test_figures_round_trip_through_json(rings_history):
    X, y = RINGS
    fig = hidden_space(rings_history, X, y, points=50)
    again = go.Figure(json.loads(fig.to_json()))
    assert frame_names(again) == frame_names(fig)
