"""Full-batch training with Adam that returns the whole loss history."""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from numbers import Integral

import torch
from tqdm import tqdm

from ._activations import check_activation
from ._checks import input_matrix, optional_seed, positive_float, positive_int, torch_device
from ._engine import Diverged, Stack
from ._instances import check_model
from ._losses import TABLE, check_loss, loss_name, target_matrix
from .models import MLP

LOSSES = tuple(TABLE)
"""Loss names accepted by [`fit`][toynn.fit] and [`sweep`][toynn.sweep].

"bce" is binary cross-entropy on logits (one output, targets 0 or 1), "mse" the mean
squared error, "ce" cross-entropy on logits for several classes (one output per class,
targets the class indices `0, 1, …, out_features - 1`, shape `(N,)`), what
`torch.nn.functional.cross_entropy` computes.

Examples:
    >>> import toynn
    >>> toynn.LOSSES
    ('bce', 'mse', 'ce')
    >>> X, y = toynn.make_spiral(100, arms=3, seed=0)
    >>> history = toynn.fit(toynn.MLP(2, 3, width=8), X, y, loss="ce", lr=0.01, epochs=5,
    ...                     seed=0)
    >>> round(history.losses[0], 2)  # about log(3): three classes, no preference yet
    1.1
"""


@dataclass(repr=False)
class History:
    """What one call of [`fit`][toynn.fit] did: the model, its settings and every epoch's loss.

    Attributes:
        model: The trained model (the same object that was passed to `fit`).
        losses: Loss of every epoch, measured before that epoch's update; `losses[0]` is
            the loss of the initial weights.
        loss: The loss, by name ("bce", "mse", "ce") or the callable that was given.
        lr: Adam's learning rate.
        epochs: Number of epochs (full-batch steps).
        seed: Seed of the initial weights, or `None` if training started from the model's
            weights as they were.
        device: Device the training ran on.
        seconds: Wall-clock duration of the training.
        val_losses: With `fit(..., validation=(X_val, y_val))`, the loss on that held-out
            data at every epoch, measured at the same moment as `losses`; else `None`.
        snapshots: With `fit(..., snapshots=...)`, the model's parameters at the chosen
            epochs: `{epoch: state_dict}`, in increasing order of epoch, each state dict
            holding CPU tensors as `model.state_dict()` names them. Epoch `e` means the
            weights when epoch `e` began, whose loss is `losses[e]`; epoch `epochs` means
            the trained weights. Empty without snapshots. See
            [`model_at`][toynn.History.model_at].

    Examples:
        >>> from toynn import MLP, fit, make_rings
        >>> X, y = make_rings(200, seed=0)
        >>> history = fit(MLP(2, width=3), X, y, loss="bce", lr=0.01, epochs=50, seed=0)
        >>> len(history.losses), history.final_loss < history.losses[0]
        (50, True)
    """

    model: MLP
    losses: list[float]
    loss: str | Callable
    lr: float
    epochs: int
    seed: int | None
    device: str
    seconds: float = field(compare=False)
    val_losses: list[float] | None = None
    snapshots: dict[int, dict[str, torch.Tensor]] = field(default_factory=dict, compare=False)

    @property
    def final_loss(self) -> float:
        """The loss of the last epoch, `losses[-1]`."""
        return self.losses[-1]

    def model_at(self, epoch: int) -> MLP:
        """The model as it was at one of the snapshot epochs, as a new, ordinary `MLP`.

        Args:
            epoch: One of the keys of `snapshots`.

        Returns:
            A copy of `model` holding the weights of that epoch (on the CPU).

        Raises:
            KeyError: If no snapshot was kept at `epoch`; the message says how to keep one.

        Examples:
            >>> from toynn import MLP, fit, make_rings
            >>> X, y = make_rings(200, seed=0)
            >>> history = fit(MLP(2, width=3), X, y, loss="bce", lr=0.01, epochs=100,
            ...               seed=0, snapshots=[0, 50, 100])
            >>> list(history.snapshots)
            [0, 50, 100]
            >>> history.model_at(50)
            MLP(in_features=2, out_features=1, width=3, depth=1, activation='sigmoid')
        """
        if epoch not in self.snapshots:
            epochs = list(self.snapshots)
            kept = ", ".join(map(str, epochs)) if len(epochs) <= 6 else (
                f"{epochs[0]}, {epochs[1]}, {epochs[2]}, …, {epochs[-1]}, {len(epochs)} in all")
            kept = kept or "none"
            raise KeyError(
                f"no snapshot at epoch {epoch!r} (kept: {kept}); record snapshots with "
                "fit(..., snapshots=100) for 100 epochs spaced on a log scale, or "
                "snapshots=[0, 10, ...] for chosen ones"
            )
        model = copy.deepcopy(self.model).cpu()
        model.load_state_dict(self.snapshots[epoch])
        return model

    def __repr__(self) -> str:
        return (
            f"History(width={self.model.width}, loss={loss_name(self.loss)!r}, lr={self.lr:g}, "
            f"epochs={self.epochs}, seed={self.seed}, first_loss={self.losses[0]:.4f}, "
            f"final_loss={self.final_loss:.4f}"
            + (f", final_val_loss={self.val_losses[-1]:.4f})" if self.val_losses else ")")
        )


