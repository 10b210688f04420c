"""The playground page (docs/playground.md) in headless Chromium, offline.

The page is served from the real site (`site_dir`), every request to another host blocked.
It must train (the loss falls, the map changes, drawing keeps to the animation frames while
training runs ahead), count many seeds as the statistics page does, take the reader's own
points, let a unit's line be dragged, export code that reproduces its run in Python, stay
light, and meet bad input (a crafted link, no points, one class, a bad learning rate) with
a message instead of running it.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

import browse
import pytest
from conftest import ROOT
from test_browser import (  # instant_base_url: a fixture, the site built with site_url
    Visit,
    block_other_hosts,
    instant_base_url,  # noqa: F401
    watch,
)

pytestmark = pytest.mark.browser  # without Chromium these fail, never skip

STATUS = "[data-playground] [role=status]"


@pytest.fixture
def open_page(browser, base_url):
    """open_page(query="", scheme="light", width="desktop") -> (page, visit), ready to train."""
    opened = []

    def open_(query: str = "", scheme: str = "light", width: str = "desktop"):
        context = browse.new_context(browser, scheme, width)
        blocked: list[str] = []
        block_other_hosts(context, blocked)
        page = context.new_page()
        found = Visit(external_requests=blocked)
        watch(page, found)
        page.on("dialog", lambda dialog: (found.console_errors.append(
            f"a dialog opened: {dialog.message}"), dialog.dismiss()))
        page.goto(base_url + "playground/" + query)
        page.wait_for_function(f"() => /^epoch/.test(document.querySelector('{STATUS}')"
                               ".textContent)")
        opened.append(context)
        return page, found

    yield open_
    for context in opened:
        context.close()


def status(page) -> dict:
    """What the live region says: epoch and loss (and the full-precision loss it shows)."""
    text = page.locator(STATUS).text_content()
    epoch = re.search(r"epoch (\d+)", text)
    loss = re.search(r"loss ([0-9.e+-]+)", text)
    return {"text": text, "epoch": int(epoch[1]) if epoch else None,
            "loss": float(loss[1]) if loss else None,
            "exact": page.locator(STATUS).get_attribute("data-loss")}


def wait_for_epoch(page, at_least: int, timeout: int = 30_000) -> None:
    page.wait_for_function(
        f"() => Number((/epoch (\\d+)/.exec(document.querySelector('{STATUS}').textContent)"
        f" || [0, -1])[1]) >= {at_least}", timeout=timeout)


def train_for(page, epochs: int) -> dict:
    """Press Train, wait for `epochs` epochs, press Pause; the status after the pause."""
    page.get_by_role("button", name="Train", exact=True).click()
    wait_for_epoch(page, epochs)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.wait_for_function(f"() => !document.querySelector('{STATUS}').textContent"
                           ".includes('training')")
    return status(page)


def map_pixels(page) -> list[int]:
    """The map canvas's pixels, coarsely sampled (RGB of every 7th pixel)."""
    return page.evaluate("""() => {
      const canvas = document.querySelector("[data-ref=map]");
      const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      const sample = [];
      for (let k = 0; k < data.length; k += 28) sample.push(data[k], data[k + 1], data[k + 2]);
      return sample;
    }""")


def changed_share(before: list[int], after: list[int]) -> float:
    return sum(abs(a - b) > 8 for a, b in zip(before, after)) / len(before)


def message(page) -> str:
    alert = page.locator("[data-playground] [role=alert]")
    return alert.text_content() if alert.is_visible() else ""


def run_python(code: str, tmp_path: Path) -> float:
    script = tmp_path / "playground_run.py"
    script.write_text(code)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return float(re.search(r"loss ([0-9.e+-]+)", done.stdout)[1])


# --- Training ------------------------------------------------------------------------------


