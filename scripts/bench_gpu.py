"""Benchmark on a CUDA GPU: one tiny model against thousands at once, eager against fused.

Everything on the rings' 2000 points, width-3 sigmoid nets, BCE, Adam at lr 1e-2; the CPU
rows on one torch thread. Printed, side by side in one run (medians where repeated):

1. The headline: 10 000 models x 10 000 epochs on the fused kernel, wall time with set-up
   and Triton's compilation from a cold cache (target: at most 10 s), and peak GPU memory.
2. One model: the plain eager PyTorch loop and `toynn.fit`, µs per epoch, GPU and CPU.
3. `sweep` at K = 1 000, 10 000 and 100 000 on the fused kernel and on the eager stacked
   path: set-up per model (the stack drawn on the GPU, in µs and in model-epochs),
   training µs per model-epoch (from a 1-epoch and a full sweep), wall time, peak memory.
4. The fused kernel's models per program (block_m) at K = 10 000.

Without a CUDA GPU it says so and exits 0. It imports toynn from this checkout, and toynn
needs torch, numpy, matplotlib and tqdm (not plotly). Run it on a GPU machine with

    python scripts/bench_gpu.py            # about a minute on an H200 (estimate)
    python scripts/bench_gpu.py --quick    # a tenth of the epochs: a smoke test

`--dry-run` runs every step with tiny sizes on the CPU, the kernels in Triton's
interpreter: a check of this script where there is no GPU, not a measurement.

and where tqdm is missing, bring its wheel: here `pip download tqdm==4.70.1 --no-deps -d
.cache/wheels`, carry `.cache/wheels`, and there run first
`pip install --no-index --no-deps .cache/wheels/*.whl`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]


def synced(run) -> float:
    """Wall seconds of `run()`, the GPU's queue drained before and after."""
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    start = time.perf_counter()
    run()
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return time.perf_counter() - start


def peak_mb(run) -> tuple[float, float]:
    """Wall seconds of `run()` and the peak GPU memory it allocated, in MB (nan on a CPU)."""
    if not torch.cuda.is_available():
        return synced(run), float("nan")
    torch.cuda.reset_peak_memory_stats()
    seconds = synced(run)
    return seconds, torch.cuda.max_memory_allocated() / 2**20


FULL = dict(points=1000, headline=(10_000, 10_000), single=300, ks=(1_000, 10_000, 100_000),
            epochs=1000, eager_largest=100, block_k=10_000, block_ms=(1, 2, 4, 8, 16, 32))
