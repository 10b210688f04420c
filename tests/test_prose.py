"""The tutorials' prose: numbers from the run go through `{{ }}` placeholders, never typed.

A number typed into Markdown goes stale the day a library edit, a torch release or a knob
moves the run; a placeholder is filled from the run (scripts/docsbuild/prose.py). The scan
below reads every Markdown cell, leaves out placeholders, code spans, links and the integers
of mathematics, and fails on any other number that is not in the allowlist, whose entries
say why they are not results of the run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from docsbuild import prose
from docsbuild.reading import prose_words
from docsbuild.tutorial import read_tutorial

TUTORIALS = sorted((ROOT / "docs" / "tutorials").glob("*.py"))

# Numbers that may be typed, on every page.
ALLOWED_EVERYWHERE = {
    # Small counts that are the setup or mathematics: widths, depths, layers, units, lines,
    # regions, dimensions, list positions ("width 3", "3 lines make 7 regions"). A count
    # that is a result is a placeholder, and "N of M" is always scanned.
    **{str(n): "a small count of the setup or of mathematics" for n in range(11)},
    "0.5": "the probability that separates the classes, by definition",
    "0.05": "the success threshold of a run, a knob quoted in prose",
    "95": "the confidence level of the intervals (95 %)",
    "2019": "the year of the reference notebook",
    "2014": "the year of Olah's essay",
}

# Numbers that may be typed on one page, and why.
ALLOWED = {
    "training": {
        "1000": "points per class of the rings (the data's definition, SPEC)",
        "0.6931": "log 2 to four places: mathematics",
        "0.62": "sigmoid(0.5) to two places: mathematics",
        "17": "where float32's sigmoid rounds to 1: a property of float32",
        "100": "the value PyTorch clamps log 0 to: a documented constant",
        "0.1": "a level that a general claim names (never below loss 0.1)",
    },
    "classification": {
        "0.1": "a level that general claims name (two units stall above loss 0.1)",
    },
    "hidden-space": {
        "0.1": "the distance from a corner that a claim names (within 0.1 of a corner)",
        "16": "regions of 5 lines in general position, 1 + 5 + 10: mathematics",
    },
    "held-out": {},
    "regression": {
        "1.27": "the reference's published start loss, quoted as such",
        "0.25": "the reference's published final loss, quoted as such",
        "0.1": "the grid spacing of the data (its definition)",
        "9.9": "the last point of the data's grid (its definition)",
        "200": "points of the data; a hand-built size (HAND_WIDTHS) that a claim compares",
        "100": "a size of the hand-built nets that a claim compares (HAND_WIDTHS)",
        "20": "a size of the swept nets that a claim compares (SWEEP_WIDTHS)",
    },
    "one-unit": {
        "1000": "points per class of the rings (the data's definition, SPEC)",
        "0.1": "the edges of the band of undecided points, 0.1 < h < 0.9 (a definition)",
        "0.9": "the edges of the band of undecided points, 0.1 < h < 0.9 (a definition)",
    },
    "by-hand": {
        "1000": "points per class of the rings (the data's definition, SPEC)",
        "0.9": "a setting the exercise asks the reader to try (INRADIUS = 0.9)",
        "1.8": "a setting the exercise asks the reader to try (INRADIUS = 1.8)",
        "3.6": "where the corners of the triangle then lie, 2 × 1.8: mathematics",
    },
    "squared-error": {
        "14 000": "the reference's epochs for the flipped run, quoted as such",
        "0.2": "the level of relative error that the prose and a claim call fitted",
    },
    "staircase": {
        "0.1": "the grid spacing of the data (its definition)",
    },
    "statistics": {},
    "depth": {
        "2000": "points of the rings (the data's definition, SPEC)",
        "3.5": "the middle of the ring, radii 3 to 4 (the data's definition)",
        "30": "the largest circle radius the checks use (a setting of the check)",
    },
    "depth-gap": {
        "2000": "points of the rings (the data's definition, SPEC)",
        "32": "32-bit floats",
        "64": "64-bit floats",
        "16.6": "where float32's sigmoid rounds to 1: a property of float32",
    },
}

_PLACEHOLDER = re.compile(r"\{\{.*?\}\}", re.S)
_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[ \u202f]\d{3}(?!\d))*(?:\.\d+)?(?!\w)")
_N_OF_M = re.compile(r"(?<![\w.])\d+ of (?:the |all |its )?\d+")
_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")


def markdown_cells(path: Path) -> list[str]:
    nb = read_tutorial(path.read_text(encoding="utf-8"))
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def typed_numbers(markdown: str, allowed: dict[str, str]) -> list[str]:
    """The numbers typed into `markdown` that the allowlist does not cover."""
    text = _PLACEHOLDER.sub(" ", markdown)
    text = _CODE.sub(" ", text)
    text = _LINK_TARGET.sub(" ", text)
    found = [m for m in _N_OF_M.findall(text)]
    text = _N_OF_M.sub(" ", text)
    for math in _MATH.findall(text):  # mathematics: its integers are not results
        found += [m for m in _DECIMAL.findall(math) if m not in allowed]
    text = _MATH.sub(" ", text)
    found += [m for m in _NUMBER.findall(text) if m not in allowed]
    return found


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_numbers_in_prose_come_from_the_run(path):
    allowed = {**ALLOWED_EVERYWHERE, **ALLOWED[path.stem]}
    typed = {}
    for markdown in markdown_cells(path):
        for number in typed_numbers(markdown, allowed):
            lines = [line for line in markdown.splitlines() if number in line]
            typed.setdefault(number, (lines or [markdown])[0].strip())
    assert not typed, (f"{path.stem}: numbers typed into the prose (use a {{{{ }}}} "
                       "placeholder, or allowlist them in tests/test_prose.py with the "
                       f"reason): {typed}")


def test_every_page_has_an_allowlist_and_uses_all_of_it():
    assert set(ALLOWED) == {path.stem for path in TUTORIALS}
    for path in TUTORIALS:
        allowed = ALLOWED[path.stem]
        for number in allowed:
            others = {**ALLOWED_EVERYWHERE, **allowed}
            del others[number]
            typed = [n for md in markdown_cells(path) for n in typed_numbers(md, others)]
            assert number in typed, f"{path.stem}: {number!r} is allowlisted but not typed"


@pytest.mark.parametrize(
    ("markdown", "found"),
    [
        ("loss 0.243 at epoch 1526", ["0.243", "1526"]),
        ("{{ loss:.3f }} at epoch {{ first }}", []),
        ("`EPOCHS = 2000` and [a link](https://x.org/2019/7.5)", []),
        ("width 3, 7 regions, 6 of the 8 pairs", ["6 of the 8"]),
        ("$2 \\cdot 2 + 2 = 6$ but $-25.2$", ["25.2"]),
        ("99 % of seeds, 10 000 epochs", ["99", "10 000"]),
    ],
)
def test_the_scan_finds_typed_numbers(markdown, found):
    assert typed_numbers(markdown, ALLOWED_EVERYWHERE) == found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x", "format(x, '')"),
        ("h.final_loss:.3f", "format(h.final_loss, '.3f')"),
        ("rates['relu'][-1]:.0%", "format(rates['relu'][-1], '.0%')"),
        ("d['a:b']:>5", "format(d['a:b'], '>5')"),
        ("final[width]:.3f", "format(final[width], '.3f')"),
    ],
)
def test_a_placeholder_is_a_lookup_and_a_format(text, code):
    assert prose.Placeholder.parse(text).code == code


@pytest.mark.parametrize("text", ["f(x)", "a + b", "x[1:2]", "x[i + 1]", "", "1.5"])
def test_a_placeholder_that_computes_is_refused(text):
    with pytest.raises(prose.PlaceholderError):
        prose.Placeholder.parse(text)


# -- the learning path: short pages with the same parts ---------------------------------

MAX_WORDS = 1_600  # a page of the path reads in about ten minutes


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_every_page_is_short(path):
    words = sum(prose_words(markdown) for markdown in markdown_cells(path))
    assert words <= MAX_WORDS, f"{path.stem}: {words} words of prose (at most {MAX_WORDS})"


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_every_page_has_an_introduction_a_summary_and_the_glossary(path):
    cells = markdown_cells(path)
    title, _, introduction = cells[0].partition("\n")
    assert title.startswith("# ") and introduction.strip(), "a title, then what you will learn"
    headings = [line for cell in cells for line in cell.splitlines() if line.startswith("## ")]
    assert "## Summary" in headings and "## Try this" in headings, headings
    assert any("](../../glossary/#" in cell for cell in cells), "links into the glossary"


def test_the_word_count_leaves_out_what_is_not_prose():
    assert prose_words("The loss, {{ loss:.3f }}, of `fit` is $\\ell(p, t)$ "
                       "([glossary](../../glossary/#loss)). <details>") == 5
