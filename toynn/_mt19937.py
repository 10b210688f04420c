"""PyTorch's CPU random numbers for many seeds at once, computed on any device.

`torch.rand(n, generator=torch.Generator().manual_seed(s))` draws from a Mersenne Twister
(MT19937) seeded the reference way (`init_genrand`) with `s mod 2**32`; each float32 is the
low 24 bits of one 32-bit output times `2**-24`, the outputs taken in order. `uniform`
computes exactly those numbers for many seeds at once, with tensor operations on the
device where they are needed: on a GPU, one CPU generator per seed would cost more than
training the models. The generator's 32-bit words are held in int64, below `2**32`.

The state is laid out `(624, seeds)`, one row per word, so that every step of the
generator is an operation on whole rows. Seeding is a chain of 623 steps per seed; on CUDA
with Triton installed one kernel runs it (`_kernels.mt19937_seed`), elsewhere 623 short
tensor operations do.
"""

from __future__ import annotations

import torch

N, M = 624, 397  # words of state; the offset of the word each new one is mixed with
MASK32 = 0xFFFFFFFF
MULTIPLIER = 1812433253  # init_genrand's multiplier
MATRIX_A, UPPER, LOWER = 0x9908B0DF, 0x80000000, 0x7FFFFFFF
BATCH = 2**14  # seeds per pass: bounds the state at 80 MB of int64


def uniform(seeds: list[int], count: int, device: torch.device, *,
            kernel: bool | None = None) -> torch.Tensor:
    """The first `count` numbers of `torch.rand` for each seed: float32 `(len(seeds), count)`.

    Row `k` equals `torch.rand(count, generator=torch.Generator().manual_seed(seeds[k]))`,
    bit for bit, computed on `device`. `kernel` picks how the state is seeded: the Triton
    kernel (True), tensor operations (False), or the kernel where it can run (None: CUDA
    with Triton installed).
    """
    if kernel is None:
        kernel = device.type == "cuda" and _triton_available()
    out = torch.empty(len(seeds), count, device=device)
    for first in range(0, len(seeds), BATCH):
        words = torch.tensor([s & MASK32 for s in seeds[first:first + BATCH]],
                             dtype=torch.int64).to(device)
        state = _seeded_state_kernel(words) if kernel else _seeded_state(words)
        out[first:first + len(words)] = _outputs(state, count).T
    return out


def _triton_available() -> bool:
    try:
        import triton  # noqa: F401
    except ImportError:
        return False
    return True


def _seeded_state(seeds: torch.Tensor) -> torch.Tensor:
    """`init_genrand` for every seed: state `(624, K)` from seeds `(K,)` below `2**32`."""
    state = torch.empty(N, len(seeds), dtype=torch.int64, device=seeds.device)
    state[0] = seeds
    for j in range(1, N):  # state[j] = 1812433253 * (s ^ (s >> 30)) + j, modulo 2**32
        previous, row = state[j - 1], state[j]
        torch.bitwise_right_shift(previous, 30, out=row)
        row.bitwise_xor_(previous).mul_(MULTIPLIER).add_(j).bitwise_and_(MASK32)
    return state


def _seeded_state_kernel(seeds: torch.Tensor) -> torch.Tensor:
    """What `_seeded_state` computes, by one Triton kernel (words come back as int32 bits)."""
    from ._kernels import mt19937_seed

    bits = torch.empty(N, len(seeds), dtype=torch.int32, device=seeds.device)
    block = 128
    as_int32 = torch.where(seeds < 2**31, seeds, seeds - 2**32).to(torch.int32)  # same bits
    mt19937_seed[(-(-len(seeds) // block),)](as_int32, bits, len(seeds), BLOCK=block)
    return bits.to(torch.int64).bitwise_and_(MASK32)


def _next_state(p: torch.Tensor, words: int = N) -> torch.Tensor:
    """MT19937's twist of the whole state `(624, K)`, as the sequential loop does it.

    Word `j` becomes `p[j + 397] ^ twist(p[j], p[j + 1])`, indices modulo 624, reading words
    below `j` after their own update: so the words are computed in runs whose inputs are
    all ready, `[0, 227)`, `[227, 454)`, `[454, 623)` and the last. With `words` below 227,
    only the first `words` are computed (the rest is left undefined): all a few small
    models need.
    """
    new = torch.empty_like(p)

    def twist(upper, lower, far):
        y = (upper & UPPER) | (lower & LOWER)
        return far ^ (y >> 1) ^ ((lower & 1) * MATRIX_A)

    first = min(words, N - M)
    new[:first] = twist(p[:first], p[1:first + 1], p[M:M + first])
    if words > N - M:
        new[N - M:2 * (N - M)] = twist(p[N - M:2 * (N - M)], p[N - M + 1:2 * (N - M) + 1],
                                       new[:N - M])
        new[2 * (N - M):N - 1] = twist(p[2 * (N - M):N - 1], p[2 * (N - M) + 1:],
                                       new[N - M:M - 1])
        new[N - 1] = twist(p[N - 1], new[0], new[M - 1])
    return new


def _outputs(state: torch.Tensor, count: int) -> torch.Tensor:
    """The first `count` uniform floats of every seeded state: float32 `(count, K)`."""
    words = []
    for done in range(0, count, N):
        state = _next_state(state, min(count - done, N))
        words.append(state)
    y = torch.cat(words)[:count]
    y = y ^ (y >> 11)  # tempering
    y = y ^ ((y << 7) & 0x9D2C5680)
    y = y ^ ((y << 15) & 0xEFC60000)
    y = y ^ (y >> 18)
    return (y & 0xFFFFFF).to(torch.float32).mul_(2.0**-24)
