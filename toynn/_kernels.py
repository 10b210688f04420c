"""Triton kernels: seeding many random generators, and training blocks of models on chip.

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


@triton.jit
def _activate(z, slope, ACT: tl.constexpr):
    """The activation: 0 sigmoid, 1 tanh, 2 ReLU, 3 leaky ReLU, 4 identity."""
    if ACT == 0:
        a = tl.sigmoid(z)
    elif ACT == 1:
        a = 2.0 * tl.sigmoid(2.0 * z) - 1.0
    elif ACT == 2:
        a = tl.maximum(z, 0.0)
    elif ACT == 3:
        a = tl.maximum(z, z * slope)
    else:
        a = z
    return a


@triton.jit
def _derivative(z, a, slope, ACT: tl.constexpr):
    """The activation's derivative at `z`, where it took the value `a`."""
    if ACT == 0:
        d = a * (1.0 - a)
    elif ACT == 1:
        d = 1.0 - a * a
    elif ACT == 2:
        d = tl.where(z > 0.0, 1.0, 0.0)
    elif ACT == 3:
        d = tl.where(z > 0.0, 1.0, slope)
    else:
        d = z * 0.0 + 1.0
    return d


@triton.jit
def _feature(X_ptr, i: tl.constexpr, points, inside, N, IN: tl.constexpr):
    """Input feature `i` of `points` (`(IN, N)` row-major), or the bias input 1 for `i == IN`."""
    if i < IN:
        x = tl.load(X_ptr + i * N + points, mask=inside, other=0.0)
    else:
        x = tl.where(inside, 1.0, 0.0)
    return x


@triton.jit
def _adam(p, g, m, v, step, eps):
    """One Adam update, in the order of operations of `Stack._adam_step`."""
    m = m + 0.1 * (g - m)
    v = v * 0.999 + 0.001 * g * g
    p = p - step * tl.div_rn(m, tl.sqrt_rn(v) + eps)
    return p, m, v