@pytest.mark.parametrize("data", ["rings", "spiral3", "sine"])
def test_the_page_trains(open_page, data):
    page, found = open_page(f"?data={data}&width=5")
    page.select_option("#toynn-pg-speed", "Infinity")
    first = status(page)
    assert first["epoch"] == 0 and first["loss"] > 0
    before = map_pixels(page)
    page.get_by_role("button", name="Train", exact=True).click()
    wait_for_epoch(page, 1)
    during = status(page)
    assert "training" in during["text"] and during["loss"] is not None
    wait_for_epoch(page, 1500)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.wait_for_function(f"() => !document.querySelector('{STATUS}').textContent"
                           ".includes('training')")
    after = status(page)
    assert page.get_by_role("button", name="Train", exact=True).is_visible()
    assert after["loss"] < 0.7 * first["loss"], (first, after)
    # A decision map changes colour over much of the plane; a fitted curve moves its line.
    assert changed_share(before, map_pixels(page)) > (0.005 if data == "sine" else 0.05)
    assert found.console_errors == [] and found.failed_requests == []
    assert found.external_requests == []


def test_drawing_keeps_to_the_frames_while_training_runs_ahead(open_page):
    page, found = open_page("?width=3")
    page.select_option("#toynn-pg-speed", "Infinity")
    counted = page.evaluate("""async () => {
      const root = document.querySelector("[data-playground]");
      const paints = Number(root.dataset.paints || 0);
      let frames = 0;
      let counting = true;
      const count = () => { if (counting) { frames += 1; requestAnimationFrame(count); } };
      requestAnimationFrame(count);
      document.querySelector("[data-ref=train]").click();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      counting = false;
      document.querySelector("[data-ref=train]").click();
      return { frames: frames, paints: Number(root.dataset.paints) - paints };
    }""")
    page.wait_for_function(f"() => !document.querySelector('{STATUS}').textContent"
                           ".includes('training')")
    epochs = status(page)["epoch"]
    assert 0 < counted["paints"] <= counted["frames"] + 2, counted
    assert epochs > 10 * counted["paints"], (epochs, counted)  # many epochs per drawing
    assert found.console_errors == []


# --- Many seeds ------------------------------------------------------------------------------


def statistics_page_rates(site: Path) -> dict:
    """{(activation, width): (rate, low, high)} from the summary the statistics page prints."""
    html = (site / "tutorials" / "statistics" / "index.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)
    rates = {}
    for activation, table in re.findall(r"\n(sigmoid|relu)\nwidth\s+success.*?\n((?:\s+\d.*\n)+)",
                                        text):
        for line in table.strip().splitlines():
            width, rate, low, high = re.match(r"\s*(\d+)\s+(\d+)%\s+(\d+)% – (\d+)%", line).groups()
            rates[activation, int(width)] = (int(rate) / 100, int(low) / 100, int(high) / 100)
    return rates


@pytest.mark.parametrize(("activation", "width"), [("sigmoid", 2), ("sigmoid", 3), ("relu", 3)])
def test_many_seeds_agree_with_the_statistics_page(open_page, site_dir, activation, width):
    rates = statistics_page_rates(site_dir)
    rate, low, high = rates[activation, width]
    page, found = open_page(f"?data=rings&act={activation}&width={width}&lr=0.01")
    page.get_by_role("button", name="Try 20 seeds").click()
    summary = page.locator("[data-ref=summary]")
    page.wait_for_function("() => document.querySelector('[data-ref=summary]').dataset.works"
                           " !== undefined", timeout=120_000)
    ours = {key: float(summary.get_attribute(f"data-{key}"))
            for key in ("works", "runs", "low", "high", "seconds")}
    assert ours["runs"] == 20
    assert page.locator(".toynn-pg__seed").count() == 20
    assert re.search(rf"{int(ours['works'])} of 20 seeds work", summary.text_content())
    # The two 95 % intervals overlap: the page's 20 seeds and the statistics page's 100
    # cannot be told apart.
    assert ours["low"] <= high and low <= ours["high"], (ours, rates[activation, width])
    assert found.console_errors == []


# --- The reader's own points, building by hand -------------------------------------------------


def click_map(page, fx: float, fy: float) -> None:
    """Click the map at a fraction (fx, fy) of its width and height, from its top left."""
    canvas = page.locator("[data-ref=map]")
    canvas.evaluate("map => map.scrollIntoView({block: 'center'})")
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])


def point_count(page) -> int:
    query = page.evaluate("location.search")
    points = re.search(r"pts=([^&]*)", query)
    return len(points[1].split(";")) if points and points[1] else 0


