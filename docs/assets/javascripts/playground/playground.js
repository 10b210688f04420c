// The playground page (docs/playground.md): its controls, the live run and what it draws.
//
// The settings live in the URL's query (state.js checks every value of it) and the data
// follow from them (data.js). A run is trained in a Web Worker (worker.js); each state it
// posts is kept and drawn at the next animation frame, at most once per frame (draw.js).
// This thread keeps a copy of the net (engine.js) only to draw it and to let the reader drag
// its first layer's lines. Many seeds train in more workers (seeds.js); code.js writes the
// run as toynn code. Nothing untrusted is ever written as HTML: text goes in by textContent.
//
// Material's instant navigation runs this module once per page load; `document$` (or the
// script's own run) sets the page up, and leaving the page stops its workers.

import { Batch, Net } from "./engine.js";
import { MAX_POINTS, formatState, parseState, readNumber, roundCoordinate } from "./state.js";
import { editablePoints, trainingData } from "./data.js";
import * as draw from "./draw.js";
import { pythonCode, weightsJSON } from "./code.js";
import { SeedPool, wilson } from "./seeds.js";

const WORKER = new URL("./worker.js", import.meta.url);
const DATASETS = new URL("../../../playground/datasets.json", import.meta.url);
const GRID = 64; // the decision map's resolution, in cells per side
const THUMB_GRID = 32; // the many-seeds maps'
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
    this.pool = new SeedPool(WORKER);
    this.runId = 0;
    this.configId = 0; // changes with the data or the net: many seeds' results go stale
    this.pen = "lines";
    this.selected = 0;
    this.drag = null;
    this.cursor = null;
    this.frame = 0;
    this.textShown = 0;
    this.seedResults = [];
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
    this.pool.close();
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
    for (const name of ["runs", "epochs", "target"]) on(name, "change", () => this.readSeedSettings());
    on("seeds", "click", () => this.trainSeeds());
    on("apply", "click", () => this.applyEdit());
    on("copycode", "click", () => this.copy(this.ref("code").textContent, "the code"));
    on("copyweights", "click", () => this.copy(this.ref("weights").textContent, "the weights"));
    on("copylink", "click", () => this.copy(location.href, "the link"));
    this.root.querySelectorAll('input[name="toynn-pg-pen"]').forEach((input) => {
      input.addEventListener("change", () => this.choosePen(input.value));
    });
    const map = this.ref("map");
    map.addEventListener("pointerdown", (event) => this.pointerDown(event));
    map.addEventListener("pointermove", (event) => this.pointerMove(event));
    map.addEventListener("pointerup", (event) => this.pointerUp(event));
    map.addEventListener("pointercancel", () => this.cancelDrag());
    map.addEventListener("keydown", (event) => this.mapKey(event));
    map.addEventListener("blur", () => { this.cursor = null; this.redraw(); });
    // Back and forward: new settings restart, an anchor of the page (same settings) does not.
    this.onPopState = () => {
      if (location.search !== formatState(this.state)) this.readURL();
    };
    window.addEventListener("popstate", this.onPopState);
    this.observer = new MutationObserver(() => {
      this.colors = draw.palette(this.root);
      this.redraw(true);
    });
    this.observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
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
    const wrongPen = (regress && /^[012]$/.test(this.pen)) || (!regress && this.pen === "point");
    this.choosePen(wrongPen ? "lines" : this.pen);
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
    this.ref("lossname").textContent = "Loss: " + { bce: "binary cross-entropy (two classes)",
      ce: "cross-entropy (" + this.data.classes + " classes)", mse: "squared error" }[this.data.loss]
      + "; output: " + (this.data.outputs === 1 ? "one" : this.data.outputs) + ".";
    this.makeUnits();
    this.clearSeeds();
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
    this.post({ cmd: this.run.running ? "pause" : "play", rate: this.rate() });
    this.run.running = !this.run.running;
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
    if (!this.drag) this.net.params.set(message.params);
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
    this.ref("train").textContent = this.run.running ? "Pause" : "Train";
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
      lines: this.lines(), selected: this.selected, cursor: this.cursor,
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
    if (everything) this.paintSeeds();
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
      this.problem("edit", "A weight must be a number from -" + MAX_WEIGHT + " to " + MAX_WEIGHT + ".");
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

  choosePen(pen) {
    this.pen = pen;
    const input = this.root.querySelector('input[name="toynn-pg-pen"][value="' + pen + '"]');
    if (input) input.checked = true;
    const regress = this.state && this.state.task === "regress";
    const keys = " With the keyboard: the arrow keys move the cross, Enter ";
    this.ref("maphelp").textContent = pen === "lines"
      ? (regress ? "Drag a numbered handle to move where a hidden unit switches on."
        : "Drag a numbered handle to turn a hidden unit's line, or the line itself to move it.")
        + " With the keyboard, select a unit under Hidden units and type its weights."
      : pen === "remove" ? "Click a point to remove it." + keys + "removes the nearest point."
        : "Click to add a point." + keys + "adds one.";
  }

  // Pointer position in data coordinates and in CSS pixels.
  where(event) {
    const map = this.ref("map");
    const box = map.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const f = draw.frame(this.data.extent, box.width, box.height);
    return { x: f.fromX(px), y: f.fromY(py), px: px, py: py, f: f };
  }

  pointerDown(event) {
    if (!this.datasets || event.button !== 0) return;
    const at = this.where(event);
    if (this.pen !== "lines") {
      this.editPoints(at);
      return;
    }
    const grab = this.grab(at, event.pointerType === "touch" ? 2 : 1);
    if (!grab) return;
    event.preventDefault();
    this.ref("map").setPointerCapture(event.pointerId);
    this.post({ cmd: "pause" });
    this.drag = { ...grab, start: at, w: grab.line.w.slice(), b: grab.line.b };
    this.select(grab.unit);
  }

  // What the pointer grabs at `at`: a handle or a line of a first-layer unit, or null.
  grab(at, scale) {
    const lines = this.lines();
    const order = lines.map((_, i) => i).sort((a, b) => (b === this.selected) - (a === this.selected));
    if (this.data.task === "regress") {
      for (const i of order) {
        const { w, b } = lines[i];
        if (w[0] === 0) continue;
        const x = at.f.x(-b / w[0]);
        if (Math.abs(x - at.px) < 10 * scale) return { unit: i, kind: "threshold", line: lines[i] };
      }
      return null;
    }
    for (const i of order) {
      const grips = draw.handles(lines[i].w, lines[i].b, this.data.extent);
      if (!grips) continue;
      for (let g = 0; g < 2; g++) {
        const d = Math.hypot(at.f.x(grips[g][0]) - at.px, at.f.y(grips[g][1]) - at.py);
        if (d < 12 * scale) return { unit: i, kind: "turn", anchor: grips[1 - g], line: lines[i] };
      }
    }
    const perPixel = (2 * this.data.extent.x) / this.ref("map").getBoundingClientRect().width;
    for (const i of order) {
      const { w, b } = lines[i];
      const norm = Math.hypot(w[0], w[1]);
      if (norm > 0 && Math.abs(w[0] * at.x + w[1] * at.y + b) / norm < 8 * scale * perPixel) {
        return { unit: i, kind: "move", line: lines[i] };
      }
    }
    return null;
  }

  pointerMove(event) {
    if (!this.drag) return;
    const at = this.where(event);
    const d = this.drag;
    const net = this.net;
    let w = d.w.slice();
    let b = d.b;
    if (d.kind === "threshold") {
      b = -w[0] * at.x;
    } else if (d.kind === "move") {
      b = d.b - (w[0] * (at.x - d.start.x) + w[1] * (at.y - d.start.y));
    } else {
      const dx = at.x - d.anchor[0];
      const dy = at.y - d.anchor[1];
      const length = Math.hypot(dx, dy);
      if (length < 1e-6) return;
      let normal = [-dy / length, dx / length];
      if (normal[0] * d.w[0] + normal[1] * d.w[1] < 0) normal = [-normal[0], -normal[1]];
      const size = Math.hypot(d.w[0], d.w[1]);
      w = [size * normal[0], size * normal[1]];
      b = -(w[0] * d.anchor[0] + w[1] * d.anchor[1]);
    }
    w.forEach((value, j) => { net.params[net.w(0, d.unit, j)] = value; });
    net.params[net.b(0, d.unit)] = b;
    this.redraw();
  }

  pointerUp(event) {
    if (!this.drag) return;
    this.ref("map").releasePointerCapture(event.pointerId);
    this.drag = null;
    this.startFromHere();
  }

  cancelDrag() {
    if (!this.drag) return;
    this.drag = null;
    this.startFromHere();
  }

  // --- The reader's own points --------------------------------------------------------------

  editPoints(at) {
    const e = this.data.extent;
    const points = editablePoints(this.state, this.datasets);
    const regress = this.state.task === "regress";
    if (this.pen === "remove") {
      let best = -1;
      let distance = 14;
      points.forEach((point, k) => {
        const d = Math.hypot(at.f.x(point[0]) - at.px, at.f.y(point[1]) - at.py);
        if (d < distance) {
          best = k;
          distance = d;
        }
      });
      if (best < 0) return;
      points.splice(best, 1);
    } else {
      if (points.length >= MAX_POINTS) {
        this.problem("data", "The playground takes at most " + MAX_POINTS + " points.");
        return;
      }
      const x = roundCoordinate(Math.max(-0.95 * e.x, Math.min(0.95 * e.x, at.x)));
      const y = roundCoordinate(Math.max(-0.95 * e.y, Math.min(0.95 * e.y, at.y)));
      points.push(regress ? [x, y] : [x, y, Number(this.pen)]);
    }
    this.update({ data: "own", task: this.state.task, points: points });
  }

  mapKey(event) {
    if (this.pen === "lines") return;
    const e = this.data.extent;
    const step = (event.shiftKey ? 0.1 : 0.02) * e.x;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step],
      ArrowDown: [0, -step] };
    this.cursor = this.cursor || [0, 0];
    if (moves[event.key]) {
      const [dx, dy] = moves[event.key];
      this.cursor = [Math.max(-e.x, Math.min(e.x, this.cursor[0] + dx)),
        Math.max(-e.y, Math.min(e.y, this.cursor[1] + (dy * e.y) / e.x))];
    } else if (event.key === "Enter" || event.key === " ") {
      const box = this.ref("map").getBoundingClientRect();
      const f = draw.frame(e, box.width, box.height);
      this.editPoints({ x: this.cursor[0], y: this.cursor[1], px: f.x(this.cursor[0]),
        py: f.y(this.cursor[1]), f: f });
    } else {
      return;
    }
    event.preventDefault();
    this.redraw();
  }

  // --- Many seeds -------------------------------------------------------------------------

  clearSeeds() {
    this.seedResults = [];
    this.ref("seedgrid").replaceChildren();
    this.ref("summary").textContent = "";
  }

  trainSeeds() {
    if (this.data.problem) return this.problem("data", this.data.problem);
    if (this.problems.seeds) return this.problem("seeds", this.problems.seeds);
    const s = this.state;
    const seeds = Array.from({ length: s.runs }, (_, k) => k);
    this.clearSeeds();
    const button = this.ref("seeds");
    button.disabled = true;
    this.ref("summary").textContent = "Training " + s.runs + " seeds for " + s.epochs + " epochs…";
    const job = { sizes: this.net.sizes, activation: this.net.activation, loss: this.net.loss,
      X: this.data.X, y: this.data.y, inputs: this.data.inputs, epochs: s.epochs, lr: s.lr,
      seeds: seeds };
    const configId = this.configId;
    const settings = { target: s.target, epochs: s.epochs, lr: s.lr, runs: s.runs };
    this.pool.run(job, (result) => {
      if (this.configId !== configId) return;
      this.seedResults.push(result);
      this.paintSeeds();
    }).then((seconds) => {
      if (this.configId !== configId) return;
      this.showSeedSummary(settings, seconds);
    }).catch((error) => {
      this.problem("seeds", "Many seeds failed: " + error.message + ".");
    }).finally(() => {
      button.disabled = false;
    });
  }

  showSeedSummary(settings, seconds) {
    const n = this.seedResults.length;
    const works = this.seedResults.filter((r) => r.final !== null && r.final < settings.target).length;
    const [low, high] = wilson(works, n);
    const pct = (v) => Math.round(100 * v) + " %";
    const summary = this.ref("summary");
    summary.textContent = works + " of " + n + " seeds work (final loss below " + settings.target
      + " after " + settings.epochs + " epochs at learning rate " + settings.lr + "): " + pct(works / n)
      + ", 95 % interval " + pct(low) + " to " + pct(high) + ". Trained in "
      + seconds.toFixed(2) + " s.";
    Object.assign(summary.dataset, { works: works, runs: n, low: low, high: high,
      seconds: seconds });
  }

  paintSeeds() {
    const grid = this.ref("seedgrid");
    const target = this.state.target;
    const results = this.seedResults.slice().sort((a, b) => a.seed - b.seed);
    const net = new Net(this.net.sizes, this.net.activation, this.net.loss);
    const batch = this.data.task === "regress" ? this.grid : this.thumbGrid;
    results.forEach((result) => {
      let cell = grid.querySelector('[data-seed="' + result.seed + '"]');
      if (!cell) {
        cell = document.createElement("button");
        cell.type = "button";
        cell.className = "toynn-pg__seed";
        cell.dataset.seed = String(result.seed);
        const canvas = document.createElement("canvas");
        canvas.setAttribute("aria-hidden", "true");
        const caption = document.createElement("span");
        cell.append(canvas, caption);
        cell.addEventListener("click", () => {
          this.state.seed = result.seed;
          this.ref("seed").value = String(result.seed);
          this.writeURL();
          this.newRun(this.seedWeights());
          this.ref("map").scrollIntoView({ block: "center" });
        });
        const after = [...grid.children].find((c) => Number(c.dataset.seed) > result.seed);
        grid.insertBefore(cell, after || null);
      }
      const works = result.final !== null && result.final < target;
      cell.classList.toggle("toynn-pg__seed--works", works);
      const loss = result.final === null ? "diverged" : rounded(result.final, 2);
      cell.lastElementChild.textContent = "seed " + result.seed + "\n" + loss + (works ? " ✓" : " ✗");
      cell.setAttribute("aria-label", "Seed " + result.seed + ": final loss " + loss
        + (works ? ", works" : ", does not work") + ". Show this seed above.");
      net.params.set(result.params);
      net.forward(batch);
      const regress = this.data.task === "regress";
      draw.thumbnail(cell.firstElementChild, {
        colors: this.colors, extent: this.data.extent, outputs: net.outputs, task: this.data.task,
        activation: net.activation, data: this.data,
        grid: regress ? null : { size: THUMB_GRID, out: batch.out, acts: batch.acts },
        curve: regress ? { x: this.grid.xs, out: batch.out, acts: batch.acts } : null,
      });
    });
  }

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
