"""toynn: see how small neural networks work."""

__version__ = "0.1.0"
