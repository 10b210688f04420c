"""A configurable multi-layer perceptron whose hidden activations you can look at."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import torch
from torch import nn

from ._checks import float_tensor, input_matrix, optional_seed, positive_int
from ._outputs import squeeze_output

ACTIVATIONS: dict[str, type[nn.Module]] = {
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "softplus": nn.Softplus,
    "elu": nn.ELU,
    "gelu": nn.GELU,
    "identity": nn.Identity,
}
"""Activation names accepted by [`MLP`][toynn.MLP], mapped to their `torch.nn` modules.

Examples:
    >>> import toynn
    >>> sorted(toynn.ACTIVATIONS)[:3]
    ['elu', 'gelu', 'identity']
    >>> toynn.MLP(2, width=3, activation="tanh").activation
    Tanh()
"""


def _activation_module(activation: str | nn.Module) -> nn.Module:
    """The module for an activation given by name in `ACTIVATIONS` or as a module."""
    if isinstance(activation, nn.Module):
        return activation
    if isinstance(activation, str) and activation in ACTIVATIONS:
        return ACTIVATIONS[activation]()
    raise ValueError(
        f"activation must be one of {sorted(ACTIVATIONS)} or an nn.Module, got {activation!r}"
    )


def _activation_name(activation: nn.Module) -> str:
    """The activation's name in `ACTIVATIONS`, else its repr (a module set up otherwise)."""
    for name, cls in ACTIVATIONS.items():
        if type(activation) is cls and repr(activation) == repr(cls()):
            return name
    return repr(activation)


def _pair(value, what: str, names: str) -> tuple:
    """`value` as a 2-tuple, or a TypeError that says which pair was expected."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        raise TypeError(f"{what} must be a pair {names}, got {type(value).__name__}"
                        + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""))
    return tuple(value)


def _shape_error(what: str, name: str, expected: str, tensor: torch.Tensor) -> ValueError:
    return ValueError(f"{what}: {name} must have shape {expected}, got {tuple(tensor.shape)}")


def _hidden_pairs(hidden) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Check `hidden`, a list of `(W, b)` pairs, and return them as float32 tensors."""
    if isinstance(hidden, (torch.Tensor, str, bytes)) or not isinstance(hidden, Sequence):
        raise TypeError(f"hidden must be a list of (W, b) pairs, one per hidden layer, "
                        f"got {type(hidden).__name__}")
    if not hidden:
        raise ValueError("hidden must hold at least one (W, b) pair (an MLP has depth >= 1)")
    layers = []
    for i, pair in enumerate(hidden):
        what = f"hidden layer {i + 1} (hidden[{i}])"
        W, b = _pair(pair, what, "(W, b) (hidden is a list of pairs, one per hidden layer)")
        W, b = float_tensor(W, f"{what}: W"), float_tensor(b, f"{what}: b")
        if i == 0:
            if W.ndim != 2 or 0 in W.shape:
                raise _shape_error(what, "W", "(width, in_features)", W)
            width = W.shape[0]
        elif W.shape != (width, width):
            same_width = (f"; every hidden layer must have the width of the first ({width}), "
                          "as an MLP has one width" if W.ndim == 2 and W.shape[0] != width
                          else "")
            raise ValueError(f"{what}: W must have shape {(width, width)}, got "
                             f"{tuple(W.shape)}{same_width}")
        if b.shape != (width,):
            raise _shape_error(what, "b", f"({width},)", b)
        layers.append((W, b))
    return layers


