"""Post-process the HTML of notebook pages rendered by mkdocs-jupyter (0.26.x).

mkdocs-jupyter emits the notebook wrapped in a JupyterLab page fragment: about 600 KB of
inline JupyterLab CSS, a clipboard widget, MathJax 2 and mermaid loaders (CDN URLs), then
the cells. This module keeps the cells and lets Material style them like any other page:

- the fragment's `<style>`/`<script>` preamble and trailer are dropped (our small
  `notebook` rules in assets/stylesheets/toynn.css replace the JupyterLab CSS; the build
  typesets the math itself, see `formulas.py`);
- code cells become Material code blocks (`<div class="language-python highlight"><pre>
  <code>`), so they get Material's colours in both schemes and its copy button, less the
  markup that changes nothing on screen (plain names and spaces, empty collapsers,
  editor wrappers);
- heading anchors get Material's `headerlink` class;
- `toynn.<name>` becomes a link to the API reference (see `apilinks`);
- every figure is a file beside the page, with its description as alt text, its size and
  lazy loading (see `figures`);
- tags that only steer the build (`headline`, `keep-colors`) are not shown as cell labels;
- cells tagged `claims`, the checks of what the prose says about results, are folded into
  closed "Checks of the claims about this result" blocks: they back the text without
  interrupting it, one click away for a reader who wants to see what is checked;
- code cells, printed outputs and the claims blocks are left out of the search index
  (`data-search-exclude`), which keeps the prose, the headings and, in a hidden line, the
  library names the code uses: what a reader searches a tutorial for;
- a bar under the title offers the downloads and says how the page was produced.
"""

from __future__ import annotations

import html as html_lib
import re

from .apilinks import ApiNames, link_names
from .figures import HEADLINE_TAG, KEEP_COLORS_TAG
from .settings import ANSWER_TAG, CLAIMS_TAG, DISTRIBUTION, PACKAGE
from .tutorial import Tutorial

WRAPPER = '<div class="jupyter-wrapper">'
_WRAPPER_END = "</div> <!-- jupyter-wrapper -->"

# A code cell's input as mkdocs-jupyter writes it: clipboard widget, highlighted source,
# hidden copy of the source.
_CODE_INPUT = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
    r'<div class="highlight-ipynb hl-(?P<lang>[\w-]+)\s*[^"]*"><pre><span></span>'
    r"(?P<code>.*?)</pre></div>\s*"
    r'<div class="clipboard-copy-txt" id="cell-\d+">.*?</div>',
    re.DOTALL,
)
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#([^"]+)">¶</a>')
_TABINDEX = re.compile(r' tabindex="0"')
# nbconvert's cell ids, id="cell-id=cell-3", are not valid in CSS selectors (Material's copy
# button looks its code block up by the id of the closest element that has one).
_CELL_ID = re.compile(r'id="cell-id=([\w-]+)"')

_FIRST_H1_END = re.compile(r"</h1>")
_PLAIN_TOKEN = re.compile(r'<span class="[nw]">([^<]*)</span>')
_EMPTY_COLLAPSER = re.compile(r'<div class="jp-Collapser[^"]*">\s*</div>\s*')
_EDITOR = re.compile(
    r'<div class="jp-CodeMirrorEditor[^"]*"[^>]*>\s*<div class="CodeMirror[^"]*">\s*'
    r'(<div class="language-[\w-]+ highlight"[^>]*><pre>.*?</pre></div>)\s*</div>\s*</div>',
    re.DOTALL,
)
_MARKDOWN_OUTPUT = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" '
                    'data-mime-type="text/markdown">')

CLAIMS_SUMMARY = "Checks of the claims about this result"

