"""What the interactive figures share: input checks, frames and a slider, the loss panel."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import torch

from .._instances import check_model
from .._palette import CLASS_COLORS, GREY
from ..models import MLP
from ..training import History

CLASS_SYMBOLS = ("circle", "triangle-up", "square", "diamond")
CLASS_SYMBOLS_3D = ("circle", "diamond", "square", "cross")
DASHES = ("solid", "dash", "dashdot", "dot", "longdash")
LAYOUT = {  # transparent, so that the page's background shows through
    "template": "plotly_white", "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": {"color": "#333", "size": 13}, "hovermode": "closest",
    "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
}


# -- inputs ---------------------------------------------------------------------------------

def _snapshots(history, what: str) -> list[tuple[int, MLP]]:
    """The (epoch, model) of every snapshot of `history`, or a clear error."""
    if not isinstance(history, History):
        raise TypeError(f"{what} takes the History that fit returned, got "
                        f"{type(history).__name__}")
    if not history.snapshots:
        raise ValueError(f"{what} needs snapshots of training, and this History has none: "
                         "train with fit(..., snapshots=50) to keep 50 of them")
    return [(epoch, history.model_at(epoch)) for epoch in history.snapshots]


def _scrubbed_net(history, in_features: int, what: str) -> tuple[MLP, list[tuple[int, MLP]]]:
    """The model of `history` and its snapshots, for a scrubber of one-layer, one-output nets."""
    snapshots = _snapshots(history, what)
    model = history.model
    check_model(model, in_features=in_features, what=what)
    if model.out_features != 1 or model.depth != 1:
        raise ValueError(f"{what} draws a net with one hidden layer and one output; this "
                         f"model has depth {model.depth} and {model.out_features} outputs")
    return model, snapshots


def _f32(values) -> np.ndarray:
    """float32 copy: plotly writes numpy arrays compactly, as base64 typed arrays."""
    return np.asarray(values, dtype=np.float32)


@torch.no_grad()
def _outputs(model: MLP, X: np.ndarray) -> np.ndarray:
    return model(torch.as_tensor(X, dtype=torch.float32)).reshape(len(X)).numpy()


# -- scrubbing ------------------------------------------------------------------------------

def _changes(trace, shared: Sequence[str]) -> dict:
    """What a frame needs of a moving trace: its coordinates, less those never changing.

    Frames are merged into the figure's traces, so styles are stored once, in the figure.
    """
    keys = [key for key in ("x", "y", "z", "i", "j", "k") if key in trace and key not in shared]
    return {"type": trace.type, **{key: trace[key] for key in keys}}


def _add_slider(fig: go.Figure, epochs: list[int], frames: list[list], *, redraw: bool,
                shared: dict[int, Sequence[str]] | None = None) -> None:
    """Frames named by epoch, a slider labelled with epochs and a play button.

    `frames[f]` are the traces that move, the figure's first ones, at epoch `epochs[f]`;
    `shared[i]` names coordinates of moving trace `i` that are the same in every frame.
    """
    shared = shared or {}
    moving = list(range(len(frames[0])))
    fig.frames = [go.Frame(name=str(e), traces=moving,
                           data=[_changes(trace, shared.get(i, ()))
                                 for i, trace in enumerate(traces)])
                  for e, traces in zip(epochs, frames)]
    animation = {"frame": {"duration": 0, "redraw": redraw}, "transition": {"duration": 0},
                 "mode": "immediate"}
    fig.update_layout(
        sliders=[{
            "active": len(epochs) - 1, "pad": {"t": 40}, "len": 0.9, "x": 0.1,
            "currentvalue": {"prefix": "epoch "},
            "steps": [{"label": str(e), "method": "animate", "args": [[str(e)], animation]}
                      for e in epochs],
        }],
        updatemenus=[{
            "type": "buttons", "showactive": False, "x": 0, "y": 0, "xanchor": "left",
            "yanchor": "top", "pad": {"t": 50},
            "buttons": [{"label": "▶", "method": "animate",
                         "args": [None, {**animation, "frame": {"duration": 120,
                                                                "redraw": redraw},
                                         "fromcurrent": True}]}],
        }],
    )


def _loss_traces(history: History, epochs: list[int]) -> tuple[go.Scatter, list[go.Scatter]]:
    """The loss curve (at most 500 points) and, per snapshot, a marker on it.

    x is `epoch + 1`, on the log axis of `_epoch_axis`; the curve's points are spaced
    evenly on that axis.
    """
    losses = np.asarray(history.losses)
    shown = np.unique(np.r_[np.geomspace(1, len(losses), 500).astype(int) - 1,
                            len(losses) - 1])
    hover = "epoch %{customdata}<br>loss %{y:.4g}<extra></extra>"
    curve = go.Scatter(x=_f32(shown + 1), y=_f32(losses[shown]), customdata=shown,
                       mode="lines", name="loss", line={"color": GREY, "width": 2},
                       xaxis="x2", yaxis="y2", showlegend=False, hovertemplate=hover)
    markers = [go.Scatter(x=[e + 1], y=[history.losses[min(e, len(losses) - 1)]],
                          customdata=[e], mode="markers", xaxis="x2", yaxis="y2",
                          showlegend=False, hovertemplate=hover,
                          marker={"size": 11, "color": CLASS_COLORS[1], "symbol": "circle"})
               for e in epochs]
    return curve, markers


def _epoch_axis(epochs: int) -> dict:
    """A log axis of `epoch + 1`, labelled with epochs (0, 10, 100, ...).

    The snapshots are log-spaced, so on this axis the loss panel's marker moves as evenly
    as the slider.
    """
    decades = math.floor(math.log10(max(epochs, 1)))
    marks = [0] + [10**k for k in range(epochs >= 10, decades + 1)]
    return {"type": "log", "tickvals": [m + 1 for m in marks],
            "ticktext": [f"{m:,}" for m in marks],
            "title": {"text": "epoch (log scale)"}}


def _log_ticks(values: Sequence[float]) -> dict:
    """Log axis ticks, labelled as plain numbers.

    At 1, 2 and 5 times powers of ten; at powers of ten only over more than three decades,
    and at 1 to 9 times them where the others give fewer than three ticks.
    """
    positive = [v for v in values if v > 0]
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    wide = max(positive) / min(positive) > 1000
    for steps in (((1,) if wide else (1, 2, 5)), range(1, 10)):
        ticks = [m * 10.0**k for k in range(low, high + 1) for m in steps
                 if min(positive) / 1.1 <= m * 10.0**k <= max(positive) * 1.1]
        if len(ticks) >= 3:
            break
    return {"type": "log", "tickvals": ticks, "ticktext": [f"{v:.3g}" for v in ticks]}


def _two_panels(fig: go.Figure, history: History, *, map_title: str) -> None:
    """A map on the left, the loss on the right; stacked on narrow screens (see `meta`)."""
    fig.update_layout(
        **LAYOUT, height=470, margin={"l": 50, "r": 20, "t": 60, "b": 20},
        xaxis={"domain": [0, 0.55], "title": {"text": map_title}, "zeroline": False},
        xaxis2={"domain": [0.67, 1], "anchor": "y2", **_epoch_axis(history.epochs)},
        yaxis2={"anchor": "x2", "title": {"text": "loss"}, **_log_ticks(history.losses)},
    )
    # Sites can apply `narrow` (plotly relayout updates) on screens below 600 px.
    fig.layout.meta = {"narrow": {
        "height": 660, "xaxis.domain": [0, 1], "yaxis.domain": [0.47, 1],
        "xaxis2.domain": [0, 1], "yaxis2.domain": [0, 0.28],
    }}


def _scrubber(history: History, snapshots: list[tuple[int, MLP]], moving, still: list, *,
              map_title: str, shared: dict[int, Sequence[str]] | None = None) -> go.Figure:
    """A map whose first traces, `moving(net)`, change by snapshot, beside the loss curve.

    `still` are the map's traces that never change (the data). The loss panel gets a
    marker at the shown epoch; the figure gets a frame per snapshot and a slider.
    """
    epochs = [epoch for epoch, _ in snapshots]
    curve, markers = _loss_traces(history, epochs)
    frames = [[*moving(net), marker] for (_, net), marker in zip(snapshots, markers)]
    fig = go.Figure(data=[*frames[-1], *still, curve])
    _two_panels(fig, history, map_title=map_title)
    _add_slider(fig, epochs, frames, redraw=False, shared=shared)
    return fig


def _over_training(history: History) -> str:
    """The end of a scrubber's description: its snapshots and its loss."""
    epochs = list(history.snapshots)
    return (f"next to the loss curve, at {len(epochs)} epochs from {epochs[0]} to "
            f"{epochs[-1]}, chosen with a slider. The loss goes from "
            f"{history.losses[0]:.3g} to {history.final_loss:.3g}.")


def _describe(fig: go.Figure, text: str) -> None:
    fig.layout.meta = {**(fig.layout.meta or {}), "description": text}


