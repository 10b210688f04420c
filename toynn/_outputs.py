"""The shape of a model's outputs: `(N,)` for one output, `(N, out_features)` for several.

`toynn.MLP` gives its outputs in this shape, and targets follow it wherever they meet
outputs (a callable loss receives both in it).
"""

from __future__ import annotations

import torch


def squeeze_output(tensor: torch.Tensor) -> torch.Tensor:
    """Drop a last dimension of size 1: one output per sample is a vector `(N,)`.

    This is the shape convention of `toynn.MLP`: `(N,)` for one output,
    `(N, out_features)` for several. Targets follow it wherever they meet outputs.
    """
    return tensor.squeeze(-1) if tensor.shape[-1] == 1 else tensor
