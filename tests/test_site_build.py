"""The documentation site: what the real build publishes, and how broken tutorials fail it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import browse
import jupytext
import nbformat
import pytest
import tomllib
import yaml
from conftest import ROOT, TINY_TUTORIAL, dedent, load_config
from docsbuild import formulas, interactive, npm, pages, settings
from docsbuild.report import read_statuses, report_lines
from docsbuild.tutorial import Tutorial

PAGES = browse.nav_pages(ROOT / "mkdocs.yml")
SOURCES = [page.source for page in PAGES]
TUTORIALS = [source for source in SOURCES if source.startswith("tutorials/")]
IMG_PNG = re.compile(r'<img [^>]*src="fig-[0-9a-f]{16}\.png"')
DOWNLOAD = re.compile(r'<a class="md-button[^"]*" href="([^"]+)" download>')


def built_page(site: Path, source: str) -> Path:
    (page,) = [page for page in PAGES if page.source == source]
    return site / page.path / "index.html"


def test_every_tutorial_is_in_the_nav():
    written = sorted(p.relative_to(ROOT / "docs").as_posix()
                     for p in (ROOT / "docs" / "tutorials").glob("*.py"))
    assert written and sorted(TUTORIALS) == written


def test_every_nav_page_exists_once():
    assert SOURCES[0] == "index.md"
    assert [source for source in SOURCES if not (ROOT / "docs" / source).is_file()] == []
    assert len(set(SOURCES)) == len(SOURCES)


# --- The real site (built once per session, cache reused) -------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("source", SOURCES)
def test_every_nav_page_is_built(site_dir, source):
    assert built_page(site_dir, source).is_file()


@pytest.mark.slow
@pytest.mark.parametrize("source", TUTORIALS)
def test_tutorial_pages_are_executed_notebooks(site_dir, source):
    html = built_page(site_dir, source).read_text()
    assert 'class="jupyter-wrapper toynn-notebook"' in html  # rendered and post-processed
    assert "jp-CodeCell" in html and "jp-OutputArea" in html
    assert IMG_PNG.search(html), "no figure output"
    assert "# %%" not in html  # not the raw percent-format source
    assert "<style" not in html.split("<article", 1)[1]  # JupyterLab CSS stripped


@pytest.mark.slow
@pytest.mark.parametrize("source", TUTORIALS)
def test_tutorial_downloads(site_dir, source):
    page = built_page(site_dir, source)
    links = DOWNLOAD.findall(page.read_text())
    stem = Path(source).stem
    assert links == [f"{stem}.ipynb", f"{stem}.py"]  # relative: work under any prefix
    nb = nbformat.read(page.parent / links[0], as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert all(not cell.get("outputs") for cell in nb.cells)
    assert (page.parent / links[1]).read_bytes() == (ROOT / "docs" / source).read_bytes()
    # The checks of the claims open folded, so the teaching comes first.
    folded = [cell.metadata.get("jupyter", {}).get("source_hidden", False)
              for cell in nb.cells if cell.cell_type == "code"]
    claims = ['tags=["claims"]' in header for header in re.findall(
        r"^# %%(?! \[markdown\]).*$", (ROOT / "docs" / source).read_text(), flags=re.M)]
    assert any(claims) and folded == claims


@pytest.mark.slow
@pytest.mark.parametrize("source", TUTORIALS)
def test_tutorial_pages_sit_on_the_path(site_dir, source):
    html = built_page(site_dir, source).read_text()
    assert re.search(r'class="toynn-nb-time">About \d+ minutes to read<', html)
    assert "md-footer__link--prev" in html and "md-footer__link--next" in html
    glossary = (site_dir / "glossary" / "index.html").read_text()
    terms = set(re.findall(r'href="\.\./\.\./glossary/#([\w-]+)"', html))
    assert terms, "the page links its terms to the glossary"
    assert {term for term in terms if f'id="{term}"' not in glossary} == set()


ANSWERED = [source for source in TUTORIALS
            if "<summary>Answer</summary>" in (ROOT / "docs" / source).read_text()]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
@pytest.mark.parametrize("source", ANSWERED)
def test_answer_cells_and_their_outputs_stay_folded(site_dir, source):
    """Predict, then reveal: an exercise's run is shown only inside its folded answer."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(built_page(site_dir, source).read_text(), "html.parser")
    article = soup.find("article")
    answer = f"celltag_{settings.ANSWER_TAG}"
    cells = [cell for cell in article.select(f"div.jp-Cell.{answer}")  # the markup nests
             if not cell.find_parent("div", class_=answer)]  # each cell in a copy of itself
    tagged = [cell for cell in jupytext.read(ROOT / "docs" / source).cells
              if settings.ANSWER_TAG in cell.metadata.get("tags", [])]
    assert cells and len(cells) == len(tagged), "a page with answers runs them in answer cells"
    for cell in cells:
        details = cell.find_parent("details")
        assert details is not None, cell.get_text()[:200]
        assert details.summary and details.summary.get_text(strip=True) == "Answer"
    outputs = [output for cell in cells for output in cell.select(".jp-OutputArea-output")]
    texts = [_flat(output.get_text()) for output in outputs]
    images = {img["src"] for output in outputs for img in output.find_all("img")}
    assert any(texts) or images, "the answer cells show what they computed"
    for details in article.find_all("details"):
        details.decompose()
    shown = _flat(article.get_text())
    assert [text for text in texts if text and text in shown] == []
    assert images & {img.get("src") for img in article.find_all("img")} == set()