def fit(
    model: MLP,
    X,
    y,
    *,
    loss: str | Callable,
    lr: float,
    epochs: int,
    seed: int | None = None,
    device: str | torch.device | None = None,
    progress: bool = False,
    validation: tuple | None = None,
    snapshots: int | Sequence[int] | None = None,
) -> History:
    """Train `model` in place with full-batch Adam and record the loss of every epoch.

    The arithmetic is the usual loop (forward, loss, backward, Adam step with PyTorch's
    default betas and eps) but with the gradients written out in closed form for the
    named losses and the common activations, which makes an epoch several times cheaper
    than going through autograd. Other activations and callable losses use autograd.

    Args:
        model: The network to train; it is updated in place.
        X: Inputs of shape `(N, in_features)`: tensor, numpy array or nested lists, any
            real dtype (converted to float32).
        y: Targets of shape `(N,)` or `(N, 1)` for one output, `(N, out_features)` else;
            for "ce", class indices of shape `(N,)`.
        loss: "bce" (binary cross-entropy on logits, targets 0/1), "mse" (mean squared
            error), "ce" (cross-entropy on logits, `y` integer class indices in
            `[0, out_features)`, `out_features >= 2`; see [`LOSSES`][toynn.LOSSES]), or a
            callable `loss(outputs, y) -> scalar tensor`, `outputs` shaped like the model's
            output. Targets in that shape reach the callable in it, as float32; targets
            of any other shape reach it as they were given, checked only for their length
            `N` and finiteness, integers as int64: class indices `(N,)` for a model with
            several outputs work with `torch.nn.functional.cross_entropy`.
        lr: Adam's learning rate.
        epochs: Number of full-batch steps.
        seed: If given, the model's weights are first re-drawn with
            `model.reset_parameters(seed=seed)`, which makes the run reproducible (same seed,
            same losses, bit for bit on the CPU). If `None`, training continues from the
            model's current weights.
        device: Where to train ("cpu", "cuda", a `torch.device`); `None` keeps the model's
            device. The model is moved there and stays there.
        progress: Show a progress bar.
        validation: Held-out data `(X_val, y_val)`, shaped like `X` and `y`: its loss is
            recorded at every epoch in `History.val_losses`, for seeing when the model
            stops improving on points it does not train on. It never affects training.
        snapshots: Keep copies of the weights during training, in `History.snapshots`:
            an int `n` for `n` epochs from 0 to `epochs` spaced on a log scale (most of
            the change happens early), or a list of epochs between 0 (the initial
            weights) and `epochs` (the trained ones). A snapshot costs a copy of the
            parameters; 100 of them add well under 5 % to a long run.

    Returns:
        The [`History`][toynn.History] of the run.

    Raises:
        ValueError: For inputs of the wrong shape, non-finite values, targets other than
            0/1 with "bce", labels that are not class indices in `[0, out_features)` with
            "ce" (or a model with one output), an unknown loss, a non-positive `lr` or
            `epochs`.
        FloatingPointError: If the loss becomes NaN or infinite; the model then keeps its
            initial weights.

    Calling `fit` twice continues from the trained weights (with `seed=None`) but starts
    Adam's running averages afresh, so two calls of 100 epochs are close to, not the same
    as, one call of 200.

    Examples:
        >>> from toynn import MLP, fit, make_rings
        >>> X, y = make_rings(1000, seed=100)
        >>> model = MLP(2, width=3)
        >>> history = fit(model, X, y, loss="bce", lr=1e-3, epochs=100, seed=0)
        >>> history.epochs, len(history.losses)
        (100, 100)
    """
    check_model(model)
    check_activation(model.activation)
    loss = check_loss(loss)
    lr = positive_float(lr, "lr")
    epochs = positive_int(epochs, "epochs")
    seed = optional_seed(seed)
    device = torch_device(device) or next(model.parameters()).device
    snapshot_at = snapshot_epochs(snapshots, epochs)
    X = input_matrix(X, in_features=model.in_features)
    y = target_matrix(y, X.shape[0], model.out_features, loss)
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError("validation must be a pair (X_val, y_val)")
        X_val = input_matrix(validation[0], "X_val", in_features=model.in_features)
        y_val = target_matrix(validation[1], X_val.shape[0], model.out_features, loss, "y_val")
        validation = X_val.to(device), y_val.to(device)
    if seed is not None:
        model.reset_parameters(seed=seed)
    model.to(device)
    X, y = X.to(device), y.to(device)

    losses: list[float] = []
    val_losses: list[float] | None = [] if validation is not None else None
    bar = tqdm(total=epochs, desc="fit", unit="epoch", disable=not progress, leave=False)

    def keep(chunk: torch.Tensor, epochs_done: int, val_chunk=None) -> None:
        losses.extend(chunk[:, 0].tolist())
        if val_chunk is not None:
            val_losses.extend(val_chunk[:, 0].tolist())
        bar.update(epochs_done - bar.n)
        bar.set_postfix(loss=f"{losses[-1]:.4g}", refresh=False)

    start = time.perf_counter()
    stack = Stack([model], device)
    try:
        kept = stack.train(X, y, loss=loss, lr=lr, epochs=epochs, on_chunk=keep,
                           validation=validation, snapshots=frozenset(snapshot_at))
    except Diverged as error:
        raise FloatingPointError(
            f"the loss became NaN or infinite at epoch {error.epoch} (lr={lr:g}); "
            "try a smaller learning rate"
        ) from None
    finally:
        bar.close()
    states = {
        epoch: {name: value.detach().cpu().clone()
                for name, value in stack.copy_to(0, model, theta).state_dict().items()}
        for epoch, theta in kept
    }
    stack.copy_to(0, model)
    return History(
        model=model, losses=losses, loss=loss, lr=lr, epochs=epochs, seed=seed,
        device=str(device), seconds=time.perf_counter() - start, val_losses=val_losses,
        snapshots=states,
    )


