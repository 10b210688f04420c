"""Bad inputs fail early with an exception that names the argument and what was expected."""

from __future__ import annotations

import math
import re

import pytest
import torch
import torch.nn.functional as F

from toynn import (
    ACTIVATIONS,
    MLP,
    activation_codes,
    fit,
    hidden_lines,
    make_damped_sine,
    make_rings,
    make_spiral,
    step_predict,
    sweep,
    thresholds,
)

X, Y = make_rings(20, seed=0)  # X (40, 2), Y (40,) of 0/1
XS, YS = make_damped_sine()  # XS (200, 1), YS (200,)


def with_value(tensor, index, value):
    tensor = tensor.clone()
    tensor[index] = value
    return tensor


def fit_rings(X=X, y=Y, *, model=None, **kwargs):
    settings = dict(loss="bce", lr=1e-2, epochs=3) | kwargs
    return fit(model or MLP(2, width=2), X, y, **settings)


LABELS = torch.arange(40) % 3  # class indices 0, 1, 2 for the 40 points of X


def fit_ce(X=X, y=LABELS, *, model=None, **kwargs):
    settings = dict(loss="ce", lr=1e-2, epochs=3) | kwargs
    return fit(model or MLP(2, 3, width=2), X, y, **settings)


def sweep_rings(X=X, y=Y, **kwargs):
    settings = dict(widths=[1, 2], seeds=[0, 1], loss="bce", lr=1e-2, epochs=3) | kwargs
    return sweep(X, y, **settings)


