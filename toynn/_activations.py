"""What toynn knows of each activation module: how to train it, and what it can output.

`closed_form` is the table the training engine reads. Each closed-form activation is a
pair: `forward(Z, out, module)` writes the activation of `Z` into `out`, and
`backward(dA, Z, A, scratch, module)` turns `dA` into `dA * f'(Z)` in place, where it may
use `scratch`, a buffer shaped like `Z` (`READS_Z` and `USES_SCRATCH` say which do).
Both write into preallocated tensors: allocating megabyte-sized temporaries every epoch
costs page faults that can triple the epoch time. Activations not listed in
`closed_form` train through autograd.

`activation_range` gives the bounds of the bounded ones (what the plots scale colours to
and step predictions step between), and `check_activation` refuses the ones training
cannot train.
"""

from __future__ import annotations

import torch
from torch import nn


def _sigmoid_backward(dA, Z, A, scratch, module):
    dA.mul_(A).addcmul_(dA, A, value=-1.0)  # dA * A * (1 - A)


def _tanh_backward(dA, Z, A, scratch, module):
    dA.addcmul_(dA, torch.mul(A, A, out=scratch), value=-1.0)  # dA * (1 - A^2)


def _relu_backward(dA, Z, A, scratch, module):
    dA.mul_(torch.sign(A, out=scratch))  # A >= 0, so sign(A) is the step function


def _leaky_relu_forward(Z, out, module):
    torch.maximum(Z, torch.mul(Z, module.negative_slope, out=out), out=out)


def _leaky_relu_backward(dA, Z, A, scratch, module):
    slope = module.negative_slope
    dA.mul_(torch.gt(Z, 0, out=scratch).mul_(1 - slope).add_(slope))


def _softplus_backward(dA, Z, A, scratch, module):
    dA.mul_(torch.sigmoid(torch.mul(Z, module.beta, out=scratch), out=scratch))


def _sigmoid_forward(Z, out, module):
    torch.sigmoid(Z, out=out)


def _tanh_forward(Z, out, module):
    torch.tanh(Z, out=out)


def _relu_forward(Z, out, module):
    torch.clamp(Z, min=0, out=out)


def _module_forward(Z, out, module):
    out.copy_(module(Z))


def _identity_backward(dA, Z, A, scratch, module):
    pass


# What each backward reads besides dA and A: an epoch allocates only what is read.
READS_Z = frozenset({_leaky_relu_backward, _softplus_backward})
USES_SCRATCH = frozenset({_tanh_backward, _relu_backward, _leaky_relu_backward,
                          _softplus_backward})


def closed_form(module: nn.Module):
    """The (forward, backward) pair for `module`, or None where autograd must do the work."""
    kind = type(module)
    if kind is nn.Sigmoid:
        return _sigmoid_forward, _sigmoid_backward
    if kind is nn.Tanh:
        return _tanh_forward, _tanh_backward
    if kind is nn.ReLU:
        return _relu_forward, _relu_backward
    if kind is nn.LeakyReLU and 0 <= module.negative_slope <= 1:  # then max(z, slope * z)
        return _leaky_relu_forward, _leaky_relu_backward
    if kind is nn.Softplus and module.beta * 1.0 > 0 and module.threshold >= 20:
        return _module_forward, _softplus_backward  # linear part: sigmoid is 1 in float32
    if kind is nn.Identity:
        return _module_forward, _identity_backward
    return None


def check_activation(activation: nn.Module) -> None:
    """Refuse activations with parameters of their own (like `nn.PReLU`): training ignores them."""
    if any(True for _ in activation.parameters()):
        raise ValueError(
            f"activation {activation!r} has parameters of its own, which fit and sweep do not "
            "train; use an activation without parameters (see toynn.ACTIVATIONS)"
        )


def activation_range(activation: nn.Module) -> tuple[float, float] | None:
    """`(low, high)` of a bounded activation, `None` for the others.

    Sigmoid maps into `(0, 1)` and tanh into `(-1, 1)`. These bounds are also the two
    levels of the hard step that the activation tends to far from 0, which is what
    step predictions replace it by.
    """
    if isinstance(activation, nn.Sigmoid):
        return 0.0, 1.0
    if isinstance(activation, nn.Tanh):
        return -1.0, 1.0
    return None
