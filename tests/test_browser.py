"""The built site in a real browser: headless Debian Chromium driven by Playwright.

Every page of the nav is visited in the light and the dark scheme, at desktop (1280 px) and
phone (390 px) width, from a server on 127.0.0.1; any request to another host is blocked
and recorded. One visit per page, scheme and width collects everything the tests below
check: console errors, failed and external requests, images, math, page width, (dark,
desktop) what the figures look like, and an accessibility audit by axe-core (vendored from
the npm registry like KaTeX: tests/axe-core.json). The site is `site_dir`
(tests/conftest.py, like the browser and the server, one per test module); instant
navigation, which needs `site_url`, is checked on a second build of the same sources.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import browse
import nbformat
import numpy as np
import pytest
from conftest import ROOT, VENDOR, nbconvert_default_alt
from docsbuild import npm
from PIL import Image

pytestmark = pytest.mark.browser  # without Chromium these fail, never skip (conftest.py)

PAGES = browse.nav_pages(ROOT / "mkdocs.yml")
TUTORIALS = [page for page in PAGES if page.source.startswith("tutorials/")]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

VISITS = [
    pytest.param(page, scheme, width, id=f"{page.name}-{scheme}-{width}")
    for page in PAGES
    for scheme in browse.SCHEMES
    for width in browse.WIDTHS
]

# What a visit reads from the page once it has settled.
_INSPECT_JS = """() => {
  const article = document.querySelector("article") || document.body;
  const prose = article.cloneNode(true);
  prose.querySelectorAll("code, pre, script, style, textarea, .katex")
    .forEach((element) => element.remove());
  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    prose: prose.textContent,
    math: article.querySelectorAll(".katex").length,
    mathScripts: [...document.scripts].filter((s) => /mathjax|katex/i.test(s.src)).length,
    images: [...document.images].map((img) => ({
      src: img.getAttribute("src").slice(0, 60),
      alt: img.getAttribute("alt"),
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      figure: img.matches("img.toynn-figure"),
    })),
    // Each figure's smallest text as drawn on this screen, in CSS px: the drawing the
    // browser picked (the <source> whose media matches, else the <img>) says its smallest
    // text in its own pixels (data-text-px), scaled by the width it is shown at.
    figureText: [...article.querySelectorAll("img.toynn-figure")].map((img) => {
      const source = [...(img.closest("picture")?.querySelectorAll("source") || [])]
        .find((s) => matchMedia(s.media).matches);
      const drawing = source || img;
      const shown = img.getBoundingClientRect().width;
      const textPx = parseFloat(drawing.getAttribute("data-text-px"));
      const scale = shown / parseFloat(drawing.getAttribute("width"));
      return {
        src: (source ? source.getAttribute("srcset") : img.getAttribute("src")),
        px: textPx * scale,
        panel: parseFloat(drawing.getAttribute("data-panel-px")) * scale,
      };
    }),
    // The smallest visible text of the interactive figures' SVG, in CSS px.
    plotText: [...article.querySelectorAll(".toynn-plotly__figure svg text")]
      .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
      .map((t) => ({text: t.textContent.trim().slice(0, 30),
                    px: parseFloat(getComputedStyle(t).fontSize)})),
  };
}"""
_RAW_MATH = re.compile(r"\$|\\\(|\\\)|\\\[|\\\]")

# axe-core's audit of the settled page: every rule it has, each violation reduced to its
# rule, impact and, per element, the selector and axe's message (contrast numbers included).
_AXE_JS = """async () => (await axe.run(document)).violations.map((v) => ({
  rule: v.id, impact: v.impact,
  nodes: v.nodes.map((n) => ({
    target: n.target.join(" "),
    message: [...n.any, ...n.all, ...n.none].map((check) => check.message).join("; "),
  })),
}))"""
AXE_FAILS = {"serious", "critical"}  # WCAG failures; "moderate" and "minor" are listed only


@dataclass
class Visit:
    """What one visit of one page found."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    figures: list[dict] = field(default_factory=list)  # pixel statistics (dark desktop)
    plots: list[str] = field(default_factory=list)  # state of each interactive figure
    violations: list[dict] = field(default_factory=list)  # axe-core's, of every impact


