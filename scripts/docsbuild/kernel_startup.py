# Runs silently in every docs kernel before a tutorial's first cell (it is not shown on the
# page and leaves no names behind). It fixes how figures are encoded: PNG via the inline backend,
# tight bounding box (the inline default), and no "Software: matplotlib x.y" text chunk, so
# a figure's bytes depend on what it draws, not on the matplotlib release. And it makes a
# figure's text/plain representation its description, `toynn.plots.describe(fig)`, which
# the build turns into the figure's alt text (figures.py); matplotlib's repr is kept where
# the library has no `describe` (the stand-in library of the build tests).
# The PNG of each figure shown is also handed to the memo (`memo.py`): the formatter the
# inline backend registers is `pylabtools.print_figure` as it is when it registers it.
def _toynn_keep_pngs():
    from IPython.core import pylabtools
    from toynn_docs_memo import keeping_pngs

    pylabtools.print_figure = keeping_pngs(pylabtools.print_figure)


_toynn_keep_pngs()
del _toynn_keep_pngs
get_ipython().run_line_magic("matplotlib", "inline")  # noqa: F821 (IPython builtin)
get_ipython().run_line_magic("config", "InlineBackend.figure_formats = ['png']")  # noqa: F821
get_ipython().run_line_magic(  # noqa: F821
    "config",
    "InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Software': None}}",
)


def _toynn_describe(fig, printer, cycle):
    try:
        from toynn.plots import describe
    except ImportError:  # a library without it (the build tests' stand-in)
        describe = repr
    printer.text(describe(fig))


get_ipython().display_formatter.formatters["text/plain"].for_type_by_name(  # noqa: F821
    "matplotlib.figure", "Figure", _toynn_describe
)
del _toynn_describe


# Each figure drawn again for the screens it would be illegible on (a desktop column, a
# phone), as an output of its own, `application/vnd.toynn.screens+json`, which no renderer
# shows and the build turns into the page's `<picture>` (figures.py). `screens.py` does the
# drawing; the executor loads it as the module `toynn_docs_screens` before this code runs.
# Formatters run in the order they were added, so this one sees the figure as drawn; with
# the memo, an unchanged figure takes its drawings from an earlier run.
def _toynn_screens():
    from IPython.core.formatters import BaseFormatter
    from toynn_docs_memo import remembered_drawings
    from toynn_docs_screens import MIME, drawings
    from traitlets import ObjectName, Unicode

    class ScreensFormatter(BaseFormatter):
        format_type = Unicode(MIME)
        print_method = ObjectName("_repr_toynn_screens_")
        _return_type = dict

    formatters = get_ipython().display_formatter.formatters  # noqa: F821
    formatter = ScreensFormatter(parent=get_ipython().display_formatter)  # noqa: F821
    formatter.for_type_by_name("matplotlib.figure", "Figure", remembered_drawings(drawings))
    formatters[MIME] = formatter


_toynn_screens()
del _toynn_screens

# With a memo folder, `toynn.fit` and `toynn.sweep` keep their results (`memo.py`).
try:
    import toynn as _toynn
except Exception:  # no library, or a broken one: the tutorial's own import will say so
    pass
else:
    __import__("toynn_docs_memo").install(_toynn)
    del _toynn

# plotly figures (toynn.interactive) as their JSON only, which the build turns into data
# files beside the page (interactive.py); the default would add plotly.js to the notebook.
try:
    import plotly.io as _pio
except ImportError:  # a library without interactive figures (the build tests' stand-in)
    pass
else:
    _pio.renderers.default = "plotly_mimetype"
    del _pio

# A claim a page makes about its results that does not hold (`toynn.check_claim`) warns in
# a reader's notebook; in the build it is an error, so the page fails instead of going stale.
import warnings as _warnings  # noqa: E402

try:
    from toynn.claims import ClaimWarning as _ClaimWarning
except ImportError:  # a library without claims (the build tests' stand-in)
    pass
else:
    _warnings.simplefilter("error", _ClaimWarning)
    del _ClaimWarning
del _warnings
