"""Class labels as the figures take them, in `toynn.plots` and `toynn.interactive` alike."""

from __future__ import annotations

import numpy as np

from ._checks import target_vector
from ._palette import CLASS_COLORS


def class_labels(y, n: int, labels) -> tuple[np.ndarray, list[str]]:
    """Integer class labels of shape `(n,)` and one display name per class.

    Labels are 0, 1, … with at most one class per colour of `CLASS_COLORS`; `labels`
    names them (at least one name per class), else they are "class 0", "class 1", ….
    """
    y = target_vector(y, n).double().numpy()
    limit = len(CLASS_COLORS)
    if not (np.all(y == np.round(y)) and y.min() >= 0 and y.max() < limit):
        raise ValueError(
            f"y must hold class labels 0, 1, ... (at most {limit} classes), "
            f"found values such as {np.unique(y)[:5].tolist()}"
        )
    y = y.astype(int)
    n_classes = int(y.max()) + 1
    if labels is None:
        return y, [f"class {c}" for c in range(n_classes)]
    if isinstance(labels, str):
        raise ValueError(f"labels must be a sequence of class names, got {labels!r}")
    labels = list(labels)
    if len(labels) < n_classes:
        raise ValueError(
            f"labels must name every class: y has {n_classes} "
            f"{'class' if n_classes == 1 else 'classes'}, 0 to {n_classes - 1}, "
            f"but labels has {len(labels)} name(s)"
        )
    return y, [str(label) for label in labels]
