"""sweep at scale: set-up in bulk, exactly the seeded weights; the fused GPU epoch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from toynn import MLP, _fused, make_damped_sine, make_rings, sweep
from toynn._engine import Stack
from toynn._mt19937 import uniform

CPU = torch.device("cpu")
SEEDS = [0, 1, 7, 123_456, 2**31, 2**32 + 5, 2**63 + 11]  # torch seeds with seed mod 2**32

# -- set-up in bulk: exactly the weights of MLP(...) + reset_parameters(seed=s) ------------

# (in_features, out_features, width, depth, activation): the activation does not change how
# weights are drawn, which is part of what is checked
SHAPES = [
    (2, 1, 3, 1, "sigmoid"),
    (1, 1, 10, 1, "relu"),
    (2, 3, 8, 2, "tanh"),
    (5, 2, 1, 3, "gelu"),
    (3, 1, 40, 1, "leaky_relu"),  # 201 parameters: more than one run of the generator's words
    (2, 1, 30, 2, "sigmoid"),  # 1051 parameters: more than the 624 words of one twist
]


def seeded_parameters(in_features, out_features, width, depth, activation, seed):
    model = MLP(in_features, out_features, width=width, depth=depth, activation=activation)
    model.reset_parameters(seed=seed)
    return list(model.parameters())


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_bulk_set_up_gives_exactly_the_seeded_weights(shape):
    in_features, out_features, width, depth, activation = shape
    stack = Stack.from_seeds([(width, seed) for seed in SEEDS], in_features=in_features,
                             out_features=out_features, depth=depth,
                             activation=MLP(1, width=1, activation=activation).activation,
                             device=CPU)
    for k, seed in enumerate(SEEDS):
        blank = MLP(in_features, out_features, width=width, depth=depth, activation=activation)
        rebuilt = stack.copy_to(k, blank)
        expected = seeded_parameters(in_features, out_features, width, depth, activation, seed)
        for got, want in zip(rebuilt.parameters(), expected, strict=True):
            assert torch.equal(got, want), (shape, seed)


def test_bulk_set_up_of_mixed_widths_is_the_stack_of_the_models():
    # sorted by width, as sweep's blocks are; narrower models are padded with inert units
    members = [(1, 4), (1, 0), (3, 2), (3, 9), (5, 1)]
    for depth in (1, 2):
        bulk = Stack.from_seeds(members, in_features=2, out_features=2, depth=depth,
                                activation=torch.nn.Sigmoid(), device=CPU)
        models = [MLP(2, 2, width=w, depth=depth, seed=s) for w, s in members]
        built = Stack(models, CPU)
        assert torch.equal(bulk.theta, built.theta)
        assert torch.equal(bulk.mask, built.mask)
        assert bulk.widths == [1, 1, 3, 3, 5] and bulk.width == 5


def test_one_width_needs_no_mask():
    stack = Stack.from_seeds([(3, 0), (3, 1)], in_features=2, out_features=1, depth=1,
                             activation=torch.nn.Sigmoid(), device=CPU)
    assert stack.mask is None


@pytest.mark.parametrize("count", [1, 13, 227, 624, 625, 1300])
def test_the_vectorised_generator_is_torch_rand(count):
    # the GPU path of the bulk set-up, run here on the CPU: the same MT19937, all seeds at once
    expected = torch.stack([torch.rand(count, generator=torch.Generator().manual_seed(s))
                            for s in SEEDS])
    assert torch.equal(uniform(SEEDS, count, CPU, kernel=False), expected)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("kernel", [False, True])
def test_bulk_set_up_on_cuda_is_the_cpu_one(kernel):
    if kernel:
        pytest.importorskip("triton")
    cuda = torch.device("cuda")
    expected = torch.stack([torch.rand(700, generator=torch.Generator().manual_seed(s))
                            for s in SEEDS])
    assert torch.equal(uniform(SEEDS, 700, cuda, kernel=kernel).cpu(), expected)
    members = [(2, s) for s in range(50)] + [(7, s) for s in range(50)]
    settings = dict(in_features=2, out_features=1, depth=2, activation=torch.nn.Tanh())
    on_cuda = Stack.from_seeds(members, device=cuda, **settings)
    assert on_cuda.theta.device.type == "cuda"
    assert torch.equal(on_cuda.theta.cpu(), Stack.from_seeds(members, device=CPU,
                                                             **settings).theta)


# -- the fused kernel against the eager stacked path ---------------------------------------

# Runs in a fresh interpreter: TRITON_INTERPRET must be set before Triton compiles anything.
# Each case trains the same models with the kernel and on the eager path and reports the
# largest difference in the curves and in the trained models' outputs.
INTERPRETED = textwrap.dedent("""
    import json, torch
    from toynn import make_damped_sine, make_rings, sweep
    from toynn import _fused
    from toynn._engine import Stack
    from toynn._mt19937 import uniform

    torch.set_num_threads(1)
    rings, sine = make_rings(50, seed=1), make_damped_sine(step=0.25)
    cases = {
        # mixed widths padded in one block (3 pads to 4 units); 45 epochs measured every
        # 5th and the last; 100 points: a full and a partial block of 64 points
        "sigmoid-bce": (rings, dict(widths=[1, 3, 4], seeds=[0, 5, 2], activation="sigmoid",
                                    loss="bce", lr=0.05, epochs=45, curve_points=10)),
        "tanh-mse": (sine, dict(widths=[5, 8], seeds=[1, 2], activation="tanh", loss="mse",
                                lr=0.02, epochs=20)),
        "relu-bce": (rings, dict(widths=[2, 6], seeds=[3], activation="relu", loss="bce",
                                 lr=0.05, epochs=20)),
        "leaky_relu-mse": (sine, dict(widths=[4], seeds=[0, 9], activation="leaky_relu",
                                      loss="mse", lr=0.02, epochs=20)),
        "identity-bce": (rings, dict(widths=[2], seeds=[4], activation="identity",
                                     loss="bce", lr=0.05, epochs=20)),
    }
    report = {}
    for name, ((X, y), settings) in cases.items():
        fused, eager = sweep(X, y, fused=True, **settings), sweep(X, y, fused=False, **settings)
        assert torch.equal(fused.curve_epochs, eager.curve_epochs)
        gap = max((fused.model(w, s)(X) - eager.model(w, s)(X)).abs().max().item()
                  for w in fused.widths for s in fused.seeds)
        report[name] = {"curves": (fused.curves - eager.curves).abs().max().item(),
                        "outputs": gap,
                        "learned": bool((eager.final_losses < eager.curves[:, :, 0]).all())}

    # 35 epochs in chunks of 10 (the kernel is launched four times), against Stack.train
    X, y = rings
    chunks = {}
    for how in ("fused", "eager"):
        stack = Stack.from_seeds([(3, 0), (3, 1)], in_features=2, out_features=1, depth=1,
                                 activation=torch.nn.Sigmoid(), device=torch.device("cpu"))
        calls = chunks[how] = []
        keep = lambda losses, done: calls.append((losses.clone(), done))
        train = (_fused.train if how == "fused" else Stack.train)
        train(stack, X, y[:, None], loss="bce", lr=0.05, epochs=35, on_chunk=keep,
              record_every=2, chunk=10)
        calls.append((stack.theta, stack.updates))
    report["chunks"] = {
        "done": [done for _, done in chunks["fused"]],
        "same_done": [d for _, d in chunks["fused"]] == [d for _, d in chunks["eager"]],
        "gap": max((a - b).abs().max().item()
                   for (a, _), (b, _) in zip(chunks["fused"], chunks["eager"])),
    }
    # the seeding kernel of the bulk set-up on CUDA, against torch's own generator
    seeds = [0, 3, 2**31 + 1, 2**32 + 5]
    expected = torch.stack([torch.rand(700, generator=torch.Generator().manual_seed(s))
                            for s in seeds])
    report["seeding"] = torch.equal(uniform(seeds, 700, torch.device("cpu"), kernel=True),
                                    expected)
    try:
        sweep(sine[0], sine[1] * 1e18, widths=[2], seeds=[0, 1], loss="mse", lr=1e25,
              epochs=20, fused=True)
    except FloatingPointError as error:
        report["diverged"] = str(error)
    print(json.dumps(report))
