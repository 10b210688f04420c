// Train with the playground's engine in Node, for tests/test_playground_engine.py: reads a job
// as JSON on stdin, writes what happened as JSON on stdout.
//
// Job: {sizes, activation, loss, weights: {hidden, output} as MLP.from_weights takes them (or
// null, to draw them from `seed`), seed, X (points, flat), y, lr, epochs, grid (points, flat),
// call (toynn code that makes X and y, or null)}.
// Result: {losses (one per epoch, before its update), final: {loss, accuracy}, initial and
// weights (before and after, as MLP.from_weights takes them), outputs (raw outputs on `grid`,
// one row per output), hidden (activations on `grid`), code (the page's exported code),
// seconds (of training)}.
import { readFileSync } from "node:fs";
import { pythonCode } from "../../docs/assets/javascripts/playground/code.js";
import { Batch, Net } from "../../docs/assets/javascripts/playground/engine.js";

const job = JSON.parse(readFileSync(0, "utf8"));
const net = new Net(job.sizes, job.activation, job.loss);
if (job.weights) {
  const layers = [...job.weights.hidden, job.weights.output];
  layers.forEach(([W, b], l) => {
    const rows = net.sizes[l + 1] === 1 && !Array.isArray(W[0]) ? [W] : W;
    const biases = Array.isArray(b) ? b : [b];
    rows.forEach((row, i) => {
      row.forEach((value, j) => { net.params[net.w(l, i, j)] = value; });
      net.params[net.b(l, i)] = biases[i];
    });
  });
} else {
  net.initialize(job.seed);
}
const initial = net.toWeights();
const inputs = job.sizes[0];
const data = new Batch(job.X, inputs, job.y);
const losses = new Float64Array(job.epochs);
const start = performance.now();
net.train(data, job.epochs, job.lr, losses);
const seconds = (performance.now() - start) / 1000;
const final = net.evaluate(data);
const grid = net.prepare(new Batch(job.grid || [], inputs));
if (grid.n) net.forward(grid);
const rows = (flat, count) => Array.from({ length: count },
  (_, r) => Array.from(flat.subarray(r * grid.n, (r + 1) * grid.n)));
process.stdout.write(JSON.stringify({
  losses: Array.from(losses),
  final: final,
  initial: initial,
  weights: net.toWeights(),
  outputs: grid.n ? rows(grid.out, net.outputs) : [],
  hidden: grid.n ? grid.acts.map((a) => rows(a, net.width)) : [],
  seconds: seconds,
  code: pythonCode({
    data: { call: job.call || null, n: data.n, inputs: inputs, X: job.X, y: job.y,
      loss: job.loss, outputs: net.outputs },
    initial: initial, segments: [{ lr: job.lr, epochs: job.epochs }], epoch: job.epochs,
    loss: final.loss, label: "a test",
  }),
}));
