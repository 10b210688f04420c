"""Interactive (plotly) figures of executed tutorials: data files beside the page.

A tutorial cell that shows a `plotly.graph_objects.Figure` (see `toynn.interactive`)
outputs the figure as JSON (`application/vnd.plotly.v1+json`; the kernel's renderer is set
in `kernel_startup.py`). Left in the page, that JSON would weigh hundreds of KB and
mkdocs-jupyter would want require.js for it. Instead:

- the figure's JSON, written compactly and with sorted keys (two builds give the same
  bytes), becomes `plot-<hash>.json` beside the page, like the PNG figures;
- the output becomes a placeholder, `<div class="toynn-plotly" data-src=...>`, holding the
  figure's description (`layout.meta.description`) as the text readers without
  JavaScript see and in `data-description`, which the script makes the figure's name
  (nbconvert drops `aria-*` attributes from outputs);
- `assets/javascripts/interactive.js` fetches the file when the figure is about to scroll
  into view, loads the vendored plotly.js (`plotly.json`, a manifest like `katex.json`)
  on the first such figure, and draws it, with an HTML slider and play button. A page
  whose figures are all 2-D names the smaller 2-D bundle (`plotly-basic.json`) in
  `data-bundle`: 1.19 MB of script instead of 1.75.

A figure over `MAX_BYTES` fails the build: a page stays quick to load.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html as html_lib
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

MIME = "application/vnd.plotly.v1+json"
MAX_BYTES = 400_000
MANIFEST = Path(__file__).with_name("plotly.json")
PLOTLY_DIR = "assets/plotly"
SCRIPT = "plotly-gl3d.min.js"  # the served name of the manifest's one script
# The 2-D bundle, 0.56 MB lighter: pages whose figures are all 2-D load it instead.
BASIC_MANIFEST = Path(__file__).with_name("plotly-basic.json")
BASIC_SCRIPT = "plotly-basic.min.js"
# Trace types the basic bundle has (what toynn.interactive draws in 2-D).
BASIC_TRACES = {"scatter", "bar", "pie"}


class InteractiveFigureError(Exception):
    """An interactive figure breaks the rules above."""


@dataclass(frozen=True)
class InteractiveFigure:
    """One plotly output of a notebook.

    Attributes:
        data: The figure as compact JSON bytes.
        description: What it shows, in words (from `layout.meta.description`), or None.
        height: Its height in CSS pixels (`layout.height`), reserved before it is drawn.
        bundle: The plotly.js bundle its page loads: "basic" where every figure of the page
            draws only `BASIC_TRACES`, else "gl3d" (one bundle per page).
    """

    data: bytes
    description: str | None
    height: int
    bundle: str = "gl3d"

    @property
    def name(self) -> str:
        """Its file name beside the page: `plot-<hash of its bytes>.json`."""
        return f"plot-{hashlib.sha256(self.data).hexdigest()[:16]}.json"

    def placeholder(self) -> str:
        """The HTML the page shows in place of the output, until the script draws it."""
        text = html_lib.escape(self.description or "An interactive figure.", quote=True)
        return (f'<div class="toynn-plotly" data-src="{self.name}" role="figure" '
                f'data-bundle="{self.bundle}" '
                f'data-description="{text}" style="min-height: {self.height}px">'
                f'<p class="toynn-plotly__fallback">{text} (Interactive: it needs '
                "JavaScript.)</p></div>")


def extract(nb: nbformat.NotebookNode, label: str) -> list[InteractiveFigure]:
    """Replace every plotly output of `nb` by its placeholder; return the figures in order.

    Raises:
        InteractiveFigureError: A figure is larger than `MAX_BYTES`.
    """
    found, outputs = [], []
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            figure_json = output.get("data", {}).get(MIME)
            if figure_json is None:
                continue
            data = json.dumps(figure_json, sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode()
            if len(data) > MAX_BYTES:
                raise InteractiveFigureError(
                    f"{label}: cell {number}: the interactive figure takes "
                    f"{len(data) / 1000:.0f} KB, over the {MAX_BYTES // 1000} KB a page may "
                    "load per figure: draw fewer points or keep fewer snapshots")
            layout = figure_json.get("layout", {})
            meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
            traces = {trace.get("type", "scatter") for trace in figure_json.get("data", [])}
            figure = InteractiveFigure(data, meta.get("description"),
                                       int(layout.get("height") or 450),
                                       "basic" if traces <= BASIC_TRACES else "gl3d")
            found.append(figure)
            outputs.append(output)
    if any(figure.bundle == "gl3d" for figure in found):  # one bundle per page
        found = [dataclasses.replace(figure, bundle="gl3d") for figure in found]
    for figure, output in zip(found, outputs):
        output.data = nbformat.from_dict({"text/html": figure.placeholder()})
        output.metadata = nbformat.from_dict({})
    return found