DRY = dict(points=50, headline=(20, 12), single=10, ks=(10, 30), epochs=6, eager_largest=4,
           block_k=20, block_ms=(1, 8))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the epochs")
    parser.add_argument("--dry-run", action="store_true",
                        help="tiny sizes on the CPU, kernels interpreted: checks the script")
    args = parser.parse_args()
    if args.dry_run:
        os.environ["TRITON_INTERPRET"] = "1"
    elif not torch.cuda.is_available():
        print("bench_gpu: torch sees no CUDA GPU here; nothing to measure.")
        return
    # a cold Triton cache, so that the headline counts compiling the kernels
    os.environ.setdefault("TRITON_CACHE_DIR", tempfile.mkdtemp(prefix="toynn-triton-"))
    sys.path.insert(0, str(ROOT))
    from bench_fit import eager_loop

    import toynn
    from toynn import _fused
    from toynn._engine import Stack

    began = time.perf_counter()
    size = DRY if args.dry_run else FULL

    def scaled(epochs: int) -> int:
        return max(2, epochs // 10) if args.quick else epochs

    torch.set_num_threads(1)
    cuda = torch.device("cpu" if args.dry_run else "cuda")
    torch.zeros(1, device=cuda)  # the CUDA context, before any timing
    X, y = toynn.make_rings(size["points"], seed=100)
    settings = dict(widths=[3], loss="bce", lr=1e-2, device=cuda)
    reason = _fused.why_not(cuda, in_features=2, out_features=1, width=3, depth=1,
                            activation=torch.nn.Sigmoid(), loss="bce")
    triton = sys.modules.get("triton")
    name = "dry run on the CPU" if args.dry_run else torch.cuda.get_device_name()
    print(f"{name}, torch {torch.__version__}, "
          f"triton {getattr(triton, '__version__', 'not installed')}; the fused kernel "
          + ("runs" if reason is None else f"cannot run: {reason}") + "\n")

    # 1. the headline
    models, epochs = size["headline"][0], scaled(size["headline"][1])
    if reason is None:
        for cache in ("cold", "warm"):
            seconds, memory = peak_mb(lambda: toynn.sweep(
                X, y, seeds=range(models), epochs=epochs, fused=True, **settings))
            print(f"{models} models x {epochs} epochs, fused, {cache} Triton cache: "
                  f"{seconds:.2f} s wall with set-up and compilation "
                  f"({seconds / (models * epochs) * 1e6:.4f} µs per model-epoch), "
                  f"peak {memory:.0f} MB (target for 10 000 x 10 000: at most 10 s)")

    # 2. one model, GPU against CPU
    epochs = scaled(size["single"])
    print(f"\none model, {epochs} epochs, µs per epoch (median of 3):")

    def one_model(where: torch.device) -> list[float]:
        """Median seconds of the eager loop's and of fit's training of one model on `where`."""
        Xd, yd = X.to(where), y.to(where)

        def eager():
            eager_loop(toynn.MLP(2, width=3, seed=0).to(where), Xd, yd, loss="bce", lr=1e-2,
                       epochs=epochs)

        def fit():
            toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=1e-2, epochs=epochs, seed=0,
                      device=where)

        return [statistics.median(synced(run) for _ in range(3)) for run in (eager, fit)]

    for where in (cuda, torch.device("cpu")):
        eager_seconds, fit_seconds = one_model(where)
        print(f"  {where.type:>4}: eager loop {eager_seconds / epochs * 1e6:8.1f}   "
              f"toynn.fit {fit_seconds / epochs * 1e6:8.1f}")

    # 3. sweeps
    print("\nsweep, width 3: set-up per model (the stack drawn on the GPU), training per "
          "model-epoch,\nwall time and peak memory of the full sweep")
    print(f"{'path':<8} {'K':>7} {'epochs':>6} {'set-up µs':>10} {'(epochs)':>9} "
          f"{'train µs':>9} {'wall s':>7} {'peak MB':>8}")
    for k in size["ks"]:
        for path in ("fused", "eager"):
            if path == "fused" and reason is not None:
                continue
            largest = path == "eager" and k == size["ks"][-1]
            epochs = scaled(size["eager_largest" if largest else "epochs"])
            stack = partial(Stack.from_seeds, [(3, s) for s in range(k)], in_features=2,
                            out_features=1, depth=1, activation=torch.nn.Sigmoid(),
                            device=cuda)
            run = partial(toynn.sweep, X, y, seeds=range(k), fused=path == "fused", **settings)
            set_up = statistics.median(synced(stack) for _ in range(3)) / k
            one = synced(partial(run, epochs=1))
            full, memory = peak_mb(partial(run, epochs=epochs))
            train = (full - one) / ((epochs - 1) * k)
            print(f"{path:<8} {k:>7} {epochs:>6} {set_up * 1e6:>10.3f} "
                  f"{set_up / train:>9.2f} {train * 1e6:>9.4f} {full:>7.2f} {memory:>8.0f}")

    # 4. models per program of the fused kernel
    if reason is None:
        k, epochs = size["block_k"], scaled(size["epochs"])
        Y = y.to(cuda)[:, None]
        print(f"\nfused kernel, K = {k}, {epochs} epochs: models per program (block_m)")
        for block_m in size["block_ms"]:
            def train(block_m=block_m, epochs=epochs):
                stack = Stack.from_seeds([(3, s) for s in range(k)], in_features=2,
                                         out_features=1, depth=1,
                                         activation=torch.nn.Sigmoid(), device=cuda)
                _fused.train(stack, X.to(cuda), Y, loss="bce", lr=1e-2, epochs=epochs,
                             on_chunk=lambda losses, done: None, block_m=block_m)
            train(epochs=1)  # compile this variant first
            seconds = synced(train)
            print(f"  block_m {block_m:>2}: {seconds / (k * epochs) * 1e6:.4f} "
                  f"µs per model-epoch")
    print(f"\nbench_gpu took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
