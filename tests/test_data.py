"""Toy datasets: the rings, the bands and the spiral to classify, the damped sine to fit."""

from __future__ import annotations

import math

import pytest
import torch

from toynn import MLP, fit, make_bands, make_damped_sine, make_rings, make_spiral

# -- make_rings ----------------------------------------------------------------------------


@pytest.mark.parametrize("n_per_class", [1, 7, 1000])
def test_rings_shapes_dtypes_and_labels(n_per_class):
    X, y = make_rings(n_per_class, seed=0)
    assert X.shape == (2 * n_per_class, 2)
    assert y.shape == (2 * n_per_class,)
    assert X.dtype == torch.float32 and y.dtype == torch.float32
    # class 0 (the disc) first, then class 1 (the ring), half and half
    assert torch.equal(y[:n_per_class], torch.zeros(n_per_class))
    assert torch.equal(y[n_per_class:], torch.ones(n_per_class))


def test_rings_default_is_1000_per_class():
    X, y = make_rings(seed=0)
    assert X.shape == (2000, 2) and y.sum().item() == 1000


def test_rings_radii_follow_the_spec():
    X, y = make_rings(1000, seed=100)
    radius = X.double().norm(dim=1)
    disc, ring = radius[y == 0], radius[y == 1]
    assert disc.min() >= 0 and disc.max() < 1
    assert ring.min() >= 3 and ring.max() < 4
    # r itself is uniform (not uniform in area): mean 0.5 above the inner edge, not 2/3
    assert disc.mean().item() == pytest.approx(0.5, abs=0.05)
    assert (ring - 3).mean().item() == pytest.approx(0.5, abs=0.05)
    # both ranges are filled, not just a corner of them
    assert disc.min() < 0.05 and disc.max() > 0.95
    assert ring.min() < 3.05 and ring.max() > 3.95


def test_rings_angles_are_uniform_around_the_circle():
    X, y = make_rings(1000, seed=100)
    angle = torch.atan2(X[:, 1].double(), X[:, 0].double())
    for cls in (0, 1):
        a = angle[y == cls]
        counts = torch.histc(a, bins=8, min=-math.pi, max=math.pi)
        assert counts.min() > 80  # 125 expected per eighth of the circle
        assert abs(torch.cos(a).mean().item()) < 0.1
        assert abs(torch.sin(a).mean().item()) < 0.1


def test_rings_are_not_linearly_separable_but_separable_by_radius():
    X, y = make_rings(1000, seed=100)
    # a cut at r = 2 classifies every point
    assert torch.equal((X.norm(dim=1) > 2).float(), y)
    # no straight line does: along every direction u the disc's projections lie strictly
    # inside the ring's, so no threshold on u . x puts the classes on two sides
    theta = torch.linspace(0, 2 * math.pi, 721)[:-1]
    u = torch.stack([torch.cos(theta), torch.sin(theta)])  # (2, 720)
    disc, ring = X[y == 0] @ u, X[y == 1] @ u
    assert (ring.max(dim=0).values > disc.max(dim=0).values).all()
    assert (ring.min(dim=0).values < disc.min(dim=0).values).all()


def test_rings_seed_100_is_pinned():
    # The tutorials' reference numbers (the width jump) are computed on this exact draw.
    X, _ = make_rings(1000, seed=100)
    assert X[0].tolist() == pytest.approx([-0.48034161, 0.75318193], abs=1e-6)
    assert X[1000].tolist() == pytest.approx([2.14898539, 3.12877059], abs=1e-6)
    assert X[-1].tolist() == pytest.approx([-0.87148452, -3.39028311], abs=1e-6)


def test_rings_same_seed_same_data_different_seed_different_data():
    X1, y1 = make_rings(50, seed=3)
    X2, y2 = make_rings(50, seed=3)
    X3, _ = make_rings(50, seed=4)
    assert torch.equal(X1, X2) and torch.equal(y1, y2)
    assert not torch.equal(X1, X3)


def test_rings_without_seed_draw_fresh_points():
    torch.manual_seed(0)
    X1, _ = make_rings(50)
    torch.manual_seed(0)
    X2, _ = make_rings(50)
    # fresh points each call, even after the same global seeding
    assert not torch.equal(X1, X2)


@pytest.mark.parametrize("seed", [5, None])
def test_rings_leave_the_global_generator_alone(seed):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    make_rings(10, seed=seed)
    assert torch.equal(torch.rand(3), expected)


def test_rings_accept_numpy_integers():
    np = pytest.importorskip("numpy")
    X, _ = make_rings(np.int64(4), seed=np.int64(1))
    assert torch.equal(X, make_rings(4, seed=1)[0])


# -- make_bands ----------------------------------------------------------------------------


@pytest.mark.parametrize(("n_per_band", "bands"), [(1, 2), (7, 3), (120, 4)])
def test_bands_shapes_dtypes_and_labels(n_per_band, bands):
    X, y = make_bands(n_per_band, bands=bands, seed=0)
    assert X.shape == (bands * n_per_band, 2) and X.dtype == torch.float32
    assert y.shape == (bands * n_per_band,) and y.dtype == torch.float32
    # band 0 (the disc, class 0) first, then band 1 (class 1), and so on
    band = torch.arange(bands).repeat_interleave(n_per_band)
    assert torch.equal(y, (band % 2).float())


