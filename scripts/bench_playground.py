"""Benchmark: the playground page's engine against TensorFlow Playground's, and the page itself.

Prints, side by side:

1. Full-batch epochs per second of a 2-3-1 net on 400 points (toynn's two rings, the
   page's data), in Node: TensorFlow Playground's engine (its `src/nn.ts`: plain SGD,
   squared error, tanh units and output, what its page trains) and the playground's
   (docs/assets/javascripts/playground/engine.js: Adam, cross-entropy) with each activation.
   The two take turns, and each row is the median of `--repeats` rounds.
2. Many seeds in Chromium: the page's own button, 20 seeds x 2000 epochs on the rings
   (sigmoid, width 3), wall-clock seconds as the page reports them (median of 3).
3. The page's first view in Chromium, served gzipped as static hosts serve it: bytes
   transferred, and which files they are.

TensorFlow Playground's code is not part of this repository: pass a checkout of
https://github.com/tensorflow/playground with `--tfp-src DIR` (or a bare clone: its
`src/nn.ts` is read with git). It is compiled with TypeScript 5.9.3, fetched from the npm
registry once (hash-checked, `bench_playground.json`), into a temporary folder. Without
it, the benchmark says so and measures the rest. Needs Node.js, Chromium and a built site
(`scripts/docs build`).

    .venv/bin/python scripts/bench_playground.py --tfp-src ../playground [--repeats 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from threading import Thread
from urllib.parse import urlparse

import browse
from docsbuild import npm

import toynn

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "docs" / "assets" / "javascripts" / "playground" / "engine.js"
TYPESCRIPT = Path(__file__).with_name("bench_playground.json")
VENDOR = ROOT / ".cache" / "vendor"

# Run in Node: rounds of timed training, the engines taking turns; prints JSON.
NODE_BENCH = textwrap.dedent("""
    import { readFileSync } from "node:fs";
    import { Batch, Net } from "ENGINE";
    const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
    const runners = {};
    for (const activation of ["tanh", "sigmoid", "relu"]) {
      const net = new Net([2, 3, 1], activation, "bce").initialize(0);
      const batch = new Batch(job.X, 2, job.y);
      const losses = new Float64Array(job.epochs);
      runners["toynn playground engine (Adam, cross-entropy), " + activation] =
        () => net.train(batch, job.epochs, 0.01, losses);
    }
    if (job.tfp) {
      const nn = await import(job.tfp);
      const points = job.y.map((c, k) => ({ x: [job.X[2 * k], job.X[2 * k + 1]],
        label: c ? 1 : -1 }));
      const net = nn.buildNetwork([2, 3, 1], nn.Activations.TANH, nn.Activations.TANH, null,
        ["x1", "x2"], false);
      runners["TensorFlow Playground nn.ts (SGD, squared error), tanh"] = () => {
        for (let e = 0; e < job.epochs; e++) {
          for (const p of points) {
            nn.forwardProp(net, p.x);
            nn.backProp(net, p.label, nn.Errors.SQUARE);
          }
          nn.updateWeights(net, 0.03, 0);
        }
      };
    }
    const rates = Object.fromEntries(Object.keys(runners).map((name) => [name, []]));
    for (let round = 0; round <= job.repeats; round++) {
      for (const [name, run] of Object.entries(runners)) {
        const start = performance.now();
        run();
        const seconds = (performance.now() - start) / 1000;
        if (round > 0) rates[name].push(job.epochs / seconds); // round 0 warms the JIT up
      }
    }
    console.log(JSON.stringify(rates));
