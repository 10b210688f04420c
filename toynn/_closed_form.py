"""One training epoch of a stack of models with the gradients written out by hand.

Activations are laid out `(K, features, N)`: samples last, so that elementwise work runs
over long contiguous rows even when a layer has only a few units. Layer inputs end with a
row of ones, which multiplies the bias column: a layer, and its gradient, bias included,
is one batched matrix product.

Every tensor an epoch writes is allocated once, with every view of it the epoch needs,
and reused: allocating megabyte-sized buffers costs page faults, which on a virtual
machine cost as much as an epoch of a 64-model block. The buffers come from a pool (a dict
of flat tensors) that the blocks of one sweep share, so that only the first block pays
for them; and an activation whose gradient does not read its input `Z` lends `Z`'s buffer
to the gradient `dA`, which is written only after `Z` is last read.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from ._activations import READS_Z, USES_SCRATCH
from ._losses import TABLE as LOSSES


class ClosedFormEpoch:
    """The buffers and views of one epoch of `stack` on inputs `Xt` `(in, N)`; call it to run one.

    `pool` maps buffer names to flat tensors, reused by later stacks (grown as needed).
    """

    def __init__(self, stack, Xt: torch.Tensor, pool: dict[str, torch.Tensor]):
        K, H, depth = stack.K, stack.width, stack.depth
        n, out_features = Xt.shape[1], stack.shapes[-1][0]
        device = stack.theta.device
        forward, backward = stack._closed_form

        def take(name: str, *shape: int) -> torch.Tensor:
            size = math.prod(shape)
            flat = pool.get(name)
            if flat is None or flat.numel() < size or flat.device != device:
                flat = pool[name] = torch.empty(size, device=device)
            return flat[:size].view(shape)

        self.n = n
        self.X_ones = take("X_ones", Xt.shape[0] + 1, n)  # Xt, then a row of ones
        self.X_ones[:-1] = Xt
        self.X_ones[-1] = 1.0
        self.Z = [take(f"Z{i}", K, H, n) for i in range(depth)]
        self.A = [take(f"A{i}", K, H + 1, n) for i in range(depth)]
        for A in self.A:
            A[:, H] = 1.0
        self.A_units = [A[:, :H] for A in self.A]
        self.dA = (self.Z if backward not in READS_Z
                   else [take(f"dA{i}", K, H, n) for i in range(depth)])
        self.scratch = take("scratch", K, H, n) if backward in USES_SCRATCH else None
        self.out = take("out", K, out_features, n)
        self.d_out = take("d_out", K, out_features, n)
        self.input_grad = take("input_grad", Xt.shape[0] + 1, K * H)
        self.input_grad_t = self.input_grad.t()
        # views of the parameters and gradients, which are updated in place
        self.W_in = stack.layers[0].view(K * H, -1)
        self.Z_in = self.Z[0].view(K * H, n)
        self.dA_in_t = self.dA[0].view(K * H, n).t()
        self.W_in_grad = stack.layer_grads[0].view(K * H, -1)
        self.W = stack.layers
        self.W_grad = stack.layer_grads
        self.W_units_t = [W[:, :, :H].transpose(1, 2) for W in stack.layers]
        self.A_t = [A.transpose(1, 2) for A in self.A]
        self.forward, self.backward, self.activation = forward, backward, stack.activation
        self.callable_losses = stack._callable_losses

    def __call__(self, y_terms, loss: str | Callable, losses_out: torch.Tensor | None) -> None:
        """Gradients into the stack's `grad`, and with `losses_out` each model's summed loss.

        `y_terms = (t, g)`: for a named loss, its terms `t` and gradient scale `g` (see
        `_losses.Loss`), and its `closed_form` writes the loss and its gradient. For a
        callable loss `t` is `y` shaped like one model's output, and `g` is unused.
        """
        t, g = y_terms
        Z, A, dA, out, d_out = self.Z, self.A, self.dA, self.out, self.d_out
        depth = len(Z)
        # The first layer's input is shared by all K models: one plain matrix product.
        torch.mm(self.W_in, self.X_ones, out=self.Z_in)
        for i in range(depth):
            if i:
                torch.bmm(self.W[i], A[i - 1], out=Z[i])
            self.forward(Z[i], self.A_units[i], self.activation)
        torch.bmm(self.W[-1], A[-1], out=out)
        if callable(loss):  # autograd from the outputs through the loss only
            with torch.enable_grad():
                o = out.detach().requires_grad_(True)
                per_model = self.callable_losses(loss, o, t)
                (grad,) = torch.autograd.grad(per_model.sum(), o)
            d_out.copy_(grad)
            if losses_out is not None:
                losses_out.copy_(per_model.detach())
        else:
            LOSSES[loss].closed_form(out, t, g, d_out, losses_out)
        torch.bmm(d_out, self.A_t[-1], out=self.W_grad[-1])
        if d_out.shape[1] == 1:  # one output: an outer product, cheaper as a broadcast
            torch.mul(self.W_units_t[-1], d_out, out=dA[-1])
        else:
            torch.bmm(self.W_units_t[-1], d_out, out=dA[-1])
        for i in range(depth - 1, -1, -1):
            self.backward(dA[i], Z[i], self.A_units[i], self.scratch, self.activation)
            if i:
                torch.bmm(dA[i], self.A_t[i - 1], out=self.W_grad[i])
                torch.bmm(self.W_units_t[i], dA[i], out=dA[i - 1])
            else:  # computed transposed, (in + 1, K * H), which is the faster product
                torch.mm(self.X_ones, self.dA_in_t, out=self.input_grad)
                self.W_in_grad.copy_(self.input_grad_t)