""")


def test_the_kernels_compute_what_the_eager_path_does_under_the_interpreter():
    pytest.importorskip("triton")
    environment = {**os.environ, "TRITON_INTERPRET": "1"}
    done = subprocess.run([sys.executable, "-c", INTERPRETED], capture_output=True, text=True,
                          timeout=600, env=environment)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    for name in ("sigmoid-bce", "tanh-mse", "relu-bce", "leaky_relu-mse", "identity-bce"):
        assert report[name]["curves"] < 2e-6, (name, report[name])
        assert report[name]["outputs"] < 1e-4, (name, report[name])
        assert report[name]["learned"], name  # every model's loss went down
    assert report["chunks"]["done"] == [10, 20, 30, 35, 35]  # four chunks, then the state
    assert report["chunks"]["same_done"] and report["chunks"]["gap"] < 1e-5
    assert "seed=0 became NaN or infinite at epoch 1" in report["diverged"]
    assert report["seeding"]


@pytest.mark.parametrize("shape", [dict(depth=2), dict(out_features=3), dict(width=65),
                                   dict(in_features=9), dict(loss="ce"),
                                   dict(loss=torch.nn.functional.l1_loss),
                                   dict(activation=torch.nn.GELU()),
                                   dict(activation=torch.nn.LeakyReLU(-0.5))], ids=str)
def test_the_fused_kernel_says_why_it_cannot_train_a_model(shape):
    settings = dict(in_features=2, out_features=1, width=3, depth=1,
                    activation=torch.nn.Sigmoid(), loss="bce")
    cuda = torch.device("cuda")  # asked about, not used: any machine can answer
    assert _fused.why_not(cuda, **settings) in (None, "Triton is not installed (pip install "
                                                      "triton)")
    reason = _fused.why_not(cuda, **{**settings, **shape})
    assert reason and "Triton" not in reason
    assert "CUDA" in _fused.why_not(CPU, **settings)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("activation, loss", [("sigmoid", "bce"), ("tanh", "mse"),
                                              ("relu", "bce"), ("leaky_relu", "mse")])
def test_fused_sweep_on_cuda_matches_the_eager_path(activation, loss):
    pytest.importorskip("triton")
    X, y = make_rings(1000, seed=100) if loss == "bce" else make_damped_sine()
    settings = dict(widths=[1, 3, 7], seeds=range(40), activation=activation, loss=loss,
                    lr=1e-2, epochs=300, curve_points=50, device="cuda")
    fused = sweep(X, y, fused=True, **settings)
    eager = sweep(X, y, fused=False, **settings)
    default = sweep(X, y, **settings)
    assert torch.equal(default.curves, fused.curves)  # the kernel is the default on CUDA
    assert torch.allclose(fused.curves, eager.curves, atol=1e-4)
    assert torch.allclose(fused.model(3, 5)(X), eager.model(3, 5)(X), atol=1e-3)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_fused_sweep_on_cuda_of_ten_thousand_models():
    pytest.importorskip("triton")
    X, y = make_rings(1000, seed=100)
    result = sweep(X, y, widths=[3], seeds=range(10_000), loss="bce", lr=1e-2, epochs=200,
                   device="cuda", curve_points=20)
    assert result.final_losses.shape == (1, 10_000)
    assert bool(torch.isfinite(result.curves).all())
    assert (result.final_losses < result.curves[:, :, 0]).float().mean() > 0.99
    # spot check: three of them against the CPU's stacked path
    cpu = sweep(X, y, widths=[3], seeds=[0, 4321, 9999], loss="bce", lr=1e-2, epochs=200)
    columns = [0, 4321, 9999]
    assert torch.allclose(result.final_losses[:, columns], cpu.final_losses, atol=1e-4)


@pytest.mark.skipif(torch.cuda.is_available(), reason="with a GPU the benchmark would run")
def test_the_gpu_benchmark_says_there_is_no_gpu_and_exits_0():
    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_gpu.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "no CUDA GPU" in done.stdout