@pytest.mark.slow
def test_the_search_index_holds_prose_and_names_not_code_or_outputs(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    for source in TUTORIALS:
        (page,) = [page for page in PAGES if page.source == source]
        text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"]
                        if doc["location"].split("#")[0] == page.path)
        assert "<pre>" not in text, source  # no code cell, printed output or claims check
        code = "\n".join(c.source for c in jupytext.read(ROOT / "docs" / source).cells
                         if c.cell_type == "code")
        names = set(re.findall(r"\btoynn(?:\.[A-Za-z_]\w*)+", code))
        assert names and {name for name in names if name not in text} == set(), source
        title = jupytext.read(ROOT / "docs" / source).cells[0].source.splitlines()[0]
        assert title.removeprefix("# ") in text  # the prose is there


@pytest.mark.slow
def test_home_page_shows_the_quickstart_snippet(site_dir):
    html = (site_dir / "index.html").read_text()
    assert "make_rings" in html and "--8&lt;--" not in html
    assert not (site_dir / "snippets").exists()  # included into pages, not published


@pytest.mark.slow
def test_every_public_name_is_on_an_api_page(site_dir):
    import toynn

    ids = set()
    for page in (site_dir / "api").glob("*/index.html"):
        ids.update(re.findall(r'id="(toynn\.[\w.]+)"', page.read_text()))
    missing = [name for name in toynn.__all__ if not any(i.endswith(f".{name}") for i in ids)]
    assert missing == []


@pytest.mark.slow
def test_site_is_self_contained(site_dir):
    for page in site_dir.rglob("*.html"):
        html = page.read_text()
        external = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="(https?:)?//', html)
        assert external == [], page
    katex = site_dir / "assets" / "katex"
    assert (katex / "katex.min.css").is_file() and (katex / "LICENSE").is_file()
    assert list((katex / "fonts").glob("*.woff2"))
    assert not list(site_dir.rglob("katex*.js")) and not (site_dir / "assets" / "mathjax").exists()


# --- Builds of a throw-away project -----------------------------------------------------


