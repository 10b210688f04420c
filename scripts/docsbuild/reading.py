"""How long a tutorial takes to read, counted from its notebook.

The count is the one the tests hold every page to (`tests/test_prose.py`): words of prose,
leaving out what is not read as prose (placeholders, code spans, mathematics, link targets,
HTML tags). The reading time adds a little for each code cell, since a reader looks at the
code and its output too. Shown under each tutorial's title, and on any page that writes
`<!-- minutes: <stem> -->` (the home page's reading order), where the marker becomes
"about N min".
"""

from __future__ import annotations

import math
import re

import nbformat

WORDS_PER_MINUTE = 200  # a careful reader of technical prose
MINUTES_PER_CODE_CELL = 0.25  # reading a short cell and looking at what it printed or drew

_NOT_PROSE = re.compile(
    r"\{\{.*?\}\}"  # placeholders: numbers filled in from the run
    r"|`[^`]*`"  # code spans
    r"|\$\$.*?\$\$|\$[^$\n]+\$"  # mathematics
    r"|\]\([^)]*\)|https?://\S+"  # link targets
    r"|<[^>]+>",  # HTML tags (<details>, <summary>)
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MINUTES = re.compile(r"<!--\s*minutes:\s*(?P<stem>[\w-]+)\s*-->")


def prose_words(markdown: str) -> int:
    """The words of prose in `markdown`.

    Example:
        >>> prose_words("The loss, {{ loss:.3f }}, of `fit` is $\\\\ell(p, t)$.")
        4
    """
    return len(_WORD.findall(_NOT_PROSE.sub(" ", markdown)))


def reading_minutes(nb: nbformat.NotebookNode) -> int:
    """About how many minutes a reader takes over `nb`, at least one."""
    words = sum(prose_words(cell.source) for cell in nb.cells if cell.cell_type == "markdown")
    code = sum(cell.cell_type == "code" for cell in nb.cells)
    return max(1, math.ceil(words / WORDS_PER_MINUTE + code * MINUTES_PER_CODE_CELL))


def fill_minutes(markdown: str, minutes: dict[str, int]) -> str:
    """Replace each `<!-- minutes: <stem> -->` of `markdown` by the tutorial's reading time.

    Raises:
        KeyError: A marker names a tutorial that `minutes` lacks; the message lists them.

    Example:
        >>> fill_minutes("Depth (<!-- minutes: depth -->)", {"depth": 9})
        'Depth (about 9 min)'
    """
    unknown = sorted({m["stem"] for m in _MINUTES.finditer(markdown)} - set(minutes))
    if unknown:
        raise KeyError(f"no tutorial {', '.join(unknown)} for a minutes marker")
    return _MINUTES.sub(lambda m: f"about {minutes[m['stem']]} min", markdown)