def block_other_hosts(context, blocked: list[str]) -> None:
    """Let requests to the local server through; record and abort every other one."""

    def handle(route):
        url = route.request.url
        if urlparse(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)


def watch(page, visit: Visit) -> None:
    """Record the page's console errors and failed requests into `visit`."""
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))

    def failed(request):
        if request.url not in visit.external_requests:
            visit.failed_requests.append(f"{request.url} ({request.failure})")

    page.on("requestfailed", failed)
    page.on("response", lambda r: r.status >= 400 and visit.failed_requests.append(
        f"{r.url} (HTTP {r.status})"))


def figure_pixels(element) -> dict:
    """Luminance statistics of an element as rendered (0 = black, 255 = white)."""
    pixels = np.asarray(Image.open(io.BytesIO(element.screenshot())).convert("L"), float)
    median = float(np.median(pixels))
    return {
        "mean": float(pixels.mean()),
        "median": median,
        "p99": float(np.percentile(pixels, 99)),
        "marks": float((np.abs(pixels - median) > 60).mean()),  # lines, points, text
    }


# --- Fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contexts(browser):
    """One browser context per (scheme, width), with other hosts blocked; {key: (ctx, log)}."""
    made = {}

    def get(scheme: str, width: str):
        if (scheme, width) not in made:
            context = browse.new_context(browser, scheme, width)
            blocked: list[str] = []
            block_other_hosts(context, blocked)
            made[scheme, width] = context, blocked
        return made[scheme, width]

    yield get
    for context, _ in made.values():
        context.close()


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """axe-core's script, from the npm registry via the vendor folder (hash-checked)."""
    return npm.vendored_files(ROOT / "tests" / "axe-core.json", VENDOR)["axe.min.js"]


@pytest.fixture(scope="module")
def visit(base_url, contexts, axe_script):
    """visit(page, scheme, width) -> Visit, each combination loaded once."""
    done: dict[tuple, Visit] = {}

    def get(nav_page: browse.NavPage, scheme: str, width: str) -> Visit:
        key = nav_page.path, scheme, width
        if key not in done:
            context, blocked = contexts(scheme, width)
            result = Visit()
            page = context.new_page()
            watch(page, result)
            start = len(blocked)
            page.goto(base_url + nav_page.path)
            result.plots = browse.settle(page)
            result.info = page.evaluate(_INSPECT_JS)
            if scheme == "dark" and width == "desktop":
                result.figures = [  # those in a folded answer are not drawn
                    figure_pixels(element)
                    for element in page.query_selector_all(
                        "img.toynn-figure, .toynn-plotly__figure")
                    if element.is_visible()
                ]
            result.external_requests.extend(blocked[start:])
            page.add_script_tag(path=str(axe_script))  # last: nothing above sees it
            result.violations = page.evaluate(_AXE_JS)
            page.close()
            done[key] = result
        return done[key]

    return get


def has_math(nav_page: browse.NavPage) -> bool:
    """Whether the page's source writes math ($…$, $$…$$, \\(…\\)) outside code spans."""
    source = (ROOT / "docs" / nav_page.source).read_text(encoding="utf-8")
    source = re.sub(r"`[^`\n]*`", "", source)
    return bool(re.search(r"\$[^$\n]+\$|\\\(.+?\\\)", source))


# --- Every page, scheme and width --------------------------------------------------------


@pytest.mark.parametrize(("nav_page", "scheme", "width"), VISITS)
def test_page_loads_cleanly(visit, nav_page, scheme, width):
    found = visit(nav_page, scheme, width)
    assert found.console_errors == []
    assert found.failed_requests == []
    assert found.external_requests == []
    assert found.info["scheme"] == browse.MATERIAL_SCHEME[scheme]


