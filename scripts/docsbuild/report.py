"""The per-build table of tutorial execution times (like sphinx-gallery's), and its reader."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .tutorial import Tutorial

# A tutorial's row, wherever the log puts it (MkDocs prefixes `INFO    -  `).
_ROW = re.compile(r"(?P<label>\S+\.py)  +[\d.]+  (?P<status>executed|cached)$", re.MULTILINE)


def report_lines(tutorials: Sequence[Tutorial], wall_seconds: float, jobs: int) -> list[str]:
    """The report, one string per line: a row per tutorial, then the totals."""
    if not tutorials:
        return ["Tutorials: none found"]
    width = max(len(tutorial.label) for tutorial in tutorials)
    lines = ["Tutorial execution (seconds; 'cached' shows the time of the run it reuses):"]
    for tutorial in tutorials:
        status = "executed" if tutorial.executed else "cached"
        lines.append(f"  {tutorial.label:<{width}}  {tutorial.seconds:8.2f}  {status}")
    executed = [tutorial for tutorial in tutorials if tutorial.executed]
    total = sum(tutorial.seconds for tutorial in executed)
    lines.append(
        f"  {len(executed)} executed, {len(tutorials) - len(executed)} cached: "
        f"{total:.2f} s of execution in {wall_seconds:.2f} s wall "
        f"(up to {jobs} kernel{'s' if jobs > 1 else ''} at once)"
    )
    return lines


def read_statuses(build_log: str) -> dict[str, str]:
    """{tutorial label: 'executed' or 'cached'}, read from the report in a build's log."""
    return {match["label"]: match["status"] for match in _ROW.finditer(build_log)}
