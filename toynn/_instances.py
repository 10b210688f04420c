"""Checks that an argument is one of toynn's own objects: an `MLP`, a `SweepResult`.

They sit apart from `_checks` because they import the classes they check, which import
`_checks`; the functions that take a model or a sweep's result import them from here.
"""

from __future__ import annotations

from .models import MLP
from .sweeps import SweepResult


def check_model(model, *, in_features: int | None = None, what: str = "this function") -> MLP:
    """Return `model` if it is a `toynn.MLP` (with `in_features` inputs, if given)."""
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a toynn.MLP, got {type(model).__name__}")
    if in_features is not None and model.in_features != in_features:
        raise ValueError(
            f"{what} needs a model with in_features={in_features}, "
            f"but this model has in_features={model.in_features}"
        )
    return model


def check_sweep_result(result, name: str = "result") -> SweepResult:
    """Return `result` if it is a `toynn.SweepResult`, else raise a clear error."""
    if not isinstance(result, SweepResult):
        raise TypeError(f"{name} must be a toynn.SweepResult, got {type(result).__name__}")
    return result
