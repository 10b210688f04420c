"""The one home of input checks: clear errors instead of cryptic torch ones.

Every public function validates its arguments with these helpers, so that one kind of
mistake gets one message wherever it is made. They know numbers, seeds, tensors and
devices, nothing of toynn itself: this module imports no other toynn module, and the
checks that need toynn's knowledge live beside it (losses in `_losses`, activations in
`_activations`, models and sweep results in `_instances`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np
import torch


def positive_int(value, name: str) -> int:
    """Return `value` as an int, or raise if it is not an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def positive_float(value, name: str) -> float:
    """Return `value` as a float, or raise if it is not a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def non_negative_float(value, name: str) -> float:
    """Return `value` as a float, or raise if it is not a finite number >= 0."""
    if (isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value)
            or value < 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def optional_seed(seed, name: str = "seed") -> int | None:
    """Return `seed` as an int (or None), or raise if it is not a non-negative integer."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise ValueError(f"{name} must be None or an integer >= 0, got {seed!r}")
    return int(seed)


def float_tensor(data, name: str) -> torch.Tensor:
    """Convert an array, list or tensor of real numbers to a float32 tensor of finite values."""
    if isinstance(data, torch.Tensor):
        tensor = data.detach()
    else:
        try:
            tensor = torch.as_tensor(np.asarray(data))
        except (TypeError, ValueError) as error:
            raise TypeError(f"{name} must be a tensor or array of numbers ({error})") from None
    if tensor.is_complex():
        raise TypeError(f"{name} must hold real numbers, got dtype {tensor.dtype}")
    tensor = tensor.to(torch.float32)
    if tensor.numel() and not torch.isfinite(tensor).all():
        bad = int((~torch.isfinite(tensor)).sum())
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s)")
    return tensor


def input_matrix(X, name: str = "X", *, in_features: int | None = None) -> torch.Tensor:
    """Check and convert inputs `X` to a float32 tensor of shape `(N, in_features)`."""
    X = float_tensor(X, name)
    if X.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D of shape (N, features), got shape {tuple(X.shape)}"
            + ("; use X.reshape(-1, 1) for a single feature" if X.ndim == 1 else "")
        )
    if X.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got shape {tuple(X.shape)}")
    if in_features is not None and X.shape[1] != in_features:
        raise ValueError(
            f"{name} has {X.shape[1]} feature(s) per sample but the model expects "
            f"in_features={in_features}"
        )
    return X


def same_length(n_samples: int, y: torch.Tensor, name: str) -> None:
    """Raise unless `y` holds one entry per sample, `n_samples` of them."""
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X and {name} must have the same number of samples, got {n_samples} and {y.shape[0]}"
        )


def target_vector(y, n_samples: int, name: str = "y") -> torch.Tensor:
    """Check and convert one target per sample to a float32 tensor of shape `(N,)`.

    Accepts `(N,)` and `(N, 1)`, the two shapes a single output is commonly given in.
    """
    y = float_tensor(y, name)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.squeeze(1)
    if y.ndim != 1:
        raise ValueError(f"{name} must have shape (N,) or (N, 1), got shape {tuple(y.shape)}")
    same_length(n_samples, y, name)
    return y


def label_tensor(y, name: str = "y") -> torch.Tensor:
    """Convert targets to a tensor, keeping integer labels as int64 and the rest as float32."""
    tensor = y.detach() if isinstance(y, torch.Tensor) else None
    if tensor is None:
        try:
            tensor = torch.as_tensor(np.asarray(y))
        except (TypeError, ValueError):
            tensor = None  # float_tensor names the problem
    if tensor is not None and not tensor.is_floating_point() and not tensor.is_complex() \
            and tensor.dtype != torch.bool:
        return tensor.to(torch.int64)
    return float_tensor(y, name)


def some_values(y: torch.Tensor) -> list:
    """Up to five distinct values of `y`, whole numbers written as integers."""
    return [int(v) if float(v).is_integer() else v for v in torch.unique(y)[:5].tolist()]


def torch_device(value) -> torch.device | None:
    """Return a `torch.device` (or None), raising a clear error for an unusable device."""
    if value is None:
        return None
    try:
        dev = torch.device(value)
    except (RuntimeError, TypeError) as error:
        raise ValueError(
            f"device must be None, 'cpu', 'cuda' or a torch.device ({error})"
        ) from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError("device='cuda' was asked for, but torch sees no CUDA GPU on this machine")
    return dev


def distinct_ints(values, name: str, *, minimum: int) -> list[int]:
    """`values` as a list of distinct ints, each at least `minimum` (1 or 0)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, range)):
        try:
            values = list(values)
        except TypeError:
            raise TypeError(f"{name} must be a list of integers, got {values!r}") from None
    values = list(values)
    if not values:
        raise ValueError(f"{name} must not be empty")
    checked = [
        positive_int(v, f"each of {name}") if minimum == 1
        else optional_seed(v, f"each of {name}") for v in values
    ]
    duplicates = sorted(v for v, n in Counter(checked).items() if n > 1)  # linear: 10**5 seeds
    if duplicates:
        raise ValueError(f"{name} must be distinct, but {duplicates} appear more than once")
    return checked