@pytest.mark.parametrize(("nav_page", "scheme", "width"), VISITS)
def test_interactive_figures_are_drawn(visit, nav_page, scheme, width):
    plots = visit(nav_page, scheme, width).plots
    assert plots == ["drawn"] * len(plots)


@pytest.mark.parametrize(("nav_page", "scheme", "width"), VISITS)
def test_images_are_decoded_and_described(visit, nav_page, scheme, width):
    images = visit(nav_page, scheme, width).info["images"]
    broken = [img["src"] for img in images if not (img["complete"] and img["naturalWidth"])]
    assert broken == []
    undescribed = [img["src"] for img in images if img["figure"] and (
        not img["alt"] or len(img["alt"]) <= 20 or img["alt"] == nbconvert_default_alt())]
    assert undescribed == []


@pytest.mark.parametrize(("nav_page", "scheme", "width"), VISITS)
def test_math_is_typeset(visit, nav_page, scheme, width):
    info = visit(nav_page, scheme, width).info
    left = sorted({match[0] for match in _RAW_MATH.finditer(info["prose"])})
    assert left == [], "math delimiters left in the visible text"
    if has_math(nav_page):
        assert info["math"] > 0, "the page has math but none was typeset"
    assert info["mathScripts"] == 0, "math is typeset when the site is built, not here"


@pytest.mark.parametrize(("nav_page", "scheme", "width"), VISITS)
def test_no_horizontal_page_overflow(visit, nav_page, scheme, width):
    info = visit(nav_page, scheme, width).info
    assert info["scrollWidth"] <= info["clientWidth"], (
        "the page is wider than the screen: wide content must scroll in its own box")


# The smallest figure text a reader can read, in CSS px, per screen (issue 24).
LEGIBLE_PX = {"desktop": 11, "phone": 9}
SMALLEST_PANEL_PX = 60  # a figure's smallest panel (colour bars aside), shorter side


@pytest.mark.parametrize(("nav_page", "width"), [
    pytest.param(page, width, id=f"{page.name}-{width}") for page in PAGES
    for width in browse.WIDTHS])
def test_figure_text_is_legible(visit, nav_page, width):
    """No figure's text renders smaller than `LEGIBLE_PX` on this screen."""
    info = visit(nav_page, "light", width).info
    small = [f"{found['src']}: {found['px']:.1f} px" for found in info["figureText"]
             if not found["px"] >= LEGIBLE_PX[width]]  # NaN (no data-text-px) fails too
    small += [f"plot text {found['text']!r}: {found['px']:.1f} px"
              for found in info["plotText"] if found["px"] < LEGIBLE_PX[width]]
    assert small == [], f"text below {LEGIBLE_PX[width]} px:\n" + "\n".join(small)
    # and no panel squeezed to a sliver to make room for that text
    slivers = [f"{found['src']}: {found['panel']:.0f} px" for found in info["figureText"]
               if not found["panel"] >= SMALLEST_PANEL_PX]
    assert slivers == [], f"panels under {SMALLEST_PANEL_PX} px:\n" + "\n".join(slivers)


@pytest.mark.parametrize(("nav_page", "scheme", "width"), VISITS)
def test_no_serious_accessibility_violations(visit, nav_page, scheme, width):
    found = [
        f"{v['rule']} ({v['impact']}): {node['target']}: {node['message']}"
        for v in visit(nav_page, scheme, width).violations if v["impact"] in AXE_FAILS
        for node in v["nodes"]
    ]
    assert found == [], f"axe-core found {len(found)}:\n" + "\n".join(found[:20])


