"""Toy datasets: rings, bands and a spiral to classify, and a damped sine to fit."""

from __future__ import annotations

import math

import torch

from ._checks import non_negative_float, optional_seed, positive_float, positive_int


def _generator(seed: int | None) -> torch.Generator:
    generator = torch.Generator()
    if seed is None:
        generator.seed()
    else:
        generator.manual_seed(seed)
    return generator


def make_rings(
    n_per_class: int = 1000, *, seed: int | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two classes in the plane: a filled disc inside a ring.

    Class 0 has radius `r ~ U(0, 1)`, class 1 has `r = 3 + U(0, 1)`; both have angle
    `θ ~ U(0, 2π)`. No straight line separates them in `(x, y)`, while a cut at `r = 2`
    does in polar coordinates. Class 0 comes first, then class 1.

    Args:
        n_per_class: Number of points in each class.
        seed: Seed of the local random generator; `None` draws fresh points each call.

    Returns:
        `X`, float32 tensor of shape `(2 * n_per_class, 2)`, and `y`, float32 tensor of
        shape `(2 * n_per_class,)` holding 0 (disc) or 1 (ring).

    Raises:
        ValueError: If `n_per_class` is not a positive integer or `seed` is negative.

    Examples:
        >>> X, y = make_rings(1000, seed=100)
        >>> X.shape, y.shape
        (torch.Size([2000, 2]), torch.Size([2000]))
        >>> y.mean().item()
        0.5
    """
    n = positive_int(n_per_class, "n_per_class")
    generator = _generator(optional_seed(seed))
    radius = torch.rand(2 * n, generator=generator, dtype=torch.float64)
    radius[n:] += 3.0
    angle = 2 * math.pi * torch.rand(2 * n, generator=generator, dtype=torch.float64)
    X = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    y = torch.cat([torch.zeros(n), torch.ones(n)])
    return X.float(), y


def make_bands(
    n_per_band: int = 250, *, bands: int = 4, seed: int | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """A disc and rings around it, of alternating class, scaled into the unit disc.

    Band `k` (`k = 0, …, bands - 1`) has radius `r = 2k + U(0, 1)`: band 0 is the disc of
    radius 1, band 1 the ring from 2 to 3, band 2 the ring from 4 to 5, and so on, with
    gaps of width 1 between them. Its class is `k % 2`, so neighbouring bands differ.
    Every point has angle `θ ~ U(0, 2π)`, and all coordinates are divided by the outer
    radius `2 · bands - 1`, so that the data fit in the unit disc, the scale that the
    initial weights of [`MLP`][toynn.MLP] suit. A single hidden layer has to build each
    circle out of straight lines that cross the other bands; two layers can compute the
    distance from the centre first and cut it into bands after. Band 0 comes first, then
    band 1, and so on.

    The draws are the band radii (`U(0, 1)` for every point, band 0 first), then the
    angles, in float32.

    Args:
        n_per_band: Number of points in each band.
        bands: Number of bands, the disc included; at least 2.
        seed: Seed of the local random generator; `None` draws fresh points each call.

    Returns:
        `X`, float32 tensor of shape `(bands * n_per_band, 2)`, and `y`, float32 tensor of
        shape `(bands * n_per_band,)` holding 0 (even bands, the disc first) or 1 (odd
        bands), like [`make_rings`][toynn.make_rings]'s labels.

    Raises:
        ValueError: If `n_per_band` is not a positive integer, `bands` is below 2, or
            `seed` is negative.

    Examples:
        >>> X, y = make_bands(100, seed=0)
        >>> X.shape, y.shape, y.mean().item()
        (torch.Size([400, 2]), torch.Size([400]), 0.5)
        >>> radius = X.norm(dim=1) * 7  # 4 bands: the outer radius is 7
        >>> [(round(radius[y == c].min().item()), round(radius[y == c].max().item()))
        ...  for c in (0, 1)]
        [(0, 5), (2, 7)]
    """
    n = positive_int(n_per_band, "n_per_band")
    bands = positive_int(bands, "bands")
    if bands < 2:
        raise ValueError(
            f"bands must be an integer >= 2 (a disc and at least one ring), got {bands!r}"
        )
    generator = _generator(optional_seed(seed))
    band = torch.arange(bands).repeat_interleave(n)
    radius = 2 * band + torch.rand(len(band), generator=generator)
    angle = 2 * math.pi * torch.rand(len(band), generator=generator)
    X = torch.stack([radius * angle.cos(), radius * angle.sin()], dim=1)
    return X / (2 * bands - 1), (band % 2).float()


def make_spiral(
    n_per_arm: int = 500,
    *,
    arms: int = 2,
    noise: float = 0.05,
    turns: float = 1.5,
    seed: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Interleaved spiral arms in the plane, one class per arm.

    Arm `k` is the curve `r = t`, `θ = 2π (turns · t + k / arms)` for `t` in `[0, 1]`:
    the arms start together at the origin and wind around it side by side, `1 / (turns ·
    arms)` apart in radius. Each point has `t = sqrt(u)` with `u ~ U(0, 1)`, which spreads
    the points about evenly along the arm, plus Gaussian noise of standard deviation
    `noise` on each coordinate. The more turns, the more often a straight line must bend to
    follow the arms, and the more a second hidden layer helps. Arm 0 comes first, then arm
    1, and so on.

    Args:
        n_per_arm: Number of points on each arm.
        arms: Number of arms, that is of classes; at least 2.
        noise: Standard deviation of the Gaussian noise added to each coordinate.
        turns: How many times each arm winds around the origin.
        seed: Seed of the local random generator; `None` draws fresh points each call.

    Returns:
        `X`, float32 tensor of shape `(arms * n_per_arm, 2)`, and `y`, of shape
        `(arms * n_per_arm,)`, the arm of each point. With two arms `y` is float32 0/1 like
        [`make_rings`][toynn.make_rings]'s labels, for one output and `loss="bce"`; with
        more it holds int64 class indices, for `out_features=arms` and `loss="ce"`.

    Raises:
        ValueError: If `n_per_arm` is not a positive integer, `arms` is below 2, `noise`
            is negative, `turns` is not positive, or `seed` is negative.

    Examples:
        >>> X, y = make_spiral(100, seed=0)
        >>> X.shape, y.dtype, y.mean().item()
        (torch.Size([200, 2]), torch.float32, 0.5)
        >>> X, y = make_spiral(100, arms=3, seed=0)
        >>> y.dtype, y.unique().tolist()
        (torch.int64, [0, 1, 2])
    """
    n = positive_int(n_per_arm, "n_per_arm")
    arms = positive_int(arms, "arms")
    if arms < 2:
        raise ValueError(f"arms must be an integer >= 2 (one class per arm), got {arms!r}")
    noise = non_negative_float(noise, "noise")
    turns = positive_float(turns, "turns")
    generator = _generator(optional_seed(seed))
    t = torch.rand(arms * n, generator=generator, dtype=torch.float64).sqrt()
    arm = torch.arange(arms).repeat_interleave(n)
    angle = 2 * math.pi * (turns * t + arm / arms)
    X = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], dim=1)
    X += noise * torch.randn(X.shape, generator=generator, dtype=torch.float64)
    return X.float(), (arm.float() if arms == 2 else arm)


