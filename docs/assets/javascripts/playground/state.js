// The playground's settings and the URL that shares them (`?data=rings&width=3&...`; the query,
// not the hash, which the page's own anchors use).
//
// Everything in a URL is untrusted: `parseState` reads only the keys it knows, checks each
// value's form and range (numbers by a strict pattern, names against a list, at most
// MAX_POINTS points), keeps the default of any field that fails, and returns what failed
// as plain-text messages for the page to show (with textContent: nothing here is HTML).
// Pure functions, no DOM: the tests import this module in Node too.

export const DATASETS = ["rings", "spiral", "spiral3", "bands", "sine", "own"];
export const TASKS = ["classify", "regress"];
export const ACTIVATION_NAMES = ["sigmoid", "tanh", "relu"];
export const MAX_POINTS = 600;
export const MAX_CLASSES = 3;
export const MAX_COORDINATE = 50;
export const MAX_QUERY = 40000;

// Ranges of the numeric settings: [min, max, integer?].
export const RANGES = {
  noise: [0, 50, true], // per cent of the data's extent
  depth: [1, 3, true],
  width: [1, 8, true],
  lr: [1e-5, 1, false],
  seed: [0, 999999999, true],
  runs: [2, 100, true], // many seeds: how many
  epochs: [1, 20000, true], // many seeds: epochs per run
  target: [1e-6, 10, false], // many seeds: the final loss that counts as success
};

export const DEFAULTS = Object.freeze({
  data: "rings", task: "classify", points: [], noise: 0, act: "sigmoid", depth: 1, width: 3,
  lr: 0.01, seed: 0, runs: 20, epochs: 2000, target: 0.05,
});

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;
const INTEGER = /^\d{1,9}$/;
const KEYS = ["data", "task", "pts", "act", ...Object.keys(RANGES)];

export function describeRange(key) {
  const [min, max, integer] = RANGES[key];
  return (integer ? "a whole number" : "a number") + " from " + min + " to " + max;
}

// A number from untrusted text: the value, or null if the text is not a number in range.
export function readNumber(key, text) {
  const [min, max, integer] = RANGES[key];
  if (typeof text !== "string" || !(integer ? INTEGER : NUMBER).test(text.trim())) return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= min && value <= max ? value : null;
}

// Coordinates as the page keeps them: three decimals, so that a URL gives them back exactly.
export function roundCoordinate(value) {
  return Math.round(value * 1000) / 1000;
}

// "x,y,c;x,y,c" (classify) or "x,y;x,y" (regress) -> {points, error}.
export function readPoints(text, task) {
  if (text === "") return { points: [], error: null };
  const items = text.split(";");
  if (items.length > MAX_POINTS) {
    return { points: [], error: "the link holds more than " + MAX_POINTS + " points" };
  }
  const width = task === "classify" ? 3 : 2;
  const points = [];
  for (const item of items) {
    const parts = item.split(",");
    if (parts.length !== width || !parts.every((part) => NUMBER.test(part))) {
      const form = width === 3 ? "x,y,class" : "x,y";
      return { points: [], error: "a point is not written as " + form };
    }
    const values = parts.map(Number);
    if (!values.slice(0, 2).every((v) => Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE)) {
      const range = "-" + MAX_COORDINATE + " to " + MAX_COORDINATE;
      return { points: [], error: "a point lies outside " + range };
    }
    const label = values[2];
    if (width === 3 && !(Number.isInteger(label) && label >= 0 && label < MAX_CLASSES)) {
      return { points: [], error: "a point's class is not 0, 1 or 2" };
    }
    points.push(values.map((v, i) => (i < 2 ? roundCoordinate(v) : v)));
  }
  return { points: points, error: null };
}

// The settings in a URL's query -> {state, errors}: defaults where a value is missing or wrong.
export function parseState(query) {
  const state = { ...DEFAULTS, points: [] };
  const errors = [];
  if (typeof query !== "string" || query.length <= 1) return { state: state, errors: errors };
  if (query.length > MAX_QUERY) {
    errors.push("The link is too long to be playground settings; the defaults are shown.");
    return { state: state, errors: errors };
  }
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  const unknown = [...new Set(params.keys())].filter((key) => !KEYS.includes(key));
  if (unknown.length) {
    errors.push("The link has settings the playground does not know; they were ignored.");
  }
  const repeated = KEYS.filter((key) => params.getAll(key).length > 1);
  if (repeated.length) {
    errors.push("The link gives " + repeated.join(", ") + " twice; the first is used.");
  }
  const data = params.get("data");
  if (data !== null) {
    if (DATASETS.includes(data)) state.data = data;
    else errors.push("The link's data set is not one of " + DATASETS.join(", ") + ".");
  }
  const act = params.get("act");
  if (act !== null) {
    if (ACTIVATION_NAMES.includes(act)) state.act = act;
    else errors.push("The link's activation is not one of " + ACTIVATION_NAMES.join(", ") + ".");
  }
  for (const key of Object.keys(RANGES)) {
    const text = params.get(key);
    if (text === null) continue;
    const value = readNumber(key, text);
    if (value === null) errors.push("The link's " + key + " is not " + describeRange(key) + ".");
    else state[key] = value;
  }
  if (state.data === "own") {
    const task = params.get("task");
    if (task !== null && !TASKS.includes(task)) {
      errors.push("The link's task is not one of " + TASKS.join(", ") + ".");
    } else if (task !== null) {
      state.task = task;
    }
    const read = readPoints(params.get("pts") || "", state.task);
    if (read.error) errors.push("The link's points could not be read: " + read.error + ".");
    state.points = read.points;
  } else {
    state.task = state.data === "sine" ? "regress" : "classify";
  }
  return { state: state, errors: errors };
}

// The query that `parseState` reads back as `state`.
export function formatState(state) {
  const params = new URLSearchParams();
  params.set("data", state.data);
  if (state.data === "own") params.set("task", state.task);
  params.set("noise", String(state.noise));
  params.set("act", state.act);
  for (const key of ["depth", "width", "lr", "seed", "runs", "epochs", "target"]) {
    params.set(key, String(state[key]));
  }
  // Points are numbers, commas and semicolons, all allowed in a URL's query as they are.
  const points = state.data === "own"
    ? "&pts=" + state.points.map((point) => point.join(",")).join(";") : "";
  return "?" + params.toString() + points;
}
