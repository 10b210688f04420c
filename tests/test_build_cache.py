"""The tutorial execution cache: what invalidates an entry, and that builds honour it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
import torch
from conftest import TINY_TUTORIAL, dedent
from docsbuild import cache, execute
from docsbuild.report import read_statuses
from docsbuild.settings import Settings
from docsbuild.tutorial import plan, read_tutorial


@pytest.fixture
def tree(tmp_path: Path) -> Settings:
    """A project tree with a two-file library, a lock file and two tutorials."""
    (tmp_path / "toynn" / "sub").mkdir(parents=True)
    (tmp_path / "toynn" / "__init__.py").write_text("from .core import f\n")
    (tmp_path / "toynn" / "core.py").write_text("def f():\n    return 1\n")
    (tmp_path / "toynn" / "sub" / "deep.py").write_text("X = 1\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "constraints.txt").write_text("torch==2.13.0\n")
    tutorials = tmp_path / "docs" / "tutorials"
    tutorials.mkdir(parents=True)
    for name in ("alpha", "beta"):
        (tutorials / f"{name}.py").write_text(f"# %%\nprint({name!r})\n")
    return Settings.for_project(tmp_path, tmp_path / "docs")


def tutorials(settings: Settings) -> list[Path]:
    return sorted((settings.docs_dir / "tutorials").glob("*.py"))


def misses(settings: Settings, store: cache.NotebookCache) -> list[str]:
    planned = plan(tutorials(settings), settings, store)
    return [tutorial.stem for tutorial in planned if tutorial.entry is None]


def entry_for(source: str, key: str) -> nbformat.NotebookNode:
    """A stand-in for an executed notebook of `source`: each code cell prints its number."""
    nb = read_tutorial(source)
    for number, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{number}\n")]
    nb.metadata[cache.METADATA] = {"source": "test", "cache_key": key, "seconds": 1.0,
                                   "versions": {}, "values": {}}
    return nb


def fill(settings: Settings, store: cache.NotebookCache) -> None:
    """Store an entry for every tutorial under its current key."""
    environment = cache.environment_digest(settings)
    for path in tutorials(settings):
        source = path.read_text()
        key = cache.cache_key(read_tutorial(source), environment)
        store.store(path.stem, key, entry_for(source, key))


def test_everything_misses_on_an_empty_cache(tree):
    assert misses(tree, cache.NotebookCache(tree.cache_dir / "executed")) == ["alpha", "beta"]


def test_unchanged_tree_hits(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    assert misses(tree, store) == []


def test_editing_code_misses_only_that_tutorial(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    beta = tree.docs_dir / "tutorials" / "beta.py"
    beta.write_text(beta.read_text().replace("print('beta')", "print('beta!')"))
    assert misses(tree, store) == ["beta"]


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text + "# %% [markdown]\n# More prose.\n",
        lambda text: "# %% [markdown]\n# A title\n\n" + text,
        lambda text: text.replace("# %%\n", '# %% tags=["headline"]\n'),  # page-only tag
        lambda text: text + "\n\n",  # cell boundaries, blank lines
    ],
)
def test_prose_and_page_only_edits_hit(tree, edit):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    beta = tree.docs_dir / "tutorials" / "beta.py"
    beta.write_text(edit(beta.read_text()))
    assert misses(tree, store) == []


@pytest.mark.parametrize("tag", sorted(cache.EXECUTION_TAGS))
def test_tags_that_change_execution_miss(tree, tag):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    beta = tree.docs_dir / "tutorials" / "beta.py"
    beta.write_text(beta.read_text().replace("# %%\n", f'# %% tags=["{tag}"]\n'))
    assert misses(tree, store) == ["beta"]


def test_the_page_shows_new_prose_with_the_cached_outputs(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    beta = tree.docs_dir / "tutorials" / "beta.py"
    beta.write_text("# %% [markdown]\n# New words.\n\n" + beta.read_text())
    (tutorial,) = [t for t in plan(tutorials(tree), tree, store) if t.stem == "beta"]
    tutorial.render(tree.cache_dir / "rendered")
    page = nbformat.read(tutorial.notebook, as_version=4)
    assert [cell.cell_type for cell in page.cells] == ["markdown", "code"]
    assert page.cells[0].source == "New words."
    assert page.cells[1].outputs[0]["text"] == "0\n"  # the cached output
    assert page.metadata[cache.METADATA]["cache_key"] == tutorial.key


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text + "# %% [markdown]\n# It printed {{ n }}.\n",  # a new placeholder
        lambda text: "# %% [markdown]\n# It printed {{ n }}.\n\n" + text,  # evaluated earlier
    ],
)
def test_a_new_or_moved_placeholder_misses(tree, edit):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    beta = tree.docs_dir / "tutorials" / "beta.py"
    beta.write_text(beta.read_text() + "# %% [markdown]\n# It printed {{ n }} and {{ m:.1f }}.\n")
    fill(tree, store)
    beta.write_text(edit(beta.read_text()))
    assert misses(tree, store) == ["beta"]


def test_prose_around_a_placeholder_hits_and_is_filled_from_the_run(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    beta = tree.docs_dir / "tutorials" / "beta.py"
    beta.write_text(beta.read_text() + "# %% [markdown]\n# It printed {{ n:.1f }}.\n")
    (tutorial,) = [t for t in plan(tutorials(tree), tree, store) if t.stem == "beta"]
    entry = entry_for(tutorial.text, tutorial.key)
    entry.metadata[cache.METADATA]["values"] = {"1|n:.1f": "2.5"}
    store.store("beta", tutorial.key, entry)
    beta.write_text(beta.read_text().replace("It printed", "Beta printed"))
    (tutorial,) = [t for t in plan(tutorials(tree), tree, store) if t.stem == "beta"]
    assert tutorial.entry is not None
    tutorial.render(tree.cache_dir / "rendered")
    page = nbformat.read(tutorial.notebook, as_version=4)
    assert page.cells[-1].source == "Beta printed 2.5."
    assert tutorial.download.cells[-1].source == "Beta printed 2.5."
    assert not tutorial.download.cells[0].get("outputs")


def stored_entry(settings: Settings, stem: str) -> Path:
    (path,) = (settings.cache_dir / "executed").glob(f"{stem}-*.ipynb")
    return path


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda path: path.write_bytes(path.read_bytes()[:100]), "unreadable (NotJSONError"),
        (lambda path: path.write_text(""), "unreadable"),
        (lambda path: path.write_text('{"cells": 3}'), "unreadable"),
        (lambda path: path.write_bytes(b"\xff\xfe garbage"), "unreadable"),
        (lambda path: path.write_text(
            path.read_text().replace('"cache_key": "', '"cache_key": "0')),
         "written under another cache key"),
        (lambda path: path.write_text(path.read_text().replace("print('beta')", "other()")),
         "its code cells are not the tutorial's"),
    ],
)
def test_a_bad_entry_is_a_miss_said_in_the_log(tree, damage, reason, caplog):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    entry = stored_entry(tree, "beta")
    damage(entry)
    with caplog.at_level("INFO", logger="mkdocs.hooks.docsbuild"):
        assert misses(tree, store) == ["beta"]
    (line,) = [r.getMessage() for r in caplog.records if "cache entry" in r.getMessage()]
    assert f"Ignoring the cache entry {entry}: {reason}" in line
    assert line.endswith("executing beta again")
    assert not entry.exists()  # deleted: the next build does not read it again


def test_a_half_written_entry_is_never_read_and_is_cleaned_up(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    store.folder.mkdir(parents=True)
    environment = cache.environment_digest(tree)
    source = (tree.docs_dir / "tutorials" / "beta.py").read_text()
    key = cache.cache_key(read_tutorial(source), environment)
    # what a build killed inside `store` leaves: a temporary file, never renamed
    leftover = store.folder / f".beta-{key[:8]}.tmp"
    leftover.write_text(nbformat.writes(entry_for(source, key))[:50])
    assert misses(tree, store) == ["alpha", "beta"]
    store.store("beta", key, entry_for(source, key))
    assert not leftover.exists()


@pytest.mark.parametrize("library_file", ["core.py", "sub/deep.py", "new.py"])
def test_any_library_file_edit_misses_everything(tree, library_file):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    path = tree.library / library_file
    path.write_text((path.read_text() if path.exists() else "") + "# edited\n")
    assert misses(tree, store) == ["alpha", "beta"]


def test_non_python_library_files_and_bytecode_do_not_count(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    (tree.library / "notes.txt").write_text("not code\n")
    (tree.library / "__pycache__").mkdir()
    (tree.library / "__pycache__" / "stale.py").write_text("x = 1\n")
    assert misses(tree, store) == []


def test_lock_file_edit_misses_everything(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    tree.lock.write_text("torch==2.14.0\n")
    assert misses(tree, store) == ["alpha", "beta"]


@pytest.mark.parametrize("change", [{"timeout": 5}, {"threads": 2}])
def test_output_settings_are_part_of_the_key(tree, change):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    assert misses(replace(tree, **change), store) == ["alpha", "beta"]


@pytest.mark.parametrize("change", [{"jobs": 1}, {"clean": True}])
def test_scheduling_settings_are_not(tree, change):
    assert cache.environment_digest(replace(tree, **change)) == cache.environment_digest(tree)


def test_clean_ignores_the_cache(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    assert misses(replace(tree, clean=True), store) == ["alpha", "beta"]


def test_store_keeps_one_entry_per_tutorial(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    nb = nbformat.v4.new_notebook()
    store.store("alpha", "a" * 64, nb)
    store.store("alpha-extra", "c" * 64, nb)
    newest = store.store("alpha", "b" * 64, nb)
    assert sorted(p.name for p in store.folder.glob("*.ipynb")) == sorted(
        [newest.name, f"alpha-extra-{'c' * 64}.ipynb"]
    )
    assert not store.path("alpha", "a" * 64).exists()
    assert newest == store.path("alpha", "b" * 64)


def test_last_seconds_estimates_from_any_entry(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    assert store.last_seconds("alpha") == 0.0
    nb = nbformat.v4.new_notebook()
    nb.metadata["toynn_docs"] = {"seconds": 12.5}
    store.store("alpha", "a" * 64, nb)
    assert store.last_seconds("alpha") == 12.5
    assert store.last_seconds("beta") == 0.0


def test_settings_read_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TOYNN_DOCS_TIMEOUT", "7")
    monkeypatch.setenv("TOYNN_DOCS_JOBS", "1")
    monkeypatch.setenv("TOYNN_DOCS_CLEAN", "1")
    settings = Settings.for_project(tmp_path, tmp_path / "docs")
    assert (settings.timeout, settings.jobs, settings.threads, settings.clean) == (7, 1, 1, True)
    monkeypatch.setenv("TOYNN_DOCS_JOBS", "0")
    with pytest.raises(ValueError, match="TOYNN_DOCS_JOBS"):
        Settings.for_project(tmp_path, tmp_path / "docs")


def test_a_plan_records_what_it_found(tree):
    store = cache.NotebookCache(tree.cache_dir / "executed")
    fill(tree, store)
    alpha, beta = plan(tutorials(tree), tree, store)
    assert (alpha.label, alpha.stem, alpha.text) == ("docs/tutorials/alpha.py", "alpha",
                                                     "# %%\nprint('alpha')\n")
    assert alpha.entry.metadata[cache.METADATA]["cache_key"] == alpha.key
    assert alpha.key != beta.key and not alpha.executed and alpha.notebook is None


# --- End to end: real builds of a throw-away project ------------------------------------


def statuses(build_output: str) -> dict[str, str]:
    return {Path(label).stem: status for label, status in read_statuses(build_output).items()}


@pytest.mark.slow
def test_builds_reuse_and_invalidate_the_cache(make_project):
    project = make_project({"alpha": TINY_TUTORIAL, "beta": TINY_TUTORIAL})
    page = project.site / "tutorials" / "alpha" / "index.html"

    first = project.build()
    assert first.returncode == 0, first.stderr
    assert statuses(first.stderr) == {"alpha": "executed", "beta": "executed"}
    assert "<pre>42\n</pre>" in page.read_text()

    again = project.build()
    assert statuses(again.stderr) == {"alpha": "cached", "beta": "cached"}

    # a truncated entry (an interrupted copy, a full disk) is a miss, not a crash
    (entry,) = (project.root / ".cache" / "docs" / "executed").glob("alpha-*.ipynb")
    entry.write_bytes(entry.read_bytes()[:200])
    healed = project.build()
    assert healed.returncode == 0, healed.stderr
    assert statuses(healed.stderr) == {"alpha": "executed", "beta": "cached"}
    assert f"Ignoring the cache entry {entry}: unreadable" in healed.stderr

    alpha = project.tutorial("alpha")
    alpha.write_text(alpha.read_text().replace("# # Tiny tutorial", "# # Tiny tutorial, edited"))
    prose = project.build()
    assert statuses(prose.stderr) == {"alpha": "cached", "beta": "cached"}
    assert "Tiny tutorial, edited" in page.read_text() and "<pre>42\n</pre>" in page.read_text()

    alpha.write_text(alpha.read_text().replace("print(toynn.double(21))",
                                               "print(toynn.double(20))"))
    code = project.build()
    assert statuses(code.stderr) == {"alpha": "executed", "beta": "cached"}
    assert "<pre>40\n</pre>" in page.read_text()

    library = project.root / "toynn" / "demo.py"
    library.write_text(library.read_text().replace("return 2 * x", "return 3 * x"))
    lib = project.build()
    assert statuses(lib.stderr) == {"alpha": "executed", "beta": "executed"}
    assert "<pre>60\n</pre>" in page.read_text()  # no stale output

    clean = project.build(TOYNN_DOCS_CLEAN="1")
    assert statuses(clean.stderr) == {"alpha": "executed", "beta": "executed"}


@pytest.mark.slow
def test_a_dirty_build_renders_again_only_the_pages_an_edit_changed(make_project):
    """What `scripts/docs serve` does on each save (`mkdocs serve --dirty`)."""
    project = make_project({"alpha": TINY_TUTORIAL, "beta": TINY_TUTORIAL})
    pages = {name: project.site / path / "index.html" for name, path in
             [("alpha", "tutorials/alpha"), ("beta", "tutorials/beta"), ("api", "api/demo"),
              ("home", "")]}

    def rendered() -> dict[str, int]:
        return {name: page.stat().st_mtime_ns for name, page in pages.items()}

    first = project.build("--dirty")
    assert first.returncode == 0, first.stderr
    assert "'dirty' build" not in first.stderr  # this one renders the edited pages exactly
    # mkdocs-jupyter keeps each page's HTML, in a folder named by the lock file
    [html] = (project.root / ".cache" / "docs" / "html").iterdir()
    assert len(list(html.glob("*.json"))) == 2
    before = rendered()
    link = re.compile(r'<a class="autorefs[^>]*>')
    before_links = link.findall(pages["alpha"].read_text())
    assert any("toynn.demo.double" in tag and "title=" in tag for tag in before_links)

    alpha = project.tutorial("alpha")
    alpha.write_text(alpha.read_text().replace("print(toynn.double(21))",
                                               "print(toynn.double(20))"))
    code = project.build("--dirty")
    assert code.returncode == 0, code.stderr
    assert statuses(code.stderr) == {"alpha": "executed", "beta": "cached"}
    after = rendered()
    assert "<pre>40\n</pre>" in pages["alpha"].read_text()
    assert after["alpha"] > before["alpha"]
    assert after["beta"] == before["beta"]  # an unchanged tutorial is left as it was
    assert after["api"] == before["api"]  # so is the API reference, the library unchanged
    assert after["home"] > before["home"]  # it shows the tutorials' reading times
    # its API links resolve to the anchors of the API page rendered before, titles included
    linked = pages["alpha"].read_text()
    assert 'href="../../api/demo/#toynn.demo.double"' in linked
    assert link.findall(linked) == before_links

    library = project.root / "toynn" / "demo.py"
    library.write_text(library.read_text().replace("return 2 * x", "return 3 * x"))
    lib = project.build("--dirty")
    assert lib.returncode == 0, lib.stderr
    assert rendered()["api"] > after["api"] and rendered()["beta"] > after["beta"]
    after = rendered()

    config = project.root / "mkdocs.yml"  # what frames every page: all rendered again
    config.write_text(config.read_text().replace("site_name: ", "site_name: New "))
    framed = project.build("--dirty")
    assert framed.returncode == 0, framed.stderr
    assert rendered()["beta"] > after["beta"]
    assert "New " in pages["beta"].read_text()


SLEEPY = """
    # %% [markdown]
    # # Sleepy

    # %%
    import os
    import time

    time.sleep(float(os.environ.get("SLEEPY_SECONDS", "0")))
    print("awake")
