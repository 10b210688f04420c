"""Hidden-unit anatomy: lines, thresholds, step predictions, activation codes and regions."""

from __future__ import annotations

import math

import pytest
import torch

from toynn import (
    MLP,
    activation_codes,
    count_regions,
    fit,
    hidden_lines,
    make_damped_sine,
    make_rings,
    step_predict,
    thresholds,
)


def model_with(W, b, v=None, c=0.0, activation="sigmoid"):
    """A one-hidden-layer model with the given first layer (W, b) and read-out (v, c)."""
    W, b = torch.as_tensor(W, dtype=torch.float32), torch.as_tensor(b, dtype=torch.float32)
    model = MLP(W.shape[1], width=W.shape[0], activation=activation)
    with torch.no_grad():
        model.hidden_layers[0].weight.copy_(W)
        model.hidden_layers[0].bias.copy_(b)
        if v is not None:
            model.output_layer.weight.copy_(torch.as_tensor(v, dtype=torch.float32)[None])
        model.output_layer.bias.fill_(c)
    return model


def grid(low=-10.0, high=10.0, n=801):
    axis = torch.linspace(low, high, n)
    return torch.cartesian_prod(axis, axis)


@pytest.fixture(scope="module")
def sine_model():
    X, y = make_damped_sine()
    model = MLP(1, width=10)
    fit(model, X, y, loss="mse", lr=1e-2, epochs=300, seed=0)
    return model


# -- hidden_lines --------------------------------------------------------------------------


def test_hidden_lines_are_the_first_layer():
    model = MLP(2, width=3, depth=2, seed=0)
    W, b = hidden_lines(model)
    assert W.shape == (3, 2) and b.shape == (3,)
    assert W.device.type == "cpu" and not W.requires_grad and not b.requires_grad
    assert torch.equal(W, model.hidden_layers[0].weight)
    assert torch.equal(b, model.hidden_layers[0].bias)


def test_a_unit_is_half_on_along_its_line():
    # Each line w . x + b = 0 is where its sigmoid unit reads 0.5.
    model = MLP(2, width=4, seed=3)
    W, b = hidden_lines(model)
    for i in range(4):
        foot = -b[i] * W[i] / W[i].dot(W[i])  # the point of line i closest to the origin
        along = torch.stack([-W[i, 1], W[i, 0]])
        points = foot + torch.linspace(-3, 3, 7)[:, None] * along
        (h,) = model.hidden(points)
        assert torch.allclose(h[:, i], torch.full((7,), 0.5), atol=1e-4)


def test_hidden_lines_are_a_snapshot():
    X, y = make_rings(100, seed=0)
    model = MLP(2, width=3, seed=0)
    W, b = hidden_lines(model)
    W0, b0 = W.clone(), b.clone()
    fit(model, X, y, loss="bce", lr=1e-2, epochs=20)
    assert torch.equal(W, W0) and torch.equal(b, b0)


# -- thresholds ----------------------------------------------------------------------------


def test_thresholds_by_hand():
    model = model_with([[2.0], [-1.0], [0.5]], [1.0, 3.0, 0.0])
    assert torch.allclose(thresholds(model), torch.tensor([-0.5, 3.0, 0.0]))


def test_a_unit_is_half_on_at_its_threshold(sine_model):
    delta = thresholds(sine_model)
    assert delta.shape == (10,)
    (h,) = sine_model.hidden(delta[:, None])
    assert torch.allclose(h.diagonal(), torch.full((10,), 0.5), atol=1e-4)


def test_a_unit_with_zero_weight_never_switches():
    model = model_with([[0.0], [0.0]], [1.0, -2.0])
    assert torch.equal(thresholds(model), torch.tensor([-math.inf, math.inf]))


def test_a_unit_with_zero_weight_and_bias_has_an_infinite_threshold():
    model = model_with([[0.0]], [0.0])
    assert thresholds(model).isinf().all()


# -- step_predict --------------------------------------------------------------------------


def test_step_prediction_is_bias_plus_the_units_that_are_on(sine_model):
    X = torch.linspace(-12, 12, 2001)[:, None]
    W, b = sine_model.hidden_layers[0].weight, sine_model.hidden_layers[0].bias
    v, c = sine_model.output_layer.weight[0], sine_model.output_layer.bias[0]
    on = (X @ W.T + b) > 0
    expected = c + (on.float() * v).sum(dim=1)
    got = step_predict(sine_model, X)
    assert got.shape == (2001,)
    assert torch.allclose(got, expected.detach(), atol=1e-5)


