"""Look at a built site in headless Chromium: used by tests/test_browser.py and
scripts/screenshots, not by the build.

It lives beside scripts/screenshots, which imports it as a neighbour; the tests find it
through the `scripts/` folder that tests/conftest.py puts on `sys.path` (for `docsbuild`).

- `serve`: the site over HTTP on 127.0.0.1, on a free port, from a background thread.
- `nav_pages`: every page of the nav in mkdocs.yml, with its URL path (and its name for
  screenshots and test ids).
- `launch`: Debian's Chromium under Playwright, never a browser Playwright downloads
  (set `TOYNN_CHROMIUM` to use another binary).
- `new_context`: a browser context for one colour scheme and one screen width. Material
  picks the palette whose `media` query matches the emulated `prefers-color-scheme` (see
  `theme.palette` in mkdocs.yml) and remembers it in the context's local storage.
- `settle`: wait until a page's figures are decoded and its interactive figures drawn.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

CHROMIUM = os.environ.get("TOYNN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCHEMES = ("light", "dark")
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHTS = {"desktop": 800, "phone": 844}
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}  # body[data-md-color-scheme]


@dataclass(frozen=True)
class NavPage:
    """A page of the nav: its title, source file (under docs/) and URL path ('' for home)."""

    title: str
    source: str
    path: str


    @property
    def name(self) -> str:
        """Its URL path as one word, 'home' for the home page (`tutorials-regression`)."""
        return self.path.strip("/").replace("/", "-") or "home"


def nav_pages(config: Path) -> list[NavPage]:
    """The pages of the nav of `config` (mkdocs.yml, read as MkDocs reads it), in order."""
    nav = yaml_load(config.read_text(encoding="utf-8"))["nav"]
    pages: list[NavPage] = []

    def walk(entries, title=""):
        for entry in entries:
            (name, value), = entry.items() if isinstance(entry, dict) else ((title, entry),)
            if isinstance(value, list):
                walk(value, name)
            else:
                stem = value.rsplit(".", 1)[0]
                path = "" if stem == "index" else stem.removesuffix("/index") + "/"
                pages.append(NavPage(name, value, path))

    walk(nav)
    return pages


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) while in the block; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    """Headless Debian Chromium (a Playwright `Browser`)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )


def new_context(browser, scheme: str, width: str, **options):
    """A context that prefers the `scheme` ('light'/'dark') at `width` ('desktop'/'phone')."""
    return browser.new_context(
        color_scheme=scheme,
        viewport={"width": WIDTHS[width], "height": HEIGHTS[width]},
        device_scale_factor=1,
        reduced_motion="reduce",
        **options,
    )


SETTLE_JS = """async () => {
  await document.fonts.ready;
  // Figures below the fold load lazily, when scrolled to; load them all now.
  document.querySelectorAll("img[loading=lazy]").forEach((img) => { img.loading = "eager"; });
  await Promise.all([...document.images].map(
    (img) => img.decode().catch(() => null)));
  return true;
}"""


# Interactive figures are drawn when scrolled near (docs/assets/javascripts/interactive.js):
# bring each into view in turn and wait until it is drawn or has failed.
DRAW_PLOTS_JS = """async () => {
  const holders = [...document.querySelectorAll(".toynn-plotly")];
  for (const holder of holders) {
    holder.scrollIntoView({block: "center"});
    const start = Date.now();
    while (!["drawn", "failed"].includes(holder.dataset.state) && Date.now() - start < 30000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  window.scrollTo(0, 0);
  return holders.map((holder) => holder.dataset.state || "never set up");
}"""


def settle(page) -> list[str]:
    """Wait for the page's images (lazy ones too) to be decoded and its interactive
    figures to be drawn; return each interactive figure's state. (Its math needs no wait:
    the build typeset it.)"""
    page.wait_for_load_state("load")
    page.evaluate(SETTLE_JS)
    return page.evaluate(DRAW_PLOTS_JS)