"""


@pytest.mark.slow
def test_a_build_killed_while_executing_leaves_nothing_a_later_build_trusts(make_project):
    project = make_project({"sleepy": SLEEPY})
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SLEEPY_SECONDS": "120"}
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project.root, env=environ,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    kernel_log = project.root / ".cache" / "docs" / "work" / "sleepy.kernel.log"
    deadline = time.monotonic() + 120
    while not kernel_log.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # the kernel is in the sleeping cell
    os.killpg(build.pid, signal.SIGKILL)  # the build and its kernel, as a power cut would
    build.wait()
    executed = project.root / ".cache" / "docs" / "executed"
    assert kernel_log.exists() and not list(executed.glob("sleepy-*"))

    again = project.build()  # same code, no sleep: executes, and succeeds
    assert again.returncode == 0, again.stderr
    assert statuses(again.stderr) == {"sleepy": "executed"}
    assert "awake" in (project.site / "tutorials" / "sleepy" / "index.html").read_text()


# --- Repeatability ----------------------------------------------------------------------

REPEATABLE = """
    # %% [markdown]
    # # Repeatable

    # %%
    import os
    import matplotlib.pyplot as plt
    import numpy as np
    import torch

    rng = np.random.default_rng(3)
    print(torch.get_num_threads(), os.path.basename(os.getcwd()), {"b", "a", "c"})
    print(torch.randn(3, generator=torch.Generator().manual_seed(0)))

    # %%
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.scatter(*rng.normal(size=(2, 50)), c=rng.uniform(size=50))
    ax.set_title("scatter $x^2$")
    ax.plot([0, 1], [1, 0])

    # %%
    print(ax.get_title())
    ax.set_title("done")

    # %%
    len(ax.lines) + 40
