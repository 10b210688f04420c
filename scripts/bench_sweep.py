"""Benchmark: cost per model-epoch of training many 2-3-1 nets on the two rings.

Side by side in one process, one torch thread unless stated: the plain eager PyTorch loop,
toynn.fit, toynn.sweep with K = 1, 8, 64, 256 and 1024 models, and scikit-learn's
MLPClassifier (adam, full batch) as a peer. Each row is the median of `--repeats` runs.
Then a sweep's set-up per model, in µs and in epochs of that model: building the stack
(every seed's initial weights drawn and stacked), and all of a sweep's fixed costs (a
1-epoch sweep less one epoch, from the same rounds: checks, buffers' first use, results).

    .venv/bin/python scripts/bench_sweep.py [--epochs 300] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import torch
from bench_fit import eager_loop

import toynn

# µs per model-epoch of a compiled C loop doing the same training on one core, measured on
# this kind of machine: about as fast as the hardware goes, so the best a sweep could reach.
MACHINE_LIMIT_US = 3.0


def per_model_epoch(rows, epochs: int, repeats: int) -> dict[str, float]:
    """Median µs per model-epoch of each `(name, models, run)` row.

    The rows take turns (round robin) rather than running their repeats back to back, so
    that a slow spell of a shared machine hits every row alike.
    """
    times = {name: [] for name, _, _ in rows}
    for _ in range(repeats):
        for name, models, run in rows:
            start = time.perf_counter()
            run()
            times[name].append((time.perf_counter() - start) / (models * epochs) * 1e6)
    return {name: statistics.median(values) for name, values in times.items()}


def set_up_costs(X, y, k: int, epochs: int, repeats: int, epoch_micros: float,
                 curve_points: int) -> dict[str, float]:
    """µs per model: building a stack of `k` seeds, a `k`-model sweep's fixed costs, an epoch.

    `epoch_micros` is the median µs per model-epoch of `epochs`-epoch sweeps, fixed costs
    included: the fixed cost `F` solves `F + epochs * e = epochs * epoch_micros` and
    `F + e = ` a 1-epoch sweep. Building the stack is timed on its own where this toynn can
    (`Stack.from_seeds`); otherwise as it was, one `MLP` per seed, then the stack.
    """
    from toynn._engine import Stack

    def build():
        if hasattr(Stack, "from_seeds"):
            Stack.from_seeds([(3, s) for s in range(k)], in_features=2, out_features=1,
                             depth=1, activation=torch.nn.Sigmoid(), device=torch.device("cpu"))
        else:
            Stack([toynn.MLP(2, width=3, seed=s) for s in range(k)], torch.device("cpu"))

    times = {"building the stack": [], "one epoch": []}
    for _ in range(repeats):
        start = time.perf_counter()
        build()
        times["building the stack"].append((time.perf_counter() - start) / k * 1e6)
        start = time.perf_counter()
        toynn.sweep(X, y, widths=[3], seeds=range(k), loss="bce", lr=1e-3, epochs=1,
                    curve_points=curve_points)
        times["one epoch"].append((time.perf_counter() - start) / k * 1e6)
    one_epoch = statistics.median(times["one epoch"])
    per_epoch = (epochs * epoch_micros - one_epoch) / (epochs - 1)
    return {"building the stack": statistics.median(times["building the stack"]),
            "all fixed costs of a sweep": one_epoch - per_epoch,
            "one model-epoch, fixed costs apart": per_epoch}


def sklearn_run(X, y, epochs: int):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    classifier = MLPClassifier(
        hidden_layer_sizes=(3,), activation="logistic", solver="adam", alpha=0.0,
        batch_size=len(X), learning_rate_init=1e-3, max_iter=epochs, tol=0.0,
        n_iter_no_change=epochs + 1, shuffle=False, random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier.fit(X, y)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    epochs, repeats = args.epochs, args.repeats
    torch.set_num_threads(1)
    X, y = toynn.make_rings(1000, seed=100)
    toynn.sweep(X, y, widths=[3], seeds=range(8), loss="bce", lr=1e-3, epochs=20)  # warm-up
    X_np, y_np = X.numpy(), y.numpy().astype(int)
    settings = dict(loss="bce", lr=1e-3, epochs=epochs)

    rows = [
        ("eager loop (1 model)", 1, lambda: eager_loop(toynn.MLP(2, width=3, seed=0), X, y,
                                                        loss="bce", lr=1e-3, epochs=epochs)),
        ("toynn.fit (1 model)", 1, lambda: toynn.fit(toynn.MLP(2, width=3), X, y, seed=0,
                                                    **settings)),
        ("scikit-learn MLPClassifier", 1, lambda: sklearn_run(X_np, y_np, epochs)),
    ]
    # A sweep measures its loss on curve_points epochs: 1000 of 10 000 by default. Keep that
    # proportion here, so the benchmark does the work a real sweep does.
    curve_points = max(1, epochs // 10)
    for k in (1, 8, 64, 256, 1024):
        rows.append((f"toynn.sweep K={k}", k,
                     lambda k=k: toynn.sweep(X, y, widths=[3], seeds=range(k),
                                             curve_points=curve_points, **settings)))

    print(f"torch {torch.__version__}, one thread, 2-3-1 sigmoid nets, 2000 points, "
          f"{epochs} epochs, median of {repeats}\n")
    print(f"{'method':<28} {'µs/model-epoch':>15} {'vs eager':>9} {'vs sklearn':>11} "
          f"{'vs machine limit':>17}")
    results = per_model_epoch(rows, epochs, repeats)
    eager, sklearn = results["eager loop (1 model)"], results["scikit-learn MLPClassifier"]
    for name, micros in results.items():
        print(f"{name:<28} {micros:>15.2f} {eager / micros:>8.1f}× {sklearn / micros:>10.1f}× "
              f"{micros / MACHINE_LIMIT_US:>16.1f}×")

    print()
    for k in (64, 1024):
        costs = set_up_costs(X, y, k, epochs, repeats, results[f"toynn.sweep K={k}"],
                             curve_points)
        epoch = costs.pop("one model-epoch, fixed costs apart")
        print(f"set-up per model, K={k}: " + "; ".join(
            f"{name} {micros:.1f} µs = {micros / epoch:.2f} model-epochs"
            for name, micros in costs.items()) + f" (one model-epoch: {epoch:.2f} µs)")

    torch.set_num_threads(2)
    two = per_model_epoch([("two threads", 256, lambda: toynn.sweep(
        X, y, widths=[3], seeds=range(256), curve_points=curve_points, **settings))],
        epochs, repeats)["two threads"]
    print(f"\ntoynn.sweep K=256 on 2 threads: {two:.2f} µs/model-epoch ({eager / two:.1f}× eager)")
    print("targets: sweep at K >= 64 at least 40× cheaper than the eager loop; "
          "faster than scikit-learn per model at every K >= 8; set-up per model at most "
          "2 model-epochs")


if __name__ == "__main__":
    main()
