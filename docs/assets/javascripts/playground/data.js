// The data a playground run trains on, from its settings: one of toynn's datasets (the
// build's datasets.json, made by toynn.data) or the reader's own points, with the noise knob
// applied; and what follows from it: the task, the classes, the loss, the number of outputs,
// the part of the plane to draw, and whether it can be trained on at all.

import { normal } from "./engine.js";

const NOISE_SEED = 20240; // one fixed draw of noise: the same settings give the same points

// The smallest half-width, a multiple of 0.5 and at least `least`, that holds every value.
function halfWidth(values, least) {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  return Math.max(least, Math.ceil((max * 1.05) / 0.5) * 0.5);
}

// The points before noise: {X (point by point), y, inputs, task, call}.
export function basePoints(state, datasets) {
  if (state.data !== "own") {
    const set = datasets[state.data];
    return { X: set.X, y: set.y, inputs: set.inputs, task: set.task, call: set.call };
  }
  const regress = state.task === "regress";
  const X = [];
  const y = [];
  for (const point of state.points) {
    if (regress) {
      X.push(point[0]);
      y.push(point[1]);
    } else {
      X.push(point[0], point[1]);
      y.push(point[2]);
    }
  }
  return { X: X, y: y, inputs: regress ? 1 : 2, task: state.task, call: null };
}

// The points as the reader can edit them: [x, y, class] or [x, y], three decimals.
export function editablePoints(state, datasets) {
  if (state.data === "own") return state.points.map((point) => point.slice());
  const base = basePoints(state, datasets);
  const round = (v) => Math.round(v * 1000) / 1000;
  const points = [];
  for (let k = 0; k < base.y.length; k++) {
    points.push(base.inputs === 1 ? [round(base.X[k]), round(base.y[k])]
      : [round(base.X[2 * k]), round(base.X[2 * k + 1]), base.y[k]]);
  }
  return points;
}

// Everything a run needs to know about its data (see the top of this file).
export function trainingData(state, datasets) {
  const base = basePoints(state, datasets);
  const n = base.y.length;
  const X = Float64Array.from(base.X, Math.fround);
  const y = Float64Array.from(base.y, Math.fround);
  const regress = base.task === "regress";
  const extent = regress
    ? { x: halfWidth(base.X, 1.5), y: halfWidth(base.y, 1.5) }
    : { x: halfWidth(base.X, 1.5), y: halfWidth(base.X, 1.5) };
  if (state.noise > 0 && n > 0) {
    const draw = normal(NOISE_SEED);
    const target = regress ? y : X;
    let scale = 0;
    for (const v of target) scale = Math.max(scale, Math.abs(v));
    const sigma = (state.noise / 100) * scale;
    for (let k = 0; k < target.length; k++) target[k] = Math.fround(target[k] + sigma * draw());
  }
  const labels = regress ? [] : [...new Set(y)].sort();
  const classes = regress ? null : Math.max(2, ...labels.map((c) => c + 1));
  let problem = null;
  if (n === 0) {
    problem = "There are no points to train on: choose a class and click on the map to add some.";
  } else if (!regress && labels.length < 2) {
    problem = "All the points are of one class, so there is nothing to tell apart: "
      + "add points of another class.";
  }
  return {
    X: X, y: y, n: n, inputs: base.inputs, task: base.task, classes: classes,
    loss: regress ? "mse" : classes === 2 ? "bce" : "ce",
    outputs: regress || classes === 2 ? 1 : classes,
    extent: extent,
    call: state.noise > 0 ? null : base.call, // toynn code that makes these very points
    problem: problem,
  };
}
