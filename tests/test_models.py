"""The MLP: shapes, activations, registered parameters, seeded initialisation, repr."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
from torch import nn

from toynn import ACTIVATIONS, MLP

X2 = torch.randn(17, 2, generator=torch.Generator().manual_seed(0))


def n_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# -- shapes --------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_one_output_gives_shape_n(depth):
    model = MLP(2, width=4, depth=depth, seed=0)
    assert model(X2).shape == (17,)


@pytest.mark.parametrize("depth", [1, 3])
def test_several_outputs_give_shape_n_by_o(depth):
    model = MLP(2, 3, width=4, depth=depth, seed=0)
    assert model(X2).shape == (17, 3)


def test_output_is_a_linear_read_out_of_the_last_hidden_layer():
    model = MLP(2, width=2, seed=0)
    W, b = model.hidden_layers[0].weight, model.hidden_layers[0].bias
    v, c = model.output_layer.weight[0], model.output_layer.bias[0]
    expected = torch.sigmoid(X2 @ W.T + b) @ v + c  # logits: no sigmoid on the output
    assert torch.allclose(model(X2), expected, atol=1e-6)


@pytest.mark.parametrize("depth, out_features", [(1, 1), (2, 1), (3, 2)])
def test_hidden_returns_every_layer(depth, out_features):
    model = MLP(2, out_features, width=5, depth=depth, activation="tanh", seed=1)
    hidden = model.hidden(X2)
    assert isinstance(hidden, list) and len(hidden) == depth
    assert all(h.shape == (17, 5) for h in hidden)
    # each layer feeds the next, and the last one feeds the output layer
    h = X2
    for layer, got in zip(model.hidden_layers, hidden, strict=True):
        h = torch.tanh(layer(h))
        assert torch.allclose(got, h, atol=1e-6)
    out = model.output_layer(hidden[-1])
    assert torch.allclose(model(X2), out.squeeze(1) if out_features == 1 else out)


@pytest.mark.parametrize("depth, activation", [(1, "sigmoid"), (3, "tanh"), (2, "relu")])
def test_pre_activations_are_what_each_layer_computes_before_its_activation(depth,
                                                                           activation):
    model = MLP(2, width=5, depth=depth, activation=activation, seed=2)
    z = model.pre_activations(X2)
    assert isinstance(z, list) and len(z) == depth
    assert all(z_k.shape == (17, 5) for z_k in z)
    hidden = model.hidden(X2)
    h = X2
    for layer, z_k, h_k in zip(model.hidden_layers, z, hidden, strict=True):
        assert torch.equal(z_k, layer(h))  # W h + b of the activations before
        assert torch.equal(model.activation(z_k), h_k)
        h = h_k


def test_pre_activations_take_inputs_and_keep_gradients_like_hidden():
    model = MLP(2, width=3, depth=2, seed=0)
    expected = model.pre_activations(X2)
    for inputs in (X2.numpy(), X2.tolist(), X2.double()):
        for got, want in zip(model.pre_activations(inputs), expected, strict=True):
            torch.testing.assert_close(got, want)
    assert all(z.requires_grad for z in expected) and model.hidden(X2)[0].requires_grad
    with torch.no_grad():
        assert not any(z.requires_grad for z in model.pre_activations(X2))
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\) for this model"):
        model.pre_activations(torch.zeros(4, 3))


# -- activations ---------------------------------------------------------------------------


def test_activation_names():
    assert {"sigmoid", "tanh", "relu"} <= set(ACTIVATIONS)
    assert all(isinstance(cls(), nn.Module) for cls in ACTIVATIONS.values())


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_by_name_is_applied(name):
    model = MLP(2, width=3, activation=name, seed=0)
    assert type(model.activation) is ACTIVATIONS[name]
    (h,) = model.hidden(X2)
    expected = ACTIVATIONS[name]()(model.hidden_layers[0](X2))
    assert torch.allclose(h, expected)
    assert model.activation_name == name


def test_default_activation_is_sigmoid():
    model = MLP(2, width=3, seed=0)
    assert isinstance(model.activation, nn.Sigmoid)
    (h,) = model.hidden(X2 * 100)
    assert ((h >= 0) & (h <= 1)).all()


def test_any_module_as_activation():
    activation = nn.SiLU()  # not in ACTIVATIONS
    model = MLP(2, width=3, activation=activation, seed=0)
    assert model.activation is activation
    (h,) = model.hidden(X2)
    assert torch.allclose(h, nn.functional.silu(model.hidden_layers[0](X2)))
    assert model.activation_name == "SiLU()"
    # a module equal to a named one is reported by that name
    assert MLP(2, width=3, activation=nn.GELU()).activation_name == "gelu"


# -- parameters ----------------------------------------------------------------------------


def test_2_2_1_net_has_9_parameters():
    # the classification tutorial's first net: 4 + 2 weights and biases in, 2 + 1 out
    model = MLP(2, width=2)
    assert n_parameters(model) == 9
    shapes = [tuple(p.shape) for p in model.parameters()]
    assert shapes == [(2, 2), (2,), (1, 2), (1,)]


@pytest.mark.parametrize(
    "in_features, out_features, width, depth",
    [(1, 1, 10, 1), (2, 1, 3, 2), (3, 4, 5, 3)],
)
def test_parameter_count(in_features, out_features, width, depth):
    model = MLP(in_features, out_features, width=width, depth=depth)
    expected = (in_features + 1) * width + (depth - 1) * (width + 1) * width
    expected += (width + 1) * out_features
    assert n_parameters(model) == expected


def test_optimizer_sees_every_hidden_layer():
    # Sub-layers must be registered for the optimizer to see them (the classification
    # tutorial shows a plain list hiding a layer).
    model = MLP(2, width=3, depth=3, seed=0)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    optimized = {id(p) for group in optimizer.param_groups for p in group["params"]}
    for layer in [*model.hidden_layers, model.output_layer]:
        assert id(layer.weight) in optimized and id(layer.bias) in optimized
    names = set(model.state_dict())
    assert {f"hidden_layers.{i}.weight" for i in range(3)} <= names
    # and a step really moves every layer
    before = [p.detach().clone() for p in model.parameters()]
    model(X2).square().mean().backward()
    optimizer.step()
    assert all(not torch.equal(b, p) for b, p in zip(before, model.parameters(), strict=True))


def test_layers_lists_hidden_then_output():
    model = MLP(2, width=3, depth=2)
    assert model.layers == [*model.hidden_layers, model.output_layer]


# -- initialisation ------------------------------------------------------------------------


def test_seed_gives_identical_weights():
    a, b = MLP(2, width=5, depth=2, seed=7), MLP(2, width=5, depth=2, seed=7)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(p, q)


def test_different_seeds_give_different_weights():
    a, b = MLP(2, width=5, seed=7), MLP(2, width=5, seed=8)
    assert not torch.equal(a.hidden_layers[0].weight, b.hidden_layers[0].weight)


def test_reset_parameters_is_reproducible_and_matches_the_seed_argument():
    model = MLP(2, width=4, depth=2)
    model.reset_parameters(seed=3)
    first = [p.detach().clone() for p in model.parameters()]
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    model.reset_parameters(seed=3)
    for p, q in zip(first, model.parameters(), strict=True):
        assert torch.equal(p, q)
    for p, q in zip(first, MLP(2, width=4, depth=2, seed=3).parameters(), strict=True):
        assert torch.equal(p, q)


def test_reset_parameters_draws_from_the_nn_linear_range():
    model = MLP(2, width=50, depth=2, seed=0)
    for layer in model.layers:
        bound = 1 / math.sqrt(layer.in_features)
        for p in (layer.weight, layer.bias):
            assert p.abs().max() <= bound
        # the whole range is used, not a narrower one
        assert layer.weight.abs().max() > 0.8 * bound


def test_reset_parameters_does_not_touch_the_global_generator():
    model = MLP(2, width=3)
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    model.reset_parameters(seed=1)
    assert torch.equal(torch.rand(3), expected)


def test_a_seeded_model_does_not_touch_the_global_generator():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    MLP(2, width=3, seed=1)
    assert torch.equal(torch.rand(3), expected)


def test_without_seed_the_global_generator_decides():
    torch.manual_seed(11)
    a = MLP(2, width=3)
    torch.manual_seed(11)
    b = MLP(2, width=3)
    c = MLP(2, width=3)
    assert torch.equal(a.hidden_layers[0].weight, b.hidden_layers[0].weight)
    assert not torch.equal(b.hidden_layers[0].weight, c.hidden_layers[0].weight)


# -- repr ----------------------------------------------------------------------------------


def test_repr_reads_like_the_call_that_builds_the_model():
    model = MLP(2, width=2, activation="tanh")
    assert repr(model) == "MLP(in_features=2, out_features=1, width=2, depth=1, activation='tanh')"
    rebuilt = eval(repr(model), {"MLP": MLP})
    assert repr(rebuilt) == repr(model)
    assert repr(MLP(1, 3, width=10, depth=2, activation="relu")) == (
        "MLP(in_features=1, out_features=3, width=10, depth=2, activation='relu')"
    )
    assert "LeakyReLU(negative_slope=0.2)" in repr(MLP(2, width=2, activation=nn.LeakyReLU(0.2)))


# -- device --------------------------------------------------------------------------------


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_reset_parameters_is_the_same_on_cuda():
    cpu = MLP(2, width=4, depth=2, seed=0)
    gpu = MLP(2, width=4, depth=2).to("cuda")
    gpu.reset_parameters(seed=0)
    for p, q in zip(cpu.parameters(), gpu.parameters(), strict=True):
        assert q.device.type == "cuda"
        assert torch.equal(p, q.cpu())
    assert torch.allclose(gpu(X2.cuda()).cpu(), cpu(X2), atol=1e-6)


# -- inputs and probabilities ----------------------------------------------------------------


def test_forward_and_hidden_take_arrays_and_lists_like_fit():
    model = MLP(2, width=3, seed=0)
    expected = model(X2)
    torch.testing.assert_close(model(X2.numpy()), expected)
    torch.testing.assert_close(model(X2.tolist()), expected)
    torch.testing.assert_close(model(X2.double()), expected)  # cast to the model's dtype
    torch.testing.assert_close(model.hidden(np.asarray(X2))[0], model.hidden(X2)[0])


def test_a_well_formed_tensor_passes_through_untouched():
    model = MLP(2, width=3, seed=0)
    assert model._inputs(X2) is X2


def test_predict_proba_is_the_sigmoid_of_the_logit():
    model = MLP(2, width=3, seed=0)
    p = model.predict_proba(X2)
    torch.testing.assert_close(p, torch.sigmoid(model(X2)).detach())
    assert not p.requires_grad
    # the class-1 test on probabilities is the sign test on logits, not `logit > 0.5`
    assert torch.equal(p > 0.5, model(X2) > 0)


def test_predict_proba_of_several_outputs_sums_to_one():
    model = MLP(2, 3, width=4, seed=0)
    p = model.predict_proba(X2.tolist())
    assert p.shape == (17, 3)
    torch.testing.assert_close(p.sum(dim=1), torch.ones(17))
    torch.testing.assert_close(p, torch.softmax(model(X2), dim=1).detach())


# -- MLP.from_weights ------------------------------------------------------------------------


def weights_of(model: MLP):
    hidden = [(layer.weight, layer.bias) for layer in model.hidden_layers]
    return hidden, (model.output_layer.weight, model.output_layer.bias)


@pytest.mark.parametrize(("out_features", "depth", "activation"),
                         [(1, 1, "sigmoid"), (1, 3, "tanh"), (3, 2, "relu")])
def test_from_weights_of_a_model_gives_the_same_model(out_features, depth, activation):
    model = MLP(2, out_features, width=4, depth=depth, activation=activation, seed=3)
    copy = MLP.from_weights(*weights_of(model), activation=activation)
    assert repr(copy) == repr(model)
    assert torch.equal(copy(X2), model(X2))
    for p, q in zip(model.parameters(), copy.parameters(), strict=True):
        assert p.dtype == q.dtype == torch.float32
        assert torch.equal(p, q) and p.data_ptr() != q.data_ptr()  # copies, not shared


def test_from_weights_takes_lists_arrays_and_numbers():
    model = MLP.from_weights([(np.array([[1.0, 2.0]], dtype=np.float64), [0.5])], ([2.0], -1))
    assert (model.in_features, model.out_features, model.width, model.depth) == (2, 1, 1, 1)
    assert model.hidden_layers[0].weight.dtype == torch.float32
    expected = 2.0 * torch.sigmoid(X2 @ torch.tensor([1.0, 2.0]) + 0.5) - 1
    torch.testing.assert_close(model(X2), expected)
    # one output: v may also come as (1, width) and c as a 0-d or (1,) tensor
    same = MLP.from_weights([([[1, 2]], [0.5])], (torch.tensor([[2.0]]), torch.tensor([-1.0])))
    assert torch.equal(same(X2), model(X2))


def test_from_weights_does_not_touch_the_global_generator():
    state = torch.get_rng_state()
    MLP.from_weights([(torch.ones(3, 2), torch.zeros(3))], (torch.ones(3), 0.0))
    assert torch.equal(torch.get_rng_state(), state)


FROM_WEIGHTS_ERRORS = {
    "second W not square": (
        [(torch.ones(3, 2), torch.zeros(3)), (torch.ones(3, 2), torch.zeros(3))],
        (torch.ones(3), 0.0), ValueError, [r"hidden layer 2", r"W must have shape \(3, 3\)",
                                           r"got \(3, 2\)"]),
    "widths differ": (
        [(torch.ones(3, 2), torch.zeros(3)), (torch.ones(2, 3), torch.zeros(2))],
        (torch.ones(2), 0.0), ValueError, ["hidden layer 2", r"\(3, 3\)", r"got \(2, 3\)",
                                           "same width|width of the first"]),
    "b of the wrong length": (
        [(torch.ones(3, 2), torch.zeros(2))], (torch.ones(3), 0.0), ValueError,
        ["hidden layer 1", r"b must have shape \(3,\)", r"got \(2,\)"]),
    "first W 1-D": (
        [(torch.ones(3), torch.zeros(3))], (torch.ones(3), 0.0), ValueError,
        ["hidden layer 1", "W", r"\(width, in_features\)", r"got \(3,\)"]),
    "v of the wrong width": (
        [(torch.ones(3, 2), torch.zeros(3))], (torch.ones(2), 0.0), ValueError,
        ["output", r"v must have shape \(3,\) or \(out_features, 3\)", r"got \(2,\)"]),
    "c of the wrong length": (
        [(torch.ones(3, 2), torch.zeros(3))], (torch.ones(2, 3), torch.zeros(3)), ValueError,
        ["output", r"c must be shape \(2,\)", r"got shape \(3,\)"]),
    "NaN in W": (
        [(torch.full((3, 2), math.nan), torch.zeros(3))], (torch.ones(3), 0.0), ValueError,
        ["hidden layer 1", "W", "NaN or infinite"]),
    "inf in c": (
        [(torch.ones(3, 2), torch.zeros(3))], (torch.ones(3), math.inf), ValueError,
        ["output", "c", "NaN or infinite"]),
    "no hidden layers": ([], (torch.ones(3), 0.0), ValueError, ["hidden", "at least one"]),
    "one pair instead of a list": (
        (torch.ones(3, 2), torch.zeros(3)), (torch.ones(3), 0.0), TypeError,
        ["hidden layer 1", r"pair \(W, b\)", "one per hidden layer"]),
    "output not a pair": (
        [(torch.ones(3, 2), torch.zeros(3))], torch.ones(3), TypeError,
        ["output", r"pair \(v, c\)"]),
}


@pytest.mark.parametrize("case", FROM_WEIGHTS_ERRORS)
def test_from_weights_errors_name_the_argument_layer_and_shapes(case):
    hidden, output, error, patterns = FROM_WEIGHTS_ERRORS[case]
    with pytest.raises(error) as info:
        MLP.from_weights(hidden, output)
    for pattern in patterns:
        assert re.search(pattern, str(info.value)), f"{pattern!r} not in {info.value}"


def triangle_classifier(distance: float = 1.25, steepness: float = 20.0) -> MLP:
    """Three sigmoid units whose lines form a triangle around the disc of make_rings.

    Unit i is on outside line i, at `distance` from the origin with normal at angle
    90° + 120° i; the output is on when any unit is: equal weights, bias minus half of one.
    """
    angles = torch.tensor([90.0, 210.0, 330.0]) * math.pi / 180
    normals = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
    hidden = [(steepness * normals, torch.full((3,), -steepness * distance))]
    return MLP.from_weights(hidden, ([20.0, 20.0, 20.0], -10.0))


def test_a_hand_built_triangle_classifies_the_rings():
    from toynn import fit, hidden_lines, make_rings

    X, y = make_rings(500, seed=0)
    model = triangle_classifier()
    bce = torch.nn.functional.binary_cross_entropy_with_logits(model(X), y)
    assert bce.item() < 1e-3
    assert torch.equal((model(X) > 0).float(), y)
    W, b = hidden_lines(model)  # the helpers read it like any trained model
    torch.testing.assert_close(b / W.norm(dim=1), torch.full((3,), -1.25))
    history = fit(model, X, y, loss="bce", lr=1e-3, epochs=20)  # trains on from there
    assert history.losses[0] == pytest.approx(bce.item(), rel=1e-2)
    assert history.final_loss <= history.losses[0]