@pytest.mark.slow
def test_tiny_project_page(make_project):
    project = make_project()
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    html = (project.site / "tutorials" / "tiny" / "index.html").read_text()
    # The code span links to the API anchor mkdocstrings made, relative to the page.
    assert re.search(
        r'<a class="autorefs autorefs-internal"[^>]* href="../../api/demo/#toynn\.demo\.double">'
        r"<code>toynn.double</code></a>",
        html,
    )
    # Markdown pages follow the same rule; link titles carry no stray indentation.
    home = (project.site / "index.html").read_text()
    assert re.search(
        r'title="double" href="api/demo/#toynn\.demo\.double"><code>toynn.double<', home
    )
    # Members resolve through their public path, in notebooks and in docstrings.
    assert (
        'href="../../api/demo/#toynn.demo.Doubler.apply"><code>toynn.Doubler.apply()</code>' in html
    )
    api = (project.site / "api" / "demo" / "index.html").read_text()
    assert 'href="#toynn.demo.Doubler.apply"' in api
    # Code cells are Material code blocks, with the library name linked too.
    assert ('<div class="language-python highlight" data-search-exclude><pre><span></span><code>'
            in html)  # out of the search index
    assert ('href="../../api/demo/#toynn.demo.double">toynn<span class="o">.</span>double'
            in html)  # plain names lose their span: it changes nothing on screen
    assert '<span class="n">' not in html and "jp-CodeMirrorEditor" not in html
    assert "<pre>42\n</pre>" in html
    # Math is typeset by the build (KaTeX), with its TeX kept in the MathML annotation.
    assert "draws <span class=\"katex\">" in html and "$y = 2x$" not in html
    assert '<annotation encoding="application/x-tex">y = 2x</annotation>' in html
    assert re.search(
        r"<details>\s*<summary>Answer</summary>\s*<p>It is <strong>twice</strong>", html
    )
    assert re.search(
        r"Outputs computed in [\d.]+ s with toynets 9.9.9 \(import toynn\) · cache key",
        html,  # torch not imported
    )


BROKEN = (
    TINY_TUTORIAL
    + """
    # %%
    def check(x):
        raise ValueError(f"planted failure {x}")

    check(7)
"""
)


def last_cell(source: str) -> tuple[int, int]:
    """Number and first line of the last cell of a percent-format source."""
    lines = dedent(source).splitlines()
    markers = [i + 1 for i, line in enumerate(lines) if line.startswith("# %%")]
    return len(markers), markers[-1]


def planted_copy(source: str) -> tuple[str, int, int]:
    """`source` with a raising cell after its first code cell; return it, cell and line."""
    lines = dedent(source).splitlines(keepends=True)
    markers = [i for i, line in enumerate(lines) if line.startswith("# %%")]
    first_code = next(i for i in markers if "[markdown]" not in lines[i])
    after = next((i for i in markers if i > first_code), len(lines))
    planted = ["# %%\n", "raise ValueError('planted failure 7')\n", "\n"]
    new = lines[:after] + planted + lines[after:]
    cell = sum(1 for i in markers if i < after) + 1
    return "".join(new), cell, after + 1


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["tiny"] + [Path(t).stem for t in TUTORIALS if (ROOT / "docs" / t).exists()]
)
def test_failing_cell_fails_the_build_naming_file_and_cell(make_project, name):
    real = ROOT / "docs" / "tutorials" / f"{name}.py"
    source = TINY_TUTORIAL if name == "tiny" else real.read_text()
    broken, cell, line = planted_copy(source)
    project = make_project({name: broken})
    done = project.build()
    assert done.returncode != 0
    where = f"docs/tutorials/{name}.py: cell {cell}, line {line}"
    assert f"{where} raised ValueError: planted failure 7" in done.stderr
    assert not (project.site / "tutorials" / name / "index.html").exists()


def with_claim(holds: str) -> str:
    """The tiny tutorial and a claims cell that checks `holds` (a Python expression)."""
    return TINY_TUTORIAL + f"""
    # %% tags=["claims"]
    from toynn.claims import check_claim

    loss = 0.03
    check_claim({holds}, f"width 2 should stall above loss 0.1, got {{loss}}")
"""


