"""Checks of what a page says about its results, so that a sentence cannot silently go stale.

A tutorial states a result in words ("width 2 stalls above loss 0.1") and then checks it
with [`check_claim`][toynn.check_claim]. When a knob, a seed or the library changes and the
sentence stops being true, the reader's notebook shows a [`ClaimWarning`][toynn.ClaimWarning]
naming it, and the docs build, which turns the warning into an error, fails.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch


class ClaimWarning(UserWarning):
    """A statement a page makes about a result does not hold for this run.

    Examples:
        >>> import warnings
        >>> import toynn
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     toynn.check_claim(1 > 2, "one should exceed two")
        >>> caught[0].category.__name__, str(caught[0].message)
        ('ClaimWarning', 'claim does not hold: one should exceed two')
    """


def check_claim(holds, claim: str) -> None:
    """Warn with a [`ClaimWarning`][toynn.ClaimWarning] if `claim` does not hold.

    Args:
        holds: Whether the claim holds: a Python or NumPy bool, or a one-element bool tensor.
        claim: The claim in words, best with the value that decides it, e.g.
            `f"width 2 should stall above loss 0.1, got {loss:.3g}"`.

    Raises:
        TypeError: If `holds` is not a boolean (a number or a float tensor is refused: write
            the comparison out, so that the claim says what it tests).

    Examples:
        >>> import toynn
        >>> loss = 0.24
        >>> toynn.check_claim(loss > 0.1, f"width 2 should stall above loss 0.1, got {loss}")
    """
    if isinstance(holds, torch.Tensor) and holds.dtype == torch.bool and holds.numel() == 1:
        holds = bool(holds.item())
    elif isinstance(holds, (bool, np.bool_)):
        holds = bool(holds)
    else:
        raise TypeError(
            "holds must be a bool (the result of a comparison), got "
            f"{type(holds).__name__} {holds!r}"
        )
    if not isinstance(claim, str) or not claim:
        raise TypeError(f"claim must be a non-empty string, got {claim!r}")
    if not holds:
        warnings.warn(f"claim does not hold: {claim}", ClaimWarning, stacklevel=2)
