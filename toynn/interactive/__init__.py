"""Interactive figures: scrub through training, rotate the hidden space.

The matplotlib plots of [`toynn.plots`][toynn.plots] show one moment from one angle.
These functions draw the same things with plotly, whose figures Jupyter, VS Code and
Colab show as they are: a slider over the snapshots that [`fit`][toynn.fit] kept
(`fit(..., snapshots=50)`), a play button, and 3-D views that turn with the mouse. Each
returns a `plotly.graph_objects.Figure`; `fig.write_html("fig.html")` saves it as a page.

Arrays in the figures are float32 and shared parts (the data points, the loss curve)
are stored once, not per frame, which keeps a figure of 50 frames to a few hundred KB.
`fig.layout.meta["description"]` says in words what the figure shows, for alt text.

Examples:
    >>> import toynn
    >>> X, y = toynn.make_rings(200, seed=0)
    >>> history = toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=0.01, epochs=100,
    ...                     seed=0, snapshots=20)
    >>> fig = toynn.interactive.training_scrubber(history, X, y)
    >>> len(fig.frames), fig.frames[-1].name
    (20, '100')
"""

from ._classifier import training_scrubber
from ._hidden_space import hidden_space
from ._regression import regression_scrubber

__all__ = ["hidden_space", "regression_scrubber", "training_scrubber"]
