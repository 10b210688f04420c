"""Confidence intervals for the share of runs that succeed."""

from __future__ import annotations

import math

import torch


def wilson_interval(rate: torch.Tensor, n: int, confidence: float):
    """Wilson score interval `(low, high)` of success rates `rate`, each over `n` trials.

    Unlike the normal approximation it stays inside [0, 1] and is not empty at a rate of
    0 or 1, which is where small sweeps often land.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    z = math.sqrt(2) * torch.erfinv(torch.tensor(confidence)).item()
    centre = (rate + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * torch.sqrt(rate * (1 - rate) / n + z**2 / (4 * n**2))
    # The interval always contains the rate; the clamps also absorb float rounding.
    low = torch.minimum(centre - half, rate).clamp(min=0)
    high = torch.maximum(centre + half, rate).clamp(max=1)
    return low, high
