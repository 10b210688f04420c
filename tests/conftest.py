"""Fixtures for tests that build the documentation site.

- `site_dir`: the real site, built once per session by `scripts/docs build` (reusing the
  execution cache), for tests that check what is published.
- `make_project`: a throw-away copy of the docs machinery in `tmp_path` with tiny tutorials
  and a tiny stand-in library, so that build tests are fast and leave the real site,
  cache and library alone.

`scripts/` goes on `sys.path`, for the build machinery (`docsbuild`) and the browser
helpers (`browse`).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import torch
import yaml
from mkdocs.utils.yaml import yaml_load

# The models under test are tiny: a second torch thread only adds contention, which on a
# busy 2-core machine makes some tests ten times slower.
torch.set_num_threads(1)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # `docsbuild` and `browse`


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A browser test fails at once, naming the package, where Chromium is missing.

    Skipping would let a run on a fresh machine look green while testing nothing of the
    site in a browser; leave the browser tests out on purpose with `-m "not browser"`.
    """
    import browse

    if item.get_closest_marker("browser") and not os.access(browse.CHROMIUM, os.X_OK):
        pytest.fail(
            f"no Chromium at {browse.CHROMIUM}: the browser tests need Debian's chromium "
            "(apt-get install chromium; .ci/run installs it), or TOYNN_CHROMIUM naming "
            "another binary; pytest -m 'not browser' leaves them out on purpose",
            pytrace=False,
        )


# The browser fixtures are module-scoped, not session-scoped: Playwright's sync API keeps an
# asyncio loop running in this thread while it is open, and later tests that run the docs
# executor in-process (`asyncio.run`) would fail.
@pytest.fixture(scope="module")
def playwright_session():
    """Playwright, for one test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright_session):
    """Debian's headless Chromium, for one test module."""
    import browse

    browser = browse.launch(playwright_session)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def base_url(site_dir):
    """The built site served on 127.0.0.1, for one test module."""
    import browse

    with browse.serve(site_dir) as url:
        yield url


@pytest.fixture
def needs_node() -> None:
    """Fail, not skip, without Node.js: a green run must have tested the playground's engine."""
    if shutil.which("node") is None:
        pytest.fail("no Node.js (node) on PATH: the playground's engine runs in Node for these "
                    "tests (Node 20 comes with npm, which the docs build needs too)",
                    pytrace=False)


def load_config() -> dict:
    """The real mkdocs.yml as plain data, read as MkDocs reads it (`!ENV` resolved)."""
    return yaml_load((ROOT / "mkdocs.yml").read_text())


@functools.cache
def nbconvert_default_alt() -> str:
    """The alt text nbconvert gives an image that has none: what the build must replace."""
    from nbconvert import HTMLExporter

    image = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[image])])
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return re.search(r'<img alt="([^"]+)"', html)[1]


# A stand-in library with the layout of toynn: modules re-exported from __init__ with __all__.
DEMO_LIBRARY = {
    "__init__.py": '''
        """A stand-in for toynn in build tests."""

        from .demo import Doubler, double

        __all__ = ["Doubler", "double"]
        __version__ = "9.9.9"
    ''',
    "demo.py": '''
        """Demo module."""


        def double(x: float) -> float:
            """Return twice `x` (as [Doubler.apply][toynn.Doubler.apply] does).

            Args:
                x: A number.

            Returns:
                `2 * x`.
            """
            return 2 * x


        class Doubler:
            """Doubles numbers.

            Attributes:
                calls: How many times `apply` ran.
            """

            def __init__(self) -> None:
                self.calls = 0

            def apply(self, x: float) -> float:
                """Return `double(x)`."""
                self.calls += 1
                return double(x)
    ''',
}

TINY_TUTORIAL = """
    # %% [markdown]
    # # Tiny tutorial
    #
    # Uses `toynn.double` (see also `toynn.Doubler.apply()`) and draws $y = 2x$.

    # %%
    SEED = 0  # knobs

    # %%
    import matplotlib.pyplot as plt
    import toynn

    print(toynn.double(21))
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 2]);

    # %% [markdown]
    # <details>
    # <summary>Answer</summary>
    #
    # It is **twice** as much.
    #
    # </details>
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@dataclass
class Project:
    """A throw-away docs project; `build()` runs `mkdocs build --strict` on it."""

    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    def tutorial(self, name: str) -> Path:
        return self.root / "docs" / "tutorials" / f"{name}.py"

    def build(self, *options: str, **env: str) -> subprocess.CompletedProcess:
        environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", *options],
            cwd=self.root,
            env=environ,
            capture_output=True,
            text=True,
            timeout=600,
        )


def _write_project(root: Path, tutorials: dict[str, str]) -> Project:
    root.mkdir(parents=True)
    config = load_config()
    config["nav"] = [
        {"Home": "index.md"},
        {"Tutorials": [{name: f"tutorials/{name}.py"} for name in tutorials]},
        {"API reference": [{"toynn.demo": "api/demo.md"}]},
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    docs = root / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    shutil.copytree(ROOT / "docs" / "overrides", docs / "overrides")  # theme's custom_dir
    (docs / "index.md").write_text("# Home\n\nA test site about `toynn.double`.\n")
    (docs / "api").mkdir()
    (docs / "api" / "demo.md").write_text("# Demo\n\nThe demo module.\n\n::: toynn.demo\n")
    (docs / "tutorials").mkdir()
    for name, source in tutorials.items():
        (docs / "tutorials" / f"{name}.py").write_text(dedent(source))
    (root / "toynn").mkdir()
    for name, source in DEMO_LIBRARY.items():
        (root / "toynn" / name).write_text(dedent(source))
    shutil.copytree(
        ROOT / "scripts" / "docsbuild",
        root / "scripts" / "docsbuild",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "scripts" / "constraints.txt", root / "scripts" / "constraints.txt")
    (root / ".cache").mkdir()
    (root / ".cache" / "vendor").symlink_to(VENDOR)  # share the unpacked KaTeX, plotly.js
    return Project(root)


VENDOR = ROOT / ".cache" / "vendor"


@pytest.fixture(scope="session")
def vendored() -> Path:
    """KaTeX and plotly.js, fetched into the project's cache once (later sessions reuse it)."""
    from docsbuild import formulas, interactive, npm

    npm.vendored_files(formulas.MANIFEST, VENDOR)
    npm.vendored_files(interactive.MANIFEST, VENDOR)
    npm.vendored_files(interactive.BASIC_MANIFEST, VENDOR)
    return VENDOR


@pytest.fixture
def make_project(tmp_path, vendored):
    """Return a function that writes a project with the given tutorials {name: source}."""

    def make(tutorials: dict[str, str] | None = None) -> Project:
        return _write_project(tmp_path / "project", tutorials or {"tiny": TINY_TUTORIAL})

    return make


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The real site, built once per session with `scripts/docs build` (cache reused)."""
    done = subprocess.run(
        [str(ROOT / "scripts" / "docs"), "build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return ROOT / "site"
