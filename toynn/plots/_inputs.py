"""What plot functions are given, checked and converted: axes, data, grids over the data.

Data arrive as tensors, arrays or lists and leave as float64 numpy arrays, which is what
matplotlib draws; models are evaluated on such arrays by `model_outputs`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes

from .._checks import float_tensor, non_negative_float, positive_int, target_vector
from .._classes import class_labels
from .._geometry import Box


def axes_for(ax, *, figsize: tuple[float, float], three_d: bool = False) -> Axes:
    """Return `ax` after checking its kind, or the axes of a new white figure.

    A white background keeps new figures readable when a dark-mode site inverts them.
    """
    if ax is None:
        fig = plt.figure(figsize=figsize, layout="constrained", facecolor="white")
        return fig.add_subplot(projection="3d" if three_d else None)
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if three_d and ax.name != "3d":
        raise ValueError(
            "ax must be a 3-D axes for this plot, e.g. fig.add_subplot(projection='3d'), "
            f"got a {ax.name!r} axes"
        )
    if not three_d and ax.name == "3d":
        raise ValueError("ax must be a 2-D axes for this plot, got a 3-D axes")
    return ax


def input_tensor(X, name: str = "X", *, features: tuple[int, ...] = (1, 2)) -> torch.Tensor:
    """`X` as a float32 tensor of shape `(N, d)`, `d` in `features`; 1-D `X` counts as `(N, 1)`.

    For inputs that go to a model; `input_array` gives them as matplotlib draws them.
    """
    X = float_tensor(X, name)
    if X.ndim == 1 and 1 in features:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] not in features:
        shapes = " or ".join(f"(N, {d})" for d in features)
        raise ValueError(f"{name} must have shape {shapes}, got shape {tuple(X.shape)}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got shape {tuple(X.shape)}")
    return X


def input_array(X, name: str = "X", *, features: tuple[int, ...] = (1, 2)) -> np.ndarray:
    """`X` as a float64 array of shape `(N, d)`, `d` in `features`; 1-D `X` counts as `(N, 1)`."""
    return input_tensor(X, name, features=features).double().numpy()


def target_array(y, n: int, name: str = "y") -> np.ndarray:
    """`y` as a float64 array of shape `(n,)`; `(n, 1)` is accepted too."""
    return target_vector(y, n, name).double().numpy()


def optional_points(X, y, labels) -> tuple[np.ndarray | None, np.ndarray | None, list[str]]:
    """The optional 2-D points `X` and class labels `y` a plot draws on top, and class names.

    `y` needs `X`; either may be None (then no names).
    """
    if X is None:
        if y is not None:
            raise ValueError("y was given without X; pass the inputs X as well")
        return None, None, []
    X = input_array(X, features=(2,))
    if y is None:
        return X, None, []
    y, names = class_labels(y, len(X), labels)
    return X, y, names


def check_margin(margin) -> float:
    """`margin` as a float, or raise if it is not a finite number >= 0."""
    return non_negative_float(margin, "margin")


def check_resolution(resolution, name: str = "resolution") -> int:
    """`resolution` as an int, or raise if it is not an integer >= 2."""
    resolution = positive_int(resolution, name)
    if resolution < 2:
        raise ValueError(f"{name} must be at least 2, got {resolution}")
    return resolution


@torch.no_grad()
def model_outputs(model, X: np.ndarray) -> np.ndarray:
    """The model's raw outputs at the inputs `X`, as a float64 array."""
    parameter = next(model.parameters())
    X = torch.as_tensor(X, dtype=parameter.dtype, device=parameter.device)
    return model(X).double().cpu().numpy()


def data_box(X: np.ndarray, margin: float) -> Box:
    """Bounding box `(x0, x1, y0, y1)` of `(N, 2)` inputs, widened by `margin` of its span."""
    low, high = X.min(axis=0), X.max(axis=0)
    span = np.where(high > low, high - low, np.maximum(1.0, np.abs(low)))
    low, high = low - margin * span, high + margin * span
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def grid_over(box: Box, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A `resolution × resolution` grid over `box`: its x values, y values and `(R*R, 2)` points."""
    xs = np.linspace(box[0], box[1], resolution)
    ys = np.linspace(box[2], box[3], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def pixel_extent(box: Box, resolution: int) -> Box:
    """Image extent that centres each pixel of a `grid_over(box, resolution)` on its point."""
    dx = (box[1] - box[0]) / (resolution - 1) / 2
    dy = (box[3] - box[2]) / (resolution - 1) / 2
    return box[0] - dx, box[1] + dx, box[2] - dy, box[3] + dy