# (call, exception type, patterns that must all appear in the message)
BAD_INPUTS = {
    # data
    "n_per_class 0": (lambda: make_rings(0), ValueError, ["n_per_class", ">= 1", "0"]),
    "n_per_class float": (lambda: make_rings(2.5), ValueError, ["n_per_class", "integer"]),
    "negative seed": (lambda: make_rings(5, seed=-1), ValueError, ["seed", ">= 0", "-1"]),
    "step 0": (lambda: make_damped_sine(step=0), ValueError, ["step", "> 0"]),
    "step too large": (lambda: make_damped_sine(step=25), ValueError, ["step", "at most 20"]),
    # the model
    "width 0": (lambda: MLP(2, width=0), ValueError, ["width", ">= 1", "got 0"]),
    "width float": (lambda: MLP(2, width=2.0), ValueError, ["width", "integer"]),
    "depth 0": (lambda: MLP(2, width=2, depth=0), ValueError, ["depth", ">= 1", "got 0"]),
    "in_features 0": (lambda: MLP(0, width=2), ValueError, ["in_features", ">= 1"]),
    "out_features 0": (lambda: MLP(2, 0, width=2), ValueError, ["out_features", ">= 1"]),
    "unknown activation": (
        lambda: MLP(2, width=2, activation="sigmod"), ValueError,
        ["activation", "'sigmod'", *(re.escape(repr(name)) for name in ACTIVATIONS)],
    ),
    "activation not a module": (
        lambda: MLP(2, width=2, activation=torch.sigmoid), ValueError,
        ["activation", "nn.Module"],
    ),
    "model input of the wrong width": (
        lambda: MLP(2, width=2)(torch.zeros(5, 3)), ValueError, ["X", r"\(N, 2\)", r"\(5, 3\)"],
    ),
    "model input of strings": (
        lambda: MLP(2, width=2)([["a", "b"]]), TypeError, ["X", "array of numbers"],
    ),
    "model input list of the wrong width": (
        lambda: MLP(2, width=2)([[0.0, 1.0, 2.0]]), ValueError, ["X", "in_features=2"],
    ),
    "reset_parameters without a seed": (
        lambda: MLP(2, width=2).reset_parameters(seed=None), ValueError, ["seed", ">= 0"],
    ),
    # fit: data
    "X 1-D": (lambda: fit_rings(X=X[:, 0]), ValueError, ["X", "2-D", r"\(40,\)", "reshape"]),
    "X 3-D": (lambda: fit_rings(X=X[:, :, None]), ValueError, ["X", "2-D", r"\(40, 2, 1\)"]),
    "X without samples": (lambda: fit_rings(X=X[:0], y=Y[:0]), ValueError,
                          ["X", "at least one sample"]),
    "X and y lengths differ": (
        lambda: fit_rings(y=Y[:-1]), ValueError, ["X and y", "same number of samples", "40",
                                                  "39"],
    ),
    "NaN in X": (lambda: fit_rings(X=with_value(X, (3, 1), math.nan)), ValueError,
                 ["X", "NaN or infinite"]),
    "inf in X": (lambda: fit_rings(X=with_value(X, (0, 0), math.inf)), ValueError,
                 ["X", "NaN or infinite"]),
    "NaN in y": (lambda: fit(MLP(1, width=2), XS, with_value(YS, 5, math.nan), loss="mse",
                             lr=1e-2, epochs=3), ValueError, ["y", "NaN or infinite"]),
    "inf in y": (lambda: fit(MLP(1, width=2), XS, with_value(YS, 5, -math.inf), loss="mse",
                             lr=1e-2, epochs=3), ValueError, ["y", "NaN or infinite"]),
    "bce targets not 0/1": (lambda: fit_rings(y=with_value(Y, 0, 0.5)), ValueError,
                            ["y", "0 and 1", "bce", "0.5"]),
    "bce targets -1/1": (lambda: fit_rings(y=2 * Y - 1), ValueError,
                         ["y", "0 and 1", "bce", "-1"]),
    "y of the wrong shape": (lambda: fit_rings(y=torch.stack([Y, Y], dim=1)), ValueError,
                             ["y", r"\(N,\) or \(N, 1\)", r"\(40, 2\)"]),
    "X not numbers": (lambda: fit_rings(X=[["a", "b"]] * 40), TypeError,
                      ["X", "array of numbers"]),
    "in_features does not match X": (
        lambda: fit(MLP(3, width=2), X, Y, loss="bce", lr=1e-2, epochs=3), ValueError,
        ["X", "2 feature", "in_features=3"],
    ),
    "model not an MLP": (
        lambda: fit(torch.nn.Linear(2, 1), X, Y, loss="bce", lr=1e-2, epochs=3), TypeError,
        ["model", "toynn.MLP", "Linear"],
    ),
    # fit: settings
    "unknown loss": (lambda: fit_rings(loss="cross_entropy"), ValueError,
                     ["loss", "'bce'", "'mse'", "callable", "'cross_entropy'"]),
    "lr 0": (lambda: fit_rings(lr=0), ValueError, ["lr", "> 0", "got 0"]),
    "lr negative": (lambda: fit_rings(lr=-0.1), ValueError, ["lr", "> 0", "-0.1"]),
    "lr nan": (lambda: fit_rings(lr=math.nan), ValueError, ["lr", "finite", "nan"]),
    "lr inf": (lambda: fit_rings(lr=math.inf), ValueError, ["lr", "finite", "inf"]),
    "lr a string": (lambda: fit_rings(lr="0.01"), ValueError, ["lr", "number"]),
    "epochs 0": (lambda: fit_rings(epochs=0), ValueError, ["epochs", ">= 1", "got 0"]),
    "epochs float": (lambda: fit_rings(epochs=10.5), ValueError, ["epochs", "integer"]),
    "fit seed negative": (lambda: fit_rings(seed=-3), ValueError, ["seed", ">= 0", "-3"]),
    "unknown device": (lambda: fit_rings(device="gpu0"), ValueError, ["device", "cpu"]),
    # hidden-unit anatomy
    "hidden lines of a 1-D model": (lambda: hidden_lines(MLP(1, width=3)), ValueError,
                                    ["hidden lines", "in_features=2", "in_features=1"]),
    "thresholds of a 2-D model": (lambda: thresholds(MLP(2, width=3)), ValueError,
                                  ["thresholds", "in_features=1", "in_features=2"]),
    "hidden lines of a non-MLP": (lambda: hidden_lines(torch.nn.Linear(2, 3)), TypeError,
                                  ["model", "toynn.MLP"]),
    "step prediction of a relu model": (
        lambda: step_predict(MLP(1, width=3, activation="relu"), XS), ValueError,
        ["sigmoid or tanh", "relu"],
    ),
    "step prediction with the wrong X": (lambda: step_predict(MLP(1, width=3), X), ValueError,
                                         ["X", "in_features=1"]),
    "activation codes with the wrong X": (
        lambda: activation_codes(MLP(2, width=3), XS), ValueError, ["X", "in_features=2"],
    ),
    # sweep
    "sweep without widths": (lambda: sweep_rings(widths=[]), ValueError,
                             ["widths", "not be empty"]),
    "sweep without seeds": (lambda: sweep_rings(seeds=range(0)), ValueError,
                            ["seeds", "not be empty"]),
    "sweep width 0": (lambda: sweep_rings(widths=[2, 0]), ValueError,
                      ["widths", ">= 1", "got 0"]),
    "sweep negative width": (lambda: sweep_rings(widths=[-1]), ValueError,
                             ["widths", ">= 1", "-1"]),
    "sweep duplicate seeds": (lambda: sweep_rings(seeds=[0, 1, 1]), ValueError,
                              ["seeds", "distinct", r"\[1\]"]),
    "sweep duplicate widths": (lambda: sweep_rings(widths=[3, 3]), ValueError,
                               ["widths", "distinct", r"\[3\]"]),
    "sweep negative seed": (lambda: sweep_rings(seeds=[-1]), ValueError, ["seeds", ">= 0"]),
    "sweep widths not a list": (lambda: sweep_rings(widths=3), TypeError, ["widths", "list"]),
    "sweep unknown activation": (lambda: sweep_rings(activation="sigmod"), ValueError,
                                 ["activation", "'sigmoid'"]),
    "sweep unknown loss": (lambda: sweep_rings(loss="l2"), ValueError, ["loss", "'mse'"]),
    "sweep lr 0": (lambda: sweep_rings(lr=0.0), ValueError, ["lr", "> 0"]),
    "sweep epochs 0": (lambda: sweep_rings(epochs=0), ValueError, ["epochs", ">= 1"]),
    "sweep depth 0": (lambda: sweep_rings(depth=0), ValueError, ["depth", ">= 1"]),
    "sweep curve_points 0": (lambda: sweep_rings(curve_points=0), ValueError,
                             ["curve_points", ">= 1"]),
    "sweep block_size 0": (lambda: sweep_rings(block_size=0), ValueError,
                           ["block_size", ">= 1"]),
    "sweep fused on the CPU": (lambda: sweep_rings(fused=True), ValueError,
                               ["fused=True", "runs on CUDA", "not on cpu"]),
    "sweep fused not a bool": (lambda: sweep_rings(fused="yes"), TypeError,
                               ["fused", "None, True or False"]),
    "sweep X 1-D": (lambda: sweep_rings(X=X[:, 0]), ValueError, ["X", "2-D"]),
    "sweep NaN in X": (lambda: sweep_rings(X=with_value(X, (1, 1), math.nan)), ValueError,
                       ["X", "NaN"]),
    "sweep lengths differ": (lambda: sweep_rings(y=Y[:10]), ValueError,
                             ["X and y", "same number of samples"]),
    "sweep bce targets not 0/1": (lambda: sweep_rings(y=Y * 3), ValueError,
                                  ["y", "0 and 1", "bce"]),
    "sweep depth list with 0": (lambda: sweep_rings(depth=[1, 0]), ValueError,
                                ["depth", ">= 1", "got 0"]),
    "sweep repeated depths": (lambda: sweep_rings(depth=[2, 2]), ValueError,
                              ["depth", "distinct", r"\[2\]"]),
    "sweep without depths": (lambda: sweep_rings(depth=[]), ValueError,
                             ["depth", "not be empty"]),
    "sweep out_features 0": (lambda: sweep_rings(out_features=0), ValueError,
                             ["out_features", ">= 1"]),
    "sweep ce labels negative": (lambda: sweep_rings(y=Y - 1, loss="ce"), ValueError,
                                 ["y", "class indices", ">= 0", "ce", "-1"]),
    "sweep ce with one class": (lambda: sweep_rings(y=Y * 0, loss="ce"), ValueError,
                                ["loss='ce'", "out_features >= 2", "out_features=1"]),
    # several classes: loss="ce"
    "ce labels not integers": (lambda: fit_ce(y=with_value(LABELS.float(), 3, 1.5)), ValueError,
                               ["y", "integer class indices", "ce", "1.5"]),
    "ce label too large": (lambda: fit_ce(y=with_value(LABELS, 0, 3)), ValueError,
                           ["y", r"class indices in \[0, 3\)", "out_features=3", r"\[3"]),
    "ce label negative": (lambda: fit_ce(y=with_value(LABELS, 0, -1)), ValueError,
                          ["y", r"in \[0, 3\)", "-1"]),
    "ce with one output": (lambda: fit_ce(model=MLP(2, width=2)), ValueError,
                           ["loss='ce'", "out_features >= 2", "out_features=1", "'bce'"]),
    "ce with one-hot targets": (
        lambda: fit_ce(y=torch.nn.functional.one_hot(LABELS, 3)), ValueError,
        ["y", r"class indices of shape \(N,\)", r"\(40, 3\)", "argmax"],
    ),
    "ce labels of the wrong length": (lambda: fit_ce(y=LABELS[:-2]), ValueError,
                                      ["X and y", "same number of samples", "40", "38"]),
    "ce NaN label": (lambda: fit_ce(y=with_value(LABELS.float(), 1, math.nan)), ValueError,
                     ["y", "NaN or infinite"]),
    "ce validation label out of range": (
        lambda: fit_ce(validation=(X, with_value(LABELS, 2, 7))), ValueError,
        ["y_val", r"\[0, 3\)", "7"],
    ),
    "class indices with mse": (lambda: fit_ce(loss="mse"), ValueError,
                               ["y", r"\(N, 3\)", r"\(40,\)", "loss='ce'"]),
    "callable loss, targets of the wrong length": (
        lambda: fit_ce(y=LABELS[:5], loss=F.cross_entropy), ValueError,
        ["X and y", "same number of samples", "40", "5"],
    ),
    # spiral
    "spiral n_per_arm 0": (lambda: make_spiral(0), ValueError, ["n_per_arm", ">= 1"]),
    "spiral one arm": (lambda: make_spiral(10, arms=1), ValueError, ["arms", ">= 2", "1"]),
    "spiral negative noise": (lambda: make_spiral(10, noise=-0.1), ValueError,
                              ["noise", ">= 0", "-0.1"]),
    "spiral nan noise": (lambda: make_spiral(10, noise=math.nan), ValueError,
                         ["noise", "finite"]),
    "spiral turns 0": (lambda: make_spiral(10, turns=0), ValueError, ["turns", "> 0"]),
    "spiral negative seed": (lambda: make_spiral(10, seed=-2), ValueError, ["seed", ">= 0"]),
}
if not torch.cuda.is_available():
    BAD_INPUTS["cuda without a GPU"] = (lambda: fit_rings(device="cuda"), ValueError,
                                        ["device='cuda'", "no CUDA GPU"])


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input(case):
    call, error, patterns = BAD_INPUTS[case]
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for pattern in patterns:
        assert re.search(pattern, message), f"{pattern!r} not in {message!r}"


