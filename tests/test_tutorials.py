"""Each tutorial runs as a plain Python script (smaller knobs) and reaches its key outcomes."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib
import pytest

import toynn

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TUTORIALS = Path(__file__).resolve().parents[1] / "docs" / "tutorials"
ALLOWED_IMPORTS = {"math", "matplotlib", "numpy", "torch", "toynn"}
PAGES = sorted(path.stem for path in TUTORIALS.glob("*.py"))


def cells(name: str) -> list[tuple[str, str]]:
    """The (header, code) of every cell of a Jupytext percent-format tutorial."""
    parts = re.split(r"^(# %%.*)$", (TUTORIALS / f"{name}.py").read_text(), flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


def run_tutorial(name: str, **knobs) -> dict:
    """Execute a tutorial's code cells in one namespace, overriding knobs after their cell.

    Smaller knobs can make the page's claims untrue, as they would for a reader who changed
    them; their `ClaimWarning`s are ignored here (the docs build runs the real knobs, where
    a failing claim is an error).
    """
    namespace: dict = {"__name__": f"tutorial_{name}"}
    knob_cells = [code for header, code in cells(name) if 'tags=["knobs"]' in header]
    assert len(knob_cells) == 1, f"{name}: expected exactly one knobs cell"
    for key in knobs:
        assert re.search(rf"^{key} = ", knob_cells[0], flags=re.M), f"{name} has no knob {key}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", toynn.ClaimWarning)
            for header, code in cells(name):
                if "[markdown]" in header:
                    continue
                exec(compile(code, f"{name}.py", "exec"), namespace)
                if 'tags=["knobs"]' in header:
                    namespace.update(knobs)
    finally:
        plt.close("all")
    return namespace


@pytest.mark.parametrize("name", PAGES)
def test_tutorial_imports_only_the_allowed_libraries(name):
    source = (TUTORIALS / f"{name}.py").read_text()
    imported = re.findall(r"^(?:import|from) ([\w]+)", source, flags=re.M)
    assert imported and set(imported) <= ALLOWED_IMPORTS


@pytest.mark.parametrize("name", PAGES)
def test_knobs_come_first(name):
    code_cells = [header for header, _ in cells(name) if "[markdown]" not in header]
    assert 'tags=["knobs"]' in code_cells[0]


def test_training_tutorial():
    ns = run_tutorial("training", CHECK_SEEDS=list(range(10)), LONGER_EPOCHS=300)
    assert [round(v, 4) for v in ns["bce"].tolist()] == [4.6052, 1.204, 0.6931, 0.0]
    assert sum(p.numel() for p in ns["model"].parameters()) == 9
    assert [n for n, _ in ns["holder"].named_parameters()] == ["module_list.0.weight",
                                                              "module_list.0.bias"]
    first = ns["first_history"]
    assert 0.68 < first.losses[0] < 0.72 and 0.55 < first.final_loss < first.losses[0]
    assert ns["gap"] < 1e-5  # toynn.fit reproduces the written-out loop
    assert ns["best_first"] > 0.5  # the first run fails for every seed checked
    assert ns["on_logits"] == pytest.approx(40.0)
    assert ns["via_probability"] == pytest.approx(100.0)
    assert ns["sgd"][-1] > ns["adam"][-1]


def test_classification_tutorial():
    ns = run_tutorial("classification", EPOCHS=2_000, LR=1e-2, RELU_WIDTHS=[3],
                      SNAPSHOTS=10)
    final = {w: h.final_loss for w, h in ns["histories"].items()}
    assert final[1] > 0.4 and final[2] > 0.15 and final[3] < 0.05 and final[5] < 0.05
    assert toynn.count_regions(ns["model3"], ns["grid"]) == 7
    W, _ = toynn.hidden_lines(ns["model3"])
    assert W.shape == (3, 2)
    assert ns["relu"][3].final_loss < ns["histories"][2].final_loss
    assert ns["accuracy"][3] == 1.0 > ns["accuracy"][2]
    assert ns["open_region"] == {2: True, 3: False}
    assert ns["longer"].final_loss > 0.1  # width 2 is not just slow


def test_hidden_space_tutorial():
    ns = run_tutorial("hidden-space", EPOCHS=2_000, LR=1e-2, SNAPSHOTS=10)
    assert ns["ring2"] > 0 and ns["ring3"] == 0  # the disc's corner is its own at 3
    assert ns["right3"] == 1.0
    assert ns["at_start"] < ns["at_end"]  # saturation sends points to the corners
    assert len(ns["triples"]) == 10  # 3-of-5 views
    assert toynn.count_regions(ns["net5"], ns["grid"]) <= 16


def test_held_out_tutorial():
    ns = run_tutorial("held-out")
    assert ns["gain"] > 0.05 and ns["honest_gain"] < ns["gain"]  # early stopping helps
    assert ns["learned"]["end"] == ns["n_flipped"] > ns["learned"]["early"]


def test_one_unit_tutorial():
    ns = run_tutorial("one-unit", SWEEP_SEEDS=[0, 1, 2], EPOCHS=500)
    # the unit switches on its line: h = 0.5 at the foot, on beyond it
    assert abs(ns["h"][1].item() - 0.5) < 1e-6 and ns["h"][0] < 0.5 < ns["h"][2]
    undecided = ns["undecided"].tolist()
    assert undecided == sorted(undecided, reverse=True) and undecided[-1] < 0.05
    assert ns["n_lines"] == [3, 9] and abs(ns["same_picture"]) > 0.999
    # one line cannot hold the disc, whatever the seed or the activation
    assert 0.5 <= ns["best"] < 0.8 and ns["relu_best"] < 0.8
    assert ns["one_side_of_a_line"](ns["one"])
    assert bool((ns["h_flipped"] > 0.5).eq(ns["h_data"] < 0.5).all())


def test_by_hand_tutorial():
    ns = run_tutorial("by-hand")
    assert ns["hand_accuracy"] == 1.0 and ns["hand_loss"] < 1e-3
    assert ns["hand_regions"] == 7
    assert toynn.count_regions(ns["by_hand"], ns["plane"]) == 7
    # two lines: four unbounded regions, and ring points in the disc's wedge
    assert len(ns["two_codes"]) == 4 and ns["edge_codes"] == ns["two_codes"]
    assert ns["two_wrong"] > 0 and ns["two_accuracy"] < 1.0
    assert ns["moved"][0.9] < 1.0 and ns["moved"][1.8] < 1.0
    assert ns["soft_centre"] > 0


def test_regression_tutorial():
    # The main run keeps its length; the sweeps are shortened.
    ns = run_tutorial("regression", SWEEP_EPOCHS=300, SWEEP_SEEDS=[0, 1],
                      SWEEP_WIDTHS=[1, 3, 10, 20, 40])
    history = ns["history"]
    assert 1.0 < history.losses[0] < 1.7 and history.final_loss < 0.5 * history.losses[0]
    assert len(ns["staircase"].unique()) <= ns["WIDTH"] + 1
    assert ns["result"].final_losses.shape == (5, 2)
    assert ns["left"] < ns["right"]
    assert ns["turns"] == 18 and ns["crossings"] == 19  # of sin(3x) exp(-x/8) on the grid
    v, _ = toynn.output_weights(ns["model"])
    assert ns["v"].tolist() == v.tolist()
    # Bumps built by hand (no training): exact steps, heights of the curve, and an error
    # that falls with the number of bumps, to zero on the data with one bump per point.
    steep, shallow = ns["tops"].values()
    assert steep == pytest.approx((2.0, 2.0), abs=0.01)
    assert shallow[0] == pytest.approx(2.0, abs=0.01) and shallow[1] > 8
    mse = ns["hand_mse"]
    assert mse[20] > ns["flat"] > mse[200] and mse[200] < 0.05 and ns["exact_mse"] < 1e-6
    assert ns["soft_mse"][20] < mse[200] < ns["soft_mse"][2]  # softer steps (Try this)


def test_squared_error_tutorial():
    # The compared runs keep their length; the width sweep is shortened.
    ns = run_tutorial("squared-error", SWEEP_EPOCHS=300, SWEEP_SEEDS=[0, 1],
                      SWEEP_WIDTHS=[1, 3, 10, 20, 40])
    assert ns["left"] < ns["right"] and ns["flip_right"] < ns["flip_left"]
    assert round(ns["peak_ratio"], 1) == 3.7 and round(ns["power_ratio"], 1) == 12.7
    # the weighted loss moves the thresholds to the right
    units_right = ns["units_right"]
    assert units_right["weighted by e^(x/4)"] > units_right["squared error"]
    assert ns["errors"].shape == (5, 2, 2)  # (width, seed, left/right)


def test_staircase_tutorial():
    # The trained net keeps its length; the sweep is shortened.
    ns = run_tutorial("staircase", SWEEP_EPOCHS=300, SWEEP_SEEDS=[0, 1],
                      SWEEP_WIDTHS=[10, 20])
    # Built by hand: steps and smooth agree, and every |v_i| is a height of the curve.
    assert ns["step_gap"](ns["fine"]) < 1e-3 and ns["v_fine"].abs().max() < 3.5
    # Trained: output weights far above the waves, a staircase far beyond the data.
    assert ns["v"].abs().max() > 7 * ns["peak"]
    assert ns["step_high"] - ns["step_low"] > 3 * (ns["smooth_high"] - ns["smooth_low"])
    assert ns["sweep_ramps"].shape == (2 * (10 + 20),)
    # Trained from the construction, the net stays tidy (Try this).
    assert ns["trained_fine"].final_loss < ns["fine_error"] / 100
    assert ns["v_trained"].abs().max() < 1.5 * ns["v_fine_max"]


def test_statistics_tutorial():
    ns = run_tutorial("statistics", SEEDS=list(range(8)), WIDTHS=[2, 3], EPOCHS=1_000)
    sigmoid, relu = ns["results"]["sigmoid"], ns["results"]["relu"]
    assert sigmoid.final_losses.shape == relu.final_losses.shape == (2, 8)
    rate, low, high = sigmoid.success_rate(ns["THRESHOLD"])
    assert rate[0] == 0 and rate[1] >= 0.75  # width 2 never works, width 3 almost always
    assert float(ns["single"].final_loss) == pytest.approx(float(sigmoid.final_losses[1, 0]),
                                                          abs=1e-4)


def test_depth_tutorial():
    ns = run_tutorial("depth", SEEDS=list(range(8)), DEPTHS=[1, 2], EPOCHS=1_000,
                      POINTS_PER_BAND=60, TARGET_EPOCHS=600, TRY_SEEDS=[0, 1])
    deeper, wider = ns["deeper"], ns["wider"]
    assert deeper.depths == [1, 2] and deeper.final_losses.shape == (2, 8)
    assert deeper.success(ns["THRESHOLD"]).sum() == 0  # width 2 never works, at any depth
    assert wider.success_rate(ns["THRESHOLD"])[0].item() >= 0.75
    assert ns["relu_fenced"] == 0  # ReLU's regions leak out too
    # A width-2 layer, then a width-3 one, set by hand: the disc's region is closed.
    assert ns["wide_right"] == 1 and ns["fenced_by_hand"]
    # The target built by hand: 37 parameters, two layers, every point right.
    assert ns["n_parameters"] == 37 and bool(ns["target_hand_accuracy"].all())
    sizes = {name: sum(p.numel() for p in result.model(result.widths[0], 0).parameters())
             for name, result in ns["targets"].items()}
    assert set(sizes.values()) == {37} and len(sizes) == 3


def test_depth_gap_tutorial():
    ns = run_tutorial("depth-gap", SEEDS=list(range(8)), DEPTHS=[1, 2], EPOCHS=1_000)
    # Every width-2 region leaks out through the ring, collapsed layers or not.
    assert ns["fenced"] == [0, 0]
    assert (ns["train_right"] < 1).all()
    assert all(b <= a for a, b in zip(ns["saturating"], ns["saturating_64"]))
    # The collapse's twin: a shallower net that predicts like the best deep run.
    assert ns["twin"].depth == ns["collapse"]


@pytest.mark.parametrize("name", PAGES)
def test_code_lines_fit_a_code_block_without_scrolling(name):
    code = [line for header, cell in cells(name) if "[markdown]" not in header
            for line in cell.splitlines()]
    assert max(map(len, code)) <= 79


@pytest.mark.parametrize("name", PAGES)
def test_outputs_hold_no_wall_clock_times(name):
    # two builds must print the same numbers; run times belong to the provenance line
    assert ".seconds" not in (TUTORIALS / f"{name}.py").read_text()


@pytest.mark.parametrize("name", PAGES)
def test_every_tutorial_checks_its_claims_in_folded_cells(name):
    claim_cells = [code for header, code in cells(name) if 'tags=["claims"]' in header]
    assert sum(code.count("toynn.check_claim(") for code in claim_cells) >= 5
    # every check sits in a cell the site folds away
    others = [code for header, code in cells(name) if 'tags=["claims"]' not in header]
    assert not any("check_claim(" in code for code in others)