# Cell tags read by the build, not meant for readers (the cell keeps its celltag_* class).
_BUILD_TAGS = (HEADLINE_TAG, KEEP_COLORS_TAG, CLAIMS_TAG, ANSWER_TAG)
_BUILD_TAG_LABEL = re.compile(
    r'<span class="cell-tag">(?:{})</span>\s*'.format("|".join(map(re.escape, _BUILD_TAGS)))
)
_CLAIMS_CELL = re.compile(rf'<div class="jp-Cell [^"]*\bcelltag_{CLAIMS_TAG}\b[^"]*"')
_ANSWER_CELL = re.compile(rf'<div class="jp-Cell [^"]*\bcelltag_{ANSWER_TAG}\b[^"]*"')
_CELL = re.compile(r'<div class="jp-Cell ')
_DIV = re.compile(r"<div\b|</div>")
# What a reader searches for is in the prose, headings and code, not in printed outputs or
# the checks of the claims: Material's search leaves out elements marked data-search-exclude.
_LIBRARY_NAME = re.compile(rf"\b{PACKAGE}(?:\.[A-Za-z_]\w*)+")
# Each output is marked, not only their area: Material's parser can lose an area's mark
# when one area holds several outputs.
_OUTPUT = re.compile(r'(<div class="jp-OutputArea jp-Cell-outputArea"|'
                     r'<div class="[^"]*\bjp-OutputArea-output\b[^"]*")')

_EMPTY_TOOLBAR = re.compile(
    r'<div class="celltoolbar">\s*<div class="button_container tags_button_container">\s*'
    r'<span class="tag-container">\s*</span>\s*</div>\s*</div>\s*'
)


class NotebookMarkupError(Exception):
    """The page does not have the markup this module was written for."""


def _strip_fragment(html: str) -> str:
    start, end = html.find(WRAPPER), html.find(_WRAPPER_END)
    if start < 0 or end < 0:
        raise NotebookMarkupError("no jupyter-wrapper element: is this an mkdocs-jupyter page?")
    return html[start : end + len(_WRAPPER_END)]


def _code_blocks(html: str) -> str:
    def block(match: re.Match) -> str:
        code = match["code"].removesuffix("\n")
        return (
            f'<div class="language-{match["lang"]} highlight" data-search-exclude>'
            "<pre><span></span>"
            f"<code>{code}\n</code></pre></div>"
        )

    return _CODE_INPUT.sub(block, html)


def _slim(html: str) -> str:
    """Drop markup that changes nothing on screen (a fifth of a long page's bytes).

    Pygments wraps every name and run of spaces in a span: Material colours names with the
    code's own foreground colour (`--md-code-hl-name-color`), and spaces have no colour.
    nbconvert's collapser divs are empty (JupyterLab's collapse buttons), and its editor
    wrappers around code blocks and class lists on markdown cells style nothing here.
    """
    html = _EMPTY_COLLAPSER.sub("", _PLAIN_TOKEN.sub(r"\1", html))
    html = _EDITOR.sub(r"\1", html)
    return html.replace(_MARKDOWN_OUTPUT, '<div class="jp-RenderedMarkdown">')


def _element_end(html: str, start: int) -> int:
    """Index just past the `</div>` that closes the `<div>` opening at `start`."""
    depth = 0
    for tag in _DIV.finditer(html, start):
        depth += 1 if tag[0] == "<div" else -1
        if depth == 0:
            return tag.end()
    raise NotebookMarkupError("a cell's <div> is never closed")


def _fold_claims(html: str) -> str:
    """Wrap each cell tagged `claims` in a closed `<details>` block."""
    parts, done = [], 0
    for cell in _CLAIMS_CELL.finditer(html):
        if cell.start() < done:  # nbconvert nests a cell's div in a wrapper of the same class
            continue
        end = _element_end(html, cell.start())
        parts += [html[done : cell.start()],
                  '<details class="success toynn-claims" data-search-exclude>'
                  f"<summary>{CLAIMS_SUMMARY}</summary>",
                  html[cell.start() : end], "</details>"]
        done = end
    return "".join(parts) + html[done:]


