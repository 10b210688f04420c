"""The docs kernel's memo (scripts/docsbuild/memo.py): kept results are exactly the results."""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import replace

import matplotlib
import pytest
import torch
from conftest import ROOT, dedent
from docsbuild import cache, execute, memo
from docsbuild.settings import Settings
from docsbuild.tutorial import plan

import toynn

matplotlib.use("Agg")


def counted(function):
    """`function`, counting its calls in `.calls`."""

    def call(*args, **kwargs):
        call.calls += 1
        return function(*args, **kwargs)

    call.calls = 0
    return call


@pytest.fixture
def rings():
    return toynn.make_rings(100, seed=0)


def test_a_kept_fit_returns_its_result_and_leaves_the_model_trained(tmp_path, rings):
    X, y = rings
    fit = counted(toynn.fit)
    kept = memo.remembered(fit, "fit", tmp_path)
    first_model, second_model = toynn.MLP(2, width=3), toynn.MLP(2, width=3)
    first = kept(first_model, X, y, loss="bce", lr=0.01, epochs=50, seed=0, snapshots=3)
    weights = second_model.hidden_layers[0].weight  # the tensor the model keeps
    second = kept(second_model, X, y, loss="bce", lr=0.01, epochs=50, seed=0, snapshots=3)

    assert fit.calls == 1  # with a seed, the weights a model starts from are redrawn
    assert second.losses == first.losses and second.seconds == first.seconds
    assert second.model is second_model  # the caller's model, trained in place
    assert second_model.hidden_layers[0].weight is weights
    for a, b in zip(first_model.state_dict().values(), second_model.state_dict().values()):
        assert torch.equal(a, b)
    assert list(second.snapshots) == list(first.snapshots)
    [entry] = tmp_path.iterdir()  # what the bench reads: the duration of each training
    kept_alone = memo.read_result(entry)
    assert kept_alone.seconds == first.seconds and kept_alone.model is None


def test_without_a_seed_the_weights_are_part_of_the_key(tmp_path, rings):
    X, y = rings
    fit = counted(toynn.fit)
    kept = memo.remembered(fit, "fit", tmp_path)
    a, b = toynn.MLP(2, width=2), toynn.MLP(2, width=2)
    a.reset_parameters(seed=1)
    b.reset_parameters(seed=2)
    first = kept(a, X, y, loss="bce", lr=0.01, epochs=20)
    second = kept(b, X, y, loss="bce", lr=0.01, epochs=20)
    assert fit.calls == 2 and first.losses != second.losses
    b.reset_parameters(seed=1)
    assert kept(b, X, y, loss="bce", lr=0.01, epochs=20).losses == first.losses
    assert fit.calls == 2


def test_a_kept_sweep_hits(tmp_path, rings):
    X, y = rings
    sweep = counted(toynn.sweep)
    kept = memo.remembered(sweep, "sweep", tmp_path)
    settings = dict(widths=[1, 2], seeds=range(3), loss="bce", lr=0.01, epochs=30)
    first, second = kept(X, y, **settings), kept(X, y, **settings)
    assert sweep.calls == 1
    assert torch.equal(first.final_losses, second.final_losses)
    assert kept(X, y, **{**settings, "epochs": 31}) is not None and sweep.calls == 2


def test_calls_the_key_cannot_describe_run_every_time(tmp_path, rings):
    X, y = rings
    fit = counted(toynn.fit)
    kept = memo.remembered(fit, "fit", tmp_path)

    def loss(out, target):
        return ((out - target) ** 2).mean()

    for _ in range(2):
        kept(toynn.MLP(2, width=2), X, y, loss=loss, lr=0.01, epochs=5, seed=0)
    assert fit.calls == 2 and not list(tmp_path.iterdir())


@pytest.mark.parametrize("draw", [lambda: torch.rand(1), lambda: random.random()])
def test_calls_that_draw_from_a_global_generator_are_not_kept(tmp_path, draw):
    def noisy(x):
        return draw()

    function = counted(noisy)
    kept = memo.remembered(function, "fit", tmp_path)
    kept(1), kept(1)
    assert function.calls == 2 and not list(tmp_path.iterdir())


def test_a_damaged_entry_is_a_miss(tmp_path, rings):
    X, y = rings
    fit = counted(toynn.fit)
    kept = memo.remembered(fit, "fit", tmp_path)
    kept(toynn.MLP(2, width=2), X, y, loss="bce", lr=0.01, epochs=5, seed=0)
    [entry] = tmp_path.iterdir()
    entry.write_bytes(b"not a pickle")
    history = kept(toynn.MLP(2, width=2), X, y, loss="bce", lr=0.01, epochs=5, seed=0)
    assert fit.calls == 2 and len(history.losses) == 5