@pytest.mark.parametrize("nav_page", PAGES, ids=lambda page: page.name)
def test_figures_are_dark_and_readable_in_the_dark_scheme(visit, nav_page):
    figures = visit(nav_page, "dark", "desktop").figures
    if nav_page in TUTORIALS or nav_page.path == "":
        assert figures, "no figures found to check"
    for k, figure in enumerate(figures):
        where = f"figure {k + 1} of {len(figures)}: {figure}"
        assert figure["mean"] < 80 and figure["median"] < 80, f"a light box; {where}"
        assert figure["p99"] - figure["median"] > 90, f"marks too faint to read; {where}"
        assert figure["marks"] > 0.01, f"nothing drawn stands out; {where}"


# --- Downloads, search, instant navigation ------------------------------------------------


@pytest.mark.parametrize("nav_page", TUTORIALS, ids=lambda page: page.name)
def test_download_links_give_the_notebook_and_the_script(base_url, contexts, nav_page):
    context, _ = contexts("light", "desktop")
    page = context.new_page()
    page.goto(base_url + nav_page.path)
    links = page.eval_on_selector_all("a.md-button[download]", "els => els.map(a => a.href)")
    page.close()
    assert [Path(urlparse(link).path).suffix for link in links] == [".ipynb", ".py"]
    notebook, script = (context.request.get(link) for link in links)
    assert notebook.ok and script.ok
    nb = nbformat.reads(notebook.text(), as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown"
    assert script.body() == (ROOT / "docs" / nav_page.source).read_bytes()


def test_figures_below_the_fold_load_when_scrolled_to(base_url, contexts):
    context, _ = contexts("light", "desktop")
    page = context.new_page()
    page.goto(base_url + "tutorials/classification/")
    page.wait_for_load_state("load")
    last = page.locator("article img.toynn-figure:not(details img)").last  # not folded
    assert last.get_attribute("loading") == "lazy"
    assert not last.evaluate("img => img.complete && img.naturalWidth > 0")  # not yet
    last.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=last.element_handle(), timeout=10_000)
    box = last.bounding_box()
    page.close()
    assert box["width"] > 300 and box["height"] > 100  # drawn at its size, not collapsed


@pytest.mark.parametrize("term", ["sigmoid", "threshold"])
def test_search_finds(base_url, contexts, term):
    context, blocked = contexts("light", "desktop")
    page = context.new_page()
    visit = Visit()
    watch(page, visit)
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type(term)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    meta = page.inner_text(".md-search-result__meta")
    titles = page.eval_on_selector_all(".md-search-result__item h1, .md-search-result__item h2",
                                       "els => els.map(e => e.textContent)")
    page.close()
    assert re.match(r"\d+ matching documents?", meta), meta
    assert titles and visit.console_errors == [] and visit.failed_requests == []


def test_answers_and_claims_read_at_the_size_of_the_text(base_url, contexts):
    context, _ = contexts("light", "phone")
    page = context.new_page()
    page.goto(base_url + "tutorials/one-unit/")
    sizes = page.evaluate("""() => {
      const size = (el) => getComputedStyle(el).fontSize;
      const prose = document.querySelector("article .jp-RenderedMarkdown p");
      return {prose: size(prose),
              boxes: [...document.querySelectorAll("article details")].map(size)};
    }""")
    page.close()
    assert len(sizes["boxes"]) >= 4  # the answers and the claims blocks
    assert set(sizes["boxes"]) == {sizes["prose"]}


@pytest.mark.parametrize("how", ["click", "key"])
def test_the_search_index_loads_when_the_reader_reaches_for_search(base_url, contexts, how):
    context, _ = contexts("light", "desktop")
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "tutorials/one-unit/")
    browse.settle(page)
    page.wait_for_timeout(500)
    index = [url for url in requested if url.endswith("search/search_index.json")]
    assert index == [], "the first view fetched the search index"
    if how == "click":
        page.locator("input.md-search__input").click()
    else:
        page.keyboard.press("/")  # the theme's key for search
    page.keyboard.type("hidden")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    page.close()
    assert [url for url in requested if url.endswith("search/search_index.json")]


