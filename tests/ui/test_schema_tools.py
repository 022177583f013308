"""The shared schema and tools editors on their own: what they return, reseeding, page switches."""

import json
from typing import Any

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import json

    import streamlit as st

    from workbench.tools import ToolSpec
    from workbench.ui.kept import restore_kept
    from workbench.ui.schema_tools import forget_editor, schema_editor, tools_editor

    page = st.session_state.get("page", "a")
    restore_kept(page)
    if page != "a":
        return
    initial = st.session_state.get("initial")
    if st.button("Forget"):
        forget_editor("s")
        forget_editor("t")
    schema, problem = schema_editor("s", initial)
    tools, tool_problem = tools_editor("t", [ToolSpec("ping")])
    st.session_state["got"] = json.dumps([schema, problem and problem.code])
    st.session_state["got_tools"] = [(t.name, tool_problem and tool_problem.code) for t in tools]


FLAT = {"type": "object", "properties": {"이름": {"type": "string"}}, "required": ["이름"]}


def got(at: AppTest) -> list[Any]:
    return json.loads(at.session_state["got"])


def test_the_editors_return_what_they_hold_and_start_over_when_forgotten() -> None:
    at = AppTest.from_function(_script)
    at.session_state["initial"] = FLAT
    at.run()
    assert got(at) == [FLAT, None]
    assert at.text_input(key="s.0.name").value == "이름"
    assert at.session_state["got_tools"] == [("ping", None)]
    at.text_input(key="s.0.name").input("").run()
    assert got(at) == [None, "error.schema_field_blank"]
    at.text_input(key="t.0.name").input("").run()
    assert at.session_state["got_tools"] == []
    at.session_state["initial"] = None
    at.button[0].click().run()
    assert got(at) == [None, None] and at.session_state["got_tools"] == [("ping", None)]


def test_a_nested_schema_opens_as_json_and_survives_a_page_switch() -> None:
    nested = {"type": "object", "properties": {"a": {"type": "object"}}}
    at = AppTest.from_function(_script)
    at.session_state["initial"] = nested
    at.run()
    assert at.radio(key="s.mode").value == "json"
    at.text_area(key="s.json").input('{"type": "object"}').run()
    at.session_state["page"] = "b"
    at.run()
    at.session_state["page"] = "a"
    at.run()
    assert at.text_area(key="s.json").value == '{"type": "object"}'
    assert got(at) == [{"type": "object"}, None]