def test_the_readers_points_change_the_data(open_page):
    page, found = open_page("?data=rings")
    before = map_pixels(page)
    page.get_by_label("adds class 1").check()
    for fx, fy in [(0.5, 0.5), (0.52, 0.51), (0.49, 0.53)]:
        click_map(page, fx, fy)
    assert point_count(page) == 403
    assert page.locator("#toynn-pg-data").input_value() == "own"
    assert "X = torch.tensor([" in page.locator("[data-ref=code]").text_content()
    page.get_by_label("removes a point").check()
    click_map(page, 0.52, 0.51)
    assert point_count(page) == 402
    # The keyboard: arrow keys move a cross over the map, Enter adds a point there.
    page.get_by_label("adds class 0").check()
    page.locator("[data-ref=map]").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert point_count(page) == 403
    # Training sees the points: class 1 in the middle of class 0 keeps the loss up.
    after = train_for(page, 300)
    assert after["loss"] > 0.02
    assert changed_share(before, map_pixels(page)) > 0.05
    assert found.console_errors == []


def test_dragging_a_units_line_starts_a_run_from_there(open_page, tmp_path):
    page, found = open_page("?data=rings&width=3&act=tanh")
    train_for(page, 50)
    before = map_pixels(page)
    weights = [page.locator(f"#toynn-pg-{name}").input_value() for name in ("w1", "w2", "b")]
    page.locator("[data-ref=map]").evaluate("map => map.scrollIntoView({block: 'center'})")
    box = page.locator("[data-ref=map]").bounding_box()  # all of it on the screen
    handles = page.evaluate("JSON.parse(document.querySelector('[data-playground]')"
                            ".dataset.handles)")
    x, y = box["x"] + handles[0][0][0], box["y"] + handles[0][0][1]  # unit 1's first handle
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(x + 10 * step, y - 6 * step)
    page.mouse.up()
    # A new run, from the weights set by hand (the status shows it at the next frame).
    page.wait_for_function(f"() => /^epoch 0,/.test(document.querySelector('{STATUS}')"
                           ".textContent)", timeout=5_000)
    moved = [page.locator(f"#toynn-pg-{name}").input_value() for name in ("w1", "w2", "b")]
    assert moved != weights
    assert changed_share(before, map_pixels(page)) > 0.01
    trained = train_for(page, 400)
    code = page.locator("[data-ref=code]").text_content()
    assert run_python(code, tmp_path) == pytest.approx(float(trained["exact"]), rel=1e-4)
    assert found.console_errors == []


# --- Take it home -----------------------------------------------------------------------------


def test_exported_code_reproduces_the_run(open_page, tmp_path):
    # The reader's own points (rings plus two points of class 1 in the disc) and a change
    # of learning rate half way: the code carries the points and makes two calls of fit.
    page, found = open_page("?data=rings&act=sigmoid&width=4&seed=4")
    page.get_by_label("adds class 1").check()
    click_map(page, 0.5, 0.5)
    click_map(page, 0.52, 0.47)
    train_for(page, 300)
    page.fill("#toynn-pg-lr", "0.003")
    page.locator("#toynn-pg-lr").press("Enter")
    shown = train_for(page, 700)
    code = page.locator("[data-ref=code]").text_content()
    assert "X = torch.tensor([" in code and "make_rings" not in code
    assert code.count("toynn.fit(") == 2 and "lr=0.003" in code
    assert f"epoch {shown['epoch']}," in code
    assert run_python(code, tmp_path) == pytest.approx(float(shown["exact"]), rel=1e-4)
    weights = page.locator("[data-ref=weights]").text_content()
    assert '"activation": "sigmoid"' in weights
    assert found.console_errors == []


def test_the_first_view_is_light(browser, base_url, site_dir):
    """First view of the page: ≤ 300 KB as a gzip-serving host sends it, no plotly.js."""
    context = browse.new_context(browser, "light", "desktop")
    blocked: list[str] = []
    block_other_hosts(context, blocked)
    page = context.new_page()
    paths = []
    page.on("requestfinished", lambda request: paths.append(urlparse(request.url).path))
    page.goto(base_url + "playground/")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"() => /^epoch/.test(document.querySelector('{STATUS}').textContent)")
    context.close()
    files = [site_dir / path.lstrip("/") for path in paths]
    files = [file / "index.html" if file.is_dir() else file for file in files]
    gzipped = sum(len(gzip.compress(file.read_bytes(), 6)) for file in files)
    assert not any("plotly" in path for path in paths), paths
    assert any(path.endswith("playground/datasets.json") for path in paths)
    assert gzipped <= 300_000, f"{gzipped} bytes gzipped"
    assert blocked == []


