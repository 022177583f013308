"""The Compare page's tables: variable rows (typed or pasted as CSV/TSV) and parameter sets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from workbench.checks import is_expectation
from workbench.compare import PARAM_TYPES, clean_rows, is_blank, rows_from_csv
from workbench.errors import WorkbenchError
from workbench.ui.context import t
from workbench.ui.feedback import show_error

ROWS_KEY = "compare.rows"
PASTE_KEY = "compare.paste"
PASTE_PROBLEM_KEY = "compare.paste_problem"
PARAMS_KEY = "compare.params"
PARAMS_SAVED_KEY = "compare.params_saved"
PARAM_LIMITS: dict[str, tuple[float, float | None, float]] = {
    "temperature": (0.0, 2.0, 0.05),
    "top_p": (0.0, 1.0, 0.05),
    "top_k": (0, None, 1),
    "num_ctx": (256, None, 256),
    "num_predict": (-2, None, 1),
    "repeat_penalty": (0.0, 2.0, 0.05),
    "seed": (0, None, 1),
}


def seed_rows(example: dict[str, str]) -> None:
    """Start the inputs table with one example row."""
    st.session_state[ROWS_KEY] = {"version": 0, "rows": [example], "columns": None}


def rows_editor(variables: Sequence[str], defaults: dict[str, str]) -> list[dict[str, str]]:
    """A table with one column per variable (then any expectation columns pasted with the rows,
    e.g. `expected`) and one line per input; or paste CSV/TSV."""
    if not variables:
        st.caption(t("compare.no_variables"))
        return []
    state = st.session_state.setdefault(ROWS_KEY, {"version": 0, "rows": [], "columns": None})
    columns = [*variables, *(c for c in state.get("expect", []) if c not in variables)]
    dropped = f"{ROWS_KEY}.{state['version']}" not in st.session_state
    if dropped and state.get("edited") and state.get("edited_version") == state["version"]:
        state["rows"] = state["edited"]  # a page switch dropped the editor: start from its rows
    if state["columns"] != columns:
        carried = state.get("edited") or state["rows"] or [defaults]
        state.update(columns=columns, version=state["version"] + 1)
        state["rows"] = _fill(carried, columns, defaults)
    _paste_rows(variables)
    edited = st.data_editor(
        pd.DataFrame(state["rows"], columns=columns, dtype="string"),
        num_rows="dynamic",
        key=f"{ROWS_KEY}.{state['version']}",
        width="stretch",
        placeholder="",
        column_config={c: st.column_config.TextColumn(c, width="large") for c in columns},
    )
    state["edited"] = clean_rows(edited.to_dict("records"), columns)
    state["edited_version"] = state["version"]
    if not state["edited"]:
        st.warning(t("compare.unfilled", names=", ".join(variables)), icon="⚠️")
    return state["edited"]


def _fill(
    rows: list[dict[str, str]], variables: Sequence[str], defaults: dict[str, str]
) -> list[dict[str, str]]:
    filled = [{v: row.get(v) or "" for v in variables} for row in rows]
    for name in variables:
        if filled and not filled[0][name]:
            filled[0][name] = defaults.get(name, "")
    return filled


def _paste_rows(variables: Sequence[str]) -> None:
    with st.expander(t("compare.paste"), icon="📋"):
        text = st.text_area(
            t("compare.paste_label"),
            key=PASTE_KEY,
            placeholder="\t".join(variables) + "\n…",
            help=t("compare.paste_help"),
        )
        use = t("compare.paste_use")
        st.button(use, disabled=not text, on_click=_use_pasted, args=(variables,))
        problem = st.session_state.pop(PASTE_PROBLEM_KEY, None)
        if isinstance(problem, WorkbenchError):
            show_error(problem)
        elif problem:
            st.warning(t("compare.paste_unused", names=problem), icon="⚠️")


def _use_pasted(variables: Sequence[str]) -> None:
    state = st.session_state[ROWS_KEY]
    try:
        pasted = rows_from_csv(st.session_state.get(PASTE_KEY) or "")
    except WorkbenchError as exc:
        st.session_state[PASTE_PROBLEM_KEY] = exc
        return
    expect = [c for c in pasted[0] if is_expectation(c) and c not in variables]
    kept = [*variables, *expect]
    rows = clean_rows(pasted, kept)
    state.update(rows=rows, columns=kept, expect=expect, version=state["version"] + 1)
    st.session_state[PASTE_PROBLEM_KEY] = ", ".join(sorted(set(pasted[0]) - set(kept)))


def receive_param_set(name: str, options: dict[str, Any]) -> None:
    """Add the options another page sent as a parameter set; the untouched default row gives
    way to it, so the run uses exactly those options."""
    default_name = t("compare.default_set")
    saved = st.session_state.get(PARAMS_SAVED_KEY) or []
    kept = [row for row in saved if not _is_untouched_default(row, default_name)]
    st.session_state[PARAMS_SAVED_KEY] = [*kept, {"name": name, **options}]
    st.session_state.pop(PARAMS_KEY, None)  # the editor starts over from the saved sets


def _is_untouched_default(row: dict[str, Any], default_name: str) -> bool:
    return row.get("name") == default_name and all(is_blank(row.get(c)) for c in PARAM_TYPES)


def params_editor() -> list[dict[str, Any]]:
    """Named sets of options; an empty cell keeps the model's own default."""
    base = pd.DataFrame([{"name": t("compare.default_set")}], columns=["name", *PARAM_TYPES])
    base = base.astype({"name": "string", **dict.fromkeys(PARAM_TYPES, "float64")})
    config: dict[str, Any] = {"name": st.column_config.TextColumn(t("compare.param_name"))}
    for column, (low, high, step) in PARAM_LIMITS.items():
        config[column] = st.column_config.NumberColumn(
            column, min_value=low, max_value=high, step=step, help=t(f"compare.param.{column}")
        )
    st.caption(t("compare.param_help"))
    if PARAMS_KEY not in st.session_state and PARAMS_SAVED_KEY in st.session_state:
        base = pd.DataFrame(st.session_state[PARAMS_SAVED_KEY], columns=base.columns).astype(
            base.dtypes.to_dict()
        )  # a page switch dropped the editor: start from the sets it last showed
    edited = st.data_editor(
        base,
        num_rows="dynamic",
        key=PARAMS_KEY,
        width="stretch",
        column_config=config,
        placeholder=t("compare.param_default"),
    )
    st.session_state[PARAMS_SAVED_KEY] = edited.to_dict("records")
    return st.session_state[PARAMS_SAVED_KEY]