def test_prune_keeps_what_the_run_used(tmp_path):
    folder = tmp_path / "stem" / "current"
    folder.mkdir(parents=True)
    (tmp_path / "stem" / "older").mkdir()
    used, unused = folder / "fit-a.pickle", folder / "fit-b.pickle"
    used.write_bytes(b"a")
    unused.write_bytes(b"b")
    past = time.time() - 100
    os.utime(unused, (past, past))
    memo.prune(folder, used_since=time.time() - 50)
    assert [p.name for p in (tmp_path / "stem").iterdir()] == ["current"]
    assert [p.name for p in folder.iterdir()] == ["fit-a.pickle"]


def test_drawings_are_kept_under_the_shown_png_and_the_layout(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setenv(memo.FOLDER_VARIABLE, str(tmp_path))
    draw = counted(lambda fig: {"desktop": None, "width": fig.get_size_inches()[0]})
    drawings = memo.remembered_drawings(draw)
    show = memo.keeping_pngs(lambda fig: b"PNG bytes")
    fig, ax = plt.subplots()
    ax.set_title("a title")

    show(fig)
    first = drawings(fig)
    show(fig)
    assert drawings(fig) == first and draw.calls == 1
    ax.set_title("another title")  # same pixels (the stand-in PNG), another layout
    show(fig)
    drawings(fig)
    other, _ = plt.subplots()  # a figure not just shown is drawn, not looked up
    drawings(other)
    assert draw.calls == 3
    plt.close("all")


def test_a_cell_after_the_same_code_shows_its_kept_figures(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setenv(memo.FOLDER_VARIABLE, str(tmp_path))
    printed = counted(lambda fig: f"PNG of {fig.axes[0].get_title()}")
    draw = counted(lambda fig: {"phone": fig.axes[0].get_title()})
    show, drawings = memo.keeping_pngs(printed), memo.remembered_drawings(draw)

    def cell(key: str, titles: list[str]) -> list:
        memo.start_cell(key)
        shown = []
        for title in titles:
            fig, ax = plt.subplots()
            ax.set_title(title)
            shown.append((show(fig), drawings(fig)))
        return shown

    first = cell("code up to here", ["one", "two"])
    assert (printed.calls, draw.calls) == (2, 2)
    assert cell("code up to here", ["one", "two"]) == first
    assert (printed.calls, draw.calls) == (2, 2)  # neither drawn nor laid out again
    cell("other code", ["one"])  # drawn, but its layout is kept under its PNG
    assert (printed.calls, draw.calls) == (3, 2)
    memo.start_cell(None)
    plt.close("all")


MEMO_TUTORIAL = """
    # %%
    import toynn

    X, y = toynn.make_rings(200, seed=0)
    history = toynn.fit(toynn.MLP(2, width=3), X, y, loss="bce", lr=0.01, epochs=300, seed=0)
    result = toynn.sweep(X, y, widths=[1, 3], seeds=range(3), loss="bce", lr=0.01, epochs=200)
    print(history.losses[::50], result.final_losses.tolist())

    # %%
    toynn.plot_decision_regions(history.model, X, y)

    # %%
    more = toynn.fit(history.model, X, y, loss="bce", lr=0.01, epochs=100)  # trained further
    print(more.losses[::25])

    # %%
    print(history.seconds, result.seconds, more.seconds)  # the one output a kept call changes
"""


@pytest.mark.slow
def test_a_tutorial_run_with_the_memo_prints_and_draws_what_it_does_without(tmp_path):
    settings = replace(Settings.for_project(ROOT, ROOT / "docs"), cache_dir=tmp_path / "cache",
                       jobs=1)
    path = tmp_path / "docs" / "tutorials" / "memo.py"
    path.parent.mkdir(parents=True)
    path.write_text(dedent(MEMO_TUTORIAL))

    def run(**changes):
        run_settings = replace(settings, **changes)
        [tutorial] = plan([path], run_settings, cache.NotebookCache(tmp_path / "unused"))
        [nb] = execute.execute_many([tutorial], run_settings)
        return [cell.outputs for cell in nb.cells if cell.cell_type == "code"]

    clean = run(clean=True)
    assert not (settings.cache_dir / "memo").exists()
    filling = run()
    [folder] = (settings.cache_dir / "memo" / "memo").iterdir()
    kinds = sorted(entry.name.split("-")[0] for entry in folder.iterdir())
    assert kinds == ["drawings", "figure", "fit", "fit", "sweep"]
    reusing = run()

    assert filling[:3] == clean[:3] == reusing[:3]  # text and PNG bytes, drawings included
    drawn = json.dumps(reusing[1])
    assert "application/vnd.toynn.screens+json" in drawn
    assert reusing[3] == filling[3] != clean[3]  # the kept calls' durations: of the run kept