# -- training that blows up ----------------------------------------------------------------


def inf_after(calls: int):
    """A callable loss, mean squared error, that turns infinite after `calls` calls."""
    count = {"calls": 0}

    def loss(outputs, targets):
        count["calls"] += 1
        value = F.mse_loss(outputs, targets)
        return value * math.inf if count["calls"] > calls else value

    return loss


def test_fit_stops_at_the_epoch_the_loss_becomes_infinite():
    model = MLP(1, width=3, seed=0)
    initial = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(FloatingPointError) as info:
        fit(model, XS, YS, loss=inf_after(5), lr=1e-2, epochs=50)
    message = str(info.value)
    assert "epoch 5" in message
    assert "smaller learning rate" in message and "lr=0.01" in message
    # and the model keeps its initial weights, as documented
    for p, q in zip(initial, model.parameters(), strict=True):
        assert torch.equal(p, q)


def test_fit_with_a_huge_learning_rate_diverges_with_a_clear_error():
    # huge targets and a huge step: the squared error overflows float32 after one step
    with pytest.raises(FloatingPointError, match=r"epoch 1 \(lr=1e\+25\).*smaller learning"):
        fit(MLP(1, width=3), XS, YS * 1e18, loss="mse", lr=1e25, epochs=50, seed=0)


