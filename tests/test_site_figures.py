"""Figures on the site: alt text from `toynn.describe`, and the home page's headline figures
(scripts/docsbuild/figures.py, kernel_startup.py)."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import io
import re

import nbformat
import pytest
from conftest import ROOT, TINY_TUTORIAL, dedent, nbconvert_default_alt
from docsbuild import figures
from PIL import Image

TUTORIALS = sorted(path.stem for path in (ROOT / "docs" / "tutorials").glob("*.py"))
# The pages with a headline figure (a cell tagged `headline`): the home page shows each.
WITH_HEADLINE = [stem for stem in TUTORIALS
             if 'tags=["headline"]' in (ROOT / "docs" / "tutorials" / f"{stem}.py").read_text()]
IMG = re.compile(r"<img\b[^>]*>")


def attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return html_lib.unescape(found[1]) if found else None


# --- The real site -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("stem", TUTORIALS)
def test_every_figure_of_a_tutorial_says_what_it_shows(site_dir, stem):
    html = (site_dir / "tutorials" / stem / "index.html").read_text()
    alts = [attribute(tag, "alt") for tag in IMG.findall(html)
            if re.match(r"fig-[0-9a-f]{16}\.png$", attribute(tag, "src"))]
    assert alts, "no figures"
    for alt in alts:
        assert alt and len(alt) > 20 and alt != nbconvert_default_alt(), alt
        assert not alt.startswith("<Figure size"), alt


@pytest.mark.slow
@pytest.mark.parametrize("stem", TUTORIALS)
def test_figures_are_files_beside_the_page_with_their_size(site_dir, stem):
    page = site_dir / "tutorials" / stem / "index.html"
    html = page.read_text()
    assert "data:image" not in html
    assert len(html.encode()) <= 200_000, "the page's HTML should stay under 200 KB"
    tags = [tag for tag in IMG.findall(html) if "fig-" in (attribute(tag, "src") or "")]
    for index, tag in enumerate(tags):
        file = page.parent / attribute(tag, "src")
        with Image.open(file) as image:
            assert image.size == (int(attribute(tag, "width")), int(attribute(tag, "height")))
        assert file.name == f"fig-{hashlib.sha256(file.read_bytes()).hexdigest()[:16]}.png"
        assert attribute(tag, "loading") == (None if index == 0 else "lazy")


@pytest.mark.slow
def test_home_page_shows_each_tutorials_headline(site_dir):
    html = (site_dir / "index.html").read_text()
    shown = {}
    for tag in IMG.findall(html):
        src = attribute(tag, "src") or ""
        if src.startswith("assets/headlines/"):
            shown[src] = tag
    assert WITH_HEADLINE and sorted(shown) == [f"assets/headlines/{stem}.png"
                                              for stem in WITH_HEADLINE]
    for src, tag in shown.items():
        assert (site_dir / src).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert "toynn-figure" in attribute(tag, "class").split()
        alt = attribute(tag, "alt")
        assert len(alt) > 40 and alt != nbconvert_default_alt(), alt
    # each headline is a link to its tutorial
    for stem in WITH_HEADLINE:
        assert re.search(rf'<a href="tutorials/{stem}/">(<picture><source [^>]*>)?<img [^>]*'
                         rf'src="assets/headlines/{stem}\.png"', html), stem


@pytest.mark.slow
@pytest.mark.parametrize("stem", WITH_HEADLINE)
def test_build_tags_are_not_shown_as_cell_labels(site_dir, stem):
    html = (site_dir / "tutorials" / stem / "index.html").read_text()
    labels = set(re.findall(r'<span class="cell-tag">([^<]*)</span>', html))
    assert "knobs" in labels and not labels & {"headline", "keep-colors"}
    assert "celltag_headline" in html  # the cell keeps its class


# --- Builds of a throw-away project ----------------------------------------------------------

HEADLINED = TINY_TUTORIAL.replace("# %%\n    import matplotlib", '# %% tags=["headline"]\n'
                                  "    import matplotlib")
HOME = "# Home\n\n[![A tiny figure](assets/headlines/tiny.png)](tutorials/tiny.py)\n"


@pytest.mark.slow
def test_headline_cell_becomes_a_home_page_image(make_project):
    assert HEADLINED != TINY_TUTORIAL
    project = make_project({"tiny": HEADLINED})
    (project.root / "docs" / "index.md").write_text(HOME)
    done = project.build()
    assert done.returncode == 0, done.stderr
    png = project.site / "assets" / "headlines" / "tiny.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    home = (project.site / "index.html").read_text()
    # The stand-in library has no `describe`: the author's alt text stays.
    (tag,) = IMG.findall(home)
    assert attribute(tag, "src") == "assets/headlines/tiny.png"
    assert attribute(tag, "alt") == "A tiny figure"
    assert attribute(tag, "class") == "toynn-figure"
    page = (project.site / "tutorials" / "tiny" / "index.html").read_text()
    assert '<span class="cell-tag">headline</span>' not in page


@pytest.mark.slow
def test_home_page_showing_a_missing_headline_fails_the_build(make_project):
    project = make_project()  # TINY_TUTORIAL has no headline cell
    (project.root / "docs" / "index.md").write_text(HOME)
    done = project.build()
    assert done.returncode != 0
    assert ("docs/index.md shows the headline figure of assets/headlines/tiny.png, but "
            "docs/tutorials/tiny.py has no code cell tagged 'headline'") in done.stderr


# --- The figures module ------------------------------------------------------------------------

def png(width: int, height: int, shade: int = 0) -> bytes:
    """A real PNG file of the given size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (shade, shade, shade)).save(out, format="PNG")
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


