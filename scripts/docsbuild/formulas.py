"""Math rendered when the site is built, so that no math script runs in a reader's browser.

KaTeX (vendored from npm, `katex.json`) renders every formula in Node.js
(`katex_render.js`), each distinct one once a build: to HTML that KaTeX's stylesheet and
fonts lay out (`assets/katex/`, the fonts fetched only for the glyphs a page uses), in the
text's own colour so that it follows light and dark mode, with a MathML copy that screen
readers read as math and that keeps the TeX as an annotation.

Where formulas come from:
- **Tutorials.** Before mkdocs-jupyter renders a page's notebook, each `$…$` and `$$…$$`
  of its Markdown cells (outside code) becomes a token, a plain word that Markdown leaves
  alone (`tokenize_notebook`); the finished page's tokens become the formulas (`typeset`). The
  downloaded notebook is a separate copy and keeps its LaTeX.
- **Markdown pages.** `pymdownx.arithmatex` (generic mode) wraps math in
  `<span class="arithmatex">\\(…\\)</span>` or `<div class="arithmatex">\\[…\\]</div>`,
  protected from Markdown; those are typeset in place (`typeset_arithmatex`).

A formula KaTeX cannot parse fails the build with KaTeX's message and the formula.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

MANIFEST = Path(__file__).with_name("katex.json")
KATEX_DIR = "assets/katex"
"""Where the site serves KaTeX's stylesheet and fonts (not its script)."""
PUBLISHED = ("LICENSE", "katex.min.css", "fonts/")
_RENDER_JS = Path(__file__).with_name("katex_render.js")

# In notebook Markdown: code (left alone), display math, inline math. An escaped `\$` is text.
_NOTEBOOK_MATH = re.compile(
    r"(?P<code>(?P<fence>`+).*?(?P=fence))"
    r"|(?<!\\)\$\$(?P<display>.+?)\$\$"
    r"|(?<![\\$])\$(?P<inline>[^$\n]+?)\$",
    re.DOTALL,
)
_TOKEN = re.compile(r"ToynnMath(?P<n>\d{4})x")
_ARITHMATEX = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<display>.*?)\\\]</div>',
    re.DOTALL,
)


class MathError(ValueError):
    """A formula could not be rendered."""


@dataclass(frozen=True)
class Formula:
    """One formula: its TeX, and whether it is displayed on its own line."""

    tex: str
    display: bool


def tokenize_notebook(nb: nbformat.NotebookNode) -> list[Formula]:
    """Replace the math of `nb`'s Markdown cells by tokens; return the formulas in order.

    Token `n` stands for formula `n` of the returned list.

    Example:
        >>> nb = nbformat.v4.new_notebook(cells=[
        ...     nbformat.v4.new_markdown_cell("Loss $\\\\ell$, not `$HOME`.")])
        >>> tokenize_notebook(nb), nb.cells[0].source
        ([Formula(tex='\\\\ell', display=False)], 'Loss ToynnMath0000x, not `$HOME`.')
    """
    formulas: list[Formula] = []

    def token(match: re.Match) -> str:
        if match["code"]:
            return match["code"]
        display = match["display"] is not None
        formulas.append(Formula((match["display"] if display else match["inline"]).strip(),
                                display))
        return f"ToynnMath{len(formulas) - 1:04d}x"

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _NOTEBOOK_MATH.sub(token, cell.source)
    return formulas


class MathRenderer:
    """Renders formulas with KaTeX in Node.js, each distinct formula once (`mkdocs serve`
    keeps one across rebuilds).

    Args:
        katex_js: KaTeX's `dist/katex.js`, vendored from npm (see `npm.py`).
    """

    def __init__(self, katex_js: Path):
        self.katex_js = katex_js
        self._rendered: dict[Formula, str] = {}

    def render(self, formulas: Iterable[Formula]) -> dict[Formula, str]:
        """{formula: its HTML} for `formulas`.

        Raises:
            MathError: KaTeX rejected a formula (all rejected ones are listed), or Node.js
                is missing or failed.
        """
        formulas = list(dict.fromkeys(formulas))
        new = [f for f in formulas if f not in self._rendered]
        if new:
            self._rendered.update(zip(new, self._run(new)))
        return {f: self._rendered[f] for f in formulas}

    def _run(self, formulas: list[Formula]) -> list[str]:
        node = shutil.which("node")
        if node is None:
            raise MathError("rendering math needs Node.js (`node`), which is not installed")
        done = subprocess.run(
            [node, str(_RENDER_JS), str(self.katex_js)],
            input=json.dumps([{"tex": f.tex, "display": f.display} for f in formulas]),
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise MathError(f"KaTeX failed:\n{done.stderr.strip()}")
        results = json.loads(done.stdout)
        errors = [f"${f.tex}$: {r['error']}" for f, r in zip(formulas, results) if "error" in r]
        if errors:
            raise MathError("KaTeX cannot render " + "; ".join(errors))
        return [r["html"] for r in results]

    def typeset(self, html: str, formulas: list[Formula]) -> str:
        """`html` with each token of `tokenize_notebook` replaced by its formula."""
        rendered = self.render(formulas)
        return _TOKEN.sub(lambda m: rendered[formulas[int(m["n"])]], html)

    def typeset_arithmatex(self, html: str) -> str:
        """`html` with each formula that `pymdownx.arithmatex` wrapped, typeset."""
        found = [
            Formula(html_lib.unescape(m["display"] if m["display"] is not None
                                      else m["inline"]).strip(), m["display"] is not None)
            for m in _ARITHMATEX.finditer(html)
        ]
        if not found:
            return html
        rendered = self.render(found)
        formulas = iter(found)
        return _ARITHMATEX.sub(lambda _: rendered[next(formulas)], html)