def project_with_claims(make_project, tutorials: dict[str, str]):
    """A throw-away project whose stand-in library has the real `toynn/claims.py`."""
    project = make_project(tutorials)
    shutil.copy(ROOT / "toynn" / "claims.py", project.root / "toynn" / "claims.py")
    return project


@pytest.mark.slow
def test_a_false_claim_fails_the_build_naming_page_and_claim(make_project):
    source = with_claim("loss > 0.1")
    done = project_with_claims(make_project, {"claimed": source}).build()
    assert done.returncode != 0
    where = "docs/tutorials/claimed.py: cell {}, line {}".format(*last_cell(source))
    message = "claim does not hold: width 2 should stall above loss 0.1, got 0.03"
    assert f"{where}: {message}" in done.stderr


@pytest.mark.slow
def test_claims_that_hold_are_folded_on_the_page_and_kept_in_the_notebook(make_project):
    project = project_with_claims(make_project, {"claimed": with_claim("loss < 0.1")})
    done = project.build()
    assert done.returncode == 0, done.stderr
    page = project.site / "tutorials" / "claimed" / "index.html"
    html = page.read_text()
    folded = re.search(
        r'<details class="success toynn-claims" data-search-exclude><summary>Checks of the '
        r"claims about this result</summary>(.*?)</details>", html, re.DOTALL)
    assert folded and "check_claim" in folded[1]
    assert folded[1].count("<div") == folded[1].count("</div>")  # the whole cell, no more
    assert "Answer" not in folded[1]
    assert '<span class="cell-tag">claims</span>' not in html
    notebook = nbformat.read(page.parent / "claimed.ipynb", as_version=4)
    checks = [cell for cell in notebook.cells if "claims" in cell.metadata.get("tags", [])]
    assert len(checks) == 1 and "check_claim(loss < 0.1" in checks[0].source


PLOTTED = TINY_TUTORIAL + """
    # %%
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=list(range({n})), y=list(range({n}))))
    fig.update_layout(height=333, meta={{"description": "A straight line of {n} points."}})
    fig
"""


def plotly_cell(*types: str) -> nbformat.NotebookNode:
    figure = {"data": [{"type": kind, "x": [0, 1]} for kind in types], "layout": {}}
    return nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data={interactive.MIME: figure})])


def test_a_page_loads_the_2d_plotly_bundle_unless_one_of_its_figures_is_3d():
    flat = nbformat.v4.new_notebook(cells=[plotly_cell("scatter"), plotly_cell("scatter")])
    assert [f.bundle for f in interactive.extract(flat, "flat")] == ["basic", "basic"]
    assert 'data-bundle="basic"' in flat.cells[0].outputs[0].data["text/html"]
    mixed = nbformat.v4.new_notebook(cells=[plotly_cell("scatter"),
                                            plotly_cell("scatter3d", "mesh3d")])
    assert [f.bundle for f in interactive.extract(mixed, "mixed")] == ["gl3d", "gl3d"]
    assert 'data-bundle="gl3d"' in mixed.cells[0].outputs[0].data["text/html"]


@pytest.mark.slow
def test_interactive_figures_become_data_files_beside_the_page(make_project):
    project = make_project({"plotted": PLOTTED.format(n=5)})
    done = project.build()
    assert done.returncode == 0, done.stderr
    page = project.site / "tutorials" / "plotted"
    html = (page / "index.html").read_text()
    holder = re.search(r'<div class="toynn-plotly"([^>]*)>', html)
    assert holder, "no placeholder for the figure"
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', holder[1]))
    assert re.fullmatch(r"plot-[0-9a-f]{16}\.json", attributes["data-src"])
    assert attributes["data-description"] == "A straight line of 5 points."
    assert attributes["role"] == "figure" and attributes["style"] == "min-height: 333px"
    figure = json.loads((page / attributes["data-src"]).read_bytes())
    assert figure["data"][0]["type"] == "scatter" and figure["layout"]["height"] == 333
    assert "A straight line of 5 points. (Interactive: it needs JavaScript.)" in html
    assert "require.js" not in html and "vnd.plotly" not in html
    assert attributes["data-bundle"] == "basic"  # 2-D only: the smaller plotly.js
    for script in ("plotly-gl3d.min.js", "plotly-basic.min.js"):
        assert (project.site / "assets" / "plotly" / script).stat().st_size > 10**6
    rebuilt = project.build(TOYNN_DOCS_CLEAN="1")  # executed afresh: the same bytes
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert [p.name for p in page.glob("plot-*.json")] == [attributes["data-src"]]


