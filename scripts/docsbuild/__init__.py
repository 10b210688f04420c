"""Build machinery for the toynn documentation site.

MkDocs loads `hooks.py` (named in `mkdocs.yml`), which hands it the event methods of one
`build.DocsBuild`; `build.py` is the whole flow of a build, top to bottom, calling:

- `settings`: where things live and the knobs of a build (timeout, threads, parallel kernels).
- `tutorial`: the record of one tutorial through a build, from cache decision to report.
- `cache`: the cache key of an executed tutorial and the folder that keeps the results.
- `execute`: run tutorials in fresh ipykernels and return the executed notebooks.
- `prose`: `{{ name:.3f }}` placeholders in the prose, filled from the run.
- `pages`: post-process a rendered notebook page (cells as Material markup, downloads,
  provenance line).
- `figures`: alt text for every figure, and each tutorial's headline figure.
- `apilinks`: link `toynn.<name>` to the API reference; public member paths for autorefs.
- `formulas`: math typeset when the site is built (KaTeX in Node.js), no script in the browser.
- `reading`: words of prose and reading times.
- `npm`: vendor packages from the npm registry (KaTeX, plotly.js).
- `report`: the execution-time table printed at the end of every build, and its reader.

docs/run-it-yourself.md describes the whole pipeline for readers and contributors.
"""
