// Many seeds: the same net trained from many seeds side by side, in Web Workers (as many as
// the machine has cores, up to four), and the share of seeds that work with its interval.

const Z95 = 1.959963984540054; // the normal quantile of a two-sided 95 % interval

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