def test_step_prediction_has_at_most_width_plus_1_levels(sine_model):
    X = torch.linspace(-12, 12, 20001)[:, None]
    prediction = step_predict(sine_model, X)
    # Levels are compared up to float rounding: the same sum can come out of the matrix
    # product a last bit apart depending on the row (MKL's remainder loop does that).
    levels = prediction.unique()
    distinct = 1 + int((levels.diff() > 1e-5).sum())
    assert 1 < distinct <= 10 + 1
    # one level per set of units that are on, and at most width + 1 such sets on a line
    codes = activation_codes(sine_model, X)
    assert len(codes.unique()) <= 10 + 1
    for code in codes.unique():
        values = prediction[codes == code]
        assert values.max() - values.min() < 1e-5
    # it changes only where some unit switches: between two neighbours with different
    # levels lies a threshold
    delta = thresholds(sine_model)
    changes = ((prediction.diff()).abs() > 1e-5).nonzero()[:, 0]
    assert len(changes) > 0
    for i in changes.tolist():
        left, right = X[i, 0], X[i + 1, 0]
        assert ((delta >= left) & (delta <= right)).any()


def test_step_prediction_is_the_limit_of_steep_sigmoids(sine_model):
    X = torch.linspace(-12, 12, 2001)[:, None]
    steep = MLP(1, width=10)
    steep.load_state_dict(sine_model.state_dict())
    with torch.no_grad():
        steep.hidden_layers[0].weight.mul_(1000)
        steep.hidden_layers[0].bias.mul_(1000)
    # a step depends only on the sign of w x + b, which the scaling keeps
    assert torch.equal(step_predict(steep, X), step_predict(sine_model, X))
    # away from the thresholds (where the steep sigmoids are not saturated yet) the steep
    # smooth model and the step prediction agree
    with torch.no_grad():
        far = sine_model.hidden_layers[0](X).abs().min(dim=1).values > 0.02
    with torch.no_grad():
        smooth = steep(X)
    assert torch.allclose(smooth[far], step_predict(sine_model, X)[far], atol=1e-4)
    assert far.float().mean() > 0.9


def test_step_prediction_with_tanh_steps_between_minus_1_and_1():
    model = model_with([[1.0], [1.0]], [0.0, -2.0], v=[1.0, 10.0], c=0.5, activation="tanh")
    got = step_predict(model, torch.tensor([[-1.0], [1.0], [3.0]]))
    assert torch.allclose(got, torch.tensor([0.5 - 1 - 10, 0.5 + 1 - 10, 0.5 + 1 + 10]))


def test_step_prediction_goes_through_every_layer():
    model = MLP(2, 2, width=3, depth=2, seed=0)
    X = torch.randn(50, 2, generator=torch.Generator().manual_seed(0)) * 3
    h = X
    for layer in model.hidden_layers:
        h = (layer(h) > 0).float()
    expected = model.output_layer(h)
    got = step_predict(model, X)
    assert got.shape == (50, 2)
    assert torch.allclose(got, expected.detach(), atol=1e-6)


def test_step_prediction_accepts_arrays():
    model = model_with([[1.0]], [0.0], v=[2.0], c=1.0)
    assert step_predict(model, [[-1.0], [1.0]]).tolist() == [1.0, 3.0]


# -- activation codes and regions ----------------------------------------------------------


