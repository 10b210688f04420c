// Renders TeX to HTML for the docs build (mathml.py runs it with Node.js; this script and
// katex.js never reach the site): KaTeX's HTML, which katex.min.css and its fonts lay out,
// with a MathML copy that screen readers read. Usage: node katex_render.js <path of katex.js>, with a JSON array of
// {"tex": ..., "display": true|false} on stdin; writes a JSON array of {"html": ...} or
// {"error": ...}, one per formula, in order, on stdout.
"use strict";

const katex = require(process.argv[2]);

function render({ tex, display }) {
  try {
    return {
      html: katex.renderToString(tex, {
        output: "htmlAndMathml",
        displayMode: display,
        throwOnError: true,
        strict: "ignore",
      }),
    };
  } catch (err) {
    return { error: err.message };
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(render))));