@pytest.fixture(scope="module")
def instant_base_url(site_dir, tmp_path_factory):
    """The site built with `site_url` set to where it is served, as the published site is.

    Material's instant navigation only takes over links to the URLs of its sitemap (it
    adopts their scheme and host name, not their port or path), so without `site_url`, or
    with one that names another path, every link loads its page afresh.
    """
    site = tmp_path_factory.mktemp("instant")
    with browse.serve(site) as url:
        done = subprocess.run(
            [str(ROOT / "scripts" / "docs"), "build", "--site-dir", str(site)],
            cwd=ROOT,
            env={**os.environ, "SITE_URL": url},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        yield url


def test_instant_navigation_typesets_math_and_shows_figures(instant_base_url, browser):
    context = browse.new_context(browser, "dark", "desktop")
    blocked: list[str] = []
    block_other_hosts(context, blocked)
    page = context.new_page()
    visit = Visit()
    watch(page, visit)
    page.goto(instant_base_url)
    browse.settle(page)
    page.evaluate("window.toynnSamePage = true")  # survives client-side navigation only
    hops = [
        (".toynn-headlines a[href*='classification']", "tutorials/classification/"),
        (".md-nav__link[href*='regression']", "tutorials/regression/"),
    ]
    for link, path in hops:
        page.locator(link).first.click()
        page.wait_for_url(urljoin(instant_base_url, path))
        page.wait_for_function(
            "() => document.querySelectorAll('article .katex').length > 0 && "
            "[...document.querySelectorAll('article img.toynn-figure')]"
            ".every((img) => img.loading === 'lazy' || img.complete && img.naturalWidth > 0)",
            timeout=20_000,
        )
        browse.settle(page)  # the lazy ones too
        info = page.evaluate(_INSPECT_JS)
        assert page.evaluate("window.toynnSamePage") is True, f"{path}: the page reloaded"
        assert not _RAW_MATH.search(info["prose"]), f"{path}: math left untypeset"
        figures = [img for img in info["images"] if img["figure"]]
        assert figures and all(img["alt"] != nbconvert_default_alt() for img in figures)
        plots = page.evaluate(browse.DRAW_PLOTS_JS)
        assert plots == ["drawn"] * len(plots), f"{path}: interactive figures {plots}"
        if path == "tutorials/classification/":
            assert plots, "the classification page has interactive figures"
    context.close()
    assert visit.console_errors == [] and visit.failed_requests == [] and blocked == []


# --- Interactive figures ------------------------------------------------------------------

# What an interactive figure shows, read from plotly's own state: the first values of every
# trace's coordinates, the frame shown, the camera of a 3-D scene, colours and panels.
_PLOT_STATE_JS = """(holder) => {
  const gd = holder.querySelector(".toynn-plotly__figure");
  const slider = holder.querySelector("input[type=range]");
  const coords = (t) => ["x", "y", "z"].map((k) => t[k] ?
    Array.prototype.slice.call(t[k], 0, 8).join(",") + "/" + t[k].length : "").join(";");
  const scene = gd._fullLayout.scene;
  return {
    data: gd.data.map(coords).join("|"),
    frame: gd.dataset.frame || null,
    frames: gd._transitionData ? gd._transitionData._frames.map((f) => f.name) : [],
    valuetext: slider ? slider.getAttribute("aria-valuetext") : null,
    camera: scene ? JSON.stringify(scene.camera.eye) : null,
    loss_domain: gd._fullLayout.xaxis2 ? gd._fullLayout.xaxis2.domain : null,
    label: holder.getAttribute("aria-label"),
  };
}"""


def drawing(call: str = "") -> list[browse.NavPage]:
    """The tutorial pages whose code calls `toynn.interactive.<call>` (any, if "")."""
    return [page for page in TUTORIALS
            if f"toynn.interactive.{call}" in (ROOT / "docs" / page.source).read_text()]


INTERACTIVE = drawing()
CUBES = drawing("hidden_space(")


@pytest.fixture
def drawn_page(base_url, contexts):
    """open(nav_page, scheme, width) -> (page, holders, visit), its figures drawn."""
    opened = []

    def open_(nav_page, scheme="light", width="desktop"):
        context, blocked = contexts(scheme, width)
        page = context.new_page()
        found = Visit()
        watch(page, found)
        start = len(blocked)
        page.goto(base_url + nav_page.path)
        assert set(browse.settle(page)) == {"drawn"}
        found.external_requests = blocked[start:]
        opened.append(page)
        return page, page.locator(".toynn-plotly"), found

    yield open_
    for page in opened:
        page.close()


@pytest.mark.parametrize("nav_page", INTERACTIVE, ids=lambda page: page.name)
def test_slider_moves_every_scrubber_through_its_epochs(drawn_page, nav_page):
    page, holders, found = drawn_page(nav_page)
    scrubbers = [holders.nth(i) for i in range(holders.count())
                 if holders.nth(i).locator("input[type=range]").count()]
    assert scrubbers
    for holder in scrubbers:
        last = holder.evaluate(_PLOT_STATE_JS)
        assert last["frame"] == last["frames"][-1] and last["valuetext"] == f"epoch {last['frame']}"
        holder.locator("input[type=range]").focus()
        page.keyboard.press("Home")  # the keyboard: Home, then one step right
        page.wait_for_function("(h) => h.querySelector('.toynn-plotly__figure')"
                               ".dataset.frame === '0'", arg=holder.element_handle())
        first = holder.evaluate(_PLOT_STATE_JS)
        assert first["data"] != last["data"], "the drawing did not change with the epoch"
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(args) => args[0].querySelector('.toynn-plotly__figure')"
                               ".dataset.frame === args[1]",
                               arg=[holder.element_handle(), first["frames"][1]])
        assert holder.evaluate(_PLOT_STATE_JS)["valuetext"] == f"epoch {first['frames'][1]}"
    assert found.console_errors == [] and found.external_requests == []


