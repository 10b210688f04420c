"""The playground's training engine (docs/assets/javascripts/playground/engine.js) against toynn.

The engine runs in Node (tests/js/train.mjs); the same initial weights and data go to
`toynn.fit` and to a float64 reference (autograd and `torch.optim.Adam` in double
precision, an implementation independent of both). What agreement to expect:

- The engine computes in float64: against the reference it agrees to rounding, about 1e-13
  relative, for every activation, loss and depth.
- `toynn.fit` computes in float32, so it differs from both by float32 rounding: about 1e-6
  relative while a loss falls smoothly. Where a run passes near a saddle point, rounding
  differences grow (as between any two float32 implementations; see TOOLCHAIN notes on
  regression); over 1000 epochs this reached 1e-3 in a few of the 54 runs measured, for
  `toynn.fit` against the float64 reference just as for the engine against `toynn.fit`.
  So the float64 comparison runs 300 epochs of every configuration, and the 1000-epoch
  comparison with `toynn.fit` (1e-4 relative at every epoch) uses seed 0 of each.
"""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import ROOT

import toynn

pytestmark = pytest.mark.usefixtures("needs_node")

ACTIVATIONS = ["sigmoid", "tanh", "relu"]
DATA = {  # the loss and the data it is trained on, as the playground offers them
    "bce": lambda: toynn.make_rings(200, seed=100),
    "ce": lambda: toynn.make_spiral(133, arms=3, seed=0),
    "mse": lambda: toynn.make_damped_sine(),
}
LR = 0.01


def node(script: str, job: dict) -> dict:
    done = subprocess.run(["node", str(ROOT / "tests" / "js" / script)], input=json.dumps(job),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def weights_of(model: toynn.MLP) -> dict:
    """The model's weights as `MLP.from_weights` takes them (nested lists)."""
    v, c = model.output_layer.weight, model.output_layer.bias
    output = [v[0].tolist(), c.item()] if v.shape[0] == 1 else [v.tolist(), c.tolist()]
    return {"hidden": [[layer.weight.tolist(), layer.bias.tolist()]
                       for layer in model.hidden_layers], "output": output}


def engine_run(model: toynn.MLP, X, y, loss: str, epochs: int, **extra) -> dict:
    return node("train.mjs", {
        "sizes": [model.in_features] + [model.width] * model.depth + [model.out_features],
        "activation": model.activation_name, "loss": loss, "weights": weights_of(model),
        "X": X.flatten().tolist(), "y": y.tolist(), "lr": LR, "epochs": epochs, **extra,
    })


def float64_losses(model: toynn.MLP, X, y, loss: str, epochs: int) -> np.ndarray:
    """The losses of the usual training loop, autograd and torch.optim.Adam, in float64."""
    model = copy.deepcopy(model).double()
    X = X.double()
    y = y if loss == "ce" else y.double()
    criterion = {"bce": F.binary_cross_entropy_with_logits, "ce": F.cross_entropy,
                 "mse": F.mse_loss}[loss]
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    losses = []
    for _ in range(epochs):
        value = criterion(model(X), y)
        losses.append(value.item())
        optimizer.zero_grad()
        value.backward()
        optimizer.step()
    return np.array(losses)


def relative(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b) / np.abs(b)))


