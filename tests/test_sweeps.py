"""sweep: many (width, seed) models at once, each exactly the model fit would train."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import pytest
import torch
import torch.nn.functional as F

from toynn import MLP, SweepResult, fit, make_damped_sine, make_rings, sweep

RINGS = make_rings(100, seed=1)
SINE = make_damped_sine()


def loss_of(model, X, y, loss):
    """The loss of a model's current weights, computed by torch."""
    function = {"bce": F.binary_cross_entropy_with_logits, "mse": F.mse_loss}.get(loss, loss)
    with torch.no_grad():
        return function(model(X), y).item()

# -- exactness: every model of a sweep is the model fit trains ------------------------------

EXACTNESS_CASES = {
    # block_size 2 splits the models into several blocks, mixing widths within a block
    "sigmoid-bce": dict(data=RINGS, widths=[3, 1, 5], seeds=[4, 0, 2], activation="sigmoid",
                        loss="bce", epochs=300, block_size=2),
    "sigmoid-bce-one-block": dict(data=RINGS, widths=[3, 1, 5], seeds=[4, 0, 2],
                                  activation="sigmoid", loss="bce", epochs=300),
    "relu-bce": dict(data=RINGS, widths=[2, 6], seeds=[1, 3], activation="relu", loss="bce",
                     epochs=300, block_size=3),
    "sigmoid-mse-sine": dict(data=SINE, widths=[1, 4, 10], seeds=[0, 5], activation="sigmoid",
                             loss="mse", epochs=200, block_size=4),
    "relu-mse-sine": dict(data=SINE, widths=[3, 8], seeds=[2, 0], activation="relu",
                          loss="mse", epochs=200),
    "tanh-depth2-bce": dict(data=RINGS, widths=[2, 4], seeds=[0, 1], activation="tanh",
                            loss="bce", epochs=200, depth=2, block_size=3),
    "gelu-bce (autograd)": dict(data=RINGS, widths=[1, 3], seeds=[0, 7], activation="gelu",
                                loss="bce", epochs=150, block_size=3),
    "sigmoid-callable-l1": dict(data=SINE, widths=[2, 5], seeds=[3, 1], activation="sigmoid",
                                loss=F.l1_loss, epochs=150, block_size=3),
}


@pytest.mark.parametrize("case", EXACTNESS_CASES)
def test_each_model_ends_where_fit_ends(case):
    settings = dict(EXACTNESS_CASES[case])
    X, y = settings.pop("data")
    widths, seeds = settings.pop("widths"), settings.pop("seeds")
    depth = settings.get("depth", 1)
    result = sweep(X, y, widths=widths, seeds=seeds, lr=1e-2, **settings)
    assert result.widths == widths and result.seeds == seeds
    assert result.final_losses.shape == (len(widths), len(seeds))
    for i, width in enumerate(widths):
        for j, seed in enumerate(seeds):
            model = MLP(X.shape[1], width=width, depth=depth, activation=settings["activation"])
            history = fit(model, X, y, loss=settings["loss"], lr=1e-2,
                          epochs=settings["epochs"], seed=seed)
            # row = width, column = seed, in the order given; same start, same end
            assert result.curves[i, j, 0].item() == pytest.approx(history.losses[0], abs=1e-6)
            # relative: a loss near 1.2 (sine, width 1) ends 1.2e-4 apart on some CPUs
            assert result.final_losses[i, j].item() == pytest.approx(history.final_loss,
                                                                     rel=2e-4, abs=1e-4)
            # the trained model itself (its weights may differ a little more: Adam turns
            # rounding noise in near-zero gradients into lr-sized steps along flat
            # directions, as it does between fit and the plain PyTorch loop)
            trained = result.model(width, seed)
            assert isinstance(trained, MLP) and trained.width == width
            assert trained.depth == depth
            assert trained.activation_name == settings["activation"]
            assert loss_of(trained, X, y, settings["loss"]) == pytest.approx(
                loss_of(model, X, y, settings["loss"]), abs=1e-3)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_the_returned_models_predict_like_fit(activation):
    X, y = RINGS
    result = sweep(X, y, widths=[1, 4], seeds=[2, 0], activation=activation, loss="bce",
                   lr=1e-2, epochs=200, block_size=3)
    for width in result.widths:
        for seed in result.seeds:
            model = MLP(2, width=width, activation=activation)
            fit(model, X, y, loss="bce", lr=1e-2, epochs=200, seed=seed)
            trained = result.model(width, seed)
            assert next(trained.parameters()).device.type == "cpu"
            with torch.no_grad():
                assert torch.allclose(trained(X), model(X), atol=1e-4)
            # a fresh copy each time: changing it leaves the sweep alone
            with torch.no_grad():
                trained.output_layer.bias.add_(1.0)
            with torch.no_grad():
                assert torch.allclose(result.model(width, seed)(X), model(X), atol=1e-4)


