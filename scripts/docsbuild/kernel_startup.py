# Runs silently in every docs kernel before a tutorial's first cell (it is not shown on the
# page and defines no names). It only fixes how figures are encoded: PNG via the inline
# backend, tight bounding box (the inline default), and no "Software: matplotlib x.y" text
# chunk, so a figure's bytes depend on what it draws, not on the matplotlib release.
get_ipython().run_line_magic("matplotlib", "inline")  # noqa: F821 (IPython builtin)
get_ipython().run_line_magic("config", "InlineBackend.figure_formats = ['png']")  # noqa: F821
get_ipython().run_line_magic(  # noqa: F821
    "config",
    "InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Software': None}}",
)
