// The playground's training engine: small MLPs trained full-batch with Adam, the arithmetic of
// toynn's own engine (toynn/_engine.py) on typed arrays, with no dependencies. An ES module, so
// the page, its Web Workers and Node (the tests, the benchmark) all import this one file.
//
// - A net is `sizes` = [inputs, width, ..., width, outputs], one activation for every hidden
//   layer ("sigmoid", "tanh", "relu") and a loss: "bce" (one logit, targets 0/1), "ce" (one
//   logit per class, targets class indices) or "mse" (one output). Layer l's weights W[l]
//   hold unit i's incoming weights in row i (nn.Linear's layout), then its biases b[l].
// - Initial weights are drawn as toynn's `MLP.reset_parameters` draws them: U(-1/sqrt(fan_in),
//   1/sqrt(fan_in)), layer by layer, weights before biases, rounded to float32, from a seeded
//   generator of our own (not torch's stream: exported code carries the weights instead).
// - The backward pass is toynn's closed form: the loss's gradient with respect to the outputs,
//   then, layer by layer, dZ = dA * f'(A) with f' written in terms of the activation A.
// - Arithmetic is float64 (JavaScript's numbers); toynn trains in float32, so losses agree to
//   about 1e-5 relative over 1000 epochs of classification (tests/test_playground_engine.py).
// - Activations are laid out feature by feature, the points of one feature contiguous, so the
//   inner loops run over long rows even when a layer has one unit. Nothing is allocated per
//   epoch.

export const ACTIVATIONS = ["sigmoid", "tanh", "relu"];
export const LOSSES = ["bce", "ce", "mse"];
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

