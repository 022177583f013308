"""The shared checks editor on its own: seeding, what it returns, problems at their field,
adding and removing rows, page switches and a language switch."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from tests.pages_support import errors, widget


def _script() -> None:
    import streamlit as st

    from workbench.checks import CheckSpec, check_to_dict
    from workbench.ui.checks_editor import checks_editor
    from workbench.ui.kept import restore_kept

    page = st.session_state.get("page", "a")
    restore_kept(page)
    if page != "a":
        return
    seed = [
        CheckSpec("contains", {"values": ["하늘빛시", "서울"], "mode": "any"}),
        CheckSpec("judge", {"rubric": "Polite?", "model": "gone:1b"}, 2.0),
    ]
    checks, valid = checks_editor("c", seed, ["gemma3:270m"], ["bge-m3"])
    st.session_state["got"] = ([check_to_dict(c) for c in checks], valid)


def got(at: AppTest) -> tuple[list[dict[str, Any]], bool]:
    return at.session_state["got"]


def in_order(node: Any) -> list[tuple[str, str]]:
    """Every element under `node` as (type, label or text), in the order they are drawn."""
    children = getattr(node, "children", None)
    if children:
        return [item for child in children.values() for item in in_order(child)]
    return [(node.type, str(getattr(node, "label", None) or getattr(node, "value", "")))]


def follows(at: AppTest, element: tuple[str, str]) -> bool:
    """Whether an error is drawn right after `element` (and only one error is shown)."""
    drawn = in_order(at.main)
    return drawn[drawn.index(element) + 1][0] == "error" and len(at.error) == 1


def run() -> AppTest:
    at = AppTest.from_function(_script)
    at.session_state["language"] = "en"
    at.run()
    assert not at.exception
    return at


def test_seeded_checks_come_back_validated_with_their_defaults() -> None:
    at = run()
    checks, valid = got(at)
    assert valid
    assert checks[0] == {
        "kind": "contains",
        "args": {"values": ["하늘빛시", "서울"], "mode": "any", "ignore_case": False},
    }
    assert checks[1]["kind"] == "judge" and checks[1]["weight"] == 2.0
    assert checks[1]["args"]["min_score"] == 4 and checks[1]["args"]["language"] == "en"
    assert widget(at.text_area, "Texts, one per line").value == "하늘빛시\n서울"
    # a judge model that is not installed stays chosen, with a warning under it
    assert widget(at.selectbox, "Judge model").value == "gone:1b"
    assert any("gone:1b is not installed" in c.value for c in at.caption)
    assert any("{{variable}}" in c.value and "__expect_" in c.value for c in at.caption)


def test_an_invalid_regex_is_shown_at_its_field_and_reported_invalid() -> None:
    at = run()
    widget(at.button, "Add a check").click().run()
    assert widget(at.selectbox, "Check 3").value == "contains"
    widget(at.selectbox, "Check 3").select("regex").run()
    widget(at.text_input, "Pattern").input("(unclosed").run()
    checks, valid = got(at)
    assert not valid and len(checks) == 2
    assert "regular expression is not valid: missing )" in errors(at)
    assert follows(at, ("text_input", "Pattern"))  # right under the pattern's input
    widget(at.text_input, "Pattern").input(r"\d{3}-\d{4}").run()
    checks, valid = got(at)
    assert valid and checks[2]["args"]["pattern"] == r"\d{3}-\d{4}"
    assert not errors(at)


def test_a_missing_argument_and_bad_json_schema_are_refused_at_the_field() -> None:
    at = run()
    widget(at.text_area, "Texts, one per line").input("  \n ").run()
    assert not got(at)[1] and "needs at least one text" in errors(at)
    assert follows(at, ("text_area", "Texts, one per line"))
    widget(at.selectbox, "Check 1").select("json_schema").run()
    widget(at.text_area, "JSON schema").input('{"type": "object",}').run()
    assert not got(at)[1] and "not valid JSON" in errors(at)
    widget(at.text_area, "JSON schema").input('{"type": "objekt"}').run()
    assert not got(at)[1] and "breaks the JSON Schema rules" in errors(at)
    assert follows(at, ("text_area", "JSON schema"))
    widget(at.text_area, "JSON schema").input('{"type": "object"}').run()
    checks, valid = got(at)
    assert valid and checks[0] == {"kind": "json_schema", "args": {"schema": {"type": "object"}}}


def test_a_row_is_removed_and_the_rest_survives_a_page_switch() -> None:
    at = run()
    widget(at.text_area, "Rubric").input("Answers in one sentence.").run()
    next(b for b in at.button if b.help == "Remove check 1").click().run()
    checks, valid = got(at)
    assert valid and [c["kind"] for c in checks] == ["judge"]
    at.session_state["page"] = "b"
    at.run()
    at.session_state["page"] = "a"
    at.run()
    checks, valid = got(at)
    assert [c["kind"] for c in checks] == ["judge"]
    assert checks[0]["args"]["rubric"] == "Answers in one sentence."
    assert widget(at.text_area, "Rubric").value == "Answers in one sentence."


def test_the_kind_keeps_its_choice_across_a_language_switch() -> None:
    at = run()
    widget(at.selectbox, "Check 1").select("not_contains").run()
    at.session_state["language"] = "ko"
    at.run()
    assert widget(at.selectbox, "검사 1").value == "not_contains"
    assert [c["kind"] for c in got(at)[0]] == ["not_contains", "judge"]
