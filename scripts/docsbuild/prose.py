"""Numbers in a tutorial's prose that come from its run: `{{ name }}` placeholders.

A Markdown cell may write `{{ expression }}` or `{{ expression:format }}`, for example
`width 3's region closes at epoch {{ first_closed }}` or `a loss of {{ final[3]:.3f }}`.
The build fills each one with the value of the expression in the kernel *at that point of
the page* (after the code cells above it, as a reader running the page top to bottom sees
it), formatted with Python's `format(value, spec)`. The code cells need no extra call:
the prose names what the code already computed.

- An expression is a name followed by attributes and subscripts that are constants or
  names (`h.final_loss`, `rates["relu"][0]`, `errors[-1]`, `final[width]`); nothing that
  calls or computes, so the prose stays a view of the run, never a second place where
  results are made.
- An unknown name, a bad index or a format that does not fit the value fails the build,
  naming the page, the cell and the placeholder (`execute.py`).
- The placeholders and their positions are part of the tutorial's cache key (`cache.py`):
  a prose edit that keeps them re-renders from the cached run; one that adds or moves a
  placeholder runs the page again, since the cache has no value for it.
- The built page and the downloaded notebook show the filled values. The downloaded `.py`
  is the tutorial's source, placeholders included: it is the file a reader edits and runs,
  where a value typed in would be stale as soon as a knob changed (its outputs print the
  numbers anyway).
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass

import nbformat

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


class PlaceholderError(ValueError):
    """A placeholder is malformed, or has no value in the run."""


@dataclass(frozen=True)
class Placeholder:
    """One `{{ expression:format }}` of a Markdown cell.

    Attributes:
        text: What stands between the braces, stripped: names the placeholder in messages
            and keys its value.
        expression: The Python expression (a name with attributes and subscripts).
        spec: The format spec after the colon ('' for `str`-like formatting).
    """

    text: str
    expression: str
    spec: str

    @classmethod
    def parse(cls, text: str) -> Placeholder:
        """Split `text` (what stands between the braces) and check its expression."""
        text = text.strip()
        expression, spec = _split_spec(text)
        try:
            tree = ast.parse(expression, mode="eval").body
        except SyntaxError:
            raise PlaceholderError(f"{{{{ {text} }}}} is not an expression") from None
        if not _is_lookup(tree):
            raise PlaceholderError(
                f"{{{{ {text} }}}}: a placeholder names a value the code computed (a name, "
                "its attributes and subscripts such as h.final_loss or rates['relu'][0]), "
                "not a computation: compute it in a code cell"
            )
        return cls(text, expression, spec)

    @property
    def code(self) -> str:
        """The Python code that evaluates to the filled text."""
        return f"format({self.expression}, {self.spec!r})"

    def __str__(self) -> str:
        return f"{{{{ {self.text} }}}}"


def _split_spec(text: str) -> tuple[str, str]:
    """`(expression, spec)`: the spec follows the first colon outside brackets and strings."""
    depth, quote = 0, None
    for i, char in enumerate(text):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == ":" and depth == 0:
            return text[:i].strip(), text[i + 1 :].strip()
    return text, ""


def _is_lookup(node: ast.expr) -> bool:
    """Whether `node` is a name followed by attributes and subscripts (constants, names)."""
    while True:
        if isinstance(node, ast.Name):
            return True
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Subscript) and _is_key(node.slice):
            node = node.value
        else:
            return False


def _is_key(node: ast.expr) -> bool:
    """Whether `node` is a subscript a placeholder may use: a name, an int or a string."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Name) or (
        isinstance(node, ast.Constant) and isinstance(node.value, (int, str)))


def placeholders(markdown: str) -> list[Placeholder]:
    """The placeholders of one Markdown cell, in order (repeats included)."""
    return [Placeholder.parse(match[1]) for match in _PLACEHOLDER.finditer(markdown)]


def positions(nb: nbformat.NotebookNode) -> list[tuple[int, list[Placeholder]]]:
    """For each cell, the code cells above it and its placeholders (none for code cells).

    The number of code cells above a Markdown cell says where in the run its placeholders
    are evaluated; it is their position in the cache key and in the stored values.
    """
    above, found = 0, []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            above += 1
            found.append((above, []))
        elif cell.cell_type == "markdown":
            try:
                found.append((above, placeholders(cell.source)))
            except PlaceholderError as err:
                raise PlaceholderError(f"cell {index + 1}: {err}") from None
        else:
            found.append((above, []))
    return found


def value_key(position: int, placeholder: Placeholder) -> str:
    """The key of a placeholder's value: where it is evaluated, and its text."""
    return f"{position}|{placeholder.text}"


def keyed(nb: nbformat.NotebookNode) -> list[str]:
    """Every placeholder of `nb` as its `value_key`, in page order (for the cache key)."""
    return [value_key(position, p) for position, found in positions(nb) for p in found]


def fill(markdown: str, position: int, values: dict[str, str]) -> str:
    """`markdown` with each placeholder replaced by its value (HTML-escaped)."""

    def value(match: re.Match) -> str:
        placeholder = Placeholder.parse(match[1])
        key = value_key(position, placeholder)
        if key not in values:
            raise PlaceholderError(f"{placeholder} has no value in the run")
        return html.escape(values[key], quote=False)

    return _PLACEHOLDER.sub(value, markdown)


def fill_notebook(nb: nbformat.NotebookNode, values: dict[str, str]) -> None:
    """Fill every Markdown cell of `nb` in place from `values` (see `value_key`)."""
    for cell, (position, found) in zip(nb.cells, positions(nb)):
        if found:
            cell.source = fill(cell.source, position, values)
