"""Math typeset when the site is built (scripts/docsbuild/formulas.py): KaTeX in Node.js."""

from __future__ import annotations

import nbformat
import pytest
from docsbuild import formulas, npm
from docsbuild.formulas import Formula, MathError, MathRenderer

pytestmark = pytest.mark.usefixtures("needs_node")


@pytest.fixture(scope="module")
def renderer(vendored) -> MathRenderer:
    return MathRenderer(npm.vendored_files(formulas.MANIFEST, vendored)["katex.js"])


def markdown(*sources: str) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(s) for s in sources]
    return nbformat.v4.new_notebook(cells=[*cells, nbformat.v4.new_code_cell("x = '$a$'")])


def test_notebook_math_becomes_tokens_and_code_stays_as_written():
    nb = markdown("Loss $\\ell(p, t)$ costs \\$5, not `$HOME`:\n\n$$\n z = w x + b\n$$",
                  "Then $a < b$.")
    found = formulas.tokenize_notebook(nb)
    assert found == [Formula("\\ell(p, t)", False), Formula("z = w x + b", True),
                     Formula("a < b", False)]
    assert nb.cells[0].source == ("Loss ToynnMath0000x costs \\$5, not `$HOME`:\n\n"
                                  "ToynnMath0001x")
    assert nb.cells[1].source == "Then ToynnMath0002x."
    assert nb.cells[2].source == "x = '$a$'"  # code cells are not prose


def test_tokens_become_katex_with_the_tex_kept_for_screen_readers(renderer):
    nb = markdown("$x^2$ and $$\\sigma(z)$$")
    found = formulas.tokenize_notebook(nb)
    html = renderer.typeset(f"<p>{nb.cells[0].source}</p>", found)
    assert "ToynnMath" not in html and html.count('<span class="katex">') == 2
    assert '<span class="katex-display">' in html  # the displayed one
    assert '<annotation encoding="application/x-tex">x^2</annotation>' in html
    assert "<math" in html  # MathML, what screen readers read


def test_markdown_pages_math_is_typeset_in_place(renderer):
    html = ('<p>A <span class="arithmatex">\\(a &lt; b\\)</span> and</p>\n'
            '<div class="arithmatex">\\[\\sum_i w_i\\]</div>')
    typeset = renderer.typeset_arithmatex(html)
    assert "arithmatex" not in typeset and "\\(" not in typeset
    assert '<annotation encoding="application/x-tex">a &lt; b</annotation>' in typeset
    assert '<span class="katex-display">' in typeset


def test_a_formula_katex_cannot_parse_is_named_in_the_error(renderer):
    with pytest.raises(MathError, match=r"KaTeX cannot render \$\\frac\{1\}\$: "):
        renderer.render([Formula("\\frac{1}", False), Formula("x", False)])