// A seeded uniform generator on [0, 1) (mulberry32): small, fast, and the same everywhere.
export function uniform(seed) {
  let state = seed >>> 0;
  return function () {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Standard normal draws from a seeded generator (Box-Muller), for the noise knob.
export function normal(seed) {
  const next = uniform(seed);
  let spare = null;
  return function () {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

// Points as the engine reads them: features in rows of `n` (the transpose of X), targets.
export class Batch {
  // X: numbers, point by point (x0 of point 0, x1 of point 0, x0 of point 1, ...), `inputs`
  // per point; y: one target per point (or null, for points without targets).
  constructor(X, inputs, y = null) {
    const n = Math.floor(X.length / inputs);
    this.n = n;
    this.inputs = inputs;
    this.Xt = new Float64Array(inputs * n);
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < inputs; i++) this.Xt[i * n + p] = X[p * inputs + i];
    }
    this.y = y === null ? null : Float64Array.from(y);
    this.acts = null; // hidden activations, one (width x n) array per layer, made by Net
    this.out = null; // outputs (outputs x n)
  }
}

export class Net {
  constructor(sizes, activation, loss) {
    if (!ACTIVATIONS.includes(activation)) throw new Error("unknown activation " + activation);
    if (!LOSSES.includes(loss)) throw new Error("unknown loss " + loss);
    if (sizes.length < 3 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
      throw new Error("sizes must be [inputs, width, ..., outputs]");
    }
    if ((loss === "ce") === (sizes[sizes.length - 1] === 1)) {
      throw new Error("ce needs several outputs, bce and mse one");
    }
    this.sizes = sizes.slice();
    this.activation = activation;
    this.loss = loss;
    this.depth = sizes.length - 2;
    this.width = sizes[1];
    this.outputs = sizes[sizes.length - 1];
    let count = 0;
    this.offsets = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.offsets.push(count);
      count += sizes[l + 1] * (sizes[l] + 1);
    }
    this.params = new Float64Array(count);
    this.grad = new Float64Array(count);
    this.m = new Float64Array(count);
    this.v = new Float64Array(count);
    this.updates = 0;
    this.dOut = null;
    this.dA = null;
    this.dPrev = null;
  }

  // Where layer l's weight (i, j) and bias i live in `params`.
  w(l, i, j) { return this.offsets[l] + i * this.sizes[l] + j; }
  b(l, i) { return this.offsets[l] + this.sizes[l + 1] * this.sizes[l] + i; }

  initialize(seed) {
    const next = uniform(seed);
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const fanIn = this.sizes[l];
      const bound = 1 / Math.sqrt(fanIn);
      const start = this.offsets[l];
      const end = start + this.sizes[l + 1] * (fanIn + 1); // weights, then biases
      for (let k = start; k < end; k++) this.params[k] = Math.fround(next() * 2 * bound - bound);
    }
    this.resetOptimizer();
    return this;
  }

  // Adam starts afresh, as it does in every call of toynn.fit.
  resetOptimizer() {
    this.m.fill(0);
    this.v.fill(0);
    this.updates = 0;
  }

  // The weights as toynn's MLP.from_weights takes them (JSON-ready arrays).
  toWeights() {
    const layers = [];
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const W = [];
      const bias = [];
      for (let i = 0; i < this.sizes[l + 1]; i++) {
        const row = [];
        for (let j = 0; j < this.sizes[l]; j++) row.push(this.params[this.w(l, i, j)]);
        W.push(row);
        bias.push(this.params[this.b(l, i)]);
      }
      layers.push([W, bias]);
    }
    const [v, c] = layers.pop();
    const output = this.outputs === 1 ? [v[0], c[0]] : [v, c];
    return { hidden: layers, output: output, activation: this.activation };
  }

  // Allocate `batch`'s activations for this net's shape (once per batch and shape).
  prepare(batch) {
    const n = batch.n;
    if (!batch.acts || batch.acts.length !== this.depth || batch.acts[0].length !== this.width * n
        || batch.out.length !== this.outputs * n) {
      batch.acts = [];
      for (let l = 0; l < this.depth; l++) batch.acts.push(new Float64Array(this.width * n));
      batch.out = new Float64Array(this.outputs * n);
    }
    return batch;
  }

  // One layer: dest (rows x n) = W src (cols x n) + b, then the activation unless `last`.
  layer(l, src, dest, n, last) {
    const rows = this.sizes[l + 1];
    const cols = this.sizes[l];
    const p = this.params;
    const kind = this.activation;
    for (let i = 0; i < rows; i++) {
      const bias = p[this.b(l, i)];
      const row = i * n;
      for (let k = 0; k < n; k++) dest[row + k] = bias;
      for (let j = 0; j < cols; j++) {
        const weight = p[this.w(l, i, j)];
        const from = j * n;
        for (let k = 0; k < n; k++) dest[row + k] += weight * src[from + k];
      }
      if (last) continue;
      if (kind === "sigmoid") {
        for (let k = row; k < row + n; k++) dest[k] = 1 / (1 + Math.exp(-dest[k]));
      } else if (kind === "tanh") {
        for (let k = row; k < row + n; k++) dest[k] = Math.tanh(dest[k]);
      } else {
        for (let k = row; k < row + n; k++) if (dest[k] < 0) dest[k] = 0;
      }
    }
  }

  // Fill batch.acts and batch.out (raw outputs: logits or predictions).
  forward(batch) {
    this.prepare(batch);
    let src = batch.Xt;
    for (let l = 0; l < this.depth; l++) {
      this.layer(l, src, batch.acts[l], batch.n, false);
      src = batch.acts[l];
    }
    this.layer(this.depth, src, batch.out, batch.n, true);
    return batch.out;
  }

  // The mean loss of batch.out against batch.y; with `grad`, also its gradient into dOut.
  lossOf(batch, grad) {
    const n = batch.n;
    const out = batch.out;
    const y = batch.y;
    const dOut = this.dOut;
    let total = 0;
    if (this.loss === "bce") {
      for (let k = 0; k < n; k++) {
        const t = 1 - 2 * y[k]; // the loss is softplus(t * logit), its gradient sigmoid(.) * t
        const u = out[k] * t;
        const e = Math.exp(-Math.abs(u)); // one exp for both, stable for any u
        total += (u > 0 ? u : 0) + Math.log1p(e);
        if (grad) dOut[k] = ((u >= 0 ? 1 : e) / (1 + e)) * (t / n);
      }
    } else if (this.loss === "mse") {
      for (let k = 0; k < n; k++) {
        const r = out[k] - y[k];
        total += r * r;
        if (grad) dOut[k] = (2 * r) / n;
      }
    } else {
      const classes = this.outputs;
      for (let k = 0; k < n; k++) {
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, out[c * n + k]);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp(out[c * n + k] - max);
        const logNorm = max + Math.log(sum);
        total += logNorm - out[y[k] * n + k];
        if (grad) {
          for (let c = 0; c < classes; c++) {
            const softmax = Math.exp(out[c * n + k] - logNorm);
            dOut[c * n + k] = (softmax - (c === y[k] ? 1 : 0)) / n;
          }
        }
      }
    }
    return total / n;
  }

  // Gradients of every parameter into `grad`, from dOut and the batch's activations.
  backward(batch) {
    const n = batch.n;
    const p = this.params;
    const g = this.grad;
    const kind = this.activation;
    let delta = this.dOut; // gradient of the loss with respect to layer l's pre-activations
    for (let l = this.depth; l >= 0; l--) {
      const rows = this.sizes[l + 1];
      const cols = this.sizes[l];
      const src = l === 0 ? batch.Xt : batch.acts[l - 1];
      for (let i = 0; i < rows; i++) {
        const row = i * n;
        let sum = 0;
        for (let k = row; k < row + n; k++) sum += delta[k];
        g[this.b(l, i)] = sum;
        for (let j = 0; j < cols; j++) {
          const from = j * n;
          let dot = 0;
          for (let k = 0; k < n; k++) dot += delta[row + k] * src[from + k];
          g[this.w(l, i, j)] = dot;
        }
      }
      if (l === 0) break;
      // dA of the layer below, times f'(A) (from A itself): that layer's delta.
      const dA = delta === this.dA ? this.dPrev : this.dA;
      for (let j = 0; j < cols; j++) {
        const to = j * n;
        const weight = p[this.w(l, 0, j)];
        for (let k = 0; k < n; k++) dA[to + k] = weight * delta[k];
        for (let i = 1; i < rows; i++) {
          const w = p[this.w(l, i, j)];
          const row = i * n;
          for (let k = 0; k < n; k++) dA[to + k] += w * delta[row + k];
        }
        if (kind === "sigmoid") {
          for (let k = to; k < to + n; k++) dA[k] *= src[k] * (1 - src[k]);
        } else if (kind === "tanh") {
          for (let k = to; k < to + n; k++) dA[k] *= 1 - src[k] * src[k];
        } else {
          for (let k = to; k < to + n; k++) if (!(src[k] > 0)) dA[k] = 0;
        }
      }
      delta = dA;
    }
  }

  // One Adam step with torch.optim.Adam's defaults, written as toynn's engine writes it.
  adam(lr) {
    this.updates += 1;
    const bc1 = 1 - BETA1 ** this.updates;
    const bc2Sqrt = Math.sqrt(1 - BETA2 ** this.updates);
    const step = (lr * bc2Sqrt) / bc1;
    const eps = EPS * bc2Sqrt;
    const { params, grad, m, v } = this;
    for (let k = 0; k < params.length; k++) {
      const gk = grad[k];
      m[k] += (1 - BETA1) * (gk - m[k]);
      v[k] = BETA2 * v[k] + (1 - BETA2) * gk * gk;
      params[k] -= (step * m[k]) / (Math.sqrt(v[k]) + eps);
    }
  }

  // `epochs` full-batch Adam steps on `batch`. Like toynn.fit, each epoch's loss is measured
  // before its update and written to losses[offset + e] (when `losses` is given). Returns
  // the last measured loss, or NaN as soon as a loss is not finite (training then stops).
  train(batch, epochs, lr, losses = null, offset = 0) {
    const n = batch.n;
    if (!this.dOut || this.dOut.length !== this.outputs * n || this.dA.length !== this.width * n) {
      this.dOut = new Float64Array(this.outputs * n);
      this.dA = new Float64Array(this.width * n);
      this.dPrev = new Float64Array(this.width * n);
    }
    let loss = NaN;
    for (let e = 0; e < epochs; e++) {
      this.forward(batch);
      loss = this.lossOf(batch, true);
      if (losses) losses[offset + e] = loss;
      if (!Number.isFinite(loss)) return NaN;
      this.backward(batch);
      this.adam(lr);
    }
    return loss;
  }

  // Loss and accuracy (null for "mse") of the current weights on `batch`, without training.
  evaluate(batch) {
    this.forward(batch);
    const loss = this.lossOf(batch, false);
    if (this.loss === "mse") return { loss: loss, accuracy: null };
    const n = batch.n;
    let right = 0;
    for (let k = 0; k < n; k++) right += this.predicted(batch.out, n, k) === batch.y[k] ? 1 : 0;
    return { loss: loss, accuracy: right / n };
  }

  // The class the outputs `out` (of a batch of n points) give point k.
  predicted(out, n, k) {
    if (this.outputs === 1) return out[k] > 0 ? 1 : 0;
    let best = 0;
    for (let c = 1; c < this.outputs; c++) if (out[c * n + k] > out[best * n + k]) best = c;
    return best;
  }
}