def test_bands_default_is_four_bands_of_250():
    X, y = make_bands(seed=0)
    assert X.shape == (1000, 2) and y.sum().item() == 500


@pytest.mark.parametrize("bands", [2, 4, 5])
def test_bands_radii_follow_the_spec(bands):
    n = 500
    X, _ = make_bands(n, bands=bands, seed=1)
    outer = 2 * bands - 1
    radius = (X.double().norm(dim=1) * outer).reshape(bands, n)  # one row per band
    assert X.double().norm(dim=1).max() <= 1 + 1e-6  # the data fit in the unit disc
    for k in range(bands):
        # band k fills radii 2k to 2k + 1 (r uniform, not uniform in area)
        assert radius[k].min() >= 2 * k - 1e-4 and radius[k].max() <= 2 * k + 1 + 1e-4
        assert radius[k].min() < 2 * k + 0.05 and radius[k].max() > 2 * k + 0.95
        assert (radius[k] - 2 * k).mean().item() == pytest.approx(0.5, abs=0.05)
    angle = torch.atan2(X[:, 1].double(), X[:, 0].double())
    counts = torch.histc(angle, bins=8, min=-math.pi, max=math.pi)
    assert counts.min() > 0.6 * len(X) / 8  # the angles go all around


def draws_of_the_depth_tutorial(n_per_band, bands, *, seed):
    """`make_target` as the depth tutorial defined it before toynn had `make_bands`."""
    generator = torch.Generator().manual_seed(seed)
    band = torch.arange(bands).repeat_interleave(n_per_band)
    radius = 2 * band + torch.rand(len(band), generator=generator)
    angle = 2 * math.pi * torch.rand(len(band), generator=generator)
    X = torch.stack([radius * angle.cos(), radius * angle.sin()], dim=1)
    return X / (2 * bands - 1), (band % 2).float()


@pytest.mark.parametrize(("n_per_band", "bands", "seed"),
                         [(120, 4, 100), (1000, 4, 101), (120, 3, 100)])
def test_bands_draw_exactly_what_the_depth_tutorial_drew(n_per_band, bands, seed):
    # The depth tutorial's numbers (37 parameters, two layers beat one) rest on these draws.
    X, y = make_bands(n_per_band, bands=bands, seed=seed)
    X_page, y_page = draws_of_the_depth_tutorial(n_per_band, bands, seed=seed)
    assert torch.equal(X, X_page) and torch.equal(y, y_page)


def test_bands_seed_100_is_pinned():
    X, _ = make_bands(120, bands=4, seed=100)
    assert X[0].tolist() == pytest.approx([-0.00793319, 0.01383952], abs=1e-6)
    assert X[-1].tolist() == pytest.approx([-0.72885841, -0.57390845], abs=1e-6)


@pytest.mark.parametrize("seed", [5, None])
def test_bands_same_seed_same_data_and_global_generator_untouched(seed):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    X1, _ = make_bands(20, seed=seed)
    assert torch.equal(torch.rand(3), expected)
    X2, _ = make_bands(20, seed=seed)
    assert torch.equal(X1, X2) == (seed is not None)  # no seed: fresh points each call


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"n_per_band": 0}, r"n_per_band must be an integer >= 1, got 0"),
    ({"n_per_band": 2.5}, r"n_per_band must be an integer"),
    ({"bands": 1}, r"bands must be an integer >= 2 \(a disc and at least one ring\), got 1"),
    ({"bands": 0}, r"bands must be an integer >= 1, got 0"),
    ({"bands": True}, r"bands must be an integer"),
    ({"seed": -1}, r"seed must be None or an integer >= 0, got -1"),
])
def test_bands_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_bands(**({"n_per_band": 10} | kwargs))


def test_bands_train_with_bce():
    X, y = make_bands(20, seed=0)
    fit(MLP(2, width=4, depth=2), X, y, loss="bce", lr=1e-2, epochs=2, seed=0)


# -- make_spiral ---------------------------------------------------------------------------


@pytest.mark.parametrize("arms", [2, 3, 5])
def test_spiral_shapes_dtypes_and_labels(arms):
    X, y = make_spiral(7, arms=arms, seed=0)
    assert X.shape == (7 * arms, 2) and X.dtype == torch.float32
    assert y.shape == (7 * arms,)
    # two arms: float 0/1 labels like make_rings, for one output and "bce"; more arms:
    # int64 class indices for "ce"
    assert y.dtype == (torch.float32 if arms == 2 else torch.int64)
    assert torch.equal(y.long(), torch.arange(arms).repeat_interleave(7))  # arm 0 first


def test_spiral_default_is_two_arms_of_500():
    X, y = make_spiral(seed=0)
    assert X.shape == (1000, 2) and y.sum().item() == 500


