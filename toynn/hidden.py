"""What hidden units do: their lines, thresholds, on/off codes and the regions they cut out.

A hidden unit of the first layer computes `activation(w · x + b)`. The set where
`w · x + b = 0` is where the unit switches: a line for 2-D inputs, a single threshold for
1-D inputs. These helpers read those objects off a trained [`MLP`][toynn.MLP].
"""

from __future__ import annotations

import torch

from ._activations import activation_range
from ._checks import input_matrix
from ._instances import check_model
from ._outputs import squeeze_output
from .models import MLP


def _first_layer(model: MLP, in_features: int | None = None,
                 what: str = "this function") -> tuple[torch.Tensor, torch.Tensor]:
    """Weights `(width, in_features)` and biases `(width,)` of the first layer, on the CPU."""
    check_model(model, in_features=in_features, what=what)
    layer = model.hidden_layers[0]
    return layer.weight.detach().cpu(), layer.bias.detach().cpu()


def hidden_lines(model: MLP) -> tuple[torch.Tensor, torch.Tensor]:
    """The line `w_i1·x + w_i2·y + b_i = 0` of every first-layer hidden unit `i`.

    These lines are not decision boundaries: each is where one unit switches from "off" to
    "on", and together they give the plane new coordinates.

    Args:
        model: A model with `in_features == 2`.

    Returns:
        `(W, b)`: the weights, shape `(width, 2)`, and the biases, shape `(width,)`, on the CPU.

    Raises:
        ValueError: If the model's inputs are not 2-D.

    Examples:
        >>> from toynn import MLP, hidden_lines
        >>> W, b = hidden_lines(MLP(2, width=3, seed=0))
        >>> W.shape, b.shape
        (torch.Size([3, 2]), torch.Size([3]))
    """
    W, b = _first_layer(model, 2, "reading hidden lines")
    return W.clone(), b.clone()  # a snapshot: later training must not move these lines


def thresholds(model: MLP) -> torch.Tensor:
    """The input at which each first-layer unit switches: `δ_i = -b_i / w_i`.

    For a 1-D input a sigmoid unit is "off" on one side of `δ_i` and "on" on the other; as
    it switches, it adds its output weight `v_i` to the prediction (or removes it).

    Args:
        model: A model with `in_features == 1`.

    Returns:
        Float tensor of shape `(width,)`; `±inf` for a unit with zero weight (it never switches).

    Raises:
        ValueError: If the model's inputs are not 1-D.

    Examples:
        >>> import torch
        >>> from toynn import MLP, thresholds
        >>> model = MLP(1, width=2, seed=0)
        >>> with torch.no_grad():
        ...     model.hidden_layers[0].weight[:] = torch.tensor([[2.0], [-1.0]])
        ...     model.hidden_layers[0].bias[:] = torch.tensor([1.0, 3.0])
        >>> thresholds(model)
        tensor([-0.5000,  3.0000])
    """
    W, b = _first_layer(model, 1, "reading thresholds")
    w = W[:, 0]
    return torch.where(w == 0, torch.where(b > 0, -torch.inf, torch.inf), -b / w)


def output_weights(model: MLP) -> tuple[torch.Tensor, torch.Tensor]:
    """The output layer's weights `v` and bias `c`: `prediction = c + Σ v_i · h_i`.

    The counterpart of [`hidden_lines`][toynn.hidden_lines]. For a 1-D regression net,
    `v_i` is the step that unit `i` adds to the prediction as it switches on (and takes away
    as it switches off) at its [`threshold`][toynn.thresholds].

    Args:
        model: Any model.

    Returns:
        `(v, c)` on the CPU, copies: shapes `(width,)` and `()` for one output,
        `(out_features, width)` and `(out_features,)` for several.

    Examples:
        >>> from toynn import MLP, output_weights
        >>> v, c = output_weights(MLP(1, width=4, seed=0))
        >>> v.shape, c.shape
        (torch.Size([4]), torch.Size([]))
    """
    check_model(model, what="reading output weights")
    layer = model.output_layer
    v, c = layer.weight.detach().cpu().clone(), layer.bias.detach().cpu().clone()
    return (v[0], c[0]) if model.out_features == 1 else (v, c)


