"""How `sweep` groups its models into blocks, and trains them block by block."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from . import _fused
from ._engine import Diverged, Stack

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


def train_blocks(blocks: list[tuple[int, list[tuple[int, int]]]], X: torch.Tensor,
                 y: torch.Tensor, *, curves: torch.Tensor, row: dict, col: dict,
                 out_features: int, activation: nn.Module, loss: str | Callable, lr: float,
                 epochs: int, record_every: int, fused: bool | None, bar,
                 several_depths: bool) -> list[tuple[Stack, list[tuple[int, int]]]]:
    """Train every `(depth, members)` block on `X` `(N, in)` and `y`, on their device.

    The losses measured go to `curves[row[width, depth], col[seed]]`; `bar` counts the
    model-epochs done. A block trains on the fused kernel if `fused`, or, for `None`, where
    that kernel can train it on CUDA (see `_fused.why_not`); else on the eager stacked path.
    Returns `(stack, members)` for every block, its stack released to the CPU. A diverging
    model raises `FloatingPointError` naming it.
    """
    stacks = []
    pool = {}  # the eager epoch's buffers, allocated once for all the blocks
    device, in_features = X.device, X.shape[1]
    for depth, members in blocks:
        stack = Stack.from_seeds(members, in_features=in_features, out_features=out_features,
                                 depth=depth, activation=activation, device=device)
        block_rows = torch.tensor([row[w, depth] for w, _ in members])
        cols = torch.tensor([col[s] for _, s in members])
        state = {"position": 0, "epoch": 0}

        def keep(losses, epochs_done, rows=block_rows, cols=cols, state=state):
            n = len(losses)
            curves[rows, cols, state["position"]:state["position"] + n] = losses.T.cpu()
            state["position"] += n
            bar.update((epochs_done - state["epoch"]) * len(rows))
            state["epoch"] = epochs_done

        on_kernel = fused if fused is not None else device.type == "cuda" and _fused.why_not(
            device, in_features=in_features, out_features=out_features, width=stack.width,
            depth=depth, activation=activation, loss=loss) is None
        try:
            if on_kernel:
                _fused.train(stack, X, y, loss=loss, lr=lr, epochs=epochs, on_chunk=keep,
                             record_every=record_every)
            else:
                stack.train(X, y, loss=loss, lr=lr, epochs=epochs, on_chunk=keep,
                            record_every=record_every, pool=pool)
        except Diverged as error:
            width, seed = members[error.model]
            which = f"width={width}" + (f", depth={depth}" if several_depths else "")
            raise FloatingPointError(
                f"the loss of the model with {which}, seed={seed} became NaN or "
                f"infinite at epoch {error.epoch} (lr={lr:g}); try a smaller learning rate"
            ) from None
        stacks.append((stack.release(), members))
    return stacks