@pytest.mark.slow
def test_an_interactive_figure_over_the_limit_fails_the_build(make_project):
    source = PLOTTED.format(n=40_000)
    done = make_project({"heavy": source}).build()
    assert done.returncode != 0
    where = f"docs/tutorials/heavy.py: cell {last_cell(source)[0]}"
    assert f"{where}: the interactive figure takes" in done.stderr
    assert "over the 400 KB a page may load per figure" in done.stderr


@pytest.mark.slow
def test_error_inside_a_function_reports_the_traceback(make_project):
    done = make_project({"broken": BROKEN}).build()
    assert done.returncode != 0
    where = "docs/tutorials/broken.py: cell {}, line {}".format(*last_cell(BROKEN))
    assert f"{where} raised ValueError: planted failure 7" in done.stderr
    assert 'raise ValueError(f"planted failure {x}")' in done.stderr


@pytest.mark.slow
def test_hung_cell_fails_the_build(make_project):
    hung = dedent(TINY_TUTORIAL) + "\n# %%\nimport time\ntime.sleep(60)\n"
    done = make_project({"hung": hung}).build(TOYNN_DOCS_TIMEOUT="3")
    assert done.returncode != 0
    where = "docs/tutorials/hung.py: cell {}, line {}".format(*last_cell(hung))
    assert f"{where}: still running after the per-cell timeout of 3 s" in done.stderr


@pytest.mark.slow
def test_unknown_library_name_in_prose_fails_the_build(make_project):
    typo = TINY_TUTORIAL.replace("Uses `toynn.double`", "Uses `toynn.nonexistent`")
    done = make_project({"typo": typo}).build()
    assert done.returncode != 0
    assert "tutorials/typo.py: code span `toynn.nonexistent` names nothing" in done.stderr


PLACEHOLDERS = TINY_TUTORIAL + """
    # %%
    share = 0.123456
    words = ["a", "<b>"]

    # %% [markdown]
    # It kept {{ share:.1% }} of {{ words[-1] }}; as a number, {{ share:.2f }}.
"""


@pytest.mark.slow
def test_placeholders_show_the_run_on_the_page_and_in_the_notebook(make_project):
    project = make_project({"filled": PLACEHOLDERS})
    done = project.build()
    assert done.returncode == 0, done.stderr
    folder = project.site / "tutorials" / "filled"
    html = (folder / "index.html").read_text()
    assert "It kept 12.3% of &lt;b&gt;; as a number, 0.12." in html
    assert "{{" not in html
    notebook = nbformat.read(folder / "filled.ipynb", as_version=4)
    assert notebook.cells[-1].source == "It kept 12.3% of &lt;b&gt;; as a number, 0.12."
    # The script is the source a reader edits and runs: it keeps the placeholders.
    assert "{{ share:.1% }}" in (folder / "filled.py").read_text()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("placeholder", "error"),
    [
        ("{{ shares:.2f }}", "NameError: name 'shares' is not defined"),
        ("{{ words[5] }}", "IndexError: list index out of range"),
        ("{{ words:.2f }}", "TypeError: unsupported format string passed to list.__format__"),
    ],
)
def test_a_placeholder_without_a_value_fails_the_build_naming_page_cell_and_it(
        make_project, placeholder, error):
    source = PLACEHOLDERS.replace("{{ share:.2f }}", placeholder)
    done = make_project({"unfilled": source}).build()
    assert done.returncode != 0
    where = "docs/tutorials/unfilled.py: cell {}, line {}".format(*last_cell(source))
    assert f"{where}: placeholder {placeholder}: {error}" in done.stderr