""").replace("ENGINE", ENGINE.as_uri())


def tfp_source(path: Path | None) -> str | None:
    """TensorFlow Playground's src/nn.ts, from a checkout or a bare git clone, or None."""
    if path is None:
        return None
    if (path / "src" / "nn.ts").is_file():
        return (path / "src" / "nn.ts").read_text(encoding="utf-8")
    done = subprocess.run(["git", "--git-dir", str(path), "show", "HEAD:src/nn.ts"],
                          capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def compile_tfp(source: str, folder: Path) -> Path:
    """nn.ts compiled with tsc into `folder`; the path of nn.js."""
    tsc = npm.vendored_files(TYPESCRIPT, VENDOR)["lib/tsc.js"]
    (folder / "nn.ts").write_text(source, encoding="utf-8")
    done = subprocess.run(["node", str(tsc), "nn.ts", "--outDir", "out", "--target", "es2020",
                           "--module", "es2020", "--skipLibCheck"], cwd=folder,
                          capture_output=True, text=True, check=False)
    compiled = folder / "out" / "nn.js"
    if not compiled.exists():
        raise SystemExit(f"tsc could not compile nn.ts:\n{done.stdout}{done.stderr}")
    return compiled


def engine_rates(tfp: Path | None, epochs: int, repeats: int, folder: Path) -> dict:
    X, y = toynn.make_rings(200, seed=100)  # the page's "Two rings", 400 points
    job = folder / "job.json"
    job.write_text(json.dumps({"X": X.flatten().tolist(), "y": y.int().tolist(),
                               "epochs": epochs, "repeats": repeats,
                               "tfp": tfp.as_uri() if tfp else None}))
    script = folder / "bench.mjs"
    script.write_text(NODE_BENCH)
    done = subprocess.run(["node", str(script), str(job)], capture_output=True, text=True,
                          check=True)
    return {name: statistics.median(values) for name, values in json.loads(done.stdout).items()}


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped (as GitHub Pages serves them); records what it sent."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        raw = path.read_bytes()
        body = gzip.compress(raw, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.server.sent.append((urlparse(self.path).path, len(body), len(raw)))
        return BytesIO(body)


def page_measures(site: Path, runs: int) -> tuple[list[float], list[tuple[str, int, int]]]:
    """Many-seeds seconds (one per run) and the first view's files (path, sent, raw bytes)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_GzipHandler, directory=str(site)))
    server.daemon_threads = True
    server.sent = []
    Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = browse.launch(playwright)
            context = browse.new_context(browser, "light", "desktop")
            page = context.new_page()
            page.goto(url + "playground/")
            page.wait_for_load_state("networkidle")
            page.wait_for_function("() => /^epoch/.test(document.querySelector("
                                   "'[data-playground] [role=status]').textContent)")
            files = list(server.sent)
            seconds = []
            for _ in range(runs):
                page.reload()
                page.wait_for_function("() => /^epoch/.test(document.querySelector("
                                       "'[data-playground] [role=status]').textContent)")
                page.get_by_role("button", name="Try 20 seeds").click()
                page.wait_for_function("() => document.querySelector('[data-ref=summary]')"
                                       ".dataset.seconds !== undefined", timeout=120_000)
                seconds.append(float(page.locator("[data-ref=summary]")
                                     .get_attribute("data-seconds")))
            browser.close()
    finally:
        server.shutdown()
    return seconds, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tfp-src", type=Path, default=None,
                        help="a checkout (or bare clone) of tensorflow/playground")
    parser.add_argument("--epochs", type=int, default=2000, help="epochs per timed run")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    if shutil.which("node") is None:
        raise SystemExit("the benchmark needs Node.js (node)")

    print(f"1. Full-batch epochs per second, 2-3-1 net, 400 points (toynn.make_rings(200, "
          f"seed=100)), Node {subprocess.check_output(['node', '--version'], text=True).strip()}"
          f", median of {args.repeats} runs of {args.epochs} epochs\n")
    source = tfp_source(args.tfp_src)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        tfp = compile_tfp(source, folder) if source else None
        rates = engine_rates(tfp, args.epochs, args.repeats, folder)
    reference = next((rate for name, rate in rates.items() if name.startswith("TensorFlow")),
                     None)
    for name, rate in sorted(rates.items(), key=lambda item: item[1]):
        versus = f"{rate / reference:5.2f}× TF Playground" if reference else ""
        print(f"   {name:<58} {rate:>9,.0f}   {versus}")
    if source is None:
        print("   TensorFlow Playground: NOT MEASURED: pass --tfp-src with a checkout of "
              "https://github.com/tensorflow/playground"
              + (f" ({args.tfp_src} has no src/nn.ts)" if args.tfp_src else ""))

    if not (args.site / "playground" / "index.html").is_file():
        raise SystemExit(f"\nno built playground page in {args.site}: run scripts/docs build")
    seconds, files = page_measures(args.site, 3)
    print(f"\n2. Many seeds in Chromium: 20 seeds x 2000 epochs, rings, 2-3-1 sigmoid: "
          f"{statistics.median(seconds):.2f} s (median of {', '.join(f'{s:.2f}' for s in seconds)}"
          f"; target <= 5 s)")
    sent = sum(size for _, size, _ in files)
    raw = sum(size for _, _, size in files)
    print(f"\n3. First view of playground/, served gzipped: {sent / 1000:.0f} KB of response "
          f"bodies ({raw / 1000:.0f} KB uncompressed) in {len(files)} requests (no caching "
          f"headers, so a file that the page and a worker both load counts twice); "
          f"target <= 300 KB, "
          f"plotly.js {'LOADED' if any('plotly' in p for p, _, _ in files) else 'not loaded'}")
    for path, size, raw_size in sorted(files, key=lambda file: -file[1]):
        print(f"   {size / 1000:>7.1f} KB  ({raw_size / 1000:>6.1f} KB raw)  {path}")


if __name__ == "__main__":
    sys.exit(main())