def _answers_into_details(html: str) -> str:
    """Move each cell tagged `answer` into the answer it reveals: before the `</details>`
    that closes the Markdown cell just before it (or the answer cell before it), so that
    its output stays folded until the reader opens the answer.

    Raises:
        NotebookMarkupError: No `<details>` block ends the cell before an answer cell.
    """
    done = 0
    for _ in range(html.count(f"celltag_{ANSWER_TAG}")):
        cell = _ANSWER_CELL.search(html, done)
        if cell is None:
            break
        end = _element_end(html, cell.start())
        closing = html.rfind("</details>", 0, cell.start())
        holder = max((m for m in _CELL.finditer(html, 0, max(closing, 0))),
                     key=lambda m: m.start(), default=None)
        opening = html[holder.start():html.find(">", holder.start())] if holder else ""
        if (closing < 0 or _CELL.search(html, closing, cell.start())
                or not ("jp-MarkdownCell" in opening or f"celltag_{ANSWER_TAG}" in opening)):
            raise NotebookMarkupError(
                f"a cell tagged {ANSWER_TAG!r} must follow a Markdown cell whose last "
                "<details> block is the answer it reveals")
        html = (html[:closing] + html[cell.start():end] + html[closing:cell.start()]
                + html[end:])
        done = end
    return html


def searched_names(tutorial: Tutorial) -> str:
    """A hidden line of the library names the tutorial's code uses, for the search index.

    Not shown and not read out (`hidden`), but indexed: the code cells themselves are left
    out of the index, and a reader who searches for `toynn.fit` finds the pages that use it.
    """
    code = "\n".join(c.source for c in tutorial.source.cells if c.cell_type == "code")
    used = sorted(set(_LIBRARY_NAME.findall(code)))
    return f'<p hidden>{html_lib.escape(" ".join(used))}</p>' if used else ""


def versions_used(versions: dict[str, str | None]) -> str:
    """What the kernel imported, as the provenance line says it.

    For example "toynets 0.2.0 (import toynn), torch 2.13.0+cpu"; a library the
    tutorial did not import is left out ("" if neither was).
    """
    used = []
    if versions.get(PACKAGE):
        used.append(f"{DISTRIBUTION} {versions[PACKAGE]} (import {PACKAGE})")
    if versions.get("torch"):
        used.append(f"torch {versions['torch']}")
    return ", ".join(used)


def header(tutorial: Tutorial, notebook_url: str, script_url: str) -> str:
    """The download buttons and provenance line shown under a tutorial's title."""
    versions = versions_used(tutorial.versions)
    esc = html_lib.escape
    return (
        '<div class="toynn-nb-header">'
        f'<p class="toynn-nb-time">About {tutorial.minutes} minutes to read</p>'
        f'<a class="md-button md-button--primary" href="{esc(notebook_url)}" download>'
        "Download notebook (.ipynb)</a> "
        f'<a class="md-button" href="{esc(script_url)}" download>Download script (.py)</a>'
        '<p class="toynn-nb-provenance">'
        f"Outputs computed in {tutorial.seconds:.1f} s"
        f"{' with ' + esc(versions) if versions else ''}"
        f" · cache key <code>{tutorial.key[:10]}</code></p>"
        "</div>"
    )


def postprocess(
    html: str, *, tutorial: Tutorial, notebook_url: str, script_url: str, names: ApiNames
) -> tuple[str, list[str]]:
    """Post-process the page of `tutorial` as the module docstring describes.

    Returns:
        The new HTML, and the unknown `toynn.<name>` code spans (see `apilinks`).

    Raises:
        NotebookMarkupError: The HTML is not mkdocs-jupyter's (e.g. an unsupported version).
    """
    html = _strip_fragment(html)
    html = _code_blocks(html)
    if "zeroclipboard-container" in html:
        raise NotebookMarkupError("a code cell was not converted to a Material code block")
    html = _ANCHOR_LINK.sub(r'<a class="headerlink" href="#\1" title="Permanent link">¶</a>', html)
    html = _TABINDEX.sub("", html)
    html = _EMPTY_TOOLBAR.sub("", _BUILD_TAG_LABEL.sub("", html))
    html = _fold_claims(html)
    html = _answers_into_details(html)
    html = _OUTPUT.sub(r"\1 data-search-exclude", html)
    html = _CELL_ID.sub(r'id="\1"', html)
    html, unknown = link_names(html, names)
    html = _slim(html)
    html += searched_names(tutorial)
    bar = header(tutorial, notebook_url, script_url)
    html, found = _FIRST_H1_END.subn(lambda m: m[0] + bar, html, count=1)
    if not found:
        html = bar + html
    return html.replace(WRAPPER, '<div class="jupyter-wrapper toynn-notebook">', 1), unknown
