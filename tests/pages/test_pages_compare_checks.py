"""Checks on the Compare page in AppTest: a judge model that is not installed stops the run
before it starts; rows with expectations are scored and the pass rates shown."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from tests import pages_support
from tests.pages_support import button
from workbench.checks import CheckSpec, Kind, check_to_dict
from workbench.compare import compare_request
from workbench.history.store import History
from workbench.library.store import STARTER_DIR, Library
from workbench.ui.compare import INBOX_KEY

RUN = "Run the comparison"
open_compare = partial(pages_support.open_page, "pages/compare.py", timeout=60)
texts = partial(pages_support.texts, kinds=("markdown", "caption", "warning", "error", "success"))


def suite(*checks: CheckSpec, rows: list[dict[str, str]] | None = None) -> dict:
    """An inbox entry like a promptfoo import: one prompt with checks, rows, two models."""
    prompt = compare_request(
        "도시 소개", [{"role": "user", "content": "{{city}}을 소개해 주세요."}]
    )
    return {
        "fresh": True,
        "models": ["gemma3:270m", "qwen3:0.6b"],
        "variants": [{**prompt, "checks": [check_to_dict(c) for c in checks]}],
        "rows": rows or [{"city": "하늘빛시", "expected": "하늘빛시"}],
    }


def test_a_judge_that_is_not_installed_is_flagged_and_the_run_cannot_start(workbench_env):
    at = open_compare()
    judge = CheckSpec(Kind.JUDGE, {"rubric": "친절한가?", "model": "judge-ko:7b"})
    at.session_state[INBOX_KEY] = suite(judge)
    at.run()
    assert "need models that are not installed: judge-ko:7b" in texts(at)
    assert button(at, RUN).disabled


def test_rows_with_expectations_are_scored_and_the_pass_rates_shown(workbench_env, tmp_path):
    at = open_compare()
    rows = [
        {"city": "하늘빛시", "expected": "하늘빛시", "__expect_language": "ko"},
        {"city": "바다시", "expected": "없는말", "__expect_language": "ko"},
    ]
    at.session_state[INBOX_KEY] = suite(CheckSpec(Kind.NOT_REFUSES), rows=rows)
    at.run()
    assert not button(at, RUN).disabled
    button(at, RUN).click().run()
    shown = texts(at)
    assert "Pass rate per model × prompt" in shown
    assert shown.count("checks pass") == 4
    history = History(tmp_path / "data" / "history.sqlite3")
    (summary,) = history.list_runs()
    run = history.load_run(summary.id)
    verdicts = {a.cell_id: a.checks for a in run.attempts}
    assert all(len(checks) == 3 for checks in verdicts.values())
    missing = [c for c in run.cells if c.row_index == 1]
    assert all(verdicts[c.id][1]["status"] == "fail" for c in missing)  # nobody says 없는말


def test_checks_changed_on_a_template_prompt_can_be_saved_in_the_template(workbench_env, tmp_path):
    library = Library(tmp_path / "data" / "library")
    starter = Library(STARTER_DIR).load("zero-shot-ko")
    contains = CheckSpec(Kind.CONTAINS, {"values": ["답"]})
    library.import_templates([replace(starter, checks=[contains])])
    at = open_compare()
    at.multiselect(key="compare.models").select("gemma3:270m")
    at.run()
    button(at, "Add a template").click().run()
    assert "Save these checks" not in " ".join(b.label for b in at.button)
    editor = "compare.variant.2.checks.zero-shot-ko.1"
    at.button(key=f"{editor}.add").click().run()
    at.text_area(key=f"{editor}.1.values").input("하늘빛시").run()
    button(at, "Save these checks in zero-shot-ko (a new version)").click().run()
    assert "Saved: version 2 of the template carries these checks." in texts(at)
    saved = library.version("zero-shot-ko", 2).checks
    assert [c.args["values"] for c in saved] == [["답"], ["하늘빛시"]]
    assert not any(b.label.startswith("Save these checks") for b in at.button)
