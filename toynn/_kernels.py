"""Triton kernels: seeding many random generators at once.

Imported only where Triton is installed and a kernel is about to run (on CUDA, or on the
CPU under `TRITON_INTERPRET=1`, which is how the tests check them without a GPU); the
library itself never needs Triton.
"""

from __future__ import annotations

import triton
import triton.language as tl


@triton.jit
def mt19937_seed(seed_ptr, state_ptr, K, BLOCK: tl.constexpr):
    """MT19937's `init_genrand` for `K` seeds: words `(624, K)`, stored as int32 bits."""
    seeds = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    ok = seeds < K
    x = tl.load(seed_ptr + seeds, mask=ok, other=0).to(tl.uint32, bitcast=True)
    tl.store(state_ptr + seeds, x.to(tl.int32, bitcast=True), mask=ok)
    multiplier = tl.full((BLOCK,), 1812433253, tl.uint32)
    for j in range(1, 624):
        x = (x ^ (x >> 30)) * multiplier + tl.cast(j, tl.uint32)  # modulo 2**32
        tl.store(state_ptr + j * K + seeds, x.to(tl.int32, bitcast=True), mask=ok)

