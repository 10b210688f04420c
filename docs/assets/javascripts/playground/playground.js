// The playground page (docs/playground.md): its controls, the live run and what it draws.
//
// The settings live in the URL's query (state.js checks every value of it) and the data
// follow from them (data.js). A run is trained in a Web Worker (worker.js); each state it
// posts is kept and drawn at the next animation frame, at most once per frame (draw.js).
// This thread keeps a copy of the net (engine.js) only to draw it and to let the reader set
// its first layer's weights by hand (mapedit.js, and the unit editor here). Many seeds train
// in more workers (seeds.js); code.js writes the run as toynn code. Nothing untrusted is ever
// written as HTML: text goes in by textContent.
//
// Material's instant navigation runs this module once per page load; `document$` (or the
// script's own run) sets the page up, and leaving the page stops its workers.

import { Batch, Net } from "./engine.js";
import { formatState, parseState, readNumber } from "./state.js";
import { editablePoints, trainingData } from "./data.js";
import * as draw from "./draw.js";
import { pythonCode, weightsJSON } from "./code.js";
import { MapEditor } from "./mapedit.js";
import { ManySeeds, THUMB_GRID } from "./seeds.js";

const WORKER = new URL("./worker.js", import.meta.url);
const DATASETS = new URL("../../../playground/datasets.json", import.meta.url);
const GRID = 64; // the decision map's resolution, in cells per side
const CURVE = 256; // points of a fitted curve
const TEXT_EVERY_MS = 1000; // status and code while training: once a second is enough to read
const MAX_WEIGHT = 100;

function rounded(value, digits = 4) {
  return String(Number(value.toPrecision(digits)));
}

class Playground {
  constructor(root) {
    this.root = root;
    this.ref = (name) => root.querySelector('[data-ref="' + name + '"]');
    this.problems = { url: "", data: "", lr: "", run: "", seeds: "", edit: "" };
    this.worker = null;
    this.editor = new MapEditor(this);
    this.seeds = new ManySeeds(this, WORKER);
    this.runId = 0;
    this.configId = 0; // changes with the data or the net: many seeds' results go stale
    this.selected = 0;
    this.frame = 0;
    this.textShown = 0;
  }

  // --- Setting up -------------------------------------------------------------------------

  start() {
    fetch(DATASETS).then((response) => {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    }).then((datasets) => {
      this.datasets = datasets;
      this.colors = draw.palette(this.root);
      this.worker = new Worker(WORKER, { type: "module" });
      this.worker.onmessage = (event) => this.received(event.data);
      this.worker.onerror = (event) => {
        event.preventDefault();
        this.problem("run", "The training worker failed; reload the page to start again.");
      };
      this.wire();
      this.readURL();
    }).catch((error) => {
      this.ref("status").textContent = "The playground could not start.";
      this.problem("url", "The playground's data could not be loaded (" + error.message + ").");
    });
  }

  stop() {
    if (this.worker) this.worker.terminate();
    this.seeds.pool.close();
    window.removeEventListener("popstate", this.onPopState);
    if (this.observer) this.observer.disconnect();
    if (this.resizer) this.resizer.disconnect();
  }