def model_for(loss: str, activation: str, depth: int, seed: int):
    X, y = DATA[loss]()
    out = 3 if loss == "ce" else 1
    return toynn.MLP(X.shape[1], out, width=3, depth=depth, activation=activation, seed=seed), X, y


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss", list(DATA))
def test_engine_trains_like_float64_torch(loss, activation, depth):
    model, X, y = model_for(loss, activation, depth, seed=0)
    engine = engine_run(model, X, y, loss, 300)
    assert relative(engine["losses"], float64_losses(model, X, y, loss, 300)) < 1e-9


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss", list(DATA))
def test_engine_loss_curve_matches_toynn_fit(loss, activation):
    model, X, y = model_for(loss, activation, 1, seed=0)
    engine = engine_run(model, X, y, loss, 1000)
    history = toynn.fit(model, X, y, loss=loss, lr=LR, epochs=1000)
    assert len(engine["losses"]) == len(history.losses) == 1000
    assert relative(engine["losses"], history.losses) < 1e-4
    assert history.losses[-1] < 0.9 * history.losses[0]  # it did train


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_hand_built_weights_give_toynns_outputs(activation):
    # The regression tutorial's kind of net, written by hand: three units switching at
    # x = -2, 0.5 and 3, and an output that adds them up with signs.
    hidden = [([[1.5], [-2.0], [4.0]], [3.0, 1.0, -12.0])]
    output = ([1.0, -0.5, 2.0], 0.25)
    model = toynn.MLP.from_weights(hidden, output, activation=activation)
    grid = torch.linspace(-5, 5, 41).unsqueeze(1)
    engine = node("train.mjs", {
        "sizes": [1, 3, 1], "activation": activation, "loss": "mse",
        "weights": {"hidden": hidden, "output": output}, "X": [0.0], "y": [0.0], "lr": LR,
        "epochs": 0, "grid": grid.flatten().tolist(),
    })
    with torch.no_grad():
        np.testing.assert_allclose(engine["outputs"][0], model(grid), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(engine["hidden"][0], model.hidden(grid)[0].T,
                                   rtol=1e-6, atol=1e-6)


def test_hand_built_plane_net_gives_toynns_outputs():
    # Two layers of two tanh units in the plane, three classes: every path of the engine.
    hidden = [([[1.0, -2.0], [0.5, 3.0]], [0.1, -0.4]), ([[2.0, -1.0], [-1.5, 0.5]], [0.0, 1.0])]
    output = ([[1.0, 0.0], [-1.0, 2.0], [0.5, -0.5]], [0.0, 0.3, -0.3])
    model = toynn.MLP.from_weights(hidden, output, activation="tanh")
    grid = torch.cartesian_prod(torch.linspace(-2, 2, 9), torch.linspace(-2, 2, 9))
    engine = node("train.mjs", {
        "sizes": [2, 2, 2, 3], "activation": "tanh", "loss": "ce",
        "weights": {"hidden": hidden, "output": output}, "X": [0.0, 0.0], "y": [0],
        "lr": LR, "epochs": 0, "grid": grid.flatten().tolist(),
    })
    with torch.no_grad():
        np.testing.assert_allclose(np.array(engine["outputs"]).T, model(grid), rtol=1e-6,
                                   atol=1e-6)


def test_initial_weights_are_drawn_like_toynns():
    draws = [node("train.mjs", {"sizes": [2, 8, 8, 1], "activation": "relu", "loss": "bce",
                                "weights": None, "seed": seed, "X": [0.0, 0.0], "y": [0],
                                "lr": LR, "epochs": 0})["initial"] for seed in range(4)]
    again = node("train.mjs", {"sizes": [2, 8, 8, 1], "activation": "relu", "loss": "bce",
                               "weights": None, "seed": 3, "X": [0.0, 0.0], "y": [0],
                               "lr": LR, "epochs": 0})["initial"]
    assert again == draws[3]  # same seed, same weights
    assert draws[0] != draws[1]
    # Layer by layer U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as MLP.reset_parameters draws them;
    # values are float32, as toynn stores them.
    for fan_in, layer in [(2, 0), (8, 1)]:
        values = np.concatenate([np.ravel(d["hidden"][layer][0]) for d in draws])
        bound = 1 / math.sqrt(fan_in)
        assert np.all(np.abs(values) <= bound)
        assert np.array_equal(values, values.astype(np.float32).astype(float))
        assert abs(values.mean()) < 0.15 * bound
        assert abs(values.var() - bound**2 / 3) < 0.2 * bound**2 / 3  # a uniform's variance
        assert np.abs(values).max() > 0.9 * bound


def test_trained_weights_turn_back_into_the_model():
    model, X, y = model_for("ce", "relu", 2, seed=1)
    engine = engine_run(model, X, y, "ce", 200, grid=X[:50].flatten().tolist())
    weights_json = node("call.mjs", {"module": "code.js", "function": "weightsJSON",
                                     "args": [engine["weights"]]})
    rebuilt = toynn.MLP.from_weights(**json.loads(weights_json))
    assert rebuilt.activation_name == "relu" and rebuilt.depth == 2
    with torch.no_grad():
        np.testing.assert_allclose(np.array(engine["outputs"]).T, rebuilt(X[:50]), rtol=1e-5,
                                   atol=1e-5)


@pytest.mark.parametrize(("loss", "own_data"), [("bce", False), ("ce", True), ("mse", True)])
def test_exported_code_reproduces_the_run(loss, own_data, tmp_path):
    model, X, y = model_for(loss, "tanh", 1, seed=2)
    call = None if own_data else "toynn.make_rings(200, seed=100)"
    engine = engine_run(model, X, y, loss, 300, call=call)
    script = tmp_path / "run.py"
    script.write_text(engine["code"])
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    printed = float(done.stdout.split("loss ")[1])
    assert printed == pytest.approx(engine["final"]["loss"], rel=1e-4)
    if own_data:
        assert "torch.tensor([" in engine["code"]
    else:
        assert "X, y = toynn.make_rings(200, seed=100)" in engine["code"]
