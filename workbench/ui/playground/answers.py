"""How the Playground shows a structured answer (table, JSON, verdict) and the tool-call cards."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from workbench.i18n import format_number
from workbench.playground import (
    AWAITING,
    CONTINUE,
    LIMIT,
    OutputSettings,
    Turn,
    automatic_result,
    loop_state,
)
from workbench.structured import answer_table, read_answer
from workbench.tools import BUILTIN_TOOLS, MAX_TOOL_STEPS, ToolResult, check_call
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded
from workbench.ui.playground.output import knowledge
from workbench.ui.playground.state import PENDING_KEY, turns

RESULT_KEY = "pg.tool_result"  # + ".<turn>.<call>": the result the user types


def pretty_json(value: Any) -> str:
    """A JSON value indented for reading (Korean kept as it is)."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def structured_view(turn: Turn) -> None:
    """An answer asked for as JSON: table and pretty JSON with the schema's verdict, or the raw
    text with why it is not JSON (and the num_predict hint when the answer was cut)."""
    schema = turn.output_format if isinstance(turn.output_format, dict) else None
    done_reason = turn.stats.done_reason if turn.stats is not None else ""
    answer = read_answer(turn.content, schema, done_reason)
    if not answer.parsed:
        st.error(t("playground.not_json", detail=answer.parse_error), icon="🧩")
        if answer.cut_by_length:
            tokens = format_number(turn.stats.output_tokens if turn.stats else 0, language())
            st.warning(t("playground.raise_num_predict", tokens=tokens), icon="✂️")
        st.caption(t("playground.raw_answer"))
        st.code(answer.raw, language=None, wrap_lines=True)
        return
    if schema is None:
        st.caption(f"✅ {t('playground.json_valid')}")
    elif answer.valid:
        st.success(t("playground.schema_valid"), icon="✅")
    else:
        lines = "\n".join(f"- `{v.path}`: {v.reason}" for v in answer.violations)
        count = len(answer.violations)
        st.error(t("playground.schema_violations", count=count) + "\n\n" + lines, icon="🚫")
    table_tab, json_tab = st.tabs([f"📋 {t('playground.as_table')}", "{ } JSON"])
    headers = {"field": t("playground.col_field"), "value": t("playground.col_value")}
    table_tab.dataframe(answer_table(answer.value), hide_index=True, column_config=headers)
    json_tab.code(pretty_json(answer.value), language="json", wrap_lines=True)


def tool_cards(turn: Turn, place: int, output: OutputSettings, last: bool) -> None:
    """One card per call `turn` made: the function, its arguments, their problems and the result
    (or, on the last turn, a box for the result the user gives)."""
    for index, call in enumerate(turn.tool_calls):
        with st.container(border=True):
            st.markdown(f"🔧 {t('playground.tool_call', name=call.name)}")
            st.code(pretty_json(call.arguments), language="json", wrap_lines=True)
            result = turn.tool_results.get(index)
            if result is not None:
                _result(result)
            elif last:
                _open_call(turn, place, index, output)


def _result(result: ToolResult) -> None:
    if result.error:
        st.error(t("playground.tool_error", detail=result.content), icon="⚠️")
        return
    source = "playground.result_user" if result.source == "user" else "playground.result_builtin"
    st.caption(t(source))
    st.code(result.content, language=None, wrap_lines=True)


def _open_call(turn: Turn, place: int, index: int, output: OutputSettings) -> None:
    """A call still without a result: its problems, and the result box or the built-in's run."""
    call = turn.tool_calls[index]
    for problem in check_call(call, output.tools):
        st.warning(problem, icon="⚠️")
    key = f"{RESULT_KEY}.{place}.{index}"
    if call.name in BUILTIN_TOOLS:
        st.button(
            t("playground.run_builtin", name=call.name),
            icon="▶️",
            key=f"{key}.run",
            on_click=_run_builtin,
            args=(turn, index, output),
        )
        return
    if st.session_state.pop(f"{key}.blank", False):
        st.warning(t("playground.tool_result_blank"), icon="✍️")
    st.text_area(
        t("playground.tool_result_label", name=call.name),
        key=key,
        height=80,
        placeholder=t("playground.tool_result_placeholder"),
    )
    st.button(
        t("playground.send_result"),
        icon="📤",
        type="primary",
        key=f"{key}.send",
        on_click=_give_result,
        args=(turn, index, key),
    )


def _give_result(turn: Turn, index: int, key: str) -> None:
    text = str(st.session_state.get(key) or "").strip()
    if not text:
        st.session_state[f"{key}.blank"] = True
        return
    turn.tool_results[index] = ToolResult(turn.tool_calls[index].name, text, source="user")
    _go_on()


def _run_builtin(turn: Turn, index: int, output: OutputSettings) -> None:
    with guarded():
        result = automatic_result(turn.tool_calls[index], output.tools, knowledge(output))
        if result is not None:
            turn.tool_results[index] = result
            _go_on()


def _go_on() -> None:
    """Ask the model again once every call of the last answer has its result."""
    if loop_state(turns()) == CONTINUE:
        st.session_state[PENDING_KEY] = True


def loop_notice() -> None:
    """Say why the tool loop stopped when the step limit ended it, and how to go on."""
    state = loop_state(turns())
    if state == LIMIT:
        st.warning(t("playground.tool_limit", steps=MAX_TOOL_STEPS), icon="🛑")
    elif state == AWAITING:
        st.info(t("playground.tool_waiting"), icon="✍️")