def test_sweep_names_the_width_seed_and_epoch_that_diverged():
    with pytest.raises(FloatingPointError) as info:
        sweep(XS, YS, widths=[3], seeds=[7], loss=inf_after(5), lr=1e-2, epochs=50)
    message = str(info.value)
    assert "width=3" in message and "seed=7" in message and "epoch 5" in message
    assert "smaller learning rate" in message


def test_sweep_names_the_one_model_that_diverged():
    # Only the model (width 3, seed 1) gets an infinite loss: recognise it by its outputs.
    with torch.no_grad():
        target_outputs = MLP(1, width=3, seed=1)(XS)

    def loss(outputs, targets):
        value = F.mse_loss(outputs, targets)
        if torch.allclose(outputs, target_outputs, atol=1e-5):
            return value * math.inf
        return value

    with pytest.raises(FloatingPointError) as info:
        sweep(XS, YS, widths=[2, 3, 4], seeds=[0, 1], loss=loss, lr=1e-2, epochs=20)
    message = str(info.value)
    assert "width=3, seed=1" in message and "epoch 0" in message


def test_sweep_with_a_huge_learning_rate_diverges_with_a_clear_error():
    with pytest.raises(FloatingPointError, match=r"width=\d, seed=\d.*epoch 1.*smaller"):
        sweep(XS, YS * 1e18, widths=[2, 3], seeds=[4, 1], loss="mse", lr=1e25, epochs=50)