def test_curves_follow_fit_at_the_measured_epochs():
    X, y = RINGS
    result = sweep(X, y, widths=[2, 3], seeds=[0, 1], loss="bce", lr=1e-2, epochs=500,
                   curve_points=50, block_size=3)
    for i, width in enumerate(result.widths):
        for j, seed in enumerate(result.seeds):
            losses = fit(MLP(2, width=width), X, y, loss="bce", lr=1e-2, epochs=500,
                         seed=seed).losses
            expected = torch.tensor(losses)[result.curve_epochs]
            assert torch.allclose(result.curves[i, j], expected, atol=1e-4)


def test_sweep_starts_from_the_seeded_weights():
    X, y = RINGS
    result = sweep(X, y, widths=[1, 4], seeds=[9, 2], loss="bce", lr=1e-2, epochs=1)
    for i, width in enumerate(result.widths):
        for j, seed in enumerate(result.seeds):
            initial = F.binary_cross_entropy_with_logits(MLP(2, width=width, seed=seed)(X), y)
            assert result.final_losses[i, j].item() == pytest.approx(initial.item(), abs=1e-6)


def test_several_outputs():
    X, y = RINGS
    Y = torch.stack([y, 1 - y], dim=1)
    result = sweep(X, Y, widths=[2, 3], seeds=[0], loss="mse", lr=1e-2, epochs=100)
    model = result.model(3, 0)
    assert model.out_features == 2 and model(X).shape == (200, 2)
    history = fit(MLP(2, 2, width=3), X, Y, loss="mse", lr=1e-2, epochs=100, seed=0)
    assert result.final_losses[1, 0].item() == pytest.approx(history.final_loss, abs=1e-4)


def test_targets_of_shape_n_by_1_are_one_output():
    X, y = RINGS
    a = sweep(X, y, widths=[2], seeds=[0], loss="bce", lr=1e-2, epochs=50)
    b = sweep(X, y.reshape(-1, 1), widths=[2], seeds=[0], loss="bce", lr=1e-2, epochs=50)
    assert torch.equal(a.final_losses, b.final_losses)
    assert b.model(2, 0)(X).shape == (200,)


def test_numpy_inputs_give_the_same_sweep():
    X, y = RINGS
    kwargs = dict(widths=[2, 3], seeds=[0, 1], loss="bce", lr=1e-2, epochs=30)
    expected = sweep(X, y, **kwargs).final_losses
    got = sweep(X.double().numpy(), y.numpy().astype("int64"), **kwargs).final_losses
    assert torch.equal(got, expected)


def test_seeds_can_be_a_range_and_widths_any_iterable():
    X, y = RINGS
    result = sweep(X, y, widths=(w for w in (2, 1)), seeds=range(3), loss="bce", lr=1e-2,
                   epochs=5)
    assert result.widths == [2, 1] and result.seeds == [0, 1, 2]


def test_model_of_a_pair_not_in_the_sweep():
    X, y = RINGS
    result = sweep(X, y, widths=[2], seeds=[0], loss="bce", lr=1e-2, epochs=5)
    with pytest.raises(KeyError, match="width=3"):
        result.model(3, 0)
    with pytest.raises(KeyError, match="seed=1"):
        result.model(2, 1)


