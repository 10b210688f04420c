"""Benchmark: how long the docs build takes, and what a reader's browser downloads.

In a temporary copy of the project (the real files, site and cache are not touched) it times,
side by side in one run,

  (a) a cold build: empty cache, every tutorial executed (2 kernels at once, the default);
  (b) a warm build with nothing changed;
  (c) a build after a prose edit in one tutorial (a re-render: nothing executes);
  (d) a build after a code edit in that tutorial (that tutorial executes);
  (e) a build after an edit to a library file (every tutorial executes);
  (g) the author's loop, in a running `scripts/docs serve` (`mkdocs serve --dirty`): the
      seconds from saving an edit of that tutorial to the browsers' reload, for three code
      edits (a cell added, then changed twice) and a prose edit;

then, in this process,

  (f) the yardstick: the six trainings the tutorials do (the two-rings classifier 2-2-1
      for 100 epochs and 2-h-1 for h = 1, 2, 3, 5 over 10 000 epochs; the damped-sine
      regression 1-10-1 over 20 000 epochs), each with the plain eager PyTorch loop
      (forward, loss, zero_grad, backward, step) on one torch thread;

and, for every page of the cold build, in headless Chromium with an empty cache: the bytes
of its HTML, what the first view transfers (the page opened, not scrolled), the same
gzipped (each text file compressed at level 6, as a static host that gzips would send it;
images and fonts as they are), and what a first visit transfers once scrolled to the end
(every lazy figure loaded, every interactive figure drawn, with plotly.js).

The tutorial edited is the classification page, the one that takes longest to execute of
those a reader meets first. It prints every time, which tutorials each build executed, the
ratios prose/warm and cold/yardstick, and the page weights. Run (takes a few minutes):

    .venv/bin/python scripts/bench_build.py
    .venv/bin/python scripts/bench_build.py --weights site   # page weights of a built site
"""

from __future__ import annotations

import gzip
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docsbuild.report import read_statuses  # scripts/docsbuild, beside this script

ROOT = Path(__file__).resolve().parents[1]


def copy_project(dest: Path) -> None:
    """Copy the working tree (tracked and untracked files, not ignored ones) to `dest`."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        src, dst = ROOT / name, dest / name
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    vendor = ROOT / ".cache" / "vendor"  # the unpacked KaTeX, plotly.js: no npm round trip
    if vendor.is_dir():
        (dest / ".cache").mkdir()
        (dest / ".cache" / "vendor").symlink_to(vendor)


def build(project: Path, **env: str) -> tuple[float, dict[str, str]]:
    """Run a strict build; return its wall time and {tutorial: executed|cached}."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OMP_NUM_THREADS": "1", **env}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr}")
    return seconds, {Path(p).stem: status for p, status in read_statuses(done.stderr).items()}


def serve_loop(project: Path, tutorial: Path) -> list[tuple[str, float, dict[str, str]]]:
    """(edit, seconds from the save to the browsers' reload, statuses), under `mkdocs serve`."""
    import queue
    import socket
    import threading

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OMP_NUM_THREADS": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line))
                                     for line in server.stdout], daemon=True).start()

    def wait_for(text: str) -> tuple[float, str]:
        seen = []
        while True:
            try:
                at, line = lines.get(timeout=600)
            except queue.Empty:
                sys.exit(f"mkdocs serve said nothing for 10 minutes:\n{''.join(seen)}")
            seen.append(line)
            if "ERROR" in line:
                sys.exit(f"mkdocs serve failed:\n{''.join(seen)}")
            if text in line:
                return at, "".join(seen)

    original = tutorial.read_text()
    cell = original + "\n# %%\nprint('an added cell')\n"
    edits = [  # (what, the tutorial after it)
        ("code: a cell added", cell),
        ("code: that cell changed", cell.replace("an added cell", "a changed cell")),
        ("code: changed again", cell.replace("an added cell", "changed again")),
        ("prose: a sentence added", cell.replace("an added cell", "changed again")
         + "\n# %% [markdown]\n# An added sentence.\n"),
    ]
    results = []
    try:
        wait_for("Serving on")
        for label, text in edits:
            start = time.perf_counter()
            tutorial.write_text(text)
            at, log = wait_for("Reloading browsers")
            results.append((label, at - start, {Path(p).stem: status for p, status
                                                in read_statuses(log).items()}))
    finally:
        server.terminate()
        server.wait()
        tutorial.write_text(original)
    return results