@pytest.mark.parametrize("nav_page", INTERACTIVE, ids=lambda page: page.name)
def test_play_runs_through_the_snapshots(drawn_page, nav_page):
    page, holders, found = drawn_page(nav_page)
    holder = holders.first
    frames = holder.evaluate(_PLOT_STATE_JS)["frames"]
    holder.locator("button.toynn-scrubber__play").click()  # at the end: starts over
    page.wait_for_function("(h) => h.querySelector('.toynn-plotly__figure')"
                           ".dataset.frame === '" + frames[3] + "'",
                           arg=holder.element_handle(), timeout=10_000)
    assert holder.locator("button.toynn-scrubber__play").get_attribute("aria-label") == "Pause"
    holder.locator("button.toynn-scrubber__play").click()
    assert holder.locator("button.toynn-scrubber__play").get_attribute("aria-label") == (
        "Play training")
    assert found.console_errors == []


@pytest.mark.parametrize("nav_page", INTERACTIVE, ids=lambda page: page.name)
def test_the_epoch_label_names_the_frame_drawn_while_playing(drawn_page, nav_page):
    page, holders, found = drawn_page(nav_page)
    holder = holders.last  # the cube, where a page has one: its frames are slowest
    holder.scroll_into_view_if_needed()
    holder.locator("button.toynn-scrubber__play").click()
    seen = holder.evaluate("""async (h) => {
      const label = h.querySelector(".toynn-scrubber__label");
      const gd = h.querySelector(".toynn-plotly__figure");
      const seen = [];
      for (let i = 0; i < 40; i++) {
        seen.push([label.textContent, "epoch " + gd.dataset.frame]);
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)));
      }
      return seen;
    }""")
    holder.locator("button.toynn-scrubber__play").click()
    assert len({shown for shown, _ in seen}) > 2, "play did not move"
    assert [pair for pair in seen if pair[0] != pair[1]] == []
    assert found.console_errors == []


