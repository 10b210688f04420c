"""toynn: see how small neural networks work.

Toy datasets, a small configurable MLP, fast full-batch training that records its history,
helpers that expose what hidden units do, batched training of many models at once, and
plots of all of it.
"""

import importlib

from .claims import ClaimWarning, check_claim
from .data import make_bands, make_damped_sine, make_rings, make_spiral
from .hidden import (
    activation_codes,
    count_regions,
    hidden_lines,
    output_weights,
    step_predict,
    thresholds,
)
from .models import ACTIVATIONS, MLP
from .plots import (
    describe,
    plot_data,
    plot_decision_regions,
    plot_epochs_to_success,
    plot_final_losses,
    plot_hidden_lines,
    plot_hidden_space,
    plot_hidden_space_grid,
    plot_layers,
    plot_losses,
    plot_network,
    plot_regression_fit,
    plot_success_rate,
    plot_sweep_curves,
    plot_unit_heatmaps,
)
from .sweeps import SweepResult, sweep
from .training import LOSSES, History, fit

__version__ = "0.2.0"


def __getattr__(name: str):
    """Import `toynn.interactive` (and with it plotly) when it is first used, not before."""
    if name == "interactive":
        return importlib.import_module(".interactive", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ACTIVATIONS",
    "ClaimWarning",
    "LOSSES",
    "MLP",
    "History",
    "SweepResult",
    "activation_codes",
    "check_claim",
    "count_regions",
    "describe",
    "fit",
    "hidden_lines",
    "interactive",
    "make_bands",
    "make_damped_sine",
    "make_rings",
    "make_spiral",
    "output_weights",
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
    "step_predict",
    "sweep",
    "thresholds",
]
