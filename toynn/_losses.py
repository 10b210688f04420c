"""The named losses as one table: everything toynn knows of "bce", "mse" and "ce".

Each `Loss` of `TABLE` says how targets are checked and shaped, how many outputs they
imply, what the training engine works with (the targets' terms `t`, `(O, N)`), the mean
loss of each model (which autograd differentiates), the same loss summed with its
gradient written out by hand (the closed-form epoch), and the loss's axis label. Adding a
loss is adding an entry; `toynn.LOSSES` lists the table's names.

Models' outputs are laid out `(K, O, N)` here: K models, O outputs, N samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from ._checks import (
    float_tensor,
    label_tensor,
    positive_int,
    same_length,
    some_values,
    target_vector,
)


@dataclass(frozen=True)
class Loss:
    """One named loss: its targets, its value and gradient, and its label.

    Attributes:
        name: The name `fit` and `sweep` take.
        label: Axis label of the loss in plots.
        targets: `(y, n_samples, out_features, name)` to the checked targets, float32
            `(N, out_features)`, the shape training works in.
        outputs: `(y, n_samples)` to the number of outputs targets `y` imply.
        terms: Targets `(N, O)` to the terms `t` `(O, N)` the loss is written in.
        mean: `(out, t)` to the mean loss of each model `(K,)`, differentiable.
        scales: `(y, t)` to `(g, scale)`: `g` what the closed form scales its gradient by
            (a number or a tensor like `t`), `scale` what turns its summed losses into means.
        closed_form: `(out, t, g, d_out, losses_out)` writes the gradient of the mean loss
            with respect to `out` into `d_out` and, unless `losses_out` is None, each
            model's summed loss into it. `out` may be overwritten.
    """

    name: str
    label: str
    targets: Callable[[object, int, int, str], torch.Tensor]
    outputs: Callable[[torch.Tensor, int], int]
    terms: Callable[[torch.Tensor], torch.Tensor]
    mean: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    scales: Callable[[torch.Tensor, torch.Tensor], tuple]
    closed_form: Callable[..., None]


# -- targets ---------------------------------------------------------------------------------


def output_shaped(y: torch.Tensor, out_features: int) -> bool:
    """Whether `y` has one of the shapes of the model's output: `(N,)`/`(N, 1)` or `(N, O)`."""
    if out_features == 1:
        return y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1)
    return y.ndim == 2 and y.shape[1] == out_features


def value_targets(y, n_samples: int, out_features: int, name: str = "y") -> torch.Tensor:
    """One target value per output: float32 `(N, out_features)` from `(N,)`, `(N, 1)`, `(N, O)`."""
    if out_features == 1:
        return target_vector(y, n_samples, name).unsqueeze(1)
    y = float_tensor(y, name)
    if y.ndim != 2 or y.shape[1] != out_features:
        hint = "; for class indices (N,) use loss='ce'" if y.ndim == 1 else ""
        raise ValueError(
            f"{name} must have shape (N, {out_features}), got shape {tuple(y.shape)}{hint}"
        )
    same_length(n_samples, y, name)
    return y


def _binary_targets(y, n_samples: int, out_features: int, name: str = "y") -> torch.Tensor:
    """Targets of "bce": shaped like the outputs, each 0 or 1."""
    y = value_targets(y, n_samples, out_features, name)
    if not ((y == 0) | (y == 1)).all():
        values = some_values(y)
        raise ValueError(
            f"{name} must hold only 0 and 1 for loss='bce' (it is a binary classification loss "
            f"on logits), found values such as {values}"
        )
    return y


def class_indices(y, n_samples: int, out_features: int | None, name: str = "y") -> torch.Tensor:
    """Check class labels for the "ce" loss and return them as int64 of shape `(N,)`.

    Labels are integer-valued (any real dtype) in `[0, out_features)`; `out_features=None`
    checks only that they are >= 0 (for inferring the number of classes).
    """
    if out_features is not None and out_features < 2:
        raise ValueError(
            f"loss='ce' needs a model with out_features >= 2 (one logit per class), got "
            f"out_features={out_features}; for two classes and one output use loss='bce'"
        )
    y = float_tensor(y, name)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.squeeze(1)
    if y.ndim != 1:
        hint = "; for one-hot targets pass y.argmax(dim=1)" if y.ndim == 2 else ""
        raise ValueError(f"{name} must hold class indices of shape (N,) for loss='ce', "
                         f"got shape {tuple(y.shape)}{hint}")
    same_length(n_samples, y, name)
    if (y != y.round()).any():
        raise ValueError(f"{name} must hold integer class indices for loss='ce', found values "
                         f"such as {some_values(y[y != y.round()])}")
    high = math.inf if out_features is None else out_features
    outside = (y < 0) | (y >= high)
    if outside.any():
        classes = ">= 0" if out_features is None else f"in [0, {out_features})"
        limit = "" if out_features is None else f" (out_features={out_features})"
        raise ValueError(f"{name} must hold class indices {classes} for loss='ce'{limit}, "
                         f"found values such as {some_values(y[outside])}")
    return y.to(torch.int64)


def _one_hot_targets(y, n_samples: int, out_features: int, name: str = "y") -> torch.Tensor:
    """Targets of "ce": class indices `(N,)`, returned one-hot `(N, out_features)`."""
    labels = class_indices(y, n_samples, out_features, name)
    return nn.functional.one_hot(labels, out_features).to(torch.float32)


