"""Training engine: K MLPs of one shape stacked in flat tensors, trained together.

`fit` uses it with K = 1 and `sweep` with K up to a block of models; both therefore run
the same arithmetic. For the usual activations the gradients are written out by hand (no
autograd graph, a fixed, short list of tensor operations per epoch): entirely for the named
losses; for a callable loss autograd differentiates only the loss, from the outputs, and
the hand-written backward pass does the rest. Other activations fall back to autograd on
the same stacked parameters. Adam runs on one flat parameter vector, so an optimizer step
is a handful of operations whatever K is.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn

from ._activations import closed_form
from ._closed_form import ClosedFormEpoch
from ._losses import TABLE as LOSSES
from ._outputs import squeeze_output
from ._seeded import fill_layers, runs
from .models import MLP

BETA1, BETA2, EPS = 0.9, 0.999, 1e-8  # torch.optim.Adam defaults


class Diverged(Exception):
    """Raised when a loss stops being finite; carries the epoch and the model's index."""

    def __init__(self, epoch: int, model: int):
        super().__init__(f"loss became non-finite at epoch {epoch} (model {model})")
        self.epoch, self.model = epoch, model


class Stack:
    """K models with the same inputs, outputs, depth and activation; widths may differ.

    Each layer is stored as one `(K, out, in + 1)` block, the bias being the last column,
    and every layer's input carries an extra row of ones: a layer is then a single batched
    matrix product, and so is its gradient, bias included. All blocks are views of one
    flat tensor `theta`, so an Adam step is a handful of operations whatever K is.
    Narrower models are padded to the widest with inert units: zero weights in and out,
    whose gradients are masked to zero, so they never change and never contribute.
    """

    def __init__(self, models: list[MLP], device: torch.device):
        first = models[0]
        self._allocate([model.width for model in models], first.in_features,
                       first.out_features, first.depth, first.activation, device)
        with torch.no_grad():
            for k, model in enumerate(models):
                for i, layer in enumerate(model.layers):
                    out, inp = layer.weight.shape
                    self.layers[i][k, :out, :inp] = layer.weight
                    self.layers[i][k, :out, -1] = layer.bias

    @classmethod
    def from_seeds(cls, members: list[tuple[int, int]], *, in_features: int,
                   out_features: int, depth: int, activation: nn.Module,
                   device: torch.device) -> Stack:
        """A stack of `MLP(in_features, out_features, width=w, depth=depth, seed=s)`.

        One model per `(w, s)` of `members`, drawn in bulk on `device` without building
        any `MLP` (see `_seeded`); sorted by width, members of a width draw together.
        """
        stack = cls.__new__(cls)
        stack._allocate([width for width, _ in members], in_features, out_features, depth,
                        activation, device)
        fill_layers(stack.layers, members, in_features=in_features, out_features=out_features)
        return stack

    def _allocate(self, widths: list[int], in_features: int, out_features: int, depth: int,
                  activation: nn.Module, device: torch.device) -> None:
        """Zeroed parameters, gradients and Adam state for models of these widths."""
        self.K = len(widths)
        self.in_features, self.out_features = in_features, out_features
        self.widths = widths
        self.width = max(widths)
        self.depth = depth
        self.activation = activation
        sizes = [in_features] + [self.width] * depth + [out_features]
        self.shapes = [(fan_out, fan_in + 1) for fan_in, fan_out in zip(sizes, sizes[1:])]
        self.theta = torch.zeros(self.K * sum(o * i for o, i in self.shapes), device=device)
        self.grad = torch.zeros_like(self.theta)
        self.layers = self._views(self.theta)
        self.layer_grads = self._views(self.grad)
        self.mask = None
        if min(widths) < self.width:  # inert units: only each model's own weights may move
            self.mask = torch.zeros_like(self.theta)
            for width, run in runs(widths):
                own = [in_features] + [width] * depth + [out_features]
                for mask, fan_in, fan_out in zip(self._views(self.mask), own, own[1:]):
                    mask[run, :fan_out, :fan_in] = 1
                    mask[run, :fan_out, -1] = 1
        self.exp_avg = torch.zeros_like(self.theta)
        self.exp_avg_sq = torch.zeros_like(self.theta)
        self.updates = 0  # Adam steps taken, for its bias corrections
        self._closed_form = closed_form(self.activation)
        self._epoch: ClosedFormEpoch | None = None  # buffers and views, built when training
        self._pool: dict[str, torch.Tensor] = {}

    def _views(self, flat: torch.Tensor) -> list[torch.Tensor]:
        views, offset = [], 0
        for out, inp in self.shapes:
            views.append(flat[offset:offset + self.K * out * inp].view(self.K, out, inp))
            offset += self.K * out * inp
        return views

    def release(self) -> Stack:
        """Drop gradients and optimizer state and move the parameters to the CPU."""
        self.theta = self.theta.cpu()
        self.layers = self._views(self.theta)
        self.grad = self.mask = self.exp_avg = self.exp_avg_sq = self.layer_grads = None
        self._epoch, self._pool = None, {}
        return self

    def copy_to(self, k: int, model: MLP, theta: torch.Tensor | None = None) -> MLP:
        """Copy the parameters of stacked model `k` into `model` (of matching width).

        With `theta` (a copy of `self.theta` taken earlier), copy them from there instead.
        """
        layers = self.layers if theta is None else self._views(theta)
        with torch.no_grad():
            for i, layer in enumerate(model.layers):
                out, inp = layer.weight.shape
                layer.weight.copy_(layers[i][k, :out, :inp])
                layer.bias.copy_(layers[i][k, :out, -1])
        return model

    # -- one epoch -------------------------------------------------------------------------

    def _closed_form_epoch(self, Xt, y_terms, loss: str | Callable,
                           losses_out: torch.Tensor | None) -> None:
        if self._epoch is None or self._epoch.n != Xt.shape[1]:
            self._epoch = ClosedFormEpoch(self, Xt, self._pool)
        self._epoch(y_terms, loss, losses_out)

    def _autograd_epoch(self, Xt, y_terms, loss, losses_out: torch.Tensor | None) -> None:
        with torch.enable_grad():
            theta = self.theta.detach().requires_grad_(True)
            out = self._forward(self._views(theta), Xt)
            if callable(loss):
                per_model = self._callable_losses(loss, out, y_terms)
            else:
                per_model = LOSSES[loss].mean(out, y_terms)
            (grad,) = torch.autograd.grad(per_model.sum(), theta)
        self.grad.copy_(grad)
        if losses_out is not None:
            losses_out.copy_(per_model.detach())

    def _callable_target(self, y: torch.Tensor) -> torch.Tensor:
        """Targets as a callable loss receives them, shaped like one model's output or as given.

        Targets given in the output's shape arrive as `(N,)` or `(N, O)`; any other shape
        (class indices `(N,)` for several outputs, say) as it was given.
        """
        out_features = self.shapes[-1][0]
        return squeeze_output(y) if y.ndim == 2 and y.shape[1] == out_features else y

    def _loss_terms(self, y: torch.Tensor, loss: str | Callable, closed_form: bool):
        """What the epoch functions need of the targets `y`, and the scale of their losses.

        Returns `(y_terms, scale)`; `scale` turns the measured losses into means.
        """
        if callable(loss):
            target = self._callable_target(y)
            return ((target, None) if closed_form else target), 1.0
        t = LOSSES[loss].terms(y).contiguous()
        if not closed_form:
            return t, 1.0
        g, scale = LOSSES[loss].scales(y, t)  # the closed form measures summed losses
        return (t, g), scale

    @staticmethod
    def _callable_losses(loss: Callable, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """`loss` of each model `(K,)` from outputs `(K, O, N)`, `y` shaped like one output.

        Each model's output is shaped as `MLP` gives it, `(N,)` or `(N, O)`.
        """
        per_model = torch.stack([loss(o, y) for o in squeeze_output(out.transpose(1, 2))])
        if per_model.ndim != 1:
            raise ValueError("a callable loss must return a scalar tensor for each model")
        return per_model

    def _forward(self, layers: list[torch.Tensor], Xt: torch.Tensor) -> torch.Tensor:
        """Every model's raw outputs `(K, O, N)` under `layers`, for inputs `Xt` `(in, N)`."""
        h = Xt.expand(self.K, -1, -1)
        for P in layers[:-1]:
            h = self.activation(torch.baddbmm(P[:, :, -1:], P[:, :, :-1], h))
        return torch.baddbmm(layers[-1][:, :, -1:], layers[-1][:, :, :-1], h)

    @torch.no_grad()
    def outputs(self, X: torch.Tensor) -> torch.Tensor:
        """Every model's raw outputs `(K, O, N)` for inputs `X` `(N, in)`."""
        return self._forward(self.layers, X.T)

    def losses_on(self, X: torch.Tensor, y: torch.Tensor, loss: str | Callable) -> torch.Tensor:
        """The loss `(K,)` of every model on other data `X` `(N, in)`, `y` `(N, O)`, no gradient."""
        out = self.outputs(X)
        if callable(loss):
            return self._callable_losses(loss, out, self._callable_target(y))
        return LOSSES[loss].mean(out, LOSSES[loss].terms(y))

    def _adam_step(self, lr: float) -> None:
        if self.mask is not None:
            self.grad.mul_(self.mask)
        self.updates += 1
        self.exp_avg.lerp_(self.grad, 1 - BETA1)
        self.exp_avg_sq.mul_(BETA2).addcmul_(self.grad, self.grad, value=1 - BETA2)
        bias_correction1 = 1 - BETA1 ** self.updates
        bias_correction2_sqrt = math.sqrt(1 - BETA2 ** self.updates)
        # lr/bc1 * m / (sqrt(v)/bc2_sqrt + eps), with the division by bc2_sqrt folded into
        # the scalars: one operation fewer per step than torch.optim.Adam, same update.
        denom = torch.sqrt(self.exp_avg_sq, out=self.grad)  # the gradient is spent by now
        denom.add_(EPS * bias_correction2_sqrt)
        step_size = lr * bias_correction2_sqrt / bias_correction1
        self.theta.addcdiv_(self.exp_avg, denom, value=-step_size)

    # -- training --------------------------------------------------------------------------

    def train(
        self,
        X: torch.Tensor,
        y: torch.Tensor,
        *,
        loss: str | Callable,
        lr: float,
        epochs: int,
        on_chunk: Callable[[torch.Tensor, int], None],
        record_every: int = 1,
        chunk: int = 100,
        validation: tuple[torch.Tensor, torch.Tensor] | None = None,
        snapshots: frozenset[int] = frozenset(),
        pool: dict[str, torch.Tensor] | None = None,
    ) -> list[tuple[int, torch.Tensor]]:
        """Run `epochs` full-batch Adam steps on inputs `X` `(N, in)` and targets `y` `(N, O)`.

        The loss of an epoch is measured before its update, as in the usual loop, on every
        `record_every`-th epoch and on the last one (measuring costs time). About every
        `chunk` epochs, `on_chunk(losses, epochs_done)` receives the losses measured since
        the last call, shape `(measured, K)`, and the number of epochs trained so far.
        With `validation=(X_val, y_val)`, the loss on that data is measured at the same
        epochs and `on_chunk(losses, epochs_done, val_losses)` receives it too.
        Raises `Diverged` on the first non-finite loss.

        Returns `(epoch, theta)` for every epoch in `snapshots` (0 to `epochs`): a copy of
        all parameters as they were when that epoch began, `epochs` meaning after the last.
        `pool` holds the epoch's buffers (see `_closed_form`): stacks that train one after
        another share them when they share a pool.
        """
        if pool is not None:
            self._pool = pool
        closed_form = self._closed_form is not None
        epoch_fn = self._closed_form_epoch if closed_form else self._autograd_epoch
        y_terms, scale = self._loss_terms(y, loss, closed_form)
        Xt = X.T.contiguous()
        chunk = max(chunk, record_every)
        buffer = torch.empty(chunk, self.K, device=self.theta.device)
        rows = buffer.unbind(0)
        val_buffer = torch.empty_like(buffer) if validation is not None else None
        kept = []
        with torch.no_grad():
            for first in range(0, epochs, chunk):
                measured = []
                for epoch in range(first, min(first + chunk, epochs)):
                    if epoch in snapshots:
                        kept.append((epoch, self.theta.clone()))
                    if epoch % record_every == 0 or epoch == epochs - 1:
                        if val_buffer is not None:
                            val_buffer[len(measured)] = self.losses_on(*validation, loss)
                        epoch_fn(Xt, y_terms, loss, rows[len(measured)])
                        measured.append(epoch)
                    else:
                        epoch_fn(Xt, y_terms, loss, None)
                    self._adam_step(lr)
                losses = buffer[:len(measured)].mul_(scale)
                finite = torch.isfinite(losses)
                if not finite.all():
                    row, model = (~finite).nonzero()[0].tolist()
                    raise Diverged(measured[row], model)
                if val_buffer is None:
                    on_chunk(losses, epoch + 1)
                else:
                    on_chunk(losses, epoch + 1, val_buffer[:len(measured)])
            if epochs in snapshots:
                kept.append((epochs, self.theta.clone()))
        return kept
