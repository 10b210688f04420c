"""The initial weights of many seeds at once, exactly those of `MLP.reset_parameters`.

`reset_parameters(seed=s)` draws every parameter from one CPU generator seeded with `s`,
layer by layer, weight (row by row) before bias, and scales each layer's draws to
`U(-1/sqrt(fan_in), 1/sqrt(fan_in))`. Here each seed's draws come as one row of a
`(seeds, parameters)` tensor, from the same generator calls on the CPU (a few µs per seed)
or from `_mt19937` on a GPU; each layer is then scaled with the same two float32
operations for all seeds at once and written straight into a stack's layer blocks. No
`MLP` is built, and no parameter is copied one model at a time.
"""

from __future__ import annotations

import math

import torch

from ._mt19937 import uniform


def draws(seeds: list[int], count: int, device: torch.device) -> torch.Tensor:
    """`torch.rand(count)` from a CPU generator seeded with each seed: `(len(seeds), count)`."""
    if device.type == "cuda":
        return uniform(seeds, count, device)
    out = torch.empty(len(seeds), count)
    generator = torch.Generator()
    for row, seed in zip(out.unbind(0), seeds, strict=True):
        generator.manual_seed(seed)
        torch.rand(count, generator=generator, out=row)
    return out.to(device)


def fill_layers(layers: list[torch.Tensor], members: list[tuple[int, int]], *,
                in_features: int, out_features: int) -> None:
    """Write the initial weights of every `(width, seed)` in `members` into stacked `layers`.

    `layers[i]` has shape `(K, fan_out, fan_in + 1)` (bias last, padded to the widest
    member), model `k` being `members[k]`; there is one hidden layer per layer but the last.
    Members of one width are drawn together, in one run when they are sorted by width.
    """
    for width, run in runs([width for width, _ in members]):
        sizes = [in_features] + [width] * (len(layers) - 1) + [out_features]
        count = sum(b * a + b for a, b in zip(sizes, sizes[1:]))
        values = draws([seed for _, seed in members[run]], count, layers[0].device)
        offset = 0
        for layer, fan_in, fan_out in zip(layers, sizes, sizes[1:]):
            bound = 1 / math.sqrt(fan_in)
            # the two operations of reset_parameters, with the same float32 scalars
            block = values[:, offset:offset + fan_out * (fan_in + 1)] * (2 * bound) - bound
            layer[run, :fan_out, :fan_in] = block[:, :fan_out * fan_in].view(-1, fan_out, fan_in)
            layer[run, :fan_out, -1] = block[:, fan_out * fan_in:]
            offset += fan_out * (fan_in + 1)


def runs(values: list[int]):
    """`(value, slice)` for every run of equal consecutive values."""
    start = 0
    for stop in range(1, len(values) + 1):
        if stop == len(values) or values[stop] != values[start]:
            yield values[start], slice(start, stop)
            start = stop
