"""Pictures of data, training and hidden units.

Every function draws on the axes it is given (keyword `ax`) or, if none, on a new figure
made with `matplotlib.pyplot`, and returns what it drew on: the `Axes`, or the `Figure`
for multi-panel helpers. Nothing here shows a figure, reads the "current" axes or changes
matplotlib's global settings: showing the figure is yours to do (Jupyter does it for you).

Colours come from the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness; classes differ in marker as well as in colour. New figures have
a white background, so they also read well when a dark-mode site inverts them. Every plot
records a description of what it drew, which [`describe`][toynn.plots.describe] turns
into a figure's alt text.
"""

from ._data import plot_data, plot_losses
from ._decision_regions import plot_decision_regions
from ._describe import describe
from ._hidden_lines import plot_hidden_lines
from ._hidden_space import plot_hidden_space, plot_hidden_space_grid
from ._layers import plot_layers
from ._network import plot_network
from ._regression import plot_regression_fit
from ._sweep_curves import plot_sweep_curves
from ._sweeps import plot_epochs_to_success, plot_final_losses, plot_success_rate
from ._unit_heatmaps import plot_unit_heatmaps

__all__ = [
    "describe",
    "plot_data",
    "plot_decision_regions",
    "plot_epochs_to_success",
    "plot_final_losses",
    "plot_hidden_lines",
    "plot_hidden_space",
    "plot_hidden_space_grid",
    "plot_layers",
    "plot_losses",
    "plot_network",
    "plot_regression_fit",
    "plot_success_rate",
    "plot_sweep_curves",
    "plot_unit_heatmaps",
]
