"""The geometry of the figures, shared by `toynn.plots` and `toynn.interactive`.

Pure numpy: lines and planes `w · h + b = 0` cut to the box a figure shows, the corners
and edges of that box, and the choice of a view in which a given corner is not drawn in
the middle of the picture. Boxes are given by their lowest and highest corner, `low` and
`high`, except in `clip_line`, which takes a 2-D view box `(x0, x1, y0, y1)`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

Box = tuple[float, float, float, float]  # (x0, x1, y0, y1)
# Crossings are rounded to this many decimals, which merges the copies of a corner that
# the plane passes through (one per edge that meets there).
_DECIMALS = 9


def clip_line(w: np.ndarray, b: float, box: Box) -> tuple[np.ndarray, np.ndarray] | None:
    """Endpoints of the part of the line `w · p + b = 0` inside `box`, or `None`.

    The segment runs along `(-w[1], w[0])`, so that `w` points to its left.
    """
    norm = math.hypot(*w)
    if norm == 0:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        anchor = -b * w / norm**2  # the point of the line closest to the origin
    if not np.isfinite(anchor).all():
        return None
    direction = np.array([-w[1], w[0]]) / norm
    t_low, t_high = -np.inf, np.inf
    for k, (low, high) in enumerate((box[:2], box[2:])):
        if abs(direction[k]) < 1e-12:
            if not low <= anchor[k] <= high:
                return None
            continue
        ta, tb = sorted(((low - anchor[k]) / direction[k], (high - anchor[k]) / direction[k]))
        t_low, t_high = max(t_low, ta), min(t_high, tb)
    if not t_low < t_high:
        return None
    return anchor + t_low * direction, anchor + t_high * direction


def cube_corners(low: float, high: float, n: int) -> np.ndarray:
    """The `2**n` corners of the cube `[low, high]**n`, shape `(2**n, n)`.

    In binary order, the first axis the slowest (the order of `activation_codes`): corner
    `k` is at `high` on axis `a` where bit `n - 1 - a` of `k` is set.
    """
    return np.array(list(itertools.product((low, high), repeat=n)), dtype=float)


def box_edges(low: np.ndarray, high: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The edges of the box `[low, high]`, each as its (lower, upper) end, axis by axis."""
    n = len(low)
    edges = []
    for axis in range(n):
        others = [k for k in range(n) if k != axis]
        for fixed in itertools.product(*((low[k], high[k]) for k in others)):
            start, end = np.empty(n), np.empty(n)
            start[others] = end[others] = fixed
            start[axis], end[axis] = low[axis], high[axis]
            edges.append((start, end))
    return edges


def box_crossings(normal: np.ndarray, offset: float, low: np.ndarray,
                  high: np.ndarray) -> np.ndarray:
    """Where the hyperplane `normal · h + offset = 0` crosses the edges of the box, sorted."""
    found = []
    for a, b in box_edges(low, high):
        fa, fb = normal @ a + offset, normal @ b + offset
        if fa != fb and fa * fb <= 0:
            found.append(a + fa / (fa - fb) * (b - a))
    if not found:
        return np.empty((0, len(low)))
    return np.unique(np.round(found, _DECIMALS), axis=0)


def plane_in_box(normal: np.ndarray, offset: float, low, high) -> np.ndarray | None:
    """The part of `normal · h + offset = 0` inside the box `[low, high]`, or `None`.

    In 2-D the segment's two ends, in the order of their x (then y); in 3-D the polygon's
    corners, in order round it (anticlockwise seen from the side `normal` points to).
    `low` and `high` are the box's lowest and highest corners, or numbers for a cube.
    """
    normal = np.asarray(normal, dtype=float)
    low, high = (np.broadcast_to(np.asarray(v, dtype=float), normal.shape) for v in (low, high))
    points = box_crossings(normal, offset, low, high)
    if len(points) < len(normal):
        return None
    if len(normal) == 2:
        return points[[0, -1]]
    centre = points.mean(axis=0)
    first = points[0] - centre
    second = np.cross(normal / np.linalg.norm(normal), first)
    return points[np.argsort(np.arctan2((points - centre) @ second, (points - centre) @ first))]


def nearest_corner(points: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The corner nearest to the mean of `points` (class 0's corner, for the rings)."""
    mean = points.mean(axis=0)
    return corners[np.argmin(np.linalg.norm(corners - mean, axis=1))]


def view_showing(corner: np.ndarray | None, centre: float, sights: Sequence[np.ndarray]) -> int:
    """Index of the line of sight (a unit vector) in which `corner` is far from the middle.

    The two corners on the line of sight through the cube's centre are drawn at the
    middle of the picture, where they read as inside the cube; this picks the candidate
    in which `corner` projects farthest from that line (the first one without a corner).
    """
    if corner is None:
        return 0
    offset = corner - centre

    def off_centre(k: int) -> float:
        sight = sights[k]
        return round(float(np.linalg.norm(offset - (offset @ sight) * sight)), 6)

    return max(range(len(sights)), key=off_centre)