  wire() {
    const on = (name, type, handler) => this.ref(name).addEventListener(type, handler);
    on("train", "click", () => this.toggle());
    on("step", "click", () => this.step());
    on("reset", "click", () => this.newRun(this.seedWeights()));
    on("data", "change", (event) => this.chooseData(event.target.value));
    on("task", "change", (event) => this.update({ task: event.target.value, points: [] }));
    on("noise", "input", (event) => {
      this.ref("noisevalue").textContent = event.target.value + " %";
      this.update({ noise: Number(event.target.value) });
    });
    on("clear", "click", () => this.update({ data: "own", points: [] }));
    on("depth", "change", (event) => this.update({ depth: Number(event.target.value) }));
    on("width", "change", (event) => this.update({ width: Number(event.target.value) }));
    on("act", "change", (event) => this.update({ act: event.target.value }));
    on("lr", "change", () => this.readLearningRate());
    on("seed", "change", () => this.readSeed());
    on("speed", "change", () => this.post({ cmd: "rate", rate: this.rate() }));
    for (const name of ["runs", "epochs", "target"]) {
      on(name, "change", () => this.readSeedSettings());
    }
    on("seeds", "click", () => this.seeds.train());
    on("apply", "click", () => this.applyEdit());
    on("copycode", "click", () => this.copy(this.ref("code").textContent, "the code"));
    on("copyweights", "click", () => this.copy(this.ref("weights").textContent, "the weights"));
    on("copylink", "click", () => this.copy(location.href, "the link"));
    this.root.querySelectorAll('input[name="toynn-pg-pen"]').forEach((input) => {
      input.addEventListener("change", () => this.editor.choosePen(input.value));
    });
    const map = this.ref("map");
    const editor = this.editor;
    map.addEventListener("pointerdown", (event) => editor.pointerDown(event));
    map.addEventListener("pointermove", (event) => editor.pointerMove(event));
    map.addEventListener("pointerup", (event) => editor.pointerUp(event));
    map.addEventListener("pointercancel", () => editor.cancel());
    map.addEventListener("keydown", (event) => editor.key(event));
    map.addEventListener("blur", () => { editor.cursor = null; this.redraw(); });
    // Back and forward: new settings restart, an anchor of the page (same settings) does not.
    this.onPopState = () => {
      if (location.search !== formatState(this.state)) this.readURL();
    };
    window.addEventListener("popstate", this.onPopState);
    this.observer = new MutationObserver(() => {
      this.colors = draw.palette(this.root);
      this.redraw(true);
    });
    this.observer.observe(document.body,
      { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    this.resizer = new ResizeObserver(() => this.redraw(true));
    this.resizer.observe(this.ref("map"));
    this.resizer.observe(this.ref("loss"));
    for (const name of ["train", "step", "reset", "seeds"]) this.ref(name).disabled = false;
  }

  // --- Messages ---------------------------------------------------------------------------

  // Show (or, with "", clear) the message of one source; all shown messages are visible at once.
  problem(source, text) {
    this.problems[source] = text;
    const shown = Object.values(this.problems).filter(Boolean);
    const message = this.ref("message");
    message.textContent = shown.join(" ");
    message.hidden = shown.length === 0;
  }

  // --- Settings ---------------------------------------------------------------------------

  readURL() {
    const { state, errors } = parseState(location.search);
    this.state = state;
    this.problem("url", errors.join(" "));
    this.problem("lr", "");
    this.showSettings();
    this.rebuild();
  }

  writeURL() {
    const url = location.pathname + formatState(this.state) + location.hash;
    history.replaceState(history.state, "", url);
  }

  showSettings() {
    const s = this.state;
    const set = (name, value) => { this.ref(name).value = String(value); };
    set("data", s.data);
    set("task", s.task);
    set("noise", s.noise);
    this.ref("noisevalue").textContent = s.noise + " %";
    set("depth", s.depth);
    set("width", s.width);
    set("act", s.act);
    set("lr", s.lr);
    set("seed", s.seed);
    set("runs", s.runs);
    set("epochs", s.epochs);
    set("target", s.target);
    this.ref("lr").removeAttribute("aria-invalid");
    this.ref("task").hidden = this.ref("tasklabel").hidden = s.data !== "own";
    const regress = s.task === "regress";
    for (const c of [0, 1, 2]) this.ref("pen" + c).hidden = regress;
    this.ref("penpoint").hidden = !regress;
    const pen = this.editor.pen;
    const wrongPen = (regress && /^[012]$/.test(pen)) || (!regress && pen === "point");
    this.editor.choosePen(wrongPen ? "lines" : pen);
    this.ref("map").classList.toggle("toynn-pg__map--curve", regress);
    this.ref("unitshelp").textContent = regress
      ? "Each hidden unit's activation along x: it switches on where w x + b = 0, at the "
        + "numbered handle above the curve. Select a unit to set its weights by number."
      : "Each hidden unit's activation over the plane: the stronger the shade, the more it is "
        + "on. A unit of the first layer switches at its line; select one to set its weights "
        + "by number.";
    this.ref("seeds").textContent = "Try " + s.runs + " seeds";
  }

  update(changes) {
    Object.assign(this.state, changes);
    this.writeURL();
    this.showSettings();
    this.rebuild();
  }

  chooseData(name) {
    if (name === "own") {
      this.update({ data: "own", task: this.state.task,
        points: editablePoints(this.state, this.datasets) });
    } else {
      this.update({ data: name, points: [] });
    }
  }

  readLearningRate() {
    const input = this.ref("lr");
    const lr = readNumber("lr", input.value);
    if (lr === null) {
      input.setAttribute("aria-invalid", "true");
      this.problem("lr", "The learning rate must be a number from 0.00001 to 1; "
        + "training keeps " + this.state.lr + ".");
      return;
    }
    input.removeAttribute("aria-invalid");
    this.problem("lr", "");
    this.state.lr = lr;
    this.writeURL();
    this.post({ cmd: "lr", lr: lr });
  }

  readSeed() {
    const seed = readNumber("seed", this.ref("seed").value);
    if (seed === null) {
      this.problem("edit", "The seed must be a whole number from 0 to 999999999.");
      this.ref("seed").value = String(this.state.seed);
      return;
    }
    this.problem("edit", "");
    this.state.seed = seed;
    this.writeURL();
    this.newRun(this.seedWeights());
  }

  readSeedSettings() {
    const bad = [];
    for (const name of ["runs", "epochs", "target"]) {
      const value = readNumber(name, this.ref(name).value);
      if (value === null) {
        bad.push(name);
        this.ref(name).setAttribute("aria-invalid", "true");
      } else {
        this.state[name] = value;
        this.ref(name).removeAttribute("aria-invalid");
      }
    }
    this.problem("seeds", bad.length ? "Many seeds need from 2 to 100 seeds, 1 to 20000 epochs "
      + "and a threshold from 0.000001 to 10." : "");
    this.writeURL();
    this.ref("seeds").textContent = "Try " + this.state.runs + " seeds";
    this.redraw();
  }

  rate() {
    return Number(this.ref("speed").value);
  }

  // --- Runs -------------------------------------------------------------------------------

  // New data, net and run from the settings.
  rebuild() {
    const s = this.state;
    this.configId += 1;
    this.data = trainingData(s, this.datasets);
    this.problem("data", this.data.problem || "");
    this.problem("run", "");
    const sizes = [this.data.inputs, ...Array(s.depth).fill(s.width), this.data.outputs];
    this.net = new Net(sizes, s.act, this.data.loss);
    this.batch = new Batch(this.data.X, this.data.inputs, this.data.y);
    this.makeGrid();
    this.selected = Math.min(this.selected, s.width - 1);
    const lossName = { bce: "binary cross-entropy (two classes)", mse: "squared error",
      ce: "cross-entropy (" + this.data.classes + " classes)" }[this.data.loss];
    this.ref("lossname").textContent = "Loss: " + lossName + "; output: "
      + (this.data.outputs === 1 ? "one" : this.data.outputs) + ".";
    this.makeUnits();
    this.seeds.clear();
    this.newRun(this.seedWeights());
  }

  makeGrid() {
    const e = this.data.extent;
    if (this.data.task === "regress") {
      const xs = Array.from({ length: CURVE }, (_, k) => -e.x + (2 * e.x * k) / (CURVE - 1));
      this.grid = new Batch(xs, 1);
      this.grid.xs = Float64Array.from(xs);
    } else {
      this.grid = new Batch(gridPoints(e, GRID), 2);
      this.thumbGrid = new Batch(gridPoints(e, THUMB_GRID), 2);
    }
  }

  // A seed from many seeds, shown above as the live run.
  showSeed(seed) {
    this.state.seed = seed;
    this.ref("seed").value = String(seed);
    this.writeURL();
    this.newRun(this.seedWeights());
    this.ref("map").scrollIntoView({ block: "center" });
  }

  seedWeights() {
    return this.net.initialize(this.state.seed).params.slice();
  }

  // Start a run from `params` (rounded to float32, as toynn will hold them).
  newRun(params) {
    this.runId += 1;
    const initial = Float64Array.from(params, Math.fround);
    this.net.params.set(initial);
    this.run = {
      id: this.runId, initial: initial, epoch: 0, history: new Float64Array(1024),
      segments: [{ lr: this.state.lr, epochs: 0 }], loss: null, accuracy: null, running: false,
      pausing: false,
    };
    this.problem("run", "");
    if (this.data.problem && this.worker) this.worker.postMessage({ cmd: "pause" });
    if (!this.data.problem) {
      const now = this.net.evaluate(this.batch);
      this.run.loss = now.loss;
      this.run.accuracy = now.accuracy;
      this.run.history[0] = now.loss;
      this.post({
        cmd: "load", id: this.runId, sizes: this.net.sizes, activation: this.net.activation,
        loss: this.net.loss, X: this.data.X, y: this.data.y, inputs: this.data.inputs,
        params: initial, lr: this.state.lr, rate: this.rate(),
      });
    }
    this.showEdit();
    this.redraw(true);
  }

  post(message) {
    if (this.worker && !(this.data && this.data.problem)) this.worker.postMessage(message);
  }

  toggle() {
    if (this.data.problem) {
      this.problem("data", this.data.problem); // say it again, for screen readers too
      return;
    }
    const pause = this.run.running && !this.run.pausing;
    this.post({ cmd: pause ? "pause" : "play", rate: this.rate() });
    // The button answers at once; the run counts as paused (status line, code) only when
    // the worker says so, with the state it stopped at, so that all of them agree.
    this.run.pausing = pause;
    if (!pause) this.run.running = true;
    this.showButtons();
  }

  step() {
    if (this.data.problem) return this.problem("data", this.data.problem);
    this.post({ cmd: "step", epochs: 1 });
  }

  // A state posted by the worker: keep it, draw it at the next frame.
  received(message) {
    if (message.type !== "state" || message.id !== this.run.id) return;
    const run = this.run;
    const need = message.epoch + 1;
    if (run.history.length < need) {
      const grown = new Float64Array(Math.max(need, 2 * run.history.length));
      grown.set(run.history.subarray(0, run.epoch + 1));
      run.history = grown;
    }
    run.history.set(message.losses, message.from);
    run.history[message.epoch] = message.loss;
    run.epoch = message.epoch;
    run.loss = message.loss;
    run.accuracy = message.accuracy;
    run.segments = message.segments;
    run.running = message.running;
    if (!run.running) run.pausing = false;
    if (!this.editor.drag) this.net.params.set(message.params);
    if (message.diverged !== undefined) {
      this.problem("run", "The loss became infinite or NaN at epoch " + message.diverged
        + " with learning rate " + this.state.lr + "; the run is back at its start. "
        + "Try a smaller learning rate.");
    } else if (message.limit) {
      this.problem("run", "The run stopped at " + message.limit + " epochs, the most a run takes.");
    }
    if (!run.running) {
      this.textShown = 0; // paused: show the text now
      if (!this.ref("edit").contains(document.activeElement)) this.showEdit();
    }
    this.showButtons();
    this.redraw();
  }

  showButtons() {
    this.ref("train").textContent = this.run.running && !this.run.pausing ? "Pause" : "Train";
  }

  // --- Drawing ----------------------------------------------------------------------------

  redraw(everything = false) {
    this.everything = this.everything || everything;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.root.isConnected) return this.stop();
      this.paint(this.everything);
      this.everything = false;
    });
  }

  lines() {
    const net = this.net;
    const inputs = net.sizes[0];
    return Array.from({ length: net.width }, (_, i) => ({
      w: Array.from({ length: inputs }, (_, j) => net.params[net.w(0, i, j)]),
      b: net.params[net.b(0, i)],
    }));
  }

  view() {
    const regress = this.data.task === "regress";
    this.net.forward(this.grid);
    return {
      colors: this.colors, extent: this.data.extent, outputs: this.net.outputs,
      task: this.data.task, activation: this.net.activation, data: this.data,
      grid: regress ? null : { size: GRID, out: this.grid.out, acts: this.grid.acts },
      curve: regress ? { x: this.grid.xs, out: this.grid.out, acts: this.grid.acts } : null,
      lines: this.lines(), selected: this.selected, cursor: this.editor.cursor,
    };
  }

  paint(everything) {
    this.root.dataset.paints = String(Number(this.root.dataset.paints || 0) + 1); // for tests
    const view = this.view();
    const map = this.ref("map");
    if (view.task === "regress") {
      draw.fittedCurve(map, view);
    } else {
      draw.decisionMap(map, view);
      const f = draw.frame(view.extent, map.clientWidth, map.clientHeight);
      this.root.dataset.handles = JSON.stringify(view.lines.map((line) => // for tests
        (draw.handles(line.w, line.b, view.extent) || []).map(([x, y]) => [f.x(x), f.y(y)])));
    }
    this.ref("units").querySelectorAll("canvas").forEach((canvas) => {
      draw.unitMap(canvas, view, Number(canvas.dataset.layer), Number(canvas.dataset.unit));
    });
    draw.network(this.ref("network"), view, this.net);
    const run = this.run;
    draw.lossCurve(this.ref("loss"), view, run.history.subarray(0, run.loss === null ? 0
      : run.epoch + 1), this.state.target);
    const now = performance.now();
    if (!run.running || now - this.textShown >= TEXT_EVERY_MS) {
      this.textShown = now;
      this.showText();
    }
    if (everything) this.seeds.paint();
  }

  // The status line, the code and the weights: from one state of the run, so they agree.
  showText() {
    const run = this.run;
    const status = this.ref("status");
    if (this.data.problem) {
      status.textContent = "epoch 0: no data to train on.";
      delete status.dataset.loss;
    } else {
      status.textContent = "epoch " + run.epoch + ", loss " + rounded(run.loss)
        + (run.accuracy === null ? "" : ", accuracy " + (100 * run.accuracy).toFixed(1) + " %")
        + (run.running ? ", training" : "");
      status.dataset.loss = String(run.loss);
      status.dataset.epoch = String(run.epoch);
    }
    const initial = new Net(this.net.sizes, this.net.activation, this.net.loss);
    initial.params.set(run.initial);
    const label = this.state.data === "own" ? "your own points"
      : this.datasets[this.state.data].label.toLowerCase();
    this.ref("code").textContent = this.data.problem
      ? "# No data to train on yet: add points of two classes on the map."
      : pythonCode({ data: this.data, initial: initial.toWeights(), segments: run.segments,
        epoch: run.epoch, loss: run.loss, label: label + (this.state.noise ? " with noise" : "") });
    this.ref("weights").textContent = weightsJSON(this.net.toWeights());
  }

  // One small map per hidden unit; first-layer units are buttons that select the unit.
  makeUnits() {
    const holder = this.ref("units");
    holder.replaceChildren();
    for (let l = 0; l < this.state.depth; l++) {
      const row = document.createElement("div");
      row.className = "toynn-pg__layer";
      const title = document.createElement("p");
      title.textContent = "Layer " + (l + 1);
      row.append(title);
      for (let i = 0; i < this.state.width; i++) {
        const canvas = document.createElement("canvas");
        canvas.dataset.layer = String(l);
        canvas.dataset.unit = String(i);
        canvas.setAttribute("aria-hidden", "true");
        const caption = document.createElement("span");
        caption.textContent = String(i + 1);
        let unit;
        if (l === 0) {
          unit = document.createElement("button");
          unit.type = "button";
          unit.setAttribute("aria-label", "Unit " + (i + 1) + " of layer 1: edit its weights");
          unit.setAttribute("aria-pressed", String(i === this.selected));
          unit.addEventListener("click", () => this.select(i));
        } else {
          unit = document.createElement("div");
          unit.setAttribute("role", "img");
          unit.setAttribute("aria-label", "Unit " + (i + 1) + " of layer " + (l + 1));
        }
        unit.className = "toynn-pg__unit";
        unit.append(canvas, caption);
        row.append(unit);
      }
      holder.append(row);
    }
  }

  select(unit) {
    this.selected = unit;
    this.ref("units").querySelectorAll("button.toynn-pg__unit").forEach((button, i) => {
      button.setAttribute("aria-pressed", String(i === unit));
    });
    this.showEdit();
    this.redraw();
  }

  // --- Building by hand -------------------------------------------------------------------

  showEdit() {
    const line = this.lines()[this.selected];
    const regress = this.data.task === "regress";
    this.ref("editlegend").textContent = "Unit " + (this.selected + 1) + " of the first layer";
    this.ref("w1label").textContent = regress ? "w" : "w₁";
    this.ref("w2group").hidden = regress;
    this.ref("w1").value = rounded(line.w[0], 6);
    if (!regress) this.ref("w2").value = rounded(line.w[1], 6);
    this.ref("b").value = rounded(line.b, 6);
  }

  applyEdit() {
    const regress = this.data.task === "regress";
    const names = regress ? ["w1", "b"] : ["w1", "w2", "b"];
    const values = names.map((name) => {
      const text = this.ref(name).value.trim();
      const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/.test(text) ? Number(text) : NaN;
      const ok = Number.isFinite(value) && Math.abs(value) <= MAX_WEIGHT;
      this.ref(name).toggleAttribute("aria-invalid", !ok);
      return ok ? value : null;
    });
    if (values.includes(null)) {
      this.problem("edit", "A weight must be a number from -" + MAX_WEIGHT + " to "
        + MAX_WEIGHT + ".");
      return;
    }
    this.problem("edit", "");
    const net = this.net;
    values.slice(0, -1).forEach((value, j) => { net.params[net.w(0, this.selected, j)] = value; });
    net.params[net.b(0, this.selected)] = values[values.length - 1];
    this.startFromHere();
  }

  // The weights as they are now (set by hand) become a new run's initial weights.
  startFromHere() {
    this.post({ cmd: "pause" });
    this.newRun(this.net.params.slice());
  }

  // --- Many seeds -------------------------------------------------------------------------

  // --- Take it home -----------------------------------------------------------------------

  copy(text, what) {
    const said = this.ref("copied");
    navigator.clipboard.writeText(text).then(
      () => { said.textContent = "Copied " + what + "."; },
      () => { said.textContent = "Copying was refused: select " + what + " and copy it by hand."; },
    );
  }
}

// The centres of a size x size grid over the box of `extent`, row 0 at the top.
function gridPoints(extent, size) {
  const X = new Float64Array(2 * size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      X[2 * k] = -extent.x + ((c + 0.5) * 2 * extent.x) / size;
      X[2 * k + 1] = extent.y - ((r + 0.5) * 2 * extent.y) / size;
    }
  }
  return X;
}

function setUp() {
  const root = document.querySelector("[data-playground]");
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "true";
  new Playground(root).start();
}

setUp();
if (window.document$) window.document$.subscribe(setUp);
