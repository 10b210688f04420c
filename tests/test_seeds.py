"""Every tutorial keeps every claim with other seeds than its own.

A reader is invited to change the knobs, the seeds first. Each tutorial runs here as a
plain script (scripts/seedcheck.py) with its seed knobs set to 1 and to 2, two at a time;
any `ClaimWarning`, any placeholder of its prose without a value and any exception is a
failure, listed in full.
"""

from __future__ import annotations

import pytest
import seedcheck
from conftest import ROOT

TUTORIALS = sorted(path.stem for path in (ROOT / "docs" / "tutorials").glob("*.py"))
SEEDS = [1, 2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runs() -> dict:
    """Every tutorial with every seed, run once for the module, two processes at a time."""
    done = seedcheck.run_all(TUTORIALS, SEEDS, jobs=2)
    return {(run.tutorial, run.seed): run for run in done}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("tutorial", TUTORIALS)
def test_every_claim_holds_with_another_seed(runs, tutorial, seed):
    run = runs[tutorial, seed]
    assert run.knobs, f"{tutorial} has no seed knob (a knob named *SEED or *SEEDS)"
    assert not run.failures, str(run)


def test_seed_knobs_move_to_fresh_seeds():
    knobs = "DATA_SEED = 100\nSEED = 0\nSEEDS = list(range(100))\nEPOCHS = 5\n"
    namespace = {"DATA_SEED": 100, "SEED": 0, "SEEDS": list(range(100)), "EPOCHS": 5}
    moved = seedcheck.seed_knobs(knobs, namespace, 2)
    assert moved == {"DATA_SEED": 2, "SEED": 2, "SEEDS": list(range(200, 300))}


def test_a_failing_claim_and_a_missing_value_are_both_reported(tmp_path, monkeypatch):
    (tmp_path / "planted.py").write_text(
        '# %% tags=["knobs"]\nSEED = 0\n\n'
        "# %%\nimport toynn\n\ntoynn.check_claim(SEED == 0, 'the seed is zero')\n\n"
        "# %% [markdown]\n# The loss is {{ loss:.2f }}.\n"
    )
    monkeypatch.setattr(seedcheck, "TUTORIALS", tmp_path)
    run = seedcheck.run("planted", 1)
    assert run.knobs == {"SEED": 1}
    assert run.failures == [
        "cell 3: placeholder {{ loss:.2f }}: NameError: name 'loss' is not defined",
        "claim does not hold: the seed is zero",
    ]