# -- curves --------------------------------------------------------------------------------


@pytest.mark.parametrize("epochs, curve_points", [(50, 1000), (1000, 100), (1001, 100),
                                                   (10_000, 7), (3, 1)])
def test_curves_are_subsampled(epochs, curve_points):
    X, y = make_rings(10, seed=0)
    result = sweep(X, y, widths=[1, 2], seeds=[0, 1, 2], loss="bce", lr=1e-2, epochs=epochs,
                   curve_points=curve_points)
    points = result.curve_epochs
    assert result.curves.shape == (2, 3, len(points))
    assert len(points) <= min(epochs, curve_points + 1)
    assert points[0] == 0 and points[-1] == epochs - 1
    assert (points.diff() > 0).all()
    if epochs <= curve_points:
        assert torch.equal(points, torch.arange(epochs))  # short runs keep every epoch
    elif len(points) > 2:
        # evenly spread: the gaps differ only at the very end
        assert len(set(points.diff()[:-1].tolist())) == 1
        assert len(points) >= curve_points // 2
    assert torch.equal(result.curves[:, :, -1], result.final_losses)


def test_stored_results_scale_with_curve_points_not_epochs():
    X, y = make_rings(10, seed=0)

    def stored_bytes(epochs):
        result = sweep(X, y, widths=[1, 2], seeds=range(5), loss="bce", lr=1e-2,
                       epochs=epochs, curve_points=20)
        tensors = [result.final_losses, result.curves, result.curve_epochs]
        return sum(t.numel() * t.element_size() for t in tensors)

    assert stored_bytes(200) == stored_bytes(4000) <= 10 * 21 * 4 + 10 * 4 + 21 * 8


MEMORY_SCRIPT = textwrap.dedent("""
    import json, resource, sys
    from toynn import make_rings, sweep

    n_per_class, epochs, curve_points = map(int, sys.argv[1:])
    X, y = make_rings(n_per_class, seed=100)
    sweep(X, y, widths=[1], seeds=[0], loss="bce", lr=1e-2, epochs=2)  # warm torch up
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    result = sweep(X, y, widths=[1, 2, 3, 4, 5], seeds=range(200), loss="bce", lr=1e-2,
                   epochs=epochs, curve_points=curve_points)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    print(json.dumps({"growth_mb": (after - before) / 2**20,
                      "points": result.curves.shape[-1]}))
""")


