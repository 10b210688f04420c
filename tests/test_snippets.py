"""Every code snippet shown to readers runs as shown, with nothing but toynn installed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = sorted((ROOT / "docs" / "snippets").glob("*.py"))


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, flags=re.M | re.S)


def test_snippets_fit_a_code_block_without_scrolling():
    for snippet in SNIPPETS:
        assert max(map(len, snippet.read_text().splitlines())) <= 79, snippet.name


def test_readme_shows_the_quickstart_file_verbatim():
    quickstart = (ROOT / "docs" / "snippets" / "quickstart.py").read_text()
    assert python_blocks((ROOT / "README.md").read_text()) == [quickstart]


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda path: path.name)
def test_snippet_runs_in_a_fresh_interpreter(snippet, tmp_path):
    result = subprocess.run([sys.executable, str(snippet)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300, env={"OMP_NUM_THREADS": "1",
                                                         "MPLBACKEND": "Agg", "PATH": ""})
    assert result.returncode == 0, result.stderr
    if snippet.name == "quickstart.py":
        losses = dict(re.findall(r"width (\d): final loss ([\d.]+)", result.stdout))
        assert float(losses["2"]) > 0.15 > 0.05 > float(losses["3"])
        assert (tmp_path / "hidden_lines.png").stat().st_size > 10_000
