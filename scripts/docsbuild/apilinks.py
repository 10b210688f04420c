"""Link `toynn.<name>` on notebook pages to the API reference.

Autorefs cannot see inside notebook pages (mkdocs-jupyter #236), so we do its first half
ourselves: each `toynn.<name>` becomes an `<autoref>` element naming the object's
canonical path (`toynn.fit` → `toynn.training.fit`), which mkdocs-autorefs then turns into
a relative link to the anchor mkdocstrings made for it, exactly as in Markdown pages.

Names are resolved statically with griffe (what mkdocstrings uses), from the project's own
library folder, without importing it.

`public_aliases` serves the Markdown side: mkdocstrings registers `toynn.MLP` (the
re-export) but not `toynn.MLP.reset_parameters`, so a docstring that cross-references a
member by its public path finds nothing; `register_public_paths` registers them all.

On notebook pages, two places are linked:

- an inline code span that is a name, or a call of one, in a markdown cell: `toynn.fit`,
  `toynn.fit()`, `toynn.MLP(2, width=3)`, `toynn.History.losses`. An unknown name there
  is reported (a warning: the build fails under `strict`), since prose that names a
  missing function is wrong;
- `toynn.<name>` in a code cell, when it resolves (code is checked by running it).
"""

from __future__ import annotations

import re
from pathlib import Path

import griffe

from .settings import PACKAGE

_CODE_SPAN = re.compile(
    rf"(?<!<pre>)<code>(?P<name>{PACKAGE}(?:\.[A-Za-z_]\w*)+)(?P<call>\([^<]*\))?</code>"
)
_CODE_NAME = re.compile(
    rf'<span class="n">{PACKAGE}</span><span class="o">\.</span>'
    r'<span class="n">(?P<attr>[A-Za-z]\w*)</span>'
)


class ApiNames:
    """Canonical paths of the library's public names, read from its sources by griffe."""

    def __init__(self, search_path: Path) -> None:
        self._search_path = search_path
        self._package: griffe.Object | None = None

    @property
    def package(self) -> griffe.Object:
        """The library, loaded (once) from the search path."""
        if self._package is None:
            self._package = griffe.load(
                PACKAGE, search_paths=[str(self._search_path)], try_relative_path=False
            )
        return self._package

    def canonical(self, name: str) -> str | None:
        """`toynn.fit` → `toynn.training.fit`; None if `name` does not exist."""
        if name == PACKAGE:
            return PACKAGE
        try:
            return self.package[name.removeprefix(PACKAGE + ".")].canonical_path
        except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None

    def object_paths(self) -> list[str]:
        """The canonical path of every object the library defines (aliases left out)."""
        paths, todo = [], [self.package]
        while todo:
            obj = todo.pop()
            paths.append(obj.path)
            todo.extend(member for member in obj.members.values() if not member.is_alias)
        return paths

    def public_aliases(self) -> dict[str, str]:
        """{public path: canonical path} for the members of re-exported names.

        For example `toynn.MLP.reset_parameters` → `toynn.models.MLP.reset_parameters`.
        """
        aliases = {}
        for name in self.package.exports or ():
            try:
                target = self.package[name].final_target
            except (KeyError, AttributeError, griffe.AliasResolutionError):
                continue
            for member in target.members.values():
                if not member.name.startswith("_"):
                    aliases[f"{PACKAGE}.{name}.{member.name}"] = member.canonical_path
        return aliases

    def register_public_paths(self, autorefs) -> None:
        """Register every `public_aliases` path in the API reference with `autorefs`.

        `autorefs` is mkdocs-autorefs' plugin; paths it does not know are left out.
        """
        for alias, canonical in self.public_aliases().items():
            try:
                url, _ = autorefs.get_item_url(canonical)
            except KeyError:  # not in the API reference
                continue
            autorefs.register_url(alias, url)


def link_names(html: str, names: ApiNames) -> tuple[str, list[str]]:
    """Wrap `toynn.<name>` in autorefs elements; return the HTML and the unknown names."""
    unknown: list[str] = []

    def span(match: re.Match) -> str:
        name, call = match["name"], match["call"] or ""
        if "._" in name:  # private or dunder (`toynn.__version__`): not in the reference
            return match[0]
        target = names.canonical(name)
        if target is None:
            unknown.append(name)
            return match[0]
        return f'<autoref identifier="{target}"><code>{name}{call}</code></autoref>'

    def code_name(match: re.Match) -> str:
        target = names.canonical(f"{PACKAGE}.{match['attr']}")
        if target is None:
            return match[0]
        return f'<autoref identifier="{target}" optional>{match[0]}</autoref>'

    html = _CODE_SPAN.sub(span, html)
    html = _CODE_NAME.sub(code_name, html)
    return html, unknown
