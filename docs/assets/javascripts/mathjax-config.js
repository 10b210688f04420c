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

// A page without math may leave MathJax out (`mathjax: false`, e.g. the playground); if
// instant navigation then leads to a page with math, load MathJax from beside this script.
const toynnMathJaxScript = new URL("../mathjax/tex-mml-chtml.js", document.currentScript.src);

function toynnLoadMathJax() {
  if (document.readyState === "loading") return; // the page's own script tags are still coming
  if (document.querySelector('script[src$="mathjax/tex-mml-chtml.js"]')) return;
  if (!document.querySelector(toynnMathContainers.join(", "))) return;
  const script = document.createElement("script");
  script.src = toynnMathJaxScript.href;
  document.head.appendChild(script); // typesets the page's containers when it loads
}

// Material's instant navigation swaps the page content without reloading scripts.
document$.subscribe(() => {
  if (!window.MathJax.typesetPromise) return toynnLoadMathJax(); // it typesets as it loads
  MathJax.startup.output.clearCache();
  MathJax.typesetClear();
  MathJax.texReset();
  MathJax.typesetPromise(toynnMathContainers);
});