# --- Bad input ---------------------------------------------------------------------------------

CRAFTED = ("?data=" + quote("<img src=x onerror=window.pwned=1>")
           + "&act=" + quote("javascript:window.pwned=2")
           + "&lr=" + quote("<script>window.pwned=3</script>")
           + "&" + quote("<svg onload=window.pwned=4>") + "=1"
           + "&data=own&pts=" + quote("0,0,1;<img src=x onerror=window.pwned=5>"))


def test_a_crafted_link_runs_no_script_and_says_so(open_page):
    page, found = open_page(CRAFTED)
    shown = message(page)
    assert "could not" in shown or "not one of" in shown, shown
    assert page.evaluate("window.pwned") is None
    assert page.locator("[data-playground] img, [data-playground] svg, "
                        "[data-playground] script:not([src])").count() == 0
    assert page.evaluate("location.search").startswith("?data=") is True
    # Still a working page, with the defaults where the link was wrong.
    assert page.locator("#toynn-pg-act").input_value() == "sigmoid"
    assert page.locator("#toynn-pg-lr").input_value() == "0.01"
    train_for(page, 20)
    assert page.evaluate("window.pwned") is None
    assert found.console_errors == [] and found.external_requests == []


@pytest.mark.parametrize("query", ["?width=99", "?lr=5", "?data=own&pts=1,2",
                                   "?" + "a=1&" * 10_500])  # over 40 000 characters
def test_a_malformed_link_shows_a_message(open_page, query):
    page, found = open_page(query)
    assert message(page)
    assert status(page)["epoch"] == 0
    assert found.console_errors == []


def test_bad_input_shows_a_message_instead_of_training(open_page):
    page, found = open_page("?data=rings")
    page.get_by_role("button", name="Clear the points").click()
    assert "no points" in message(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_timeout(300)
    assert status(page)["epoch"] == 0 and "no points" in message(page)
    page.get_by_label("adds class 0").check()
    click_map(page, 0.2, 0.2)
    click_map(page, 0.3, 0.2)
    assert "one class" in message(page)
    page.get_by_role("button", name="Train", exact=True).click()
    assert status(page)["epoch"] == 0
    page.get_by_label("adds class 1").check()
    click_map(page, 0.7, 0.7)
    assert message(page) == ""
    page.fill("#toynn-pg-lr", "5")
    page.locator("#toynn-pg-lr").press("Enter")
    assert "learning rate" in message(page)
    assert page.locator("#toynn-pg-lr").get_attribute("aria-invalid") == "true"
    page.fill("#toynn-pg-lr", "0.05")
    page.locator("#toynn-pg-lr").press("Enter")
    assert message(page) == ""
    assert train_for(page, 100)["epoch"] >= 100
    assert found.console_errors == []


# --- Instant navigation (the published site) ------------------------------------------------


def test_instant_navigation_to_and_from_the_playground(browser, request):
    """The page sets itself up after an instant navigation, and pages reached from it show
    their (build-time typeset) math."""
    base_url = request.getfixturevalue("instant_base_url")
    context = browse.new_context(browser, "light", "desktop")
    blocked: list[str] = []
    block_other_hosts(context, blocked)
    page = context.new_page()
    found = Visit()
    watch(page, found)
    ready = (f"() => /^epoch/.test((document.querySelector('{STATUS}') || {{}}).textContent)")
    math = "() => document.querySelectorAll('article .katex').length > 0"
    page.goto(base_url + "playground/")
    page.wait_for_function(ready)
    page.evaluate("window.toynnSamePage = true")  # survives client-side navigation only
    page.locator(".md-nav__link[href*='regression']").first.click()
    page.wait_for_function(math, timeout=30_000)
    page.locator(".md-nav__link[href*='playground']").first.click()
    page.wait_for_function(ready, timeout=20_000)
    train_for(page, 20)
    page.locator(".md-nav__link[href*='statistics']").first.click()
    page.wait_for_function(math, timeout=30_000)
    assert page.evaluate("window.toynnSamePage") is True, "a page reloaded"
    context.close()
    assert found.console_errors == [] and found.failed_requests == [] and blocked == []