def _output_pair(output, *, width: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Check `output`, the pair `(v, c)`, and return `v` `(out_features, width)`, `c` `(out,)`."""
    v, c = _pair(output, "output", "(v, c)")
    v, c = float_tensor(v, "output: v"), float_tensor(c, "output: c")
    if v.ndim not in (1, 2) or v.shape[-1] != width or 0 in v.shape:
        raise ValueError(f"output: v must have shape ({width},) or (out_features, {width}) "
                         f"(width {width} from hidden), got {tuple(v.shape)}")
    if v.ndim == 1:
        v = v.unsqueeze(0)
    out_features = v.shape[0]
    if out_features == 1 and c.numel() == 1 and c.ndim <= 1:
        c = c.reshape(1)
    if c.shape != (out_features,):
        expected = "a number or shape (1,)" if out_features == 1 else f"shape ({out_features},)"
        raise ValueError(f"output: c must be {expected} (one bias per output), "
                         f"got shape {tuple(c.shape)}")
    return v, c


class MLP(nn.Module):
    """A feed-forward net: `depth` hidden layers of `width` units, then a linear output.

    The output is raw: logits for classification (their sigmoid is a probability) or
    the prediction itself for regression. With `out_features == 1` the output has shape
    `(N,)`, the same as the targets, so the `(N, 1)` against `(N,)` mix-up of older code
    cannot happen.

    The hidden layers live in an `nn.ModuleList`, so `model.parameters()` (and with it
    every optimizer) sees them; a plain Python list would hide them.

    Args:
        in_features: Number of input features.
        out_features: Number of outputs.
        width: Number of units in each hidden layer.
        depth: Number of hidden layers.
        activation: Name from [`ACTIVATIONS`][toynn.models.ACTIVATIONS] or any
            elementwise `nn.Module`, applied after every hidden layer.
        seed: If given, initialise the weights from this seed (see
            [`reset_parameters`][toynn.MLP.reset_parameters]); otherwise PyTorch's global
            generator draws them, as for `nn.Linear`.

    Raises:
        ValueError: If a size is not a positive integer or the activation is unknown.

    Examples:
        >>> model = MLP(2, width=2, seed=0)
        >>> model
        MLP(in_features=2, out_features=1, width=2, depth=1, activation='sigmoid')
        >>> sum(p.numel() for p in model.parameters())
        9
        >>> model(torch.zeros(5, 2)).shape
        torch.Size([5])
    """

    def __init__(
        self,
        in_features: int,
        out_features: int = 1,
        *,
        width: int,
        depth: int = 1,
        activation: str | nn.Module = "sigmoid",
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.in_features = positive_int(in_features, "in_features")
        self.out_features = positive_int(out_features, "out_features")
        self.width = positive_int(width, "width")
        self.depth = positive_int(depth, "depth")
        self.activation = _activation_module(activation)
        seed = optional_seed(seed)
        # With a seed, build on the meta device first: nn.Linear's own initialisation would
        # otherwise draw from (and advance) PyTorch's global generator for nothing.
        device = "meta" if seed is not None else None
        sizes = [self.in_features] + [self.width] * self.depth
        self.hidden_layers = nn.ModuleList(
            nn.Linear(a, b, device=device) for a, b in zip(sizes, sizes[1:])
        )
        self.output_layer = nn.Linear(self.width, self.out_features, device=device)
        if seed is not None:
            self.to_empty(device="cpu")
            self.reset_parameters(seed=seed)

    @classmethod
    def from_weights(cls, hidden, output, *, activation: str | nn.Module = "sigmoid") -> MLP:
        """Build a model from weights written by hand (or read off another model).

        Sizes come from the shapes: `in_features` from the first `W`, `width` from its rows,
        `depth` from the number of pairs, `out_features` from `v`. Weights follow
        `nn.Linear`'s convention: row `i` of `W` holds unit `i`'s incoming weights, so a
        layer computes `activation(h @ W.T + b)`. Every value is stored as float32.

        Args:
            hidden: One pair `(W, b)` per hidden layer: `W` of shape `(width, in_features)`
                for the first layer and `(width, width)` after it, `b` of shape `(width,)`.
                Every hidden layer has the same `width`, as in every `MLP`.
            output: The pair `(v, c)` of the output layer: `v` of shape `(width,)` for one
                output or `(out_features, width)`, `c` a number for one output or of shape
                `(out_features,)`.
            activation: Name from [`ACTIVATIONS`][toynn.models.ACTIVATIONS] or an
                elementwise `nn.Module`, as for [`MLP`][toynn.MLP].

        Each `W`, `b`, `v` and `c` may be a tensor, a numpy array, nested lists or a number.

        Returns:
            An ordinary `MLP` holding copies of these weights, which `fit`, the plots and
            the hidden-unit helpers take like any other.

        Raises:
            ValueError: If a shape does not fit (the message names the layer, the expected
                and the actual shape), widths differ between hidden layers, or a value is
                NaN or infinite.
            TypeError: If `hidden` is not a list of pairs or `output` not a pair.

        Examples:
            Two ReLU units, one rising to the right of `x = 1` and one to the left of
            `x = -1`, and an output that adds them:

            >>> model = MLP.from_weights([([[1.0], [-1.0]], [-1.0, -1.0])], ([1.0, 1.0], 0.0),
            ...                          activation="relu")
            >>> model
            MLP(in_features=1, out_features=1, width=2, depth=1, activation='relu')
            >>> model([[-3.0], [0.0], [2.0]]).tolist()
            [2.0, 0.0, 1.0]

            The weights of a trained model rebuild the same model:

            >>> trained = MLP(2, width=3, seed=0)
            >>> copy = MLP.from_weights(
            ...     [(layer.weight, layer.bias) for layer in trained.hidden_layers],
            ...     (trained.output_layer.weight, trained.output_layer.bias))
            >>> torch.equal(copy(torch.ones(4, 2)), trained(torch.ones(4, 2)))
            True
        """
        layers = _hidden_pairs(hidden)
        v, c = _output_pair(output, width=layers[0][0].shape[0])
        width, in_features = layers[0][0].shape
        model = cls(in_features, v.shape[0], width=width, depth=len(layers),
                    activation=activation, seed=0)  # seeded: leaves the global generator alone
        with torch.no_grad():
            for layer, (W, b) in zip(model.layers, [*layers, (v, c)]):
                layer.weight.copy_(W)
                layer.bias.copy_(b)
        return model

    @property
    def layers(self) -> list[nn.Linear]:
        """All linear layers in order: the hidden layers, then the output layer."""
        return [*self.hidden_layers, self.output_layer]

    def reset_parameters(self, *, seed: int) -> None:
        """Draw new weights and biases from `seed`, reproducibly on any device.

        Every weight and bias of a layer with `fan_in` inputs is drawn from
        `U(-1/sqrt(fan_in), 1/sqrt(fan_in))` (the distribution `nn.Linear` uses), layer by
        layer, weight before bias, from a CPU generator seeded with `seed`.

        Args:
            seed: Non-negative integer seed.

        Examples:
            >>> a, b = MLP(2, width=3), MLP(2, width=3)
            >>> a.reset_parameters(seed=7); b.reset_parameters(seed=7)
            >>> torch.equal(a.output_layer.weight, b.output_layer.weight)
            True
        """
        seed = optional_seed(seed)
        if seed is None:
            raise ValueError("seed must be an integer >= 0, got None")
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for layer in self.layers:
                bound = 1 / math.sqrt(layer.in_features)
                for parameter in (layer.weight, layer.bias):
                    values = torch.rand(parameter.shape, generator=generator) * (2 * bound) - bound
                    parameter.copy_(values)

    def _inputs(self, X) -> torch.Tensor:
        """`X` as a tensor `(N, in_features)` of the model's dtype, on the model's device.

        Tensors of the right shape and dtype pass through untouched (the cheap path used in
        training); arrays and nested lists are converted like `fit`'s inputs.
        """
        parameter = self.output_layer.weight
        if not (isinstance(X, torch.Tensor) and X.ndim == 2 and X.dtype == parameter.dtype):
            X = input_matrix(X, in_features=self.in_features).to(parameter.dtype)
        elif X.shape[1] != self.in_features:
            raise ValueError(
                f"X must have shape (N, {self.in_features}) for this model, got {tuple(X.shape)}"
            )
        return X.to(parameter.device)

    def hidden(self, X) -> list[torch.Tensor]:
        """Hidden activations for a batch, one tensor per hidden layer.

        Args:
            X: Inputs of shape `(N, in_features)`: tensor, numpy array or nested lists.

        Returns:
            A list of `depth` tensors, each of shape `(N, width)`.

        Examples:
            >>> model = MLP(2, width=3, seed=0)
            >>> [h.shape for h in model.hidden(torch.zeros(4, 2))]
            [torch.Size([4, 3])]
        """
        return [h for _, h in self._through_hidden(X)]

    def pre_activations(self, X) -> list[torch.Tensor]:
        """What each hidden layer computes before its activation: `z = W h + b`.

        Layer `k` computes `z_k = h_{k-1} @ W_k.T + b_k` (`W h + b` for one point) from the
        activations `h_{k-1}` of the layer before it (the inputs, for the first layer); its
        activations `h_k = activation(z_k)` are what [`hidden`][toynn.MLP.hidden] returns. For
        sigmoid units `z` is the logit of each unit: where `h` crowds near 0 and 1, `z`
        stays spread out. Like `hidden`, the result keeps its autograd history; wrap the
        call in `torch.no_grad()` when you only look at it.

        Args:
            X: Inputs of shape `(N, in_features)`: tensor, numpy array or nested lists.

        Returns:
            A list of `depth` tensors, each of shape `(N, width)`.

        Examples:
            >>> model = MLP(2, width=3, depth=2, seed=0)
            >>> z = model.pre_activations(torch.zeros(4, 2))
            >>> [tuple(z_k.shape) for z_k in z]
            [(4, 3), (4, 3)]
            >>> torch.equal(torch.sigmoid(z[1]), model.hidden(torch.zeros(4, 2))[1])
            True
        """
        return [z for z, _ in self._through_hidden(X)]

    def _through_hidden(self, X) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """`(z, h)` of each hidden layer in turn: its pre-activations and activations."""
        h = self._inputs(X)
        for layer in self.hidden_layers:
            z = layer(h)
            h = self.activation(z)
            yield z, h

    def forward(self, X) -> torch.Tensor:
        """Raw outputs (logits or predictions).

        Args:
            X: Inputs of shape `(N, in_features)`: tensor, numpy array or nested lists.

        Returns:
            Tensor of shape `(N,)` if `out_features == 1`, else `(N, out_features)`.

        Examples:
            >>> MLP(2, width=3, seed=0)([[0.0, 1.0], [2.0, 3.0]]).shape
            torch.Size([2])
        """
        return squeeze_output(self.output_layer(self.hidden(X)[-1]))

    @torch.no_grad()
    def predict_proba(self, X) -> torch.Tensor:
        """Class probabilities: the sigmoid of the logit, or the softmax of several logits.

        The model's output is a logit `z`, not a probability, so `model(X) > 0.5` is the
        wrong test for class 1: it asks for a probability above `sigmoid(0.5) ≈ 0.62`.
        `model(X) > 0` and `model.predict_proba(X) > 0.5` are the right tests, and the same.

        A model with several outputs, one logit per class (trained with `loss="ce"`), gives
        the probability of each class; its predicted class, the largest probability, is
        `model(X).argmax(dim=1)`.

        Args:
            X: Inputs of shape `(N, in_features)`: tensor, numpy array or nested lists.

        Returns:
            Without gradient: shape `(N,)`, the probability of class 1, for one output;
            shape `(N, out_features)`, rows summing to 1, for several.

        Examples:
            >>> model = MLP(2, width=3, seed=0)
            >>> p = model.predict_proba([[0.0, 0.0], [1.0, -1.0]])
            >>> p.shape, bool(((p > 0.5) == (model([[0.0, 0.0], [1.0, -1.0]]) > 0)).all())
            (torch.Size([2]), True)
        """
        logits = self(X)
        return torch.sigmoid(logits) if self.out_features == 1 else torch.softmax(logits, dim=-1)

    @property
    def activation_name(self) -> str:
        """The activation's name in [`ACTIVATIONS`][toynn.models.ACTIVATIONS], else its repr."""
        return _activation_name(self.activation)

    def __repr__(self) -> str:
        name = self.activation_name
        activation = repr(name) if name in ACTIVATIONS else name
        return (
            f"MLP(in_features={self.in_features}, out_features={self.out_features}, "
            f"width={self.width}, depth={self.depth}, activation={activation})"
        )
