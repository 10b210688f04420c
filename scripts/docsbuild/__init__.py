"""Build machinery for the toynn documentation site.

MkDocs loads `hooks.py` (named in `mkdocs.yml`); the hook wires these modules together:

- `settings`: where things live and the knobs of a build (timeout, threads, parallel kernels).
- `cache`: the cache key of an executed tutorial and the folder that keeps the results.
- `execute`: run one tutorial in a fresh ipykernel and return the executed notebook.
- `pages`: post-process a rendered notebook page (API links, downloads, provenance, CSS).
- `mathjax`: vendor MathJax from the npm registry for offline math.
- `report`: the execution-time table printed at the end of every build.

docs/run-it-yourself.md describes the whole pipeline for readers and contributors.
"""