def _outputs_per_column(y: torch.Tensor, n_samples: int) -> int:
    """One output for targets `(N,)`, else one per column of `y`."""
    return 1 if y.ndim < 2 else y.shape[-1]


def _outputs_per_class(y: torch.Tensor, n_samples: int) -> int:
    """One output per class: the largest class index plus 1."""
    return int(class_indices(y, n_samples, None).max()) + 1


# -- values and gradients --------------------------------------------------------------------


def _bce_closed_form(out, t, g, d_out, losses_out) -> None:
    """`softplus(t * logit)` with `t = 1 - 2y`; its gradient is `sigmoid(t * logit) * t`."""
    u = out.mul_(t)
    if losses_out is not None:  # d_out is free until the gradient below
        torch.sum(torch._C._nn.softplus(u, 1, 20, out=d_out), dim=(1, 2), out=losses_out)
    torch.sigmoid(u, out=d_out).mul_(g)


def _mse_closed_form(out, t, g, d_out, losses_out) -> None:
    """`(out - y)^2`, `t = y`; its gradient is `2 (out - y)`."""
    r = out.sub_(t)
    if losses_out is not None:
        torch.sum(torch.square(r, out=d_out), dim=(1, 2), out=losses_out)
    torch.mul(r, g, out=d_out)


def _ce_closed_form(out, t, g, d_out, losses_out) -> None:
    """`logsumexp(logits) - t · logits`, `t` one-hot; its gradient is `softmax(logits) - t`."""
    log_norm = torch.logsumexp(out, dim=1, keepdim=True)  # (K, 1, N), computed stably
    if losses_out is not None:
        torch.sum(log_norm.squeeze(1) - (out * t).sum(dim=1), dim=1, out=losses_out)
    torch.sub(out, log_norm, out=d_out).exp_().sub_(t).mul_(g)  # softmax - one-hot


def _cross_entropy(out: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy `(K,)` of logits `(K, O, N)` against one-hot targets `(O, N)`."""
    return (torch.logsumexp(out, dim=1) - (out * t).sum(dim=1)).mean(dim=1)


TABLE: dict[str, Loss] = {
    loss.name: loss for loss in [
        Loss(
            name="bce", label="BCE loss", targets=_binary_targets, outputs=_outputs_per_column,
            terms=lambda y: (1 - 2 * y).T,
            mean=lambda out, t: nn.functional.softplus(out * t).mean(dim=(1, 2)),
            scales=lambda y, t: (t * (1.0 / y.numel()), 1.0 / y.numel()),  # over all targets
            closed_form=_bce_closed_form,
        ),
        Loss(
            name="mse", label="MSE loss", targets=value_targets, outputs=_outputs_per_column,
            terms=lambda y: y.T,
            mean=lambda out, t: (out - t).square().mean(dim=(1, 2)),
            scales=lambda y, t: (2 * (1.0 / y.numel()), 1.0 / y.numel()),
            closed_form=_mse_closed_form,
        ),
        Loss(
            name="ce", label="CE loss", targets=_one_hot_targets, outputs=_outputs_per_class,
            terms=lambda y: y.T,  # one-hot
            mean=_cross_entropy,
            scales=lambda y, t: (1.0 / y.shape[0], 1.0 / y.shape[0]),  # a mean over samples
            closed_form=_ce_closed_form,
        ),
    ]
}


# -- a loss given by name or as a callable ---------------------------------------------------


def check_loss(loss) -> str | Callable:
    """Return `loss` if it is a known name or a callable, else raise a clear error."""
    if callable(loss) or (isinstance(loss, str) and loss in TABLE):
        return loss
    raise ValueError(
        f"loss must be one of {list(TABLE)} or a callable loss(outputs, y), got {loss!r}"
    )


def loss_name(loss: str | Callable) -> str:
    """A short printable name for a loss given by name or as a callable."""
    return loss if isinstance(loss, str) else getattr(loss, "__name__", repr(loss))


def target_matrix(y, n_samples: int, out_features: int, loss, name: str = "y") -> torch.Tensor:
    """Check and convert targets to shape `(N, out_features)`, the shape training works in.

    Accepts `(N,)` or `(N, 1)` when `out_features == 1`, and `(N, out_features)` otherwise.
    With the "bce" loss every target must be 0 or 1. With "ce" the targets are class
    indices `(N,)` and come back one-hot, `(N, out_features)`. For a callable loss, targets
    of another shape than the model's output (class indices, say) come back as given,
    checked only for their length and finiteness: integers as int64, the rest as float32.
    """
    if not callable(loss):
        return TABLE[loss].targets(y, n_samples, out_features, name)
    tensor = label_tensor(y, name)
    if not output_shaped(tensor, out_features):
        if tensor.ndim == 0:
            raise ValueError(f"{name} must have one target per sample, got a scalar")
        same_length(n_samples, tensor, name)
        return tensor
    return value_targets(y, n_samples, out_features, name)


def output_count(y: torch.Tensor, n_samples: int, loss, out_features) -> int:
    """The models' number of outputs: `out_features` if given, else what `y` implies.

    For "ce" one output per class (the largest label + 1); else 1 for targets of shape
    `(N,)`, or the last dimension of `y`.
    """
    if out_features is not None:
        return positive_int(out_features, "out_features")
    if callable(loss):
        return _outputs_per_column(y, n_samples)
    return TABLE[loss].outputs(y, n_samples)
