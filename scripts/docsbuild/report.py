"""The per-build table of tutorial execution times (like sphinx-gallery's)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class TutorialRun:
    """How one tutorial's executed notebook was obtained in this build.

    Attributes:
        label: The tutorial's path relative to the project (used in messages).
        source: The tutorial file.
        key: Its cache key.
        notebook: The executed notebook (a cache entry).
        seconds: Execution time of the run that produced `notebook` (this build's or an
            earlier one's, on a cache hit).
        hit: Whether the notebook came from the cache.
        versions: Library versions the kernel had imported (`toynn`, `torch`).
    """

    label: str
    source: Path
    key: str
    notebook: Path
    seconds: float
    hit: bool
    versions: dict[str, str | None]


def report_lines(runs: list[TutorialRun], wall_seconds: float, jobs: int) -> list[str]:
    """The report, one string per line."""
    if not runs:
        return ["Tutorials: none found"]
    width = max(len(run.label) for run in runs)
    lines = ["Tutorial execution (seconds; 'cached' shows the time of the run it reuses):"]
    for run in runs:
        status = "cached" if run.hit else "executed"
        lines.append(f"  {run.label:<{width}}  {run.seconds:8.2f}  {status}")
    executed = [run for run in runs if not run.hit]
    total = sum(run.seconds for run in executed)
    lines.append(
        f"  {len(executed)} executed, {len(runs) - len(executed)} cached: "
        f"{total:.2f} s of execution in {wall_seconds:.2f} s wall "
        f"(up to {jobs} kernel{'s' if jobs > 1 else ''} at once)"
    )
    return lines