@torch.no_grad()
def step_predict(model: MLP, X) -> torch.Tensor:
    """The prediction when every hidden unit is replaced by a hard step at 0.

    Each sigmoid becomes `1 if w · x + b > 0 else 0` (tanh becomes ±1) and the result goes
    through the rest of the network unchanged. With one hidden layer and a linear output,
    the prediction is then piecewise constant, with at most `width + 1` levels for 1-D
    inputs, changing only at the [`thresholds`][toynn.thresholds].

    Args:
        model: A model with sigmoid or tanh hidden units.
        X: Inputs of shape `(N, in_features)`.

    Returns:
        Raw outputs shaped like `model(X)`: `(N,)` for one output.

    Raises:
        ValueError: If the activation has no hard-step limit, or `X` has the wrong shape.

    Examples:
        >>> from toynn import MLP, make_damped_sine, step_predict
        >>> X, y = make_damped_sine()
        >>> model = MLP(1, width=4, seed=0)
        >>> len(step_predict(model, X).unique()) <= 5
        True
    """
    check_model(model)
    levels = activation_range(model.activation)  # the two levels of its hard step
    if levels is None:
        raise ValueError(
            "step predictions need a sigmoid or tanh activation (a step is what they tend to "
            f"for large inputs), but this model uses {model.activation_name}"
        )
    low, high = levels
    X = input_matrix(X, in_features=model.in_features).to(model.output_layer.weight.device)
    h = X
    for layer in model.hidden_layers:
        h = torch.where(layer(h) > 0, high, low)
    # One output per distinct on/off pattern, so equal patterns give exactly equal levels
    # (a matrix product may round identical rows differently, depending on their position).
    patterns, index = torch.unique(h, dim=0, return_inverse=True)
    return squeeze_output(model.output_layer(patterns)[index])


@torch.no_grad()
def activation_codes(model: MLP, X) -> torch.Tensor:
    """Which first-layer units are "on" (`w · x + b > 0`) at each point, as one integer.

    The code's binary digits read unit 0 first: written with `f"{code:0{width}b}"`, digit
    `i` from the left is 1 when unit `i` is on, the order of the region labels
    `(unit 0, unit 1, ...)` in [`plot_hidden_lines`][toynn.plot_hidden_lines]. Points with
    the same code lie on the same side of every hidden line, that is, in the same region.

    Args:
        model: Any model.
        X: Inputs of shape `(N, in_features)`.

    Returns:
        Integer tensor of shape `(N,)` with values in `[0, 2**width)`.

    Raises:
        ValueError: If the first layer has more than 62 units (the code would not fit in
            an int64; [`count_regions`][toynn.count_regions] has no such limit).

    Examples:
        >>> import torch
        >>> from toynn import MLP, activation_codes
        >>> model = MLP(2, width=3, seed=0)
        >>> with torch.no_grad():  # unit 0 on where x > 0, unit 1 where y > 0, unit 2 nowhere
        ...     model.hidden_layers[0].weight[:] = torch.tensor([[1.0, 0], [0, 1.0], [0, 0]])
        ...     model.hidden_layers[0].bias[:] = torch.tensor([0.0, 0.0, -1.0])
        >>> [f"{code:03b}" for code in activation_codes(model, [[1.0, -1.0], [-1.0, 1.0]])]
        ['100', '010']
    """
    on = _on(model, X)
    if on.shape[1] > 62:
        raise ValueError(f"activation_codes supports up to 62 units, this layer has {on.shape[1]}")
    return (on.long() * 2 ** torch.arange(on.shape[1] - 1, -1, -1)).sum(dim=1)


def _on(model: MLP, X) -> torch.Tensor:
    """Bool tensor `(N, width)`: which first-layer units are on at each point."""
    W, b = _first_layer(model)
    X = input_matrix(X, in_features=model.in_features)
    return (X @ W.T + b) > 0


def count_regions(model: MLP, X) -> int:
    """How many regions the first-layer units cut the points `X` into.

    Counts the distinct [`activation_codes`][toynn.activation_codes] among the points. For
    2-D inputs, `n` lines in general position cut the plane into `1 + n + n(n-1)/2`
    regions (7 for 3 lines); pass a dense grid over the plane to count them all, or the
    data to count those that hold points.

    Args:
        model: Any model.
        X: Inputs of shape `(N, in_features)`.

    Returns:
        The number of distinct regions that contain at least one point.

    Examples:
        >>> import torch
        >>> from toynn import MLP, count_regions
        >>> model = MLP(2, width=3, seed=0)
        >>> grid = torch.cartesian_prod(torch.linspace(-50, 50, 201), torch.linspace(-50, 50, 201))
        >>> count_regions(model, grid) <= 7
        True
    """
    return len(torch.unique(_on(model, X), dim=0))
