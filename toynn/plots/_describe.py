"""What the plots drew, in words: the registry of descriptions and `describe`.

Every plot function records one sentence about what it drew (with the key numbers) on
the Axes or Figure it drew on; `describe` puts a figure's sentences together as its alt
text. The registry is keyed weakly on the matplotlib objects, so it neither keeps a
closed figure alive nor writes attributes onto objects it does not own.
"""

from __future__ import annotations

import weakref

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._text import and_, plain, plural, sentence

# Per Axes or Figure: (sentence, weak references to the artists on the Axes when it was
# recorded). The artists tell whether the sentence still describes the Axes: after
# `ax.clear()` none of them is drawn there any more. Only weak references: an artist
# refers to its Axes, so a strong one would keep the key alive for ever.
_descriptions: weakref.WeakKeyDictionary[Axes | Figure, list[tuple[str, list[weakref.ref]]]] = (
    weakref.WeakKeyDictionary()
)
# Axes that another description already covers (a colour bar, the panels of a grid).
_covered: weakref.WeakSet[Axes] = weakref.WeakSet()

_FALLBACK_ARTISTS = (("line", "lines"), ("set of points", "sets of points"),
                     ("image", "images"), ("patch", "patches"))


def _drawn(ax: Axes) -> list:
    """The artists that show data on `ax` (not its spines, axis lines or title)."""
    return [*ax.lines, *ax.collections, *ax.images, *ax.patches]


def record(target: Axes | Figure, text: str) -> None:
    """Remember `text`, one sentence, as a description of what was drawn on `target`.

    On axes the sentence is kept with the artists drawn so far, so that `describe` can
    drop it once they are gone (`ax.clear()`).
    """
    artists = [weakref.ref(a) for a in _drawn(target)] if isinstance(target, Axes) else []
    _descriptions.setdefault(target, []).append((text, artists))


def cover(ax: Axes) -> None:
    """Leave `ax` out of `describe`: a description of its figure or of other axes covers it."""
    _covered.add(ax)


def _recorded(target: Axes | Figure) -> list[str]:
    """The sentences recorded on `target` whose artists are still drawn there."""
    entries = _descriptions.get(target, [])
    if not isinstance(target, Axes):
        return [text for text, _ in entries]
    present = {id(artist) for artist in _drawn(target)}

    def shown(artists: list[weakref.ref]) -> bool:
        return not artists or any((artist := ref()) is not None and id(artist) in present
                                  for ref in artists)

    return [text for text, artists in entries if shown(artists)]


def _fallback(ax: Axes) -> str:
    """An honest description of axes that no toynn function drew on: labels and contents."""
    axes = [("x", ax.get_xlabel()), ("y", ax.get_ylabel())]
    if hasattr(ax, "get_zlabel"):
        axes.append(("z", ax.get_zlabel()))
    labelled = [f"{name} axis {plain(label)!r}" for name, label in axes if plain(label)]
    kind = "3-D plot" if ax.name == "3d" else "plot"
    text = f"A {kind} with {and_(labelled)}" if labelled else f"A {kind} without axis labels"
    counts = [len(ax.get_lines()), len(ax.collections), len(ax.images), len(ax.patches)]
    shown = [plural(n, one, many) for n, (one, many) in zip(counts, _FALLBACK_ARTISTS) if n]
    return text + (f", showing {and_(shown)}." if shown else ".")


def _describe_axes(ax: Axes) -> str:
    title = plain(ax.get_title())
    recorded = _recorded(ax)
    body = " ".join(recorded) if recorded else _fallback(ax)
    return f"{sentence(title)} {body}" if title else body


def describe(fig_or_ax: Figure | Axes) -> str:
    """A text alternative for a figure: what each of its plots shows, with the key numbers.

    Every plot function of `toynn.plots` records a sentence about what it drew on the axes
    it drew on, such as "Loss curves on a log scale of 2 runs over 50 epochs: width 1
    (final 0.69), width 3 (0.52)." `describe` puts together, for each axes of the figure,
    its title as it is now (after any `ax.set_title`) and those sentences. Axes that no
    toynn function drew on get a plain description of their axis labels and contents.
    Use it as the `alt` text of a figure on a web page, or as its caption.

    Args:
        fig_or_ax: A `Figure` (its title, then every axes in order, each introduced as
            "Panel k of n" when there are several) or a single `Axes`.

    Returns:
        The description, as plain text (mathtext dollars removed).

    Raises:
        TypeError: If `fig_or_ax` is neither a matplotlib `Figure` nor an `Axes`.

    Examples:
        >>> import matplotlib.pyplot as plt
        >>> from toynn import describe, make_rings, plot_data
        >>> X, y = make_rings(100, seed=0)
        >>> fig, (left, right) = plt.subplots(1, 2)
        >>> _ = plot_data(X, y, labels=["disc", "ring"], ax=left)
        >>> _ = right.plot([0, 1], [1, 0])
        >>> _ = right.set(title="By hand", xlabel="t")
        >>> print(describe(fig))
        Panel 1 of 2: 200 points, 2 classes. Scatter plot of 200 points in the plane: 100 disc
        and 100 ring. Panel 2 of 2: By hand. A plot with x axis 't', showing 1 line.
    """
    if isinstance(fig_or_ax, Axes):
        return _describe_axes(fig_or_ax)
    if not isinstance(fig_or_ax, Figure):
        raise TypeError(
            f"fig_or_ax must be a matplotlib Figure or Axes, got {type(fig_or_ax).__name__}"
        )
    fig = fig_or_ax
    parts = []
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    if plain(suptitle):
        parts.append(sentence(plain(suptitle)))
    parts.extend(_recorded(fig))
    shown = [ax for ax in fig.axes
             if ax.get_visible() and ax not in _covered
             and not hasattr(ax, "_colorbar") and (ax.axison or ax.has_data())]
    for k, ax in enumerate(shown):
        text = _describe_axes(ax)
        parts.append(f"Panel {k + 1} of {len(shown)}: {text}" if len(shown) > 1 else text)
    if not parts:
        return "An empty figure."
    return " ".join(parts)
