"""`pip install toynets`, as README.md and the site say, gives a reader a working toynn.

These tests use the steps of scripts/release-check (the release workflow runs it too): build
the sdist and the wheel, install the wheel by its advertised name into a fresh venv outside
the repository (our dist/ offered as `--find-links`, torch and the rest from the lock), and
run there what a reader runs: the README quick start, and a downloaded tutorial notebook in
their own Jupyter.
"""

from __future__ import annotations

import re
import runpy
import subprocess

import pytest
import yaml
from conftest import ROOT

import toynn

release = runpy.run_path(str(ROOT / "scripts" / "release-check"), run_name="release_check")
ReleaseError = release["ReleaseError"]

# `pip install toynn` installs an unrelated package with the same import name.
FOREIGN_INSTALL = re.compile(r"pip install toynn(?![\w-])")


@pytest.fixture(scope="session")
def dists(tmp_path_factory):
    return release["build"](tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def installed(tmp_path_factory, dists):
    """A fresh venv where the README's install line ran, and the toynn version it imports.

    `install` checks that the venv imports toynn from its own site-packages, owned by the
    toynets distribution, not from this checkout.
    """
    venv = release["fresh_venv"](tmp_path_factory.mktemp("reader") / "venv")
    return venv, release["install"](venv, dists[1].parent)


@pytest.fixture(scope="session")
def reader_venv(installed):
    return installed[0]


def test_one_version_everywhere(dists):
    project = (ROOT / "pyproject.toml").read_text().split("\n[project]\n")[1].split("\n[")[0]
    assert re.search(r'^name = "toynets"', project, flags=re.M)
    assert re.search(r'^dynamic = \["version"\]', project, flags=re.M)
    assert not re.search(r"^version =", project, flags=re.M)  # the version lives in toynn/
    metadata = release["check_metadata"](dists[1])
    assert metadata["Version"] == [toynn.__version__] == [release["version"]()]
    assert toynn.__version__ != "0.1.0"  # the foreign package's version


def test_the_wheel_asks_for_dependency_ranges(dists):
    requires = release["check_metadata"](dists[1])["Requires-Dist"]
    torch = [r for r in requires if re.match(r"torch\b", r)]
    assert torch and ">=" in torch[0] and "==" not in torch[0]


def test_advertised_line_installs_this_toynn(installed):
    assert installed[1] == toynn.__version__


def test_readme_quickstart_runs_in_the_fresh_venv(reader_venv, tmp_path):
    out = release["run_quickstart"](reader_venv, tmp_path)
    losses = {int(w): float(v) for w, v in re.findall(r"width (\d): final loss ([\d.]+)", out)}
    assert losses[2] > 0.15 > 0.05 > losses[3]


def test_a_downloaded_notebook_runs_in_a_readers_jupyter(reader_venv, site_dir, tmp_path):
    # What a reader adds for Jupyter: a kernel and a way to run notebooks.
    subprocess.run([str(reader_venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "ipykernel", "nbclient"], env=release["reader_env"](reader_venv),
                   check=True, capture_output=True)
    notebook = site_dir / "tutorials" / "regression" / "regression.ipynb"  # the page's download
    runner = tmp_path / "run_notebook.py"
    runner.write_text(
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "NotebookClient(nb, timeout=600, kernel_name='python3').execute()\n"
        "print(sum('image/png' in out.get('data', {}) for cell in nb.cells\n"
        "          if cell.cell_type == 'code' for out in cell.outputs))\n"
    )
    env = release["reader_env"](reader_venv)
    del env["MPLBACKEND"]  # Jupyter's own inline figures, as a reader gets them
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "jupyter")  # no kernels of this machine's user
    done = subprocess.run([str(reader_venv / "bin" / "python"), str(runner), str(notebook)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[-1]) >= 4  # the page's figures, drawn in the reader's kernel


def test_every_install_line_names_toynets(site_dir):
    line = release["install_line"]()
    assert line == "pip install toynets"
    for page in ["README.md", "docs/index.md", "docs/run-it-yourself.md"]:
        assert release["install_lines"]((ROOT / page).read_text()) == [line], page
    sources = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "docs").rglob("*.py")]
    built = list(site_dir.rglob("*.html"))
    for path in sources + built:
        assert not FOREIGN_INSTALL.search(path.read_text(encoding="utf-8")), path


def test_release_tag_must_name_the_version():
    release["check_tag"](f"v{toynn.__version__}")
    release["check_tag"](f"refs/tags/v{toynn.__version__}")
    with pytest.raises(ReleaseError, match="does not match"):
        release["check_tag"]("v0.1.0")


def test_release_workflow_publishes_what_the_check_built_without_a_token():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML reads the key `on` as True
    check, publish = workflow["jobs"]["check"], workflow["jobs"]["publish"]
    runs = [step.get("run", "") for step in check["steps"]]
    assert any(run.startswith("scripts/release-check --tag") for run in runs)
    assert publish["needs"] == "check" and publish["permissions"] == {"id-token": "write"}
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    assert "secrets." not in text and "password" not in text