@triton.jit
def train_epochs(
    X_ptr, T_ptr, theta_ptr, m_ptr, v_ptr, width_ptr, schedule_ptr, loss_ptr,
    K, N, H, first_epoch, n_epochs, record_every, last_epoch, layer1, g_scale, slope,
    IN: tl.constexpr, INP: tl.constexpr, HP: tl.constexpr, BLOCK_M: tl.constexpr,
    BLOCK_N: tl.constexpr, ACT: tl.constexpr, LOSS: tl.constexpr,
):
    """`n_epochs` epochs of full-batch Adam for `BLOCK_M` one-hidden-layer models, one output.

    Each program owns its models for all the epochs: their parameters and Adam state stay
    in registers, and per point only the inputs `X` `(IN, N)` and targets `T` `(N,)` are
    read (shared by every model, so they stay in cache). Parameters follow the stack's
    layout: hidden layer `(K, H, IN + 1)`, then from `layer1` the output layer `(K, 1, H + 1)`,
    bias last; model `k` uses its first `width[k]` units. LOSS 0 is "bce", `T = 1 - 2y`;
    1 is "mse", `T = y`. The summed loss of every recorded epoch (measured before its update)
    goes to row `ceil(s / record_every)` of `loss_ptr` `(rows, K)`, `s` counted from
    `first_epoch`, a multiple of `record_every`. `schedule_ptr` holds Adam's
    `(step size, eps)` of every epoch, bias corrections included.
    """
    models = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    model_ok = models < K
    width = tl.load(width_ptr + models, mask=model_ok, other=0)
    units = tl.arange(0, HP)
    cols = tl.arange(0, INP)[None, None, :]
    unit_ok = units[None, :] < width[:, None]
    w_ok = unit_ok[:, :, None] & (cols < IN + 1)
    models64 = models.to(tl.int64)
    w_at = (models64[:, None, None] * H + units[None, :, None]) * (IN + 1) + cols
    v_at = layer1 + models64[:, None] * (H + 1) + units[None, :]
    c_at = layer1 + models64 * (H + 1) + H
    W = tl.load(theta_ptr + w_at, mask=w_ok, other=0.0)
    mW = tl.load(m_ptr + w_at, mask=w_ok, other=0.0)
    vW = tl.load(v_ptr + w_at, mask=w_ok, other=0.0)
    V = tl.load(theta_ptr + v_at, mask=unit_ok, other=0.0)
    mV = tl.load(m_ptr + v_at, mask=unit_ok, other=0.0)
    vV = tl.load(v_ptr + v_at, mask=unit_ok, other=0.0)
    C = tl.load(theta_ptr + c_at, mask=model_ok, other=0.0)
    mC = tl.load(m_ptr + c_at, mask=model_ok, other=0.0)
    vC = tl.load(v_ptr + c_at, mask=model_ok, other=0.0)
    for s in range(n_epochs):
        gW = tl.zeros([BLOCK_M, HP, INP], tl.float32)
        gV = tl.zeros([BLOCK_M, HP], tl.float32)
        gC = tl.zeros([BLOCK_M], tl.float32)
        total = tl.zeros([BLOCK_M], tl.float32)
        for start in range(0, N, BLOCK_N):
            points = start + tl.arange(0, BLOCK_N)
            inside = points < N
            z = tl.zeros([BLOCK_M, HP, BLOCK_N], tl.float32)
            for i in tl.static_range(IN + 1):
                w_i = tl.sum(tl.where(cols == i, W, 0.0), axis=2)
                z += w_i[:, :, None] * _feature(X_ptr, i, points, inside, N, IN)[None, None, :]
            a = _activate(z, slope, ACT)
            o = tl.sum(V[:, :, None] * a, axis=1) + C[:, None]
            t = tl.load(T_ptr + points, mask=inside, other=0.0)[None, :]
            if LOSS == 0:
                u = o * t
                terms = tl.maximum(u, 0.0) + tl.log(1.0 + tl.exp(-tl.abs(u)))  # softplus(u)
                d = tl.sigmoid(u) * (t * g_scale)
            else:
                r = o - t
                terms = r * r
                d = r * g_scale
            d = tl.where(inside[None, :], d, 0.0)
            total += tl.sum(tl.where(inside[None, :], terms, 0.0), axis=1)
            gC += tl.sum(d, axis=1)
            gV += tl.sum(a * d[:, None, :], axis=2)
            dz = V[:, :, None] * d[:, None, :] * _derivative(z, a, slope, ACT)
            for i in tl.static_range(IN + 1):
                x = _feature(X_ptr, i, points, inside, N, IN)[None, None, :]
                gW += tl.where(cols == i, tl.sum(dz * x, axis=2)[:, :, None], 0.0)
        epoch = first_epoch + s
        if (epoch % record_every == 0) or (epoch == last_epoch):
            row = (s + record_every - 1) // record_every
            tl.store(loss_ptr + row * K + models, total, mask=model_ok)
        step = tl.load(schedule_ptr + 2 * s)
        eps = tl.load(schedule_ptr + 2 * s + 1)
        W, mW, vW = _adam(W, tl.where(w_ok, gW, 0.0), mW, vW, step, eps)
        V, mV, vV = _adam(V, tl.where(unit_ok, gV, 0.0), mV, vV, step, eps)
        C, mC, vC = _adam(C, gC, mC, vC, step, eps)
    tl.store(theta_ptr + w_at, W, mask=w_ok)
    tl.store(m_ptr + w_at, mW, mask=w_ok)
    tl.store(v_ptr + w_at, vW, mask=w_ok)
    tl.store(theta_ptr + v_at, V, mask=unit_ok)
    tl.store(m_ptr + v_at, mV, mask=unit_ok)
    tl.store(v_ptr + v_at, vV, mask=unit_ok)
    tl.store(theta_ptr + c_at, C, mask=model_ok)
    tl.store(m_ptr + c_at, mC, mask=model_ok)
    tl.store(v_ptr + c_at, vC, mask=model_ok)
