"""Training a stack on the GPU with one Triton kernel that keeps every model on chip.

The eager stacked epoch writes every (model, unit, point) value to memory and reads it
back several times: at 10 000 models on 2000 points each such tensor is 240 MB, and the
epoch is bound by memory traffic. `_kernels.train_epochs` instead gives each program a
few models for a whole run of epochs: their parameters and Adam state stay in registers,
the per-point values never leave the chip, and only the shared inputs are read (from
cache). One launch trains a chunk of epochs; between chunks the losses come back to the
host, are checked for divergence and handed on, as the eager `Stack.train` does.

It covers what sweeps mostly train: one hidden layer, one output, "bce" or "mse", the
sigmoid, tanh, ReLU, leaky ReLU or no activation, widths up to 64 and up to 8 inputs.
Everything else trains on the eager path, which stays the reference the kernel is tested
against (same losses up to float rounding). Triton is imported only when a kernel runs.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from ._engine import BETA1, BETA2, EPS, Diverged, Stack

ACTIVATION_CODES = {nn.Sigmoid: 0, nn.Tanh: 1, nn.ReLU: 2, nn.LeakyReLU: 3, nn.Identity: 4}
LOSS_CODES = {"bce": 0, "mse": 1}
MAX_WIDTH, MAX_INPUTS = 64, 8
# Per program: BLOCK_M models of HP (padded) units on BLOCK_N points at a time, about 2048
# values per live (model, unit, point) tensor, for 4 warps. Chosen by reasoning, not yet
# tuned on a GPU: scripts/bench_gpu.py compares a few.
VALUES_PER_PROGRAM, BLOCK_N, NUM_WARPS = 2048, 64, 4


def why_not(device: torch.device, *, in_features: int, out_features: int, width: int,
            depth: int, activation: nn.Module, loss: str | Callable) -> str | None:
    """Why the fused kernel cannot train these models on `device`, or None if it can."""
    interpreted = os.environ.get("TRITON_INTERPRET") == "1"
    if device.type != "cuda" and not (device.type == "cpu" and interpreted):
        return f"it runs on CUDA (or on the CPU under TRITON_INTERPRET=1), not on {device}"
    if depth != 1:
        return f"it trains one hidden layer, not depth {depth}"
    if out_features != 1:
        return f"it trains models with one output, not {out_features}"
    if not isinstance(loss, str) or loss not in LOSS_CODES:
        return f'its losses are "bce" and "mse", not {loss!r}'
    kind = type(activation)
    if kind not in ACTIVATION_CODES or (kind is nn.LeakyReLU
                                        and not 0 <= activation.negative_slope <= 1):
        return f"it trains sigmoid, tanh, relu, leaky_relu and identity units, not {activation}"
    if width > MAX_WIDTH or in_features > MAX_INPUTS:
        return (f"it trains widths up to {MAX_WIDTH} on up to {MAX_INPUTS} inputs, not "
                f"width {width} on {in_features}")
    try:
        import triton  # noqa: F401
    except ImportError:
        return "Triton is not installed (pip install triton)"
    return None


def check_fused(fused, device: torch.device, *, depths: list[int], width: int,
                **models) -> None:
    """Check `sweep`'s `fused`: None, False, or True where the kernel trains every depth.

    `models` are the other arguments of `why_not`.
    """
    if fused not in (None, True, False):
        raise TypeError(f"fused must be None, True or False, got {fused!r}")
    reasons = [why_not(device, width=width, depth=d, **models) for d in depths] if fused else []
    if any(reasons):
        raise ValueError("fused=True, but the fused kernel cannot train these models: "
                         + next(filter(None, reasons)))


def adam_schedule(lr: float, done: int, epochs: int, device: torch.device) -> torch.Tensor:
    """Adam's `(step size, eps)` for updates `done + 1` to `done + epochs`: `(epochs, 2)`.

    The same double-precision numbers `Stack._adam_step` computes, rounded to float32.
    """
    t = np.arange(done + 1, done + epochs + 1, dtype=np.float64)
    bias_correction2_sqrt = np.sqrt(1 - BETA2 ** t)
    step = lr * bias_correction2_sqrt / (1 - BETA1 ** t)
    return torch.from_numpy(np.stack([step, EPS * bias_correction2_sqrt], axis=1)).to(
        device=device, dtype=torch.float32)


def train(stack: Stack, X: torch.Tensor, y: torch.Tensor, *, loss: str, lr: float,
          epochs: int, on_chunk: Callable[[torch.Tensor, int], None], record_every: int = 1,
          chunk: int = 100, block_m: int | None = None) -> None:
    """What `stack.train` does for these arguments, by the fused kernel (see `why_not`).

    Inputs `X` `(N, in)` and targets `y` `(N, 1)` on the stack's device. `on_chunk` gets the
    losses measured in each chunk of about `chunk` epochs, shape `(measured, K)`, and the
    epochs done; `Diverged` is raised on the first non-finite loss. `block_m` overrides
    the models per program (for benchmarks).
    """
    import triton

    from ._kernels import train_epochs

    K, H, device = stack.K, stack.width, stack.theta.device
    n, in_features = X.shape
    Xt = X.T.contiguous()
    target = (1 - 2 * y[:, 0] if loss == "bce" else y[:, 0]).contiguous()
    g_scale = (1.0 if loss == "bce" else 2.0) / n  # the gradient of the mean loss
    widths = torch.tensor(stack.widths, dtype=torch.int32, device=device)
    schedule = adam_schedule(lr, stack.updates, epochs, device)
    units = triton.next_power_of_2(H)
    block_m = block_m or max(1, VALUES_PER_PROGRAM // (units * BLOCK_N))
    slope = float(getattr(stack.activation, "negative_slope", 0.0))
    chunk = record_every * math.ceil(chunk / record_every)  # chunks start on a measured epoch
    for first in range(0, epochs, chunk):
        last = min(first + chunk, epochs)
        measured = [e for e in range(first, last) if e % record_every == 0 or e == epochs - 1]
        losses = torch.empty(len(measured), K, device=device)
        train_epochs[(triton.cdiv(K, block_m),)](
            Xt, target, stack.theta, stack.exp_avg, stack.exp_avg_sq, widths,
            schedule[first:], losses, K, n, H, first, last - first, record_every,
            epochs - 1, K * H * (in_features + 1), g_scale, slope,
            IN=in_features, INP=triton.next_power_of_2(in_features + 1), HP=units,
            BLOCK_M=block_m, BLOCK_N=BLOCK_N, ACT=ACTIVATION_CODES[type(stack.activation)],
            LOSS=LOSS_CODES[loss], num_warps=NUM_WARPS,
        )
        losses.mul_(1.0 / n)
        finite = torch.isfinite(losses)
        if not finite.all():
            row, model = (~finite).nonzero()[0].tolist()
            raise Diverged(measured[row], model)
        on_chunk(losses, last)
    stack.updates += epochs
