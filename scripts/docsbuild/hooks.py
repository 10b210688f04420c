"""MkDocs hooks of the toynn site (named under `hooks:` in mkdocs.yml): one `DocsBuild`.

The build is a plain object, not a registered plugin: MkDocs finds plugins through entry
points of installed distributions, and this machinery is not part of the `toynets`
distribution. MkDocs treats a hooks module as a plugin whose events are its `on_*`
names, so these are the object's methods; `build.py` reads top to bottom.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # makes `docsbuild` importable

from docsbuild.build import DocsBuild  # noqa: E402

_build = DocsBuild()

on_startup = _build.on_startup
on_config = _build.on_config
on_files = _build.on_files
on_nav = _build.on_nav
on_page_markdown = _build.on_page_markdown
on_page_content = _build.on_page_content
on_env = _build.on_env
on_post_page = _build.on_post_page
on_post_build = _build.on_post_build
