"""Figures on the site: alt text from `toynn.describe`, and the home page's headline figures
(scripts/docsbuild/figures.py, kernel_startup.py)."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import io
import re

import nbformat
import numpy as np
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
    assert [pixels(image.data) for image in found.images] == [
        pixels(FIRST), pixels(SECOND), pixels(PHONE_PNG)]


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def test_pngs_are_stored_with_a_palette_and_look_the_same():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot(range(10), [v * v for v in range(10)], label="a curve")
    ax.scatter(range(10), range(10), c=range(10), cmap="viridis")
    ax.legend()
    drawn = io.BytesIO()
    fig.savefig(drawn, format="png")
    plt.close(fig)
    data = drawn.getvalue()
    small = figures.compact(data)
    assert len(small) < 0.6 * len(data)
    with Image.open(io.BytesIO(small)) as image:
        assert image.mode == "P" and image.size == Image.open(io.BytesIO(data)).size
    before = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=int)
    after = np.asarray(Image.open(io.BytesIO(small)).convert("RGB"), dtype=int)
    assert np.abs(before - after).mean() < 1  # the same picture, to the eye
    # a figure with see-through parts keeps them
    clear = io.BytesIO()
    Image.new("RGBA", (8, 8), (10, 20, 30, 0)).save(clear, format="PNG")
    assert figures.compact(clear.getvalue()) == clear.getvalue()


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


# --- Drawings per screen (screens.py) -----------------------------------------------------


def two_maps(width: float = 10, legends: bool = True):
    """Two square maps side by side, each with a colour bar (and a wide legend below)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(width, width * 0.45), layout="constrained")
    for ax in axes:
        image = ax.imshow(np.arange(100.0).reshape(10, 10))
        fig.colorbar(image, ax=ax, label="P(class 1)")
        ax.plot([0, 9], [0, 9], label="P = 0.5")
        ax.scatter([2, 3], [4, 5], label="class 0")
        ax.scatter([6, 7], [1, 2], label="class 1")
        ax.set_title("trained to the end: test accuracy 76%")
        if legends:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3,
                      frameon=False)
    return fig


def settled_places(fig) -> np.ndarray:
    """Where the axes are once the constrained layout has settled (it moves a little
    with each of the first draws when legends sit outside the axes)."""
    for _ in range(4):
        fig.draw_without_rendering()
    return np.array([ax.get_position().bounds for ax in fig.axes])


def drawn_size(drawing: dict) -> tuple[int, int]:
    with Image.open(io.BytesIO(base64.b64decode(drawing["png"]))) as image:
        assert image.size == (drawing["width"], drawing["height"])
        return image.size


def test_a_small_figure_is_legible_as_drawn_on_every_screen():
    import matplotlib.pyplot as plt
    from docsbuild import screens

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [1, 0])
    found = screens.drawings(fig)
    plt.close(fig)
    assert found["desktop"] is None and found["phone"] is None
    assert found["text_px"] == pytest.approx(10 * 100 / 72, abs=0.01)  # 10 pt at 100 dpi


def test_a_wide_two_panel_figure_is_stacked_for_the_phone_and_put_back():
    import matplotlib.pyplot as plt
    from docsbuild import screens

    fig = two_maps()
    size = tuple(fig.get_size_inches())
    places = settled_places(fig)
    found = screens.drawings(fig)
    phone = found["phone"]
    width, height = drawn_size(phone)
    # at the phone's column width its smallest text is legible: stacked, one map a row
    assert screens.PHONE.column_px * phone["text_px"] / width >= screens.PHONE.min_text_px
    assert height > width
    desktop = found["desktop"]
    width, _ = drawn_size(desktop)
    assert screens.DESKTOP.column_px * desktop["text_px"] / width >= 11
    # the figure itself is as it was
    assert tuple(fig.get_size_inches()) == size
    assert np.allclose(settled_places(fig), places, atol=1e-5)
    plt.close(fig)


def test_panels_are_never_squeezed_to_nothing_to_make_room_for_text():
    """Shrunk in place, the wide legends would leave the maps a few pixels wide; the desktop
    drawing stacks them instead."""
    import matplotlib.pyplot as plt
    from docsbuild import screens

    import toynn

    X, y = toynn.make_rings(100, seed=0)
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 4.2), layout="constrained")
    for ax in axes:  # the held-out page's figure, whose legends sit below the maps
        toynn.plot_decision_regions(toynn.MLP(2, width=3, seed=0), X, y, ax=ax)
        ax.set_title("trained to the end: test accuracy 76%")
    desktop = screens.fitted(fig, screens.DESKTOP)
    plt.close(fig)
    width, height = drawn_size(desktop)
    assert height > width  # stacked, each map as wide as the column allows
    assert width >= 0.9 * screens.DESKTOP.column_px * desktop["text_px"] / 11


def test_drawings_say_how_large_their_smallest_panel_is_and_stay_quiet():
    import warnings

    import matplotlib.pyplot as plt
    from docsbuild import screens

    fig = two_maps()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # layouts tried and rejected stay quiet
        found = screens.drawings(fig)
    assert found["panel_px"] > 200 and found["phone"]["panel_px"] > 150
    plt.close(fig)