def training_seconds(project: Path) -> dict[str, float]:
    """{tutorial: seconds its `fit` and `sweep` calls trained for}, read from the memo that
    a build just filled (each kept result records its duration)."""
    from docsbuild import memo

    seconds: dict[str, float] = {}
    for entry in sorted((project / ".cache" / "docs" / "memo").glob("*/*/*.pickle")):
        stem = entry.parent.parent.name
        seconds[stem] = seconds.get(stem, 0.0) + memo.read_result(entry).seconds
    return seconds


def executed(statuses: dict[str, str]) -> str:
    names = [name for name, status in statuses.items() if status == "executed"]
    return ", ".join(names) or "none"


# --- (e) the yardstick ------------------------------------------------------------------


def yardstick() -> list[tuple[str, float]]:
    """Time the tutorials' six trainings with the plain eager loop; return (name, seconds)."""
    import torch
    from torch import nn

    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(100)
    r = torch.cat([torch.rand(1000, generator=g), 3 + torch.rand(1000, generator=g)])
    theta = 2 * math.pi * torch.rand(2000, generator=g)
    rings_X = torch.stack([r * torch.cos(theta), r * torch.sin(theta)], dim=1)
    rings_y = torch.cat([torch.zeros(1000), torch.ones(1000)])
    sine_X = (torch.arange(200, dtype=torch.float32) / 10 - 10).unsqueeze(1)
    sine_y = torch.sin(3 * sine_X[:, 0]) * torch.exp(-sine_X[:, 0] / 8)

    trainings = [
        ("rings 2-2-1 lr=1e-2, 100 epochs", rings_X, rings_y, 2, 1e-2, 100, nn.BCEWithLogitsLoss()),
        *(
            (f"rings 2-{h}-1 lr=1e-3, 10000 epochs", rings_X, rings_y, h, 1e-3, 10_000,
             nn.BCEWithLogitsLoss())
            for h in (1, 2, 3, 5)
        ),
        ("sine 1-10-1 lr=1e-2, 20000 epochs", sine_X, sine_y, 10, 1e-2, 20_000, nn.MSELoss()),
    ]  # fmt: skip
    times = []
    for name, X, y, width, lr, epochs, criterion in trainings:
        torch.manual_seed(0)
        net = nn.Sequential(nn.Linear(X.shape[1], width), nn.Sigmoid(), nn.Linear(width, 1))
        optimizer = torch.optim.Adam(net.parameters(), lr=lr)
        start = time.perf_counter()
        for _ in range(epochs):
            loss = criterion(net(X).squeeze(1), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        times.append((f"{name} (final loss {loss.item():.3f})", time.perf_counter() - start))
    return times


TEXT = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml"}


def gzipped_size(site: Path, url: str) -> int:
    """The bytes a static host that gzips text sends for `url`, a file of `site`."""
    from urllib.parse import unquote, urlparse

    path = site / unquote(urlparse(url).path).lstrip("/")
    path = path / "index.html" if path.is_dir() else path
    data = path.read_bytes()
    return len(gzip.compress(data, 6)) if path.suffix in TEXT else len(data)


def page_weights(site: Path, config: Path = ROOT / "mkdocs.yml"
                 ) -> list[tuple[str, int, int, int, int]]:
    """(page, HTML, first view, first view gzipped, whole visit) in bytes, per nav page."""
    import browse  # scripts/browse.py, beside this script
    from playwright.sync_api import sync_playwright

    rows = []
    with browse.serve(site) as base, sync_playwright() as playwright:
        browser = browse.launch(playwright)
        for page_info in browse.nav_pages(config):
            context = browse.new_context(browser, "light", "desktop")  # an empty cache
            page = context.new_page()
            sizes: list[int] = []
            urls: list[str] = []
            page.on("requestfinished", lambda request, sizes=sizes, urls=urls: (
                sizes.append(request.sizes()["responseBodySize"]), urls.append(request.url)))
            page.goto(base + page_info.path)
            page.wait_for_load_state("networkidle")
            first_view = sum(sizes)
            first_gzipped = sum(gzipped_size(site, url) for url in urls)
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            for img in page.locator("img").all():
                img.scroll_into_view_if_needed()
            page.evaluate(browse.DRAW_PLOTS_JS)  # interactive figures: data and plotly.js
            page.wait_for_load_state("networkidle")
            html = (site / page_info.path / "index.html").stat().st_size
            rows.append((page_info.name, html, first_view, first_gzipped, sum(sizes)))
            context.close()
        browser.close()
    return rows


def print_weights(weights: list[tuple[str, int, int, int, int]]) -> None:
    print("Page weights (KB; Chromium, empty cache: first view unscrolled, then scrolled to "
          "the end)")
    print(f"  {'page':<36} {'HTML':>7} {'first view':>11} {'gzipped':>8} {'whole visit':>12}")
    for name, html, first_view, gzipped, whole in weights:
        print(f"  {name:<36} {html / 1e3:7.1f} {first_view / 1e3:11.1f} {gzipped / 1e3:8.1f} "
              f"{whole / 1e3:12.1f}")
    print("  targets: first view <= 700 KB and <= 250 KB gzipped, whole visit <= 3000 KB")


def main() -> None:
    if sys.argv[1:2] == ["--weights"]:
        print_weights(page_weights(Path(sys.argv[2]).resolve()))
        return
    with tempfile.TemporaryDirectory(prefix="toynn-bench-") as tmp:
        project = Path(tmp) / "project"
        copy_project(project)
        cold, cold_status = build(project, TOYNN_DOCS_JOBS="2")  # empty cache, as in CI
        trained = training_seconds(project)
        weights = page_weights(project / "site")
        warm, warm_status = build(project)

        tutorial = project / "docs" / "tutorials" / "classification.py"
        tutorial.write_text(tutorial.read_text() + "\n# %% [markdown]\n# An added sentence.\n")
        prose, prose_status = build(project)
        tutorial.write_text(tutorial.read_text() + "\n# %%\nprint('an added cell')\n")
        code, code_status = build(project)
        loop = serve_loop(project, tutorial)

        library = sorted(p for p in (project / "toynn").glob("*.py") if p.stem != "__init__")[0]
        library.write_text(library.read_text() + "\n# edited by bench_build.py\n")
        lib, lib_status = build(project)

    runs = yardstick()
    stick = sum(seconds for _, seconds in runs)

    rows = [
        ("(a) cold, 2 kernels at once", cold, cold_status),
        ("(b) warm, nothing changed", warm, warm_status),
        (f"(c) prose edit in {tutorial.name}", prose, prose_status),
        (f"(d) code edit in {tutorial.name}", code, code_status),
        (f"(e) edit in toynn/{library.name}", lib, lib_status),
    ]
    print("Docs build (strict, wall seconds, in a temporary copy of the project)")
    for label, seconds, statuses in rows:
        print(f"  {label:<36} {seconds:7.1f}   executed: {executed(statuses)}")
    print("Author's loop (g): `mkdocs serve --dirty`, seconds from a save to the browsers' "
          "reload")
    for label, seconds, statuses in loop:
        print(f"  {label:<36} {seconds:7.1f}   executed: {executed(statuses)}")
    print("Yardstick (f): the tutorials' six trainings, plain eager PyTorch loop, one thread")
    for name, seconds in [*runs, ("total", stick)]:
        print(f"  {name:<52} {seconds:6.2f}")
    print("The tutorials' own trainings in the cold build (toynn's seconds, one kernel each)")
    for stem, seconds in [*trained.items(), ("total", sum(trained.values()))]:
        print(f"  {stem:<52} {seconds:6.1f}")
    print("Ratios")
    print(f"  prose edit / warm  {prose / warm:6.2f}   (target <= 1.2)")
    print(f"  cold / yardstick   {cold / stick:6.2f}   (target <= 2)")
    print(f"  cold / tutorials' trainings on 2 kernels  "
          f"{cold / (sum(trained.values()) / 2):6.2f}")
    code_edits = sorted(seconds for label, seconds, _ in loop if label.startswith("code"))
    print(f"  code edit, serve   {code_edits[1]:6.1f} s (median; target <= 15 s)")
    print_weights(weights)


if __name__ == "__main__":
    main()
