"""Words and numbers for titles, axis labels and descriptions of plots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .._losses import TABLE, loss_name


def num(value: float) -> str:
    """A number for prose: integers as they are, others to 3 significant digits."""
    value = float(value)
    if value == round(value) and abs(value) < 1e6:
        return str(int(round(value)))
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def pct(share: float) -> str:
    """A share as a percentage: whole percents, unless that rounds to 0 % or 100 %."""
    share = float(share)
    text = f"{share:.0%}"
    if text in ("0%", "100%") and share not in (0.0, 1.0):
        text = f"{share:.1%}"
    return text


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 epoch', '2 epochs'; `many` for irregular plurals ('2 classes')."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def and_(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def class_counts(classes: np.ndarray, names: list[str]) -> str:
    """'1000 class 0 and 1000 class 1' (classes that have no points are left out)."""
    counts = np.bincount(classes, minlength=len(names))
    return and_([f"{count} {names[c]}" for c, count in enumerate(counts) if count])


def plain(text: str) -> str:
    """Text of a title or label without mathtext dollars, on one line."""
    return " ".join(text.replace("$", "").split())


def sentence(text: str) -> str:
    """`text` ending with a full stop (unless it already ends a sentence)."""
    return text if text[-1:] in ".!?:" else text + "."


def loss_label(loss) -> str:
    """Axis label for a loss: 'BCE loss', or 'loss (my_loss)' for a callable."""
    name = loss_name(loss)
    return TABLE[name].label if name in TABLE else f"loss ({name})"


def model_name(model) -> str:
    """'width-3 sigmoid net' (with its depth when there are several hidden layers)."""
    depth = f", depth {model.depth}" if model.depth > 1 else ""
    return f"width-{model.width} {model.activation_name} net{depth}"


class Rows(NamedTuple):
    """How to name the rows `(width, depth)` of sweeps: what differs between them is named.

    Rows of one depth are named by width ("width 3", tick "3"), rows of one width by depth
    ("depth 2"), and a mix by both ("width 2, depth 3", tick "2×3").
    """

    axis: str  # the x-axis label
    per: str  # "width", "depth" or "width and depth", as in "per width"
    ticks: list[str]
    names: list[str]

    @property
    def per_in_words(self) -> str:
        """`per` for alt text, where a lone "width" reads better as "hidden width"."""
        return "hidden width" if self.per == "width" else self.per


def row_names(rows: Sequence[tuple[int, int]]) -> Rows:
    """The names of sweep rows, given as `(width, depth)` pairs."""
    if len({d for _, d in rows}) == 1:
        return Rows("hidden width", "width", [str(w) for w, _ in rows],
                    [f"width {w}" for w, _ in rows])
    if len({w for w, _ in rows}) == 1:
        return Rows(f"depth (hidden layers of width {rows[0][0]})", "depth",
                    [str(d) for _, d in rows], [f"depth {d}" for _, d in rows])
    return Rows("hidden width × depth", "width and depth", [f"{w}×{d}" for w, d in rows],
                [f"width {w}, depth {d}" for w, d in rows])
