"""Where the docs build finds things, and the knobs that change how tutorials execute."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TUTORIALS_DIR = "tutorials"
"""Folder under docs/ whose `*.py` files are Jupytext percent-format tutorials."""

CLAIMS_TAG = "claims"
# A code cell that reveals the answer to an exercise: the page shows it inside that answer's
# <details> block, the last one of the Markdown cell before it (pages.py).
ANSWER_TAG = "answer"
"""Tag of the code cells that check the prose's claims (`toynn.check_claim`): folded on the
page and in the downloaded notebook."""

PACKAGE = "toynn"
"""The library's import name: its sources are part of every cache key."""

DISTRIBUTION = "toynets"
"""The library's distribution name (`pip install toynets`), for the provenance line.

A constant, not a look-up in the kernel: the kernel imports the library from the checkout
being built (`PYTHONPATH`), which need not be the installed distribution (the build tests
use a stand-in library), so installed metadata could name the wrong one. A test checks
that this matches `[project].name` in pyproject.toml.
"""


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None
    if number < 1:
        raise ValueError(f"{name} must be at least 1, got {number}")
    return number


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything the build needs to know besides the MkDocs config itself.

    Attributes:
        root: The project folder (the one holding `mkdocs.yml`).
        docs_dir: The MkDocs source folder.
        cache_dir: Executed notebooks and kernel scratch space (`.cache/docs`, gitignored).
        vendor_dir: Third-party files fetched from npm, KaTeX and plotly.js (`.cache/vendor`).
        library: The package whose sources are part of every cache key.
        lock: The exact-versions file whose bytes are part of every cache key.
        timeout: Seconds one cell may run before the build fails (`TOYNN_DOCS_TIMEOUT`).
        threads: Threads for torch/BLAS in the kernels (`TOYNN_DOCS_THREADS`).
        jobs: Kernels that may run at the same time (`TOYNN_DOCS_JOBS`).
        clean: Ignore cached results and execute every tutorial (`TOYNN_DOCS_CLEAN=1`).
    """

    root: Path
    docs_dir: Path
    cache_dir: Path
    vendor_dir: Path
    library: Path
    lock: Path
    timeout: int = 600
    threads: int = 1
    jobs: int = 2
    clean: bool = False

    @classmethod
    def for_project(cls, root: Path, docs_dir: Path) -> Settings:
        """Settings for the project in `root`, with overrides from the environment."""
        root = root.resolve()
        return cls(
            root=root,
            docs_dir=docs_dir.resolve(),
            cache_dir=root / ".cache" / "docs",
            vendor_dir=root / ".cache" / "vendor",
            library=root / PACKAGE,
            lock=root / "scripts" / "constraints.txt",
            timeout=_env_int("TOYNN_DOCS_TIMEOUT", 600),
            threads=_env_int("TOYNN_DOCS_THREADS", 1),
            jobs=_env_int("TOYNN_DOCS_JOBS", min(2, os.cpu_count() or 1)),
            clean=_env_flag("TOYNN_DOCS_CLEAN"),
        )

    @property
    def outputs_settings(self) -> dict[str, int]:
        """The settings that can change what a tutorial prints or draws (part of the key).

        `jobs` and `clean` only change scheduling, so they are left out.
        """
        return {"timeout": self.timeout, "threads": self.threads}