@pytest.mark.slow
def test_a_placeholder_that_computes_fails_the_build_before_running(make_project):
    source = PLACEHOLDERS.replace("{{ share:.2f }}", "{{ share * 100:.0f }}")
    done = make_project({"computing": source}).build()
    assert done.returncode != 0
    cell, _ = last_cell(source)
    assert (f"docs/tutorials/computing.py: cell {cell}: {{{{ share * 100:.0f }}}}: a "
            "placeholder names a value the code computed") in done.stderr


def test_browser_tests_fail_without_chromium_instead_of_skipping(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_browser.py", "-k", "test_page_loads_cleanly and home"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "TOYNN_CHROMIUM": str(tmp_path / "no-chromium")},
    )
    assert done.returncode == 1, done.stdout
    assert "skipped" not in done.stdout.splitlines()[-1]
    assert "the browser tests need Debian's chromium (apt-get install chromium" in done.stdout


def tutorial(label: str, seconds: float, *, executed: bool) -> Tutorial:
    return Tutorial(Path(label), label, "", nbformat.v4.new_notebook(), "k" * 64, None,
                    executed=executed, seconds=seconds)


def test_report_lines_and_reading_them_back():
    runs = [tutorial("docs/tutorials/a.py", 12.5, executed=True),
            tutorial("docs/tutorials/bb.py", 3.0, executed=False)]
    lines = report_lines(runs, wall_seconds=12.75, jobs=2)
    assert lines[1].split() == ["docs/tutorials/a.py", "12.50", "executed"]
    assert lines[2].split() == ["docs/tutorials/bb.py", "3.00", "cached"]
    assert "1 executed, 1 cached: 12.50 s of execution in 12.75 s wall" in lines[3]
    log = "".join(f"INFO    -  {line}\n" for line in lines)  # as MkDocs logs them
    assert read_statuses(log) == {"docs/tutorials/a.py": "executed",
                                  "docs/tutorials/bb.py": "cached"}


def test_provenance_names_distribution_version_and_import_name():
    versions = {"toynn": "0.2.0", "torch": "2.13.0+cpu"}
    assert pages.versions_used(versions) == "toynets 0.2.0 (import toynn), torch 2.13.0+cpu"
    assert pages.versions_used({"toynn": None, "torch": "2.13.0"}) == "torch 2.13.0"
    assert pages.versions_used({}) == ""
    header = pages.header(replace(tutorial("t.py", 1.5, executed=True), versions=versions),
                          "t.ipynb", "t.py")
    assert "Outputs computed in 1.5 s with toynets 0.2.0 (import toynn), torch" in header


def test_the_distribution_named_is_the_one_pyproject_builds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert settings.DISTRIBUTION == project["name"]


# --- KaTeX, vendored from npm ------------------------------------------------------------

MANIFEST = json.loads(formulas.MANIFEST.read_text())


def test_the_site_loads_no_math_script_and_katex_css_from_the_manifest():
    config = load_config()
    assert not any("//" in script for script in config["extra_javascript"])
    assert not any(re.search("mathjax|katex", script) for script in config["extra_javascript"])
    css = [sheet for sheet in config["extra_css"] if sheet.startswith(formulas.KATEX_DIR)]
    assert css == [f"{formulas.KATEX_DIR}/katex.min.css"]
    assert "dist/katex.min.css" in MANIFEST["files"]


def test_vendored_katex_has_what_the_build_and_the_site_need(vendored):
    files = npm.vendored_files(formulas.MANIFEST, vendored)
    assert {"LICENSE", "katex.js", "katex.min.css", "fonts/KaTeX_Main-Regular.woff2"} <= set(files)
    # Every font the stylesheet asks for first (woff2) is there.
    css = files["katex.min.css"].read_text()
    assert set(re.findall(r"url\((fonts/[\w-]+\.woff2)\)", css)) <= set(files)


