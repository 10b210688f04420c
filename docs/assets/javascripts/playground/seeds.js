// Many seeds: the same net trained from many seeds side by side, in Web Workers (as many as
// the machine has cores, up to four), each seed's final map, and the share of seeds that
// work with its interval.

import { Net } from "./engine.js";
import * as draw from "./draw.js";

const Z95 = 1.959963984540054; // the normal quantile of a two-sided 95 % interval
export const THUMB_GRID = 32; // cells per side of a seed's small map

// Wilson's score interval [low, high] for `successes` out of `n` (toynn/_stats.py's).
export function wilson(successes, n) {
  const rate = successes / n;
  const z2 = Z95 * Z95;
  const centre = (rate + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  return [Math.max(0, Math.min(centre - half, rate)), Math.min(1, Math.max(centre + half, rate))];
}

export class SeedPool {
  constructor(url) {
    this.url = url;
    this.workers = [];
    this.job = 0;
  }

  // Train `job.seeds` (split across the workers); onSeed(result) for each, in any order.
  // Resolves with the wall-clock seconds when all are done (late results of an earlier run
  // are ignored).
  run(job, onSeed) {
    const size = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2, job.seeds.length));
    while (this.workers.length < size) this.workers.push(new Worker(this.url, { type: "module" }));
    this.job += 1;
    const id = this.job;
    const begin = performance.now();
    const parts = this.workers.slice(0, size).map(() => []);
    job.seeds.forEach((seed, index) => parts[index % size].push(seed));
    return new Promise((resolve, reject) => {
      let left = size;
      parts.forEach((seeds, w) => {
        const worker = this.workers[w];
        worker.onmessage = (event) => {
          const message = event.data;
          if (message.job !== id) return;
          if (message.type === "seed") {
            onSeed({ seed: message.seed, final: message.final, params: message.params });
          } else if (message.type === "seeds-done" && --left === 0) {
            resolve((performance.now() - begin) / 1000);
          }
        };
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error("a training worker failed"));
        };
        worker.postMessage({ ...job, cmd: "seeds", seeds: seeds, job: id });
      });
    });
  }

  close() {
    this.workers.forEach((worker) => worker.terminate());
    this.workers = [];
  }
}

// The many-seeds part of the page: its button, summary and one small map per seed.
export class ManySeeds {
  constructor(pg, workerUrl) {
    this.pg = pg; // the Playground
    this.pool = new SeedPool(workerUrl);
    this.results = [];
  }

  clear() {
    const pg = this.pg;
    this.results = [];
    pg.ref("seedgrid").replaceChildren();
    pg.ref("summary").textContent = "";
  }

  train() {
    const pg = this.pg;
    if (pg.data.problem) return pg.problem("data", pg.data.problem);
    if (pg.problems.seeds) return pg.problem("seeds", pg.problems.seeds);
    const s = pg.state;
    const seeds = Array.from({ length: s.runs }, (_, k) => k);
    this.clear();
    const button = pg.ref("seeds");
    button.disabled = true;
    pg.ref("summary").textContent = "Training " + s.runs + " seeds for " + s.epochs + " epochs…";
    const job = { sizes: pg.net.sizes, activation: pg.net.activation, loss: pg.net.loss,
      X: pg.data.X, y: pg.data.y, inputs: pg.data.inputs, epochs: s.epochs, lr: s.lr,
      seeds: seeds };
    const configId = pg.configId;
    const settings = { target: s.target, epochs: s.epochs, lr: s.lr, runs: s.runs };
    this.pool.run(job, (result) => {
      if (pg.configId !== configId) return;
      this.results.push(result);
      this.paint();
    }).then((seconds) => {
      if (pg.configId !== configId) return;
      this.summarize(settings, seconds);
    }).catch((error) => {
      pg.problem("seeds", "Many seeds failed: " + error.message + ".");
    }).finally(() => {
      button.disabled = false;
    });
  }

  summarize(settings, seconds) {
    const pg = this.pg;
    const n = this.results.length;
    const works = this.results.filter((r) => r.final !== null && r.final < settings.target)
      .length;
    const [low, high] = wilson(works, n);
    const pct = (v) => Math.round(100 * v) + " %";
    const summary = pg.ref("summary");
    summary.textContent = works + " of " + n + " seeds work (final loss below "
      + settings.target + " after " + settings.epochs + " epochs at learning rate "
      + settings.lr + "): " + pct(works / n) + ", 95 % interval " + pct(low) + " to "
      + pct(high) + ". Trained in " + seconds.toFixed(2) + " s.";
    Object.assign(summary.dataset, { works: works, runs: n, low: low, high: high,
      seconds: seconds });
  }

  paint() {
    const pg = this.pg;
    const grid = pg.ref("seedgrid");
    const target = pg.state.target;
    const results = this.results.slice().sort((a, b) => a.seed - b.seed);
    const net = new Net(pg.net.sizes, pg.net.activation, pg.net.loss);
    const batch = pg.data.task === "regress" ? pg.grid : pg.thumbGrid;
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
        cell.addEventListener("click", () => pg.showSeed(result.seed));
        const after = [...grid.children].find((c) => Number(c.dataset.seed) > result.seed);
        grid.insertBefore(cell, after || null);
      }
      const works = result.final !== null && result.final < target;
      cell.classList.toggle("toynn-pg__seed--works", works);
      const loss = result.final === null ? "diverged"
        : String(Number(result.final.toPrecision(2)));
      cell.lastElementChild.textContent = "seed " + result.seed + "\n" + loss
        + (works ? " ✓" : " ✗");
      cell.setAttribute("aria-label", "Seed " + result.seed + ": final loss " + loss
        + (works ? ", works" : ", does not work") + ". Show this seed above.");
      net.params.set(result.params);
      net.forward(batch);
      const regress = pg.data.task === "regress";
      draw.thumbnail(cell.firstElementChild, {
        colors: pg.colors, extent: pg.data.extent, outputs: net.outputs, task: pg.data.task,
        activation: net.activation, data: pg.data,
        grid: regress ? null : { size: THUMB_GRID, out: batch.out, acts: batch.acts },
        curve: regress ? { x: pg.grid.xs, out: batch.out, acts: batch.acts } : null,
      });
    });
  }
}
