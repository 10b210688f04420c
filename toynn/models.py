"""A configurable multi-layer perceptron whose hidden activations you can look at."""

from __future__ import annotations

import math

import torch
from torch import nn

from ._checks import input_matrix, optional_seed, positive_int, squeeze_output

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
    if isinstance(activation, nn.Module):
        return activation
    if isinstance(activation, str) and activation in ACTIVATIONS:
        return ACTIVATIONS[activation]()
    raise ValueError(
        f"activation must be one of {sorted(ACTIVATIONS)} or an nn.Module, got {activation!r}"
    )


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
        X = self._inputs(X)
        activations = []
        h = X
        for layer in self.hidden_layers:
            h = self.activation(layer(h))
            activations.append(h)
        return activations

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
        for name, cls in ACTIVATIONS.items():
            if type(self.activation) is cls and repr(self.activation) == repr(cls()):
                return name
        return repr(self.activation)

    def __repr__(self) -> str:
        name = self.activation_name
        activation = repr(name) if name in ACTIVATIONS else name
        return (
            f"MLP(in_features={self.in_features}, out_features={self.out_features}, "
            f"width={self.width}, depth={self.depth}, activation={activation})"
        )