@pytest.mark.parametrize("nav_page", INTERACTIVE, ids=lambda page: page.name)
def test_a_page_loads_one_plotly_bundle_the_smaller_without_3d(drawn_page, nav_page):
    page, _, _ = drawn_page(nav_page)
    scripts = page.evaluate("() => performance.getEntriesByType('resource')"
                            ".map((e) => e.name).filter((n) => /plotly-/.test(n))")
    wanted = "plotly-gl3d" if nav_page in CUBES else "plotly-basic"
    assert [name.rsplit("/", 1)[-1] for name in scripts] == [f"{wanted}.min.js"]


@pytest.mark.parametrize("nav_page", INTERACTIVE, ids=lambda page: page.name)
def test_the_plotly_toolbar_stays_off_a_touch_screen(browser, base_url, nav_page):
    shown = {}
    for touch in (False, True):
        context = browse.new_context(browser, "light", "phone", has_touch=touch,
                                     is_mobile=touch)
        page = context.new_page()
        page.goto(base_url + nav_page.path)
        assert set(browse.settle(page)) == {"drawn"}
        figure = page.locator(".toynn-plotly__figure").first
        figure.scroll_into_view_if_needed()
        (figure.tap if touch else figure.hover)()
        shown[touch] = figure.locator(".modebar-container").evaluate(
            "el => getComputedStyle(el).display !== 'none' && "
            "getComputedStyle(el.querySelector('.modebar')).opacity !== '0'")
        context.close()
    assert shown == {False: True, True: False}  # a mouse gets it, a finger does not


@pytest.mark.parametrize("nav_page", CUBES, ids=lambda page: page.name)
def test_dragging_turns_the_hidden_cube(drawn_page, nav_page):
    page, holders, found = drawn_page(nav_page)
    cubes = [holders.nth(i) for i in range(holders.count())
             if holders.nth(i).evaluate(_PLOT_STATE_JS)["camera"]]
    assert cubes
    for cube in cubes:
        before = cube.evaluate(_PLOT_STATE_JS)["camera"]
        cube.scroll_into_view_if_needed()
        box = cube.locator(".toynn-plotly__figure").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 11):
            page.mouse.move(x + 12 * step, y + 4 * step)
        page.mouse.up()
        page.wait_for_timeout(200)
        assert cube.evaluate(_PLOT_STATE_JS)["camera"] != before
    assert found.console_errors == []


# The pixel statistics below are of a 2-D figure (a WebGL cube renders without GL here).
@pytest.mark.parametrize("nav_page", drawing("training_scrubber("), ids=lambda page: page.name)
def test_interactive_figures_follow_the_palette_toggle(drawn_page, nav_page):
    page, holders, found = drawn_page(nav_page, "light")
    figures = page.locator(".toynn-plotly__figure")
    light = figures.first.screenshot()
    assert figure_pixels(figures.first)["median"] > 200  # a light page shows through
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    for i in range(figures.count()):  # dark, like the PNG figures, without a redraw
        assert "invert" in figures.nth(i).evaluate("el => getComputedStyle(el).filter")
    dark = figure_pixels(figures.first)
    assert dark["median"] < 80 and dark["p99"] - dark["median"] > 90
    assert figures.first.screenshot() != light
    assert found.console_errors == []


@pytest.mark.parametrize("nav_page", INTERACTIVE, ids=lambda page: page.name)
def test_interactive_figures_stack_their_panels_on_a_phone(drawn_page, nav_page):
    page, holders, _ = drawn_page(nav_page, "light", "phone")
    for i in range(holders.count()):
        state = holders.nth(i).evaluate(_PLOT_STATE_JS)
        assert state["label"] and len(state["label"]) > 40  # named by its description
        if state["loss_domain"] is not None:
            assert state["loss_domain"] == [0, 1]