def peak_memory_growth(n_per_class, epochs, curve_points):
    """Peak RSS growth (MB) of a 1000-model sweep, measured in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(n_per_class), str(epochs), str(curve_points)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.skipif(sys.platform == "win32", reason="uses the resource module")
def test_a_1000_model_sweep_holds_little_memory():
    # 1000 models on the full 2000 points. What a sweep holds per model is its parameters
    # and its curve; the activations of a block are reused and dropped afterwards. If every
    # block kept them, this would grow by about 100 MB; it grows by about 25.
    measured = peak_memory_growth(1000, 10, 1000)
    assert measured["points"] == 10
    assert measured["growth_mb"] < 64


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="uses the resource module")
def test_a_long_1000_model_sweep_holds_little_memory():
    # 1000 models x 2000 epochs keeping 100 points of each curve: memory does not grow with
    # the epochs (a full 1000 x 10 000 sweep is the same, only slower).
    measured = peak_memory_growth(100, 2000, 100)
    assert measured["points"] == 101
    assert measured["growth_mb"] < 64


# -- success statistics --------------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_seeds() -> SweepResult:
    X, y = RINGS
    return sweep(X, y, widths=[2, 3], seeds=range(10), loss="bce", lr=1e-2, epochs=300,
                 curve_points=30)


def test_success_is_final_loss_below_threshold(ten_seeds):
    threshold = ten_seeds.final_losses.median().item()
    success = ten_seeds.success(threshold)
    assert success.dtype == torch.bool and success.shape == (2, 10)
    assert torch.equal(success, ten_seeds.final_losses < threshold)
    assert 0 < success.sum() < 20


def test_epochs_to(ten_seeds):
    curves, points = ten_seeds.curves, ten_seeds.curve_epochs
    threshold = curves[:, :, len(points) // 2].median().item()
    epochs = ten_seeds.epochs_to(threshold)
    assert epochs.shape == (2, 10)
    reached = 0
    for i in range(2):
        for j in range(10):
            below = (curves[i, j] < threshold).nonzero()
            if len(below) == 0:
                assert math.isnan(epochs[i, j].item())
            else:
                first = below[0].item()
                assert epochs[i, j].item() == points[first].item()
                assert (curves[i, j, :first] >= threshold).all()
                reached += 1
    assert 0 < reached < 20
    assert ten_seeds.epochs_to(0.0).isnan().all()
    assert (ten_seeds.epochs_to(math.inf) == 0).all()


def test_success_rate_known_wilson_intervals(ten_seeds):
    row = ten_seeds.final_losses[1].sort().values
    threshold = (row[7] + row[8]).item() / 2  # exactly 8 of the 10 seeds of width 3
    rate, low, high = ten_seeds.success_rate(threshold)
    assert rate.shape == low.shape == high.shape == (2,)
    # Wilson score interval, 95 %: 8/10 -> (0.4902, 0.9433)
    assert rate[1].item() == pytest.approx(0.8)
    assert low[1].item() == pytest.approx(0.4902, abs=1e-4)
    assert high[1].item() == pytest.approx(0.9433, abs=1e-4)
    # 0/10 -> (0, 0.2775); 10/10 -> (0.7225, 1)
    rate, low, high = ten_seeds.success_rate(0.0)
    assert rate.tolist() == [0.0, 0.0] and low.tolist() == [0.0, 0.0]
    assert high[0].item() == pytest.approx(0.2775, abs=1e-4)
    rate, low, high = ten_seeds.success_rate(math.inf)
    assert rate.tolist() == [1.0, 1.0] and high.tolist() == [1.0, 1.0]
    assert low[0].item() == pytest.approx(0.7225, abs=1e-4)


@pytest.mark.parametrize("quantile", [0.1, 0.3, 0.5, 0.8])
def test_success_rate_interval_is_sane(ten_seeds, quantile):
    threshold = ten_seeds.final_losses.quantile(quantile).item()
    rate, low, high = ten_seeds.success_rate(threshold)
    assert torch.equal(rate, ten_seeds.success(threshold).float().mean(dim=1))
    assert ((0 <= low) & (low <= rate) & (rate <= high) & (high <= 1)).all()
    _, low99, high99 = ten_seeds.success_rate(threshold, confidence=0.99)
    assert (low99 <= low).all() and (high99 >= high).all()


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1])
def test_success_rate_rejects_a_bad_confidence(ten_seeds, confidence):
    with pytest.raises(ValueError, match="confidence"):
        ten_seeds.success_rate(0.5, confidence=confidence)


def test_summary(ten_seeds):
    threshold = ten_seeds.final_losses[1].median().item()
    text = ten_seeds.summary(threshold)
    lines = text.splitlines()
    assert len(lines) == 1 + 2  # a header and one line per width
    assert "width" in lines[0] and "success" in lines[0]
    rate, _, _ = ten_seeds.success_rate(threshold)
    for line, width, r in zip(lines[1:], [2, 3], rate.tolist(), strict=True):
        assert line.split()[0] == str(width)
        assert f"{r:.0%}" in line
        assert f"{ten_seeds.final_losses[[2, 3].index(width)].median().item():.4f}" in line


def test_repr(ten_seeds):
    text = repr(ten_seeds)
    assert text.startswith("SweepResult(widths=[2, 3], seeds=10 seeds, activation='sigmoid', "
                           "loss='bce', lr=0.01, epochs=300")
    assert ten_seeds.activation == "sigmoid" and ten_seeds.depth == 1
    assert ten_seeds.loss == "bce" and ten_seeds.lr == 0.01 and ten_seeds.epochs == 300


def test_sweep_is_silent_unless_asked(capsys):
    X, y = RINGS
    sweep(X, y, widths=[2], seeds=[0], loss="bce", lr=1e-2, epochs=10)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


# -- the classification tutorial's width sweep --------------------------------------------


@pytest.mark.slow
def test_width_sweep_in_one_sweep():
    # The tutorial's widths 1, 2, 3, 5, lr 1e-3, 10 000 epochs, as one sweep.
    X, y = make_rings(1000, seed=100)
    result = sweep(X, y, widths=[1, 2, 3, 5], seeds=[0], loss="bce", lr=1e-3, epochs=10_000)
    final = dict(zip(result.widths, result.final_losses[:, 0].tolist(), strict=True))
    assert 0.45 < final[1] < 0.6
    assert final[2] > 0.15
    assert final[3] < 0.06
    assert final[5] < final[3]
    assert len(result.curve_epochs) <= 1001


# -- device --------------------------------------------------------------------------------


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "gelu"])
def test_sweep_on_cuda_agrees_with_the_cpu(activation):
    X, y = make_rings(1000, seed=100)
    kwargs = dict(widths=[1, 3, 5], seeds=range(4), activation=activation, loss="bce",
                  lr=1e-2, epochs=200)
    cpu = sweep(X, y, **kwargs)
    gpu = sweep(X, y, device="cuda", **kwargs)
    assert torch.allclose(gpu.final_losses, cpu.final_losses, atol=1e-4)
    assert torch.allclose(gpu.curves, cpu.curves, atol=1e-4)
    model = gpu.model(3, 2)  # an ordinary model on the CPU
    assert next(model.parameters()).device.type == "cpu"
    with torch.no_grad():
        assert torch.allclose(model(X), cpu.model(3, 2)(X), atol=1e-3)


@pytest.mark.parametrize("seeds", [7, 9, 100])
def test_interval_contains_the_rate_when_every_seed_succeeds(seeds):
    X, y = make_rings(50, seed=0)
    result = sweep(X, y, widths=[1], seeds=range(seeds), loss="bce", lr=1e-2, epochs=2)
    rate, low, high = result.success_rate(threshold=10.0)  # every loss is below 10
    assert rate.item() == 1.0 and high.item() == 1.0 and 0 < low.item() < 1


def test_a_result_survives_torch_save_and_load(tmp_path):
    X, y = make_rings(50, seed=0)
    result = sweep(X, y, widths=[2, 3], seeds=range(3), loss="bce", lr=1e-2, epochs=20)
    torch.save(result, tmp_path / "sweep.pt")
    loaded = torch.load(tmp_path / "sweep.pt", weights_only=False)
    assert torch.equal(loaded.final_losses, result.final_losses)
    assert torch.equal(loaded.model(3, 1)(X), result.model(3, 1)(X))


def test_accuracy_of_every_model_at_once():
    X, y = RINGS
    result = sweep(X, y, widths=[1, 3], seeds=range(3), loss="bce", lr=0.05, epochs=200,
                   block_size=2)
    accuracy = result.accuracy(X.numpy(), y.tolist())
    assert accuracy.shape == (2, 3)
    for i, width in enumerate(result.widths):
        for j, seed in enumerate(result.seeds):
            model = result.model(width, seed)
            expected = ((model(X) > 0).float() == y).float().mean()
            assert accuracy[i, j].item() == pytest.approx(expected.item())


def test_accuracy_of_several_classes_is_the_argmax():
    X, y = RINGS
    targets = F.one_hot(y.long(), 2).float()
    result = sweep(X, targets, widths=[3], seeds=[0, 1], loss="bce", lr=0.05, epochs=100)
    model = result.model(3, 1)
    expected = (model(X).argmax(dim=1) == y).float().mean().item()
    assert result.accuracy(X, y.long())[0, 1].item() == pytest.approx(expected)


def test_blocks_do_not_pad_narrow_models_to_a_far_wider_one():
    from toynn._blocks import split_into_blocks

    pairs = [(w, s) for w in [*range(1, 11), 40] for s in range(5)]
    blocks = split_into_blocks(pairs, None, 200, torch.device("cpu"))
    assert sorted(p for block in blocks for p in block) == sorted(pairs)
    assert [p[0] for p in blocks[-1]] == [40] * 5  # the 40s train apart...
    assert len(blocks) == 2  # ...and the narrow ones together, padding to width 10 is cheap
    # an explicit block size is obeyed as it is
    assert [len(b) for b in split_into_blocks(pairs, 20, 200, torch.device("cpu"))] == [20, 20, 15]


def test_a_callable_loss_trains_like_the_named_one():
    X, y = RINGS
    named = sweep(X, y, widths=[3], seeds=[0, 1], loss="bce", lr=0.05, epochs=200)
    called = sweep(X, y, widths=[3], seeds=[0, 1], loss=F.binary_cross_entropy_with_logits,
                   lr=0.05, epochs=200)
    torch.testing.assert_close(called.final_losses, named.final_losses, atol=1e-5, rtol=0)


# -- several classes -----------------------------------------------------------------------


def test_ce_sweep_ends_where_fit_ends():
    from toynn import make_spiral

    X, y = make_spiral(40, arms=3, seed=0)
    result = sweep(X, y, widths=[2, 5], seeds=[3, 0], activation="tanh", loss="ce", lr=1e-2,
                   epochs=200, block_size=3)
    assert result._shape == (2, 3)  # out_features: the largest class index plus 1
    for i, width in enumerate(result.widths):
        for j, seed in enumerate(result.seeds):
            history = fit(MLP(2, 3, width=width, activation="tanh"), X, y, loss="ce", lr=1e-2,
                          epochs=200, seed=seed)
            # relative: a loss near 1.2 (sine, width 1) ends 1.2e-4 apart on some CPUs
            assert result.final_losses[i, j].item() == pytest.approx(history.final_loss,
                                                                     rel=2e-4, abs=1e-4)
            model = result.model(width, seed)
            assert model.out_features == 3
            assert F.cross_entropy(model(X), y).item() == pytest.approx(
                F.cross_entropy(history.model(X), y).item(), abs=1e-3)
    accuracy = result.accuracy(X, y)
    model = result.model(5, 0)
    assert accuracy[1, 1].item() == pytest.approx(
        (model(X).argmax(dim=1) == y).float().mean().item())


def test_out_features_for_a_callable_loss_on_class_indices():
    from toynn import make_spiral

    X, y = make_spiral(40, arms=3, seed=0)
    kwargs = dict(widths=[3], seeds=[0, 1], lr=1e-2, epochs=100)
    named = sweep(X, y, loss="ce", **kwargs)
    called = sweep(X, y, loss=F.cross_entropy, out_features=3, **kwargs)
    torch.testing.assert_close(called.final_losses, named.final_losses, atol=1e-5, rtol=0)
    # a class missing from y: say how many there are
    missing = sweep(X[y < 2], y[y < 2], loss="ce", out_features=3, **kwargs)
    assert missing.model(3, 0).out_features == 3


# -- depth sweeps --------------------------------------------------------------------------


def test_depth_sweep_rows_follow_the_depths_and_each_model_is_fit():
    X, y = RINGS
    result = sweep(X, y, widths=[3], depth=[2, 1, 3], seeds=[0, 4], loss="bce", lr=1e-2,
                   epochs=150)
    assert result.depths == [2, 1, 3] and result.widths == [3, 3, 3]
    assert result.rows == [(3, 2), (3, 1), (3, 3)]
    assert result.final_losses.shape == (3, 2) and result.curves.shape[:2] == (3, 2)
    for i, depth in enumerate(result.depths):
        for j, seed in enumerate(result.seeds):
            history = fit(MLP(2, width=3, depth=depth), X, y, loss="bce", lr=1e-2, epochs=150,
                          seed=seed)
            # relative: a loss near 1.2 (sine, width 1) ends 1.2e-4 apart on some CPUs
            assert result.final_losses[i, j].item() == pytest.approx(history.final_loss,
                                                                     rel=2e-4, abs=1e-4)
            model = result.model(3, seed, depth=depth)
            assert model.depth == depth
            with torch.no_grad():
                assert torch.allclose(model(X), history.model(X), atol=1e-3)
    accuracy = result.accuracy(X, y)
    assert accuracy.shape == (3, 2)
    with torch.no_grad():
        expected = ((result.model(3, 4, depth=1)(X) > 0).float() == y).float().mean()
    assert accuracy[1, 1].item() == pytest.approx(expected.item())
    rate, low, high = result.success_rate(0.5)
    assert rate.shape == low.shape == high.shape == (3,)


def test_depth_sweep_needs_the_depth_to_pick_a_model():
    X, y = RINGS
    result = sweep(X, y, widths=[2], depth=[1, 2], seeds=[0], loss="bce", lr=1e-2, epochs=5)
    with pytest.raises(ValueError, match=r"width 2 was trained at depths \[1, 2\].*depth="):
        result.model(2, 0)
    with pytest.raises(KeyError, match="depth=3"):
        result.model(2, 0, depth=3)
    with pytest.raises(ValueError, match="several depths"):
        result.depth  # noqa: B018
    one = sweep(X, y, widths=[2, 3], seeds=[0], loss="bce", lr=1e-2, epochs=5, depth=2)
    assert one.depth == 2 and one.depths == [2, 2]
    assert one.model(3, 0).depth == one.model(3, 0, depth=2).depth == 2


def test_widths_and_depths_give_their_grid_width_by_width():
    X, y = RINGS
    result = sweep(X, y, widths=[3, 2], depth=[1, 2], seeds=[0, 1], loss="bce", lr=1e-2,
                   epochs=20, block_size=3)
    assert result.rows == [(3, 1), (3, 2), (2, 1), (2, 2)]
    for i, (width, depth) in enumerate(result.rows):
        history = fit(MLP(2, width=width, depth=depth), X, y, loss="bce", lr=1e-2, epochs=20,
                      seed=1)
        assert result.final_losses[i, 1].item() == pytest.approx(history.final_loss, abs=1e-5)
    lines = result.summary(0.6).splitlines()
    assert lines[0].split()[:3] == ["width", "depth", "success"]
    assert [line.split()[:2] for line in lines[1:]] == [["3", "1"], ["3", "2"], ["2", "1"],
                                                         ["2", "2"]]
    assert repr(result).startswith("SweepResult(widths=[3, 3, 2, 2], depths=[1, 2, 1, 2], ")


def test_depth_sweep_summary_is_per_depth():
    X, y = RINGS
    result = sweep(X, y, widths=[2], depth=[1, 3], seeds=[0], loss="bce", lr=1e-2, epochs=5)
    lines = result.summary(0.6).splitlines()
    assert lines[0].split()[0] == "depth"
    assert [line.split()[0] for line in lines[1:]] == ["1", "3"]


def test_a_diverging_depth_sweep_names_the_depth():
    X, y = SINE
    with pytest.raises(FloatingPointError, match=r"width=2, depth=\d, seed=0.*epoch 1"):
        sweep(X, y * 1e18, widths=[2], depth=[1, 2], seeds=[0], loss="mse", lr=1e25,
              epochs=20)


def test_depth_helps_on_the_spiral():
    # Width 6 on one and a half turns of two arms: one hidden layer gets stuck, two get there.
    from toynn import make_spiral

    X, y = make_spiral(150, seed=0)
    result = sweep(X, y, widths=[6], depth=[1, 2], seeds=range(10), loss="bce", lr=0.02,
                   epochs=1500)
    median = result.final_losses.median(dim=1).values
    assert median[1] < 0.5 * median[0]
    rate, _, _ = result.success_rate(0.05)
    assert rate[1] > rate[0]