def test_activation_codes_by_hand():
    # unit 0 on for x > 0, unit 1 on for y > 0, unit 2 on for x + y > 1
    model = model_with([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0, 0.0, -1.0])
    X = torch.tensor([[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [0.2, 0.2], [2.0, 2.0],
                      [3.0, -0.5]])
    codes = activation_codes(model, X)
    assert codes.shape == (6,)
    assert not codes.is_floating_point()
    # written in binary, the digits read unit 0 first, like the figures' region labels
    assert [f"{code:03b}" for code in codes.tolist()] == ["000", "100", "010", "110", "111", "101"]


def test_activation_codes_stay_in_range():
    model = MLP(2, width=5, seed=0)
    codes = activation_codes(model, grid(n=101))
    assert codes.min() >= 0 and codes.max() < 2**5


@pytest.mark.parametrize("n_lines, expected", [(1, 2), (2, 4), (3, 7), (4, 11)])
def test_lines_in_general_position(n_lines, expected):
    # n tangents of the unit circle at distinct angles in [0, pi): no two parallel, no three
    # through one point, so 1 + n + n(n-1)/2 regions
    angles = torch.arange(n_lines) * math.pi / n_lines
    W = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
    model = model_with(W, -torch.ones(n_lines))
    assert expected == 1 + n_lines + n_lines * (n_lines - 1) // 2
    assert count_regions(model, grid()) == expected


@pytest.mark.parametrize(
    "W, b, expected",
    [
        ([[1, 0], [1, 0], [1, 0]], [0, -1, -2], 4),  # three parallel lines
        ([[1, 0], [1, 0], [0, 1]], [0, -1, 0], 6),  # two parallel, one across
        ([[1, 0], [0, 1], [1, 1]], [0, 0, 0], 6),  # three through one point
        ([[1, 0], [-1, 0], [0, 1]], [0, 0, 0], 4),  # the same line twice, facing away
    ],
)
def test_lines_not_in_general_position_cut_fewer_regions(W, b, expected):
    assert count_regions(model_with(W, b), grid()) == expected


def test_count_regions_counts_only_regions_that_hold_points():
    model = model_with([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0, 0.0, -1.0])
    X = torch.tensor([[-1.0, -1.0], [-2.0, -3.0], [2.0, 2.0]])
    assert count_regions(model, X) == 2


@pytest.mark.slow
def test_the_trained_width_3_net_cuts_the_plane_into_7_regions():
    # The classification tutorial's width-3 net: one region holds the inner disc, the other
    # six hold the ring.
    X, y = make_rings(1000, seed=100)
    model = MLP(2, width=3)
    fit(model, X, y, loss="bce", lr=1e-3, epochs=10_000, seed=0)
    assert count_regions(model, grid(-100, 100, 801)) == 7
    assert count_regions(model, X) == 7
    codes = activation_codes(model, X)
    disc, ring = codes[y == 0].unique(), codes[y == 1].unique()
    assert len(disc) == 1 and len(ring) == 6
    assert disc.item() not in ring.tolist()


def test_count_regions_of_a_wide_layer():
    model = model_with(torch.zeros(70, 1), -torch.ones(70))  # every unit off everywhere...
    with torch.no_grad():
        model.hidden_layers[0].weight[65, 0] = 1.0  # ...but unit 65, on for x > 0
        model.hidden_layers[0].bias[65] = 0.0
    assert count_regions(model, torch.tensor([[-1.0], [1.0]])) == 2


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_anatomy_of_a_model_on_cuda():
    cpu = MLP(2, width=3, seed=0)
    gpu = MLP(2, width=3, seed=0).to("cuda")
    X = grid(n=51)
    W, b = hidden_lines(gpu)
    assert W.device.type == "cpu" and torch.equal(W, cpu.hidden_layers[0].weight)
    assert torch.equal(activation_codes(gpu, X), activation_codes(cpu, X))
    assert count_regions(gpu, X) == count_regions(cpu, X)
    assert torch.allclose(step_predict(gpu, X).cpu(), step_predict(cpu, X), atol=1e-6)
    sine = MLP(1, width=4, seed=0)
    assert torch.equal(thresholds(sine.to("cuda")), thresholds(MLP(1, width=4, seed=0)))


def test_output_weights_are_the_read_out():
    from toynn import output_weights

    model = model_with([[1.0], [2.0]], [0.0, -1.0], v=[3.0, -4.0], c=0.5)
    v, c = output_weights(model)
    assert v.tolist() == [3.0, -4.0] and c.item() == 0.5
    assert not v.requires_grad
    v[0] = 99.0  # a copy: the model is untouched
    assert model.output_layer.weight[0, 0].item() == 3.0


def test_output_weights_of_several_outputs():
    from toynn import output_weights

    v, c = output_weights(MLP(2, 3, width=4, seed=0))
    assert v.shape == (3, 4) and c.shape == (3,)


def test_each_unit_switching_on_adds_its_output_weight():
    from toynn import output_weights

    X, y = make_damped_sine(step=0.5)
    model = fit(MLP(1, width=4), X, y, loss="mse", lr=1e-2, epochs=200, seed=0).model
    v, c = output_weights(model)
    w, b = model.hidden_layers[0].weight.detach(), model.hidden_layers[0].bias.detach()
    # anywhere, the step prediction is c plus the v_i of the units that are on
    x = torch.linspace(-20, 20, 101)[:, None]
    on = (x @ w.T + b) > 0
    torch.testing.assert_close(step_predict(model, x), c + (on.float() * v).sum(dim=1))


def test_activation_code_digits_match_the_plots_region_labels():
    # the plots label a region "(a,b,c)" with unit 0 first; the code's binary digits agree
    model = model_with([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], [0.0, 0.0, -1.0])
    points = [[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]]
    assert [f"{code:03b}" for code in activation_codes(model, points).tolist()] == [
        "100", "010", "110"]
