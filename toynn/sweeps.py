"""Train many small models at once: every (width, depth, seed) of a sweep in one computation."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Integral

import torch
from tqdm import tqdm

from ._activations import check_activation
from ._blocks import split_into_blocks, train_blocks
from ._checks import (
    distinct_ints,
    input_matrix,
    label_tensor,
    positive_float,
    positive_int,
    target_vector,
    torch_device,
)
from ._engine import Stack
from ._fused import check_fused
from ._losses import check_loss, loss_name, output_count, target_matrix
from ._stats import wilson_interval
from .models import MLP, _activation_module, _activation_name


@dataclass(repr=False)
class SweepResult:
    """The outcome of [`sweep`][toynn.sweep]: one trained model per (width, depth, seed).

    Rows are the swept (width, depth) pairs, `widths[i]` and `depths[i]` for row `i`: the
    widths in the order given at one depth, or the depths in the order given at one width
    (a grid of both: every depth of the first width, then of the next). Columns follow
    `seeds`, in the order given.

    Attributes:
        widths: Hidden-layer width of each row.
        seeds: Seeds of the initial weights, one per column.
        final_losses: Loss of every model at its last epoch, shape `(rows, len(seeds))`.
        curves: Loss curves, shape `(rows, len(seeds), len(curve_epochs))`.
        curve_epochs: The epochs at which `curves` were measured, shape `(P,)`: every
            `ceil(epochs / curve_points)`-th epoch and the last one, so that long sweeps
            stay small in memory.
        loss: The loss, by name or the callable that was given.
        lr: Adam's learning rate.
        epochs: Number of epochs every model was trained for.
        activation: Activation name of the hidden layers.
        depths: Number of hidden layers of each row.
        seconds: Wall-clock duration of the sweep.

    Examples:
        >>> from toynn import make_rings, sweep
        >>> X, y = make_rings(200, seed=0)
        >>> result = sweep(X, y, widths=[1, 3], seeds=range(4), loss="bce", lr=0.01, epochs=200)
        >>> result.final_losses.shape
        torch.Size([2, 4])
        >>> result.model(3, seed=2)
        MLP(in_features=2, out_features=1, width=3, depth=1, activation='sigmoid')
        >>> deeper = sweep(X, y, widths=[2], depth=[1, 2, 3], seeds=range(4), loss="bce",
        ...                lr=0.01, epochs=200)
        >>> deeper.rows, deeper.final_losses.shape
        ([(2, 1), (2, 2), (2, 3)], torch.Size([3, 4]))
        >>> deeper.model(2, seed=0, depth=3).depth
        3
    """

    widths: list[int]
    seeds: list[int]
    final_losses: torch.Tensor
    curves: torch.Tensor
    curve_epochs: torch.Tensor
    loss: str | Callable
    lr: float
    epochs: int
    activation: str
    depths: list[int]
    seconds: float
    # The trained parameters, block by block (each block one depth), with the (width, seed)
    # of each stacked model: what `model()` rebuilds models from. Given by `_trained`, the
    # one way a result is made, and kept out of the constructor a reader sees documented.
    _stacks: list[tuple[Stack, list[tuple[int, int]]]] = field(init=False, compare=False)

    @classmethod
    def _trained(cls, stacks: list[tuple[Stack, list[tuple[int, int]]]],
                 **fields) -> SweepResult:
        """A result, whole: its `fields` and the trained `stacks`."""
        result = cls(**fields)
        result._stacks = stacks
        return result

    @property
    def _shape(self) -> tuple[int, int]:
        """The models' `(in_features, out_features)`."""
        stack = self._stacks[0][0]
        return stack.in_features, stack.out_features

    @property
    def rows(self) -> list[tuple[int, int]]:
        """The `(width, depth)` of every row."""
        return list(zip(self.widths, self.depths, strict=True))

    @property
    def depth(self) -> int:
        """The depth shared by every row; a `ValueError` if the sweep varied depth."""
        if len(set(self.depths)) > 1:
            raise ValueError(f"this sweep has several depths {self.depths}; read `depths`, "
                             "the depth of each row")
        return self.depths[0]

    def model(self, width: int, seed: int, *, depth: int | None = None) -> MLP:
        """The trained model of one (width, depth, seed), as an ordinary [`MLP`][toynn.MLP].

        Args:
            width: One of `widths`.
            seed: One of `seeds`.
            depth: One of `depths`; needed only where the sweep has `width` at several
                depths.

        Returns:
            A new `MLP` holding that model's trained parameters.

        Raises:
            KeyError: If the model is not part of the sweep.
            ValueError: If `depth` is `None` but `width` was trained at several depths.
        """
        depths = [d for w, d in self.rows if w == width and depth in (None, d)]
        if len(depths) > 1:
            raise ValueError(f"width {width} was trained at depths {depths} in this sweep; "
                             "say which with depth=")
        for stack, members in self._stacks:
            if depths and stack.depth == depths[0] and (width, seed) in members:
                in_features, out_features = self._shape
                model = MLP(in_features, out_features, width=width, depth=stack.depth,
                            activation=stack.activation)
                return stack.copy_to(members.index((width, seed)), model)
        seeds = ", ".join(map(str, self.seeds[:5])) + (", …" if len(self.seeds) > 5 else "")
        asked = f"width={width!r}" + ("" if depth is None else f", depth={depth!r}")
        swept = (f"widths {self.widths}" if len(set(self.depths)) == 1
                 else f"(width, depth) pairs {self.rows}")
        raise KeyError(f"no model with {asked} and seed={seed!r} in this sweep "
                       f"({swept}, seeds {seeds})")

    @torch.no_grad()
    def accuracy(self, X, y) -> torch.Tensor:
        """Share of the points `(X, y)` that each trained model classifies right.

        A point counts as right when the output's sign matches its 0/1 label (probability
        above 0.5 for class 1), or, for several outputs, when the largest output is its class.
        All models of a block are evaluated at once.

        Args:
            X: Inputs of shape `(N, in_features)`.
            y: Labels of shape `(N,)`: 0/1 for one output, class indices for several.

        Returns:
            Float tensor of shape `(rows, len(seeds))`.

        Examples:
            >>> from toynn import make_rings, sweep
            >>> X, y = make_rings(200, seed=0)
            >>> result = sweep(X, y, widths=[1, 3], seeds=range(4), loss="bce", lr=0.05,
            ...                epochs=300)
            >>> result.accuracy(X, y).shape
            torch.Size([2, 4])
        """
        in_features, out_features = self._shape
        X = input_matrix(X, in_features=in_features)
        y = target_vector(y, X.shape[0])
        accuracy = torch.empty(len(self.widths), len(self.seeds))
        row = {pair: i for i, pair in enumerate(self.rows)}
        col = {seed: j for j, seed in enumerate(self.seeds)}
        for stack, members in self._stacks:
            out = stack.outputs(X.to(stack.theta.device))
            predicted = (out[:, 0] > 0).float() if out_features == 1 else out.argmax(dim=1)
            right = (predicted.cpu() == y).float().mean(dim=1)
            rows = [row[width, stack.depth] for width, _ in members]
            accuracy[rows, [col[seed] for _, seed in members]] = right
        return accuracy

    def success(self, threshold: float) -> torch.Tensor:
        """Which runs ended below `threshold`: bool tensor `(rows, len(seeds))`.

        A run succeeds if its *final* loss is below the threshold; a run that dipped below
        and climbed back does not count.
        """
        return self.final_losses < threshold

    def epochs_to(self, threshold: float) -> torch.Tensor:
        """First measured epoch at which each run's loss fell below `threshold`.

        Args:
            threshold: The loss that counts as success.

        Returns:
            Float tensor of shape `(rows, len(seeds))`; `nan` for runs that did not
            [`succeed`][toynn.SweepResult.success] (end below the threshold). Its resolution
            is the spacing of `curve_epochs`.
        """
        below = self.curves < threshold
        first = below.to(torch.int8).argmax(dim=2)
        epochs = self.curve_epochs[first].to(torch.float32)
        return torch.where(self.success(threshold), epochs, torch.nan)

    def success_rate(self, threshold: float, *, confidence: float = 0.95):
        """Share of seeds that succeeded, per row (width or depth), with Wilson intervals.

        Args:
            threshold: The loss that counts as success.
            confidence: Coverage of the interval.

        Returns:
            `(rate, low, high)`, three float tensors of shape `(rows,)`.

        Examples:
            >>> from toynn import make_rings, sweep
            >>> X, y = make_rings(200, seed=0)
            >>> result = sweep(X, y, widths=[1, 3], seeds=range(10), loss="bce", lr=0.05,
            ...                epochs=500)
            >>> rate, low, high = result.success_rate(0.1)
            >>> rate[0].item(), round(high[0].item(), 2)  # width 1 never works...
            (0.0, 0.28)
            >>> bool(low[1] > high[0])  # ...and width 3 clearly does better
            True
        """
        rate = self.success(threshold).float().mean(dim=1)
        return (rate, *wilson_interval(rate, len(self.seeds), confidence))

    def summary(self, threshold: float) -> str:
        """A plain-text table: per row, success rate with 95 % interval and loss quartiles."""
        rate, low, high = self.success_rate(threshold)
        epochs = self.epochs_to(threshold)
        columns = [name for name, values in (("width", self.widths), ("depth", self.depths))
                   if len(set(values)) > 1] or ["width"]
        lines = ["  ".join(f"{name:>5}" for name in columns)
                 + f"  {'success':>7}  {'95% interval':>13}  {'median loss':>11}  "
                 f"{'median epochs to success':>24}"]
        for i, (width, depth) in enumerate(self.rows):
            reached = epochs[i][~epochs[i].isnan()]
            median_epochs = f"{reached.median().item():.0f}" if len(reached) else "-"
            values = {"width": width, "depth": depth}
            lines.append(
                "  ".join(f"{values[name]:>5}" for name in columns)
                + f"  {rate[i].item():>7.0%}  "
                f"{low[i].item():>6.0%} – {high[i].item():<4.0%}"
                f"  {self.final_losses[i].median().item():>11.4f}  {median_epochs:>24}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        depths = "" if set(self.depths) == {1} else f"depths={self.depths}, "
        return (f"SweepResult(widths={self.widths}, {depths}seeds={len(self.seeds)} seeds, "
                f"activation={self.activation!r}, loss={loss_name(self.loss)!r}, "
                f"lr={self.lr:g}, epochs={self.epochs})")


def sweep(
    X,
    y,
    *,
    widths: Sequence[int],
    seeds: Sequence[int],
    activation: str = "sigmoid",
    loss: str | Callable,
    lr: float,
    epochs: int,
    depth: int | Sequence[int] = 1,
    out_features: int | None = None,
    device: str | torch.device | None = None,
    progress: bool = False,
    curve_points: int = 250,
    block_size: int | None = None,
    fused: bool | None = None,
) -> SweepResult:
    """Train one model per (width, depth, seed), all at once, and collect their losses.

    The models are stacked into one set of tensors and share every tensor operation and
    Adam step, which makes each of them many times cheaper to train than alone. The model
    for `(w, d, s)` starts from exactly the weights of `MLP(..., width=w, depth=d)` after
    `reset_parameters(seed=s)`, which is what [`fit`][toynn.fit] with `seed=s` starts from,
    and follows the same arithmetic, so it ends where that `fit` ends (up to float rounding).

    Depth is swept like width, into the same [`SweepResult`][toynn.SweepResult]: rows are
    (width, depth) pairs, so `depth=[1, 2, 3, 4]` with `widths=[2]` gives a row per depth
    and several of each give their grid. Chosen pairs: one sweep each, plotted together.

    On a CUDA GPU with Triton installed, blocks of one-hidden-layer models train on a fused
    kernel that keeps every model's per-point values on chip (see `fused`); their losses
    match the stacked path's up to float rounding rather than bit for bit. A GPU pays off
    for thousands of models at once; for a handful of tiny ones the CPU is faster.

    Args:
        X: Inputs of shape `(N, in_features)`.
        y: Targets of shape `(N,)` or `(N, out_features)`; for "ce", class indices `(N,)`.
        widths: Distinct hidden-layer widths.
        seeds: Distinct non-negative seeds, one column each.
        activation: Activation name (see [`ACTIVATIONS`][toynn.models.ACTIVATIONS]).
        loss: "bce", "mse", "ce" or a callable, as for `fit`.
        lr: Adam's learning rate.
        epochs: Number of full-batch steps for every model.
        depth: Number of hidden layers, or a list of distinct depths to sweep.
        out_features: Number of outputs of every model. `None` takes it from `y`: 1 for
            targets `(N,)`, `O` for `(N, O)`, and for "ce" the largest class index plus 1.
            Give it for a callable loss that takes class indices (`out_features=3` with
            `torch.nn.functional.cross_entropy`), or when a class is missing from `y`.
        device: Where to train; `None` means the CPU.
        progress: Show a progress bar.
        curve_points: Measure and keep the loss on about this many epochs of each run
            (evenly spaced, plus the last). Measuring costs time; 250 points draw a smooth
            curve and time success to within `epochs / 250` epochs.
        block_size: Models trained together per block. `None` sizes blocks so that one
            layer's activations fit the CPU's cache (about 2 MB: 64 models of width 3 on
            2000 points), which keeps the cost per model flat as sweeps grow; on a GPU,
            blocks are as large as 512 MB per activation buffer allows. Models of
            different depths always train in different blocks.
        fused: Train on the fused Triton kernel: `None` wherever it can on CUDA, `True`
            always (a `ValueError` if it cannot), `False` never. It trains depth 1, one
            output, "bce" or "mse", sigmoid, tanh, relu, leaky_relu or identity units,
            widths up to 64 on up to 8 inputs; it runs on CUDA, and on the CPU only under
            Triton's interpreter (`TRITON_INTERPRET=1`, for tests).

    Returns:
        A [`SweepResult`][toynn.SweepResult]: one row per (width, depth), in the order of
        `widths`, then of `depth`; one column per seed.

    Raises:
        ValueError: For empty or repeated widths, depths or seeds, non-positive widths or
            depths, `fused=True` where the fused kernel cannot train the models, and
            every bad input that `fit` rejects.
        FloatingPointError: If a model's loss becomes NaN or infinite (names width, seed
            and epoch, and depth when several are swept).

    Examples:
        >>> from toynn import make_rings, sweep
        >>> X, y = make_rings(1000, seed=100)
        >>> result = sweep(X, y, widths=[2, 3], seeds=range(8), loss="bce", lr=1e-2, epochs=100)
        >>> result.final_losses.shape
        torch.Size([2, 8])

        Depths instead of widths, and three classes with "ce":

        >>> from toynn import make_spiral
        >>> X, y = make_spiral(100, arms=3, seed=0)
        >>> result = sweep(X, y, widths=[8], depth=[1, 2], seeds=range(3), loss="ce", lr=1e-2,
        ...                epochs=50)
        >>> result.depths, result.model(8, seed=0, depth=2).out_features
        ([1, 2], 3)
    """
    widths = distinct_ints(widths, "widths", minimum=1)
    seeds = distinct_ints(seeds, "seeds", minimum=0)
    depths = ([positive_int(depth, "depth")] if isinstance(depth, Integral)
              else distinct_ints(depth, "depth", minimum=1))
    loss = check_loss(loss)
    lr = positive_float(lr, "lr")
    epochs = positive_int(epochs, "epochs")
    curve_points = positive_int(curve_points, "curve_points")
    device = torch_device(device) or torch.device("cpu")
    activation_module = _activation_module(activation)  # checks the name
    check_activation(activation_module)
    X = input_matrix(X)
    y_tensor = label_tensor(y, "y")
    out_features = output_count(y_tensor, X.shape[0], loss, out_features)
    y = target_matrix(y_tensor, X.shape[0], out_features, loss)
    block_size = None if block_size is None else positive_int(block_size, "block_size")
    check_fused(fused, device, depths=depths, width=max(widths), in_features=X.shape[1],
                out_features=out_features, activation=activation_module, loss=loss)
    record_every = math.ceil(epochs / curve_points)
    curve_epochs = sorted(set(range(0, epochs, record_every)) | {epochs - 1})

    rows = [(w, d) for w in widths for d in depths]
    row = {pair: i for i, pair in enumerate(rows)}
    col = {s: j for j, s in enumerate(seeds)}
    pairs = [(w, s) for w in widths for s in seeds]
    blocks = [(d, members) for d in depths
              for members in split_into_blocks(pairs, block_size, X.shape[0], device)]
    X, y = X.to(device), y.to(device)
    curves = torch.empty(len(rows), len(seeds), len(curve_epochs))

    bar = tqdm(total=len(rows) * len(seeds) * epochs, desc="sweep", unit="model-epoch",
               unit_scale=True, disable=not progress, leave=False)
    start = time.perf_counter()
    try:
        stacks = train_blocks(blocks, X, y, curves=curves, row=row, col=col,
                              out_features=out_features, activation=activation_module,
                              loss=loss, lr=lr, epochs=epochs, record_every=record_every,
                              fused=fused, bar=bar, several_depths=len(depths) > 1)
    finally:
        bar.close()
    return SweepResult._trained(
        stacks,
        widths=[w for w, _ in rows], seeds=seeds, final_losses=curves[:, :, -1].clone(),
        curves=curves, curve_epochs=torch.tensor(curve_epochs), loss=loss, lr=lr,
        epochs=epochs, activation=_activation_name(activation_module),
        depths=[d for _, d in rows], seconds=time.perf_counter() - start,
    )
