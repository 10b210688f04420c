"""Input checks shared by the public functions: clear errors instead of cryptic torch ones."""

from __future__ import annotations

import math
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


def inputs(X, name: str = "X", *, in_features: int | None = None) -> torch.Tensor:
    """Check and convert an input matrix of shape `(N, in_features)`."""
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


def targets(y, n_samples: int, out_features: int, loss, name: str = "y") -> torch.Tensor:
    """Check and convert targets to shape `(N, out_features)`.

    Accepts `(N,)` or `(N, 1)` when `out_features == 1`, and `(N, out_features)` otherwise.
    With the "bce" loss every target must be 0 or 1.
    """
    y = float_tensor(y, name)
    if out_features == 1 and y.ndim == 1:
        y = y.unsqueeze(1)
    if y.ndim != 2 or y.shape[1] != out_features:
        expected = "(N,) or (N, 1)" if out_features == 1 else f"(N, {out_features})"
        raise ValueError(f"{name} must have shape {expected}, got shape {tuple(y.shape)}")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X and {name} must have the same number of samples, got {n_samples} and {y.shape[0]}"
        )
    if loss == "bce" and not ((y == 0) | (y == 1)).all():
        values = torch.unique(y)[:5].tolist()
        raise ValueError(
            f"{name} must hold only 0 and 1 for loss='bce' (it is a binary classification loss "
            f"on logits), found values such as {values}"
        )
    return y


def device(value) -> torch.device | None:
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