FIRST, SECOND = png(30, 20), png(8, 4, shade=200)
PHONE_PNG = png(12, 16, shade=90)


def image_output(data: bytes, text: str | None = None, **extra) -> nbformat.NotebookNode:
    found = {"image/png": b64(data), **extra}
    if text is not None:
        found["text/plain"] = text
    return nbformat.v4.new_output("display_data", data=found)


def test_image_outputs_become_html_pointing_at_files_before_rendering():
    nb = nbformat.v4.new_notebook()
    drawn = {"text_px": 10.5, "phone": {"png": b64(PHONE_PNG), "width": 12, "height": 16,
                                         "text_px": 9.5}}
    nb.cells = [
        nbformat.v4.new_code_cell(outputs=[
            nbformat.v4.new_output("stream", text="hello\n"),
            image_output(FIRST, 'Loss "curves" & more'),
        ]),
        nbformat.v4.new_markdown_cell("![a photo](photo.png)"),
        nbformat.v4.new_code_cell(metadata={"tags": ["keep-colors"]}, outputs=[
            image_output(SECOND, "<Figure size 640x480 with 1 Axes>",
                         **{"application/vnd.toynn.screens+json": drawn}),
        ]),
    ]
    found = figures.NotebookFigures.place(nb)
    first, second = (cell.outputs[-1] for cell in (nb.cells[0], nb.cells[2]))
    # each image output is now HTML only, which mkdocs-jupyter shows as it is
    assert set(first.data) == set(second.data) == {"text/html"}
    assert nb.cells[0].outputs[0].text == "hello\n"
    one, two = IMG.findall(first.data["text/html"] + second.data["text/html"])
    assert attribute(one, "alt") == 'Loss "curves" & more'
    assert 'alt="Loss &quot;curves&quot; &amp; more"' in one
    assert attribute(two, "alt") is None  # matplotlib's repr is no description
    assert [attribute(tag, "src") for tag in (one, two)] == [f.image.name for f in found.figures]
    assert [attribute(tag, "width") for tag in (one, two)] == ["30", "8"]
    assert [attribute(tag, "loading") for tag in (one, two)] == [None, "lazy"]
    assert attribute(one, "class") == "toynn-figure"
    assert attribute(two, "class") == "toynn-figure toynn-keep-colors"
    assert attribute(two, "data-text-px") == "10.5"
    # the phone drawing is offered to narrow screens
    source = re.search(r"<source\b[^>]*>", second.data["text/html"])[0]
    assert attribute(source, "media") == "(max-width: 600px)"
    assert attribute(source, "srcset") == found.figures[1].phone.name
    assert (attribute(source, "width"), attribute(source, "data-text-px")) == ("12", "9.5")
    assert [image.data for image in found.images] == [FIRST, SECOND, PHONE_PNG]


def test_a_figure_file_is_named_by_its_content():
    named = [figures.Image(data, ".png", 1, 1).name for data in (FIRST, FIRST, SECOND)]
    assert named[0] == named[1] != named[2]
    assert re.fullmatch(r"fig-[0-9a-f]{16}\.png", named[0])


def test_the_headline_is_the_first_figure_of_the_tagged_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(outputs=[image_output(SECOND, "Not this one.")]),
        nbformat.v4.new_code_cell(metadata={"tags": ["headline"]}, outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": "<b>table</b>",
                                                         "image/png": b64(SECOND)}),
            nbformat.v4.new_output("display_data", data={"image/png": b64(FIRST),
                                                         "text/plain": "Loss curves."},
                                   metadata={"image/png": {"width": 15}}),
        ]),
    ]
    found = figures.NotebookFigures.place(nb)
    # the HTML output is shown as HTML; Jupyter's display width is kept
    assert [(f.alt, f.image.width, f.image.height) for f in found.figures] == [
        ("Not this one.", 8, 4), ("Loss curves.", 15, 10)]
    assert found.headline_cells == 1
    assert found.headline.figure.alt == "Loss curves."
    assert found.headline.files("tiny") == {"tiny.png": FIRST}


def test_missing_headlines_are_named():
    markdown = dedent("""
        ![a](assets/headlines/one.png) ![b](../assets/headlines/two.png)
    """)
    shown = {"one": figures.Headline(figures.Figure(figures.Image(FIRST, ".png", 30, 20),
                                                      None, "alt"))}
    assert figures.missing_headlines(markdown, shown) == ["two"]