@pytest.mark.parametrize(("arms", "turns"), [(2, 1.5), (3, 1.0), (4, 2.25)])
def test_spiral_without_noise_lies_on_its_arms(arms, turns):
    X, y = make_spiral(300, arms=arms, turns=turns, noise=0.0, seed=1)
    X = X.double()
    t = X.norm(dim=1)  # r = t, in [0, 1]
    assert t.min() >= 0 and t.max() <= 1 + 1e-6
    expected = 2 * math.pi * (turns * t + y.double() / arms)
    angle = torch.atan2(X[:, 1], X[:, 0])
    gap = torch.remainder(angle - expected + math.pi, 2 * math.pi) - math.pi
    assert gap[t > 0.01].abs().max() < 1e-4  # (float32 blurs angles at the very centre)
    # t = sqrt(u): the points spread evenly along the arm, not crowded at the centre
    assert (t < 0.5).float().mean().item() == pytest.approx(0.25, abs=0.06)


def test_spiral_noise_is_gaussian_with_the_given_spread():
    clean, _ = make_spiral(2000, noise=0.0, seed=3)
    noisy, _ = make_spiral(2000, noise=0.1, seed=3)  # same seed: same points, plus noise
    offset = (noisy - clean).double()
    assert offset.mean(dim=0).abs().max() < 0.01
    assert offset.std(dim=0).tolist() == pytest.approx([0.1, 0.1], abs=0.005)


def test_spiral_arms_are_apart_by_one_over_turns_times_arms():
    # a point's nearest point of another arm is far; without noise, close to the gap
    X, y = make_spiral(400, arms=3, turns=1.0, noise=0.0, seed=0)
    outer = X.norm(dim=1) > 0.5  # near the centre the arms meet
    distance = torch.cdist(X[outer], X[outer])
    other = y[outer][:, None] != y[outer][None, :]
    nearest_other = torch.where(other, distance, torch.inf).min(dim=1).values
    assert nearest_other.min() > 0.5 / 3


def test_spiral_same_seed_same_data_and_global_generator_untouched():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    X1, y1 = make_spiral(20, arms=3, seed=4)
    assert torch.equal(torch.rand(3), expected)
    X2, y2 = make_spiral(20, arms=3, seed=4)
    assert torch.equal(X1, X2) and torch.equal(y1, y2)
    assert not torch.equal(X1, make_spiral(20, arms=3, seed=5)[0])
    assert not torch.equal(make_spiral(20)[0], make_spiral(20)[0])  # no seed: fresh points


def test_spiral_labels_train_with_bce_and_ce():
    X, y = make_spiral(50, seed=0)
    fit(MLP(2, width=3), X, y, loss="bce", lr=1e-2, epochs=2)
    X, y = make_spiral(50, arms=3, seed=0)
    fit(MLP(2, 3, width=3), X, y, loss="ce", lr=1e-2, epochs=2)


# -- make_damped_sine ----------------------------------------------------------------------


def test_damped_sine_default_grid_and_values():
    X, y = make_damped_sine()
    assert X.shape == (200, 1) and y.shape == (200,)
    assert X.dtype == torch.float32 and y.dtype == torch.float32
    x = X[:, 0].double()
    assert x[0].item() == pytest.approx(-10.0)
    assert x[-1].item() == pytest.approx(9.9, abs=1e-5)
    assert torch.allclose(x.diff(), torch.full((199,), 0.1, dtype=torch.float64), atol=1e-5)
    expected = torch.sin(3 * x) * torch.exp(-x / 8)
    assert torch.allclose(y.double(), expected, atol=1e-5)


def test_damped_sine_left_side_is_larger():
    # The point of tutorial 2: big |y| on the left, small on the right.
    X, y = make_damped_sine()
    left, right = y[X[:, 0] < 0].abs().max(), y[X[:, 0] > 0].abs().max()
    assert left > 3 and right < 1.3
    assert left > 2.5 * right


def test_damped_sine_flip_reverses_the_targets_only():
    X, y = make_damped_sine()
    Xf, yf = make_damped_sine(flip=True)
    assert torch.equal(Xf, X)
    assert torch.equal(yf, y.flip(0))
    assert yf[X[:, 0] > 0].abs().max() > 3  # the big oscillations are now on the right


@pytest.mark.parametrize("step, n", [(0.05, 400), (0.5, 40), (1.0, 20), (2.5, 8)])
def test_damped_sine_other_steps(step, n):
    X, y = make_damped_sine(step=step)
    assert X.shape == (n, 1) and y.shape == (n,)
    assert torch.allclose(X[:, 0].diff(), torch.full((n - 1,), step), atol=1e-5)
    assert X[0, 0].item() == -10.0


@pytest.mark.parametrize(
    "step",
    [
        0.1,
        0.25,
        0.7,
        0.6,
        0.9,
    ],
)
def test_damped_sine_grid_covers_minus_10_to_10(step):
    X, _ = make_damped_sine(step=step)
    last = X[-1, 0].item()
    assert last < 10
    assert last + step >= 10 - 1e-5
