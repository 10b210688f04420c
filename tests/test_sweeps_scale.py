"""sweep at scale: set-up in bulk, exactly the seeded weights."""

from __future__ import annotations

import pytest
import torch

from toynn import MLP
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