def test_katex_tarball_must_match_the_recorded_hash(tmp_path):
    tampered = tmp_path / f"katex-{MANIFEST['version']}.tgz"
    tampered.write_bytes(b"not the real tarball")
    with pytest.raises(npm.VendorError, match="integrity hash"):
        npm.vendored_files(formulas.MANIFEST, tmp_path)
    assert not tampered.exists()  # the next build fetches it again


def fake_npm(folder: Path, script: str) -> Path:
    """A folder holding only an `npm` that runs `script` (sh), for PATH."""
    folder.mkdir()
    program = folder / "npm"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    return folder


def test_without_npm_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(npm.VendorError, match="npm is not installed: install Node.js"):
        npm.vendored_files(formulas.MANIFEST, tmp_path / "vendor")


def test_a_failing_npm_pack_is_reported(tmp_path, monkeypatch):
    bin_dir = fake_npm(tmp_path / "bin", 'echo "npm error 404 Not Found" >&2; exit 1')
    monkeypatch.setenv("PATH", str(bin_dir))
    pack = re.escape(f"`npm pack katex@{MANIFEST['version']}` failed:")
    with pytest.raises(npm.VendorError, match=pack + r"\nnpm error 404 Not Found"):
        npm.vendored_files(formulas.MANIFEST, tmp_path / "vendor")


def test_what_npm_fetches_must_match_the_recorded_hash(tmp_path, monkeypatch):
    # An npm that packs something else (another registry's katex, say) into the folder.
    bin_dir = fake_npm(tmp_path / "bin", f'echo other > "$4/katex-{MANIFEST["version"]}.tgz"')
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(npm.VendorError, match="integrity hash"):
        npm.vendored_files(formulas.MANIFEST, tmp_path / "vendor")


def test_publishing_workflow_runs_the_clean_build():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "docs.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    assert [step.get("run") for step in steps if "run" in step] == ["scripts/docs build --clean"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"


def test_vendored_plotly_js_is_the_version_the_python_package_writes_for():
    from plotly.offline import get_plotlyjs_version

    manifest = npm.read_manifest(interactive.MANIFEST)
    assert manifest["version"] == get_plotlyjs_version()
    assert manifest["files"] == ["LICENSE", interactive.SCRIPT]
    script = (ROOT / "docs" / "assets" / "javascripts" / "interactive.js").read_text()
    basic = npm.read_manifest(interactive.BASIC_MANIFEST)
    assert basic["version"] == manifest["version"]
    assert basic["files"] == ["LICENSE", interactive.BASIC_SCRIPT]
    for name in (interactive.SCRIPT, interactive.BASIC_SCRIPT):
        assert f'"../plotly/{name}"' in script  # where the script looks for it
    assert interactive.PLOTLY_DIR == "assets/plotly"


@pytest.mark.slow
@pytest.mark.parametrize("source", TUTORIALS)
def test_no_warning_is_printed_under_a_figure(site_dir, source):
    """The kernel's own work (drawing figures for each screen) prints nothing the reader
    sees; a tutorial's code that warns fails here too."""
    html = built_page(site_dir, source).read_text()
    assert re.findall(r"\w+Warning: [^<]{0,80}", html) == []


def test_an_answer_cell_moves_into_the_answer_before_it():
    question = ('<div class="jp-Cell jp-MarkdownCell"><p>1. Guess.</p><details><summary>'
                "Answer</summary><p>Yes.</p></details></div>")
    answer = '<div class="jp-Cell jp-CodeCell celltag_answer"><pre>42</pre></div>'
    after = '<div class="jp-Cell jp-CodeCell"><pre>next</pre></div>'
    moved = pages._answers_into_details(question + answer + after)
    assert moved == question.replace("</details>", answer + "</details>") + after
    with pytest.raises(pages.NotebookMarkupError, match="must follow a Markdown cell"):
        pages._answers_into_details(after + answer)  # no answer to move it into