"""


def outputs(nb: nbformat.NotebookNode) -> list[list[dict]]:
    return [cell.outputs for cell in nb.cells if cell.cell_type == "code"]


@pytest.mark.slow
def test_two_executions_give_identical_outputs(make_project):
    project = make_project({"repeatable": REPEATABLE})
    settings = replace(Settings.for_project(project.root, project.root / "docs"), jobs=1)
    store = cache.NotebookCache(settings.cache_dir / "executed")
    path = project.tutorial("repeatable")
    first, second = execute.execute_many(plan([path, path], settings, store), settings)

    text = first.cells[1].outputs[0]["text"]
    assert text.startswith("1 repeatable ")  # one torch thread, scratch working directory
    pngs = [out["data"]["image/png"] for out in first.cells[2].outputs if "data" in out]
    assert len(pngs) == 1
    # The cell's value, [<matplotlib.lines.Line2D at 0x...>], differs per run: dropped.
    assert [out["output_type"] for out in first.cells[2].outputs] == ["display_data"]
    # So is Text(0.5, 1.0, 'done'), the value of ax.set_title; other values are kept.
    assert [out["output_type"] for out in first.cells[3].outputs] == ["stream"]
    assert first.cells[4].outputs[0]["data"]["text/plain"] == "41"
    assert outputs(first) == outputs(second)  # text and PNG bytes
    assert [cell.id for cell in first.cells] == [f"cell-{i}" for i in range(1, 6)]
    # The run is recorded for the cache entry: what the report and provenance line show.
    run = first.metadata[cache.METADATA]
    assert run["source"] == "docs/tutorials/repeatable.py" and run["seconds"] > 0
    assert run["versions"]["torch"] == torch.__version__


def test_cell_start_lines():
    source = dedent(REPEATABLE)
    assert execute.cell_start_lines(source, 5) == [1, 4, 14, 20, 24]
    assert execute.cell_start_lines("x = 1\n# %%\ny = 2\n", 2) == [1, 2]
    assert execute.cell_start_lines("x = 1\n", 3) == [None, None, None]
