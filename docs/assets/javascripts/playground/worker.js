// The playground's Web Worker: it trains (engine.js) while the page draws, so that drawing
// never waits for training and training never waits for a frame.
//
// A live run: "load" starts one from given weights; "play" trains in slices of about 10 ms,
// at most `rate` epochs per second, and after each slice posts the run's state (the new
// losses, the weights, the loss and accuracy of the weights now); the page keeps the latest
// and draws it at most once per animation frame. "pause", "step" and "rate" do what they say.
// "lr" changes the learning rate: if the run has trained since the last change, a new
// segment starts, with Adam's averages reset, as a new call of toynn.fit would; the exported
// code has one `fit` call per segment.
//
// Many seeds: "seeds" trains the same net from each seed in turn and posts each one's final
// loss (measured before the last update, as toynn.sweep measures it) and weights.

import { Batch, Net } from "./engine.js";

const SLICE_MS = 10;
const MAX_EPOCHS = 1000000; // a run pauses here; its loss history stays within 8 MB

let run = null;
let timer = null;

function post(extra) {
  const losses = run.losses.slice(run.posted, run.epoch);
  const now = run.net.evaluate(run.batch);
  self.postMessage({
    type: "state",
    id: run.id,
    epoch: run.epoch,
    from: run.posted,
    losses: losses,
    params: run.net.params.slice(),
    loss: now.loss,
    accuracy: now.accuracy,
    running: timer !== null,
    segments: run.segments.map((segment) => ({ ...segment })),
    ...extra,
  }, [losses.buffer]);
  run.posted = run.epoch;
}

// Train up to `epochs` epochs. If a loss stops being finite, the run goes back to its start
// (as toynn.fit leaves a model that diverged with its initial weights) and this returns
// the epoch where it happened; otherwise null.
function train(epochs) {
  epochs = Math.min(epochs, MAX_EPOCHS - run.epoch);
  if (epochs <= 0) return null;
  if (run.losses.length < run.epoch + epochs) {
    const grown = new Float64Array(Math.min(MAX_EPOCHS, Math.max(2 * run.losses.length,
      run.epoch + epochs)));
    grown.set(run.losses.subarray(0, run.epoch));
    run.losses = grown;
  }
  const segment = run.segments[run.segments.length - 1];
  const last = run.net.train(run.batch, epochs, segment.lr, run.losses, run.epoch);
  if (Number.isNaN(last)) {
    let bad = run.epoch;
    while (Number.isFinite(run.losses[bad])) bad += 1;
    run.net.params.set(run.start);
    run.net.resetOptimizer();
    run.epoch = 0;
    run.posted = 0;
    run.segments = [{ lr: segment.lr, epochs: 0 }];
    return bad;
  }
  run.epoch += epochs;
  segment.epochs += epochs;
  return null;
}

function stop() {
  clearTimeout(timer);
  timer = null;
}

function tick() {
  const begin = performance.now();
  let diverged = null;
  let trained = 0;
  let chunk = 8;
  while (diverged === null && performance.now() - begin < SLICE_MS) {
    const seconds = (performance.now() - run.since) / 1000;
    const allowed = run.rate === Infinity ? chunk : Math.floor(run.rate * seconds) - run.trained;
    const epochs = Math.min(chunk, allowed);
    if (epochs <= 0) break;
    diverged = train(epochs);
    run.trained += epochs;
    trained += epochs;
    chunk = Math.min(2 * chunk, 512);
  }
  const done = run.epoch >= MAX_EPOCHS;
  if (diverged !== null || done) stop();
  if (trained || done) {
    post(diverged !== null ? { diverged: diverged } : done ? { limit: MAX_EPOCHS } : {});
  }
  if (timer !== null) timer = setTimeout(tick, 0);
}

function makeNet(message) {
  const net = new Net(message.sizes, message.activation, message.loss);
  return { net: net, batch: new Batch(message.X, message.inputs, message.y) };
}

function load(message) {
  stop();
  const made = makeNet(message);
  made.net.params.set(message.params);
  run = {
    ...made,
    id: message.id,
    start: Float64Array.from(message.params),
    epoch: 0,
    posted: 0,
    losses: new Float64Array(1024),
    segments: [{ lr: message.lr, epochs: 0 }],
    rate: message.rate,
    since: 0,
    trained: 0,
  };
  post({});
}

function seeds(message) {
  const { net, batch } = makeNet(message);
  const begin = performance.now();
  message.seeds.forEach((seed, index) => {
    net.initialize(seed);
    const final = net.train(batch, message.epochs, message.lr); // NaN if it diverged
    self.postMessage({
      type: "seed", job: message.job, index: index, seed: seed,
      final: Number.isFinite(final) ? final : null, params: net.params.slice(),
    });
  });
  self.postMessage({ type: "seeds-done", job: message.job,
    seconds: (performance.now() - begin) / 1000 });
}

const COMMANDS = {
  load: load,
  seeds: seeds,
  play(message) {
    if (!run || timer !== null) return;
    run.rate = message.rate;
    run.since = performance.now();
    run.trained = 0;
    timer = setTimeout(tick, 0);
    post({});
  },
  pause() {
    if (!run) return;
    stop();
    post({});
  },
  step(message) {
    if (!run) return;
    stop();
    const diverged = train(message.epochs);
    post(diverged !== null ? { diverged: diverged } : {});
  },
  rate(message) {
    if (!run) return;
    run.rate = message.rate;
    run.since = performance.now();
    run.trained = 0;
  },
  lr(message) {
    if (!run) return;
    const segment = run.segments[run.segments.length - 1];
    if (segment.epochs === 0) {
      segment.lr = message.lr;
    } else {
      run.segments.push({ lr: message.lr, epochs: 0 });
      run.net.resetOptimizer();
    }
    if (timer === null) post({});
  },
};

self.onmessage = (event) => COMMANDS[event.data.cmd](event.data);