def snapshot_epochs(snapshots: int | Sequence[int] | None, epochs: int) -> list[int]:
    """The epochs at which `fit(..., snapshots=...)` keeps the weights, checked and sorted.

    An int `n` gives `n` distinct epochs from 0 to `epochs`, as evenly spaced on a log
    scale of `epoch + 1` as whole numbers allow; a sequence is checked and sorted.

    Examples:
        >>> from toynn.training import snapshot_epochs
        >>> snapshot_epochs(6, 1000)
        [0, 3, 15, 62, 250, 1000]
        >>> snapshot_epochs([100, 0], 1000)
        [0, 100]
    """
    if snapshots is None:
        return []
    if isinstance(snapshots, bool):
        raise TypeError("snapshots must be an int or a list of epochs, not a bool")
    if isinstance(snapshots, int):
        n = positive_int(snapshots, "snapshots")
        if n > epochs + 1:
            raise ValueError(f"snapshots={n} asks for more snapshots than there are epochs "
                             f"to keep (0 to {epochs}, that is {epochs + 1})")
        if n == 1:
            return [epochs]
        chosen = [round(math.exp(i * math.log(epochs + 1) / (n - 1))) - 1 for i in range(n)]
        for i in range(1, n):  # make them distinct, upwards, then within range, downwards
            chosen[i] = max(chosen[i], chosen[i - 1] + 1)
        chosen[-1] = epochs
        for i in range(n - 2, -1, -1):
            chosen[i] = min(chosen[i], chosen[i + 1] - 1)
        return chosen
    given = list(snapshots) if isinstance(snapshots, Iterable) else [snapshots]
    if not all(isinstance(e, Integral) and not isinstance(e, bool) for e in given):
        raise TypeError("snapshots must be an int or a list of whole epochs")
    chosen = sorted(int(e) for e in given)
    if not chosen:
        raise ValueError("snapshots is an empty list; leave it out to keep none")
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"snapshots lists an epoch twice: {chosen}")
    if chosen[0] < 0 or chosen[-1] > epochs:
        raise ValueError(f"snapshot epochs must lie between 0 (the initial weights) and "
                         f"epochs={epochs} (the trained ones), got {chosen[0]} to {chosen[-1]}")
    return chosen
