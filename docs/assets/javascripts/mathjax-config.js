// MathJax 3 configuration (loaded before the vendored assets/mathjax/tex-mml-chtml.js).
// Typesets math in two kinds of containers and nowhere else:
// - .arithmatex: math in Markdown pages (pymdownx.arithmatex, generic mode: \( \) and \[ \]);
// - .jp-RenderedMarkdown: notebook markdown cells, which keep the author's $…$ and $$…$$.
// Inside them, MathJax skips code and pre as usual, so `$x$` in a code span stays as typed.
const toynnMathContainers = [".arithmatex", ".jp-RenderedMarkdown"];

window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  startup: {
    elements: toynnMathContainers,
  },
};

// Material's instant navigation swaps the page content without reloading scripts.
document$.subscribe(() => {
  if (!window.MathJax.typesetPromise) return; // first page: MathJax typesets when it loads
  MathJax.startup.output.clearCache();
  MathJax.typesetClear();
  MathJax.texReset();
  MathJax.typesetPromise(toynnMathContainers);
});
