"""How `sweep` groups its models into blocks that train together."""

from __future__ import annotations

import torch

# Floats in one layer's activations of a block: 2 MB fits a CPU core's L2 cache; on a GPU
# the only concern is memory (a block holds about eight such buffers).
BLOCK_FLOATS = {"cpu": 2**19, "cuda": 2**27}
# A block's fixed cost per epoch (a few dozen tensor operations) is about that of this many
# activation floats: padding a block's members to a wider newcomer costs more than that,
# start a new block instead.
NEW_BLOCK_FLOATS = 2**15


def split_into_blocks(pairs, block_size: int | None, n_samples: int,
                      device: torch.device) -> list[list[tuple[int, int]]]:
    """Split (width, seed) pairs into blocks trained together, narrow models first.

    Sorting by width lets each block pad only to its own widest member. Without an explicit
    `block_size`, a CPU block grows while `models * width * n_samples` stays in the cache,
    and a wider model starts a new block when padding the block to its width would cost
    more than the new block's fixed cost (widths 1 to 10 and 40 in one sweep: the 40s
    train apart).
    """
    order = sorted(pairs, key=lambda pair: pair[0])
    budget = BLOCK_FLOATS.get(device.type, BLOCK_FLOATS["cuda"])
    blocks, block = [], []
    for pair in order:
        if block_size is not None:
            full = len(block) == block_size
        else:
            widest = block[-1][0] if block else pair[0]
            padding = len(block) * (pair[0] - widest) * n_samples
            full = (len(block) + 1) * pair[0] * n_samples > budget or padding > NEW_BLOCK_FLOATS
        if block and full:
            blocks.append(block)
            block = []
        block.append(pair)
    blocks.append(block)
    return blocks
