"""Benchmark: toynn.fit against the plain eager PyTorch loop on the tutorials' six trainings.

Both run side by side in this process, on one torch thread, from the same initial
weights; each training is repeated and the per-epoch median is reported. Then the cost of
keeping 100 snapshots over 10 000 epochs, measured against the same run without. Run:

    .venv/bin/python scripts/bench_fit.py            # the tutorials' epochs (about a minute)
    .venv/bin/python scripts/bench_fit.py --quick    # a tenth of the epochs
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

import toynn

# (name, data, width, lr, epochs, loss): the tutorials' six trainings, that is the first run
# and the four widths of the classification tutorial and the long run of the regression one
TRAININGS = [
    ("rings  H=2  lr=1e-2", "rings", 2, 1e-2, 100, "bce"),
    ("rings  H=1  lr=1e-3", "rings", 1, 1e-3, 10_000, "bce"),
    ("rings  H=2  lr=1e-3", "rings", 2, 1e-3, 10_000, "bce"),
    ("rings  H=3  lr=1e-3", "rings", 3, 1e-3, 10_000, "bce"),
    ("rings  H=5  lr=1e-3", "rings", 5, 1e-3, 10_000, "bce"),
    ("sine   H=10 lr=1e-2", "sine", 10, 1e-2, 20_000, "mse"),
]


def eager_loop(model: toynn.MLP, X, y, *, loss: str, lr: float, epochs: int) -> list[float]:
    """The loop every tutorial writes: forward, loss, zero_grad, backward, step."""
    net = nn.Sequential(model.hidden_layers[0], nn.Sigmoid(), model.output_layer)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    criterion = nn.BCEWithLogitsLoss() if loss == "bce" else nn.MSELoss()
    losses = []
    for _ in range(epochs):
        value = criterion(net(X).squeeze(1), y)
        optimizer.zero_grad()
        value.backward()
        optimizer.step()
        losses.append(value.item())
    return losses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the epochs")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = {"rings": toynn.make_rings(1000, seed=100), "sine": toynn.make_damped_sine()}

    print(f"torch {torch.__version__}, 1 thread, {args.repeats} repeats, medians per epoch\n")
    print(f"{'training':<20} {'epochs':>7} {'eager µs':>9} {'fit µs':>8} {'ratio':>6} "
          f"{'|Δ final loss|':>15}")
    totals = {"eager": 0.0, "fit": 0.0}
    for name, dataset, width, lr, epochs, loss in TRAININGS:
        epochs = max(10, epochs // 10) if args.quick else epochs
        X, y = data[dataset]
        times = {"eager": [], "fit": []}
        for _ in range(args.repeats):
            model = toynn.MLP(X.shape[1], width=width, seed=0)
            start = time.perf_counter()
            eager = eager_loop(model, X, y, loss=loss, lr=lr, epochs=epochs)
            times["eager"].append((time.perf_counter() - start) / epochs)
            start = time.perf_counter()
            history = toynn.fit(toynn.MLP(X.shape[1], width=width), X, y, loss=loss, lr=lr,
                                epochs=epochs, seed=0)
            times["fit"].append((time.perf_counter() - start) / epochs)
        medians = {kind: statistics.median(values) for kind, values in times.items()}
        for kind in totals:
            totals[kind] += medians[kind] * epochs
        gap = abs(eager[-1] - history.final_loss)
        print(f"{name:<20} {epochs:>7} {medians['eager'] * 1e6:>9.1f} "
              f"{medians['fit'] * 1e6:>8.1f} {medians['eager'] / medians['fit']:>5.1f}× "
              f"{gap:>15.2e}")
    print(f"\nall six trainings: eager {totals['eager']:.2f} s, fit {totals['fit']:.2f} s, "
          f"fit is {totals['eager'] / totals['fit']:.1f}× faster (target ≥ 4×)")
    snapshot_overhead(data["rings"], epochs=1_000 if args.quick else 10_000,
                      repeats=max(args.repeats, 15))


def snapshot_overhead(data, *, epochs: int, repeats: int) -> None:
    """Time fit with and without 100 snapshots, alternating runs so that noise hits both."""
    X, y = data
    times = {"without": [], "with": []}
    for _ in range(repeats):
        for kind, snapshots in (("without", None), ("with", 100)):
            start = time.perf_counter()
            toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=1e-3, epochs=epochs, seed=0,
                      snapshots=snapshots)
            times[kind].append(time.perf_counter() - start)
    without, with_ = (statistics.median(times[kind]) for kind in ("without", "with"))
    print(f"\nsnapshots: rings H=3, {epochs} epochs, median of {repeats}: without {without:.3f} s, "
          f"with 100 snapshots {with_:.3f} s, overhead {100 * (with_ / without - 1):+.1f} % "
          "(target ≤ 5 %)")


if __name__ == "__main__":
    main()