def make_damped_sine(*, step: float = 0.1, flip: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """Samples of `y = sin(3x) · exp(-x/8)` on `x = -10, -10 + step, …` up to (not including) 10.

    The amplitude is large on the left (`exp(10/8) ≈ 3.5`) and small on the right
    (`exp(-10/8) ≈ 0.29`), which makes the curve a good test of what squared error weighs.

    Args:
        step: Spacing of the `x` grid; the default gives 200 points.
        flip: If true, reverse the targets left to right (`y[::-1]`), so the large
            oscillations sit on the right.

    Returns:
        `X`, float32 tensor of shape `(N, 1)`, and `y`, float32 tensor of shape `(N,)`,
        with `N = ceil(20 / step)`.

    Raises:
        ValueError: If `step` is not a positive number of at most 20.

    Examples:
        >>> X, y = make_damped_sine()
        >>> X.shape, y.shape
        (torch.Size([200, 1]), torch.Size([200]))
        >>> round(X[1, 0].item(), 6)
        -9.9
    """
    step = positive_float(step, "step")
    if step > 20:
        raise ValueError(f"step must be at most 20 (the grid spans -10 to 10), got {step!r}")
    n = max(1, math.ceil(20 / step - 1e-9))
    x = -10.0 + step * torch.arange(n, dtype=torch.float64)
    y = torch.sin(3 * x) * torch.exp(-x / 8)
    if flip:
        y = y.flip(0)
    return x.unsqueeze(1).float(), y.float()
