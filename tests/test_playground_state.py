"""The playground's URL settings (docs/assets/javascripts/playground/state.js), run in Node.

A link's query is untrusted: every field is checked, a bad one keeps its default and
yields a message, and no message repeats what the link said.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.usefixtures("needs_node")


def call(function: str, *args):
    job = {"module": "state.js", "function": function, "args": list(args)}
    done = subprocess.run(["node", str(ROOT / "tests" / "js" / "call.mjs")],
                          input=json.dumps(job), capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# The page's defaults: the statistics page's run (rings, width 3, lr 0.01, 2000 epochs, loss
# below 0.05 counts as working) with 20 seeds.
DEFAULTS = {"data": "rings", "task": "classify", "points": [], "noise": 0, "act": "sigmoid",
            "depth": 1, "width": 3, "lr": 0.01, "seed": 0, "runs": 20, "epochs": 2000,
            "target": 0.05}


def test_an_empty_query_gives_the_defaults():
    assert call("parseState", "") == {"state": DEFAULTS, "errors": []}
    assert call("parseState", "?") == {"state": DEFAULTS, "errors": []}


@pytest.mark.parametrize("state", [
    {**DEFAULTS, "data": "spiral3", "act": "relu", "depth": 3, "width": 8, "lr": 0.0003,
     "seed": 123456789, "noise": 20, "runs": 50, "epochs": 500, "target": 0.1},
    {**DEFAULTS, "data": "own", "task": "classify",
     "points": [[0.5, -1.25, 0], [-3.125, 2, 2], [0, 0, 1]]},
    {**DEFAULTS, "data": "own", "task": "regress", "points": [[-9.5, 3.25], [10, -0.001]]},
    {**DEFAULTS, "data": "sine", "task": "regress"},
])
def test_settings_survive_the_link(state):
    query = call("formatState", state)
    assert query.startswith("?") and "%" not in query  # short and readable
    assert call("parseState", query) == {"state": state, "errors": []}


CRAFTED = [
    "?data=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "?act=javascript:alert(document.cookie)",
    "?data=own&pts=0,0,1;1,1,<script>alert(1)</script>",
    "?lr=1e9", "?lr=abc", "?lr=Infinity", "?lr=1e400", "?lr=0", "?lr=-0.1", "?lr=",
    "?width=9", "?width=2.5", "?depth=0", "?seed=-1", "?seed=1.5", "?seed=0x10",
    "?noise=NaN", "?noise=51", "?runs=1", "?epochs=999999", "?target=0",
    "?data=own&task=poem", "?data=own&pts=1,2", "?data=own&pts=99,0,1",
    "?data=own&pts=0,0,7", "?data=own&pts=" + ";".join(["0,0,1"] * 601),
    "?data=own&task=regress&pts=1,2,3", "?onerror=alert(1)", "?width=3&width=4",
    "?" + "x" * 40001,
]


@pytest.mark.parametrize("query", CRAFTED, ids=range(len(CRAFTED)))
def test_a_bad_field_keeps_its_default_and_says_so(query):
    parsed = call("parseState", query)
    assert parsed["errors"], "no message for a bad link"
    state = parsed["state"]
    bad_keys = {part.split("=")[0].lstrip("?") for part in query.split("&")}
    for key, default in DEFAULTS.items():
        if key not in bad_keys and not (key == "task" and state["data"] == "own"):
            assert state[key] == default, key
    text = " ".join(parsed["errors"])
    for payload in ("<", ">", "script", "javascript", "onerror", "alert", "poem", "0x10"):
        assert payload not in text  # messages never repeat what the link said


def test_a_repeated_field_uses_the_first():
    parsed = call("parseState", "?width=3&width=4")
    assert parsed["state"]["width"] == 3 and "width" in parsed["errors"][0]


def test_good_own_points_are_read_and_rounded():
    parsed = call("parseState", "?data=own&pts=0.12345,-1,1;2,3.0001,0")
    assert parsed == {"state": {**DEFAULTS, "data": "own",
                                "points": [[0.123, -1, 1], [2, 3, 0]]}, "errors": []}


def test_the_page_the_url_and_the_build_name_the_same_data_sets():
    import re

    from docsbuild import playground

    state_js = (ROOT / "docs" / "assets" / "javascripts" / "playground" / "state.js").read_text()
    in_urls = re.findall(r'"(\w+)"', re.search(r"export const DATASETS = \[(.*?)\]", state_js)[1])
    page = (ROOT / "docs" / "playground.md").read_text()
    select = re.search(r'<select id="toynn-pg-data".*?</select>', page, re.DOTALL)[0]
    in_menu = re.findall(r'<option value="(\w+)"', select)
    assert in_urls == in_menu == [*playground.DATASETS, "own"]
