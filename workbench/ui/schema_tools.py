"""Editors shared by the pages: an output schema (JSON or a flat form) and tool definitions.

Each editor draws its inputs under one `key` prefix, shows a problem right at the input it is
about, and returns the value with the first problem (None when all is well). What is typed
survives page switches (workbench.ui.kept); the rows themselves live in plain Session State.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import error_text
from workbench.structured import (
    FIELD_TYPES,
    SchemaError,
    SchemaField,
    fields_from_schema,
    parse_schema,
    schema_from_fields,
    schema_text,
)
from workbench.tools import (
    BUILTIN_TOOLS,
    ToolSpec,
    ToolSpecError,
    builtin_spec,
    check_tool,
    check_tools,
)
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.kept import forget, keep

MODES = ("form", "json")
FIELD_PARTS = ("name", "type", "description", "required")
TOOL_PARTS = ("name", "description", "parameters")
Problem = WorkbenchError | None


def forget_editor(key: str) -> None:
    """Drop everything an editor under `key` holds, so its next draw starts from `initial`."""
    for rows, parts in (("rows", FIELD_PARTS), ("tools", TOOL_PARTS)):
        for row in st.session_state.get(f"{key}.{rows}", []):
            for part in parts:
                forget(f"{key}.{row}.{part}")
    for name in ("rows", "tools", "next", "json", "mode", "note"):
        forget(f"{key}.{name}")


# --- output schema -----------------------------------------------------------------------------


def schema_editor(
    key: str, initial: Mapping[str, Any] | None
) -> tuple[dict[str, Any] | None, Problem]:
    """The output schema, edited as JSON or (when flat) through a form; blank means none.

    `initial` seeds the editor the first time `key` is drawn; use another key (or
    forget_editor) to show another schema."""
    if f"{key}.rows" not in st.session_state:
        fields = fields_from_schema(initial)
        keep(f"{key}.json", schema_text(initial) if initial is not None else "")
        keep(f"{key}.mode", "json" if fields is None else "form")
        _set_fields(key, fields or [])
    st.radio(
        t("schema_tools.mode"),
        MODES,
        format_func={"form": t("schema_tools.mode_form"), "json": t("schema_tools.mode_json")}.get,
        horizontal=True,
        key=keep(f"{key}.mode"),
        on_change=_switch_mode,
        args=(key,),
    )
    note = st.session_state.pop(f"{key}.note", None)
    if note is not None:
        st.info(note, icon="💡")
    if st.session_state[f"{key}.mode"] == "form":
        return _schema_form(key, initial)
    text = st.text_area(
        t("schema_tools.json"),
        key=keep(f"{key}.json"),
        height=220,
        placeholder=t("schema_tools.json_placeholder"),
        help=t("schema_tools.json_help"),
    )
    try:
        return parse_schema(text), None
    except SchemaError as exc:
        show_error(exc)
        return None, exc


def _set_fields(key: str, fields: Sequence[SchemaField]) -> None:
    """Replace the form's rows by these fields (fresh widget keys, seeded with their values)."""
    for row in st.session_state.get(f"{key}.rows", []):
        for part in FIELD_PARTS:
            forget(f"{key}.{row}.{part}")
    start = st.session_state.get(f"{key}.next", 0)
    rows = list(range(start, start + len(fields)))
    for row, field in zip(rows, fields, strict=True):
        for part in FIELD_PARTS:
            keep(f"{key}.{row}.{part}", getattr(field, part))
    st.session_state[f"{key}.rows"] = rows
    st.session_state[f"{key}.next"] = start + len(fields)


def _form_fields(key: str) -> list[SchemaField]:
    """The fields as the form's inputs hold them now."""
    state = st.session_state
    return [
        SchemaField(
            str(state.get(f"{key}.{row}.name") or "").strip(),
            str(state.get(f"{key}.{row}.type") or FIELD_TYPES[0]),
            str(state.get(f"{key}.{row}.description") or "").strip(),
            bool(state.get(f"{key}.{row}.required", True)),
        )
        for row in state[f"{key}.rows"]
    ]


def _form_schema(key: str) -> dict[str, Any] | None:
    fields = _form_fields(key)
    return schema_from_fields(fields) if fields else None


def _switch_mode(key: str) -> None:
    """Carry the schema over to the other editor; stay put (and say why) if it cannot go."""
    state = st.session_state
    try:
        if state[f"{key}.mode"] == "json":
            schema = _form_schema(key)
            state[f"{key}.json"] = "" if schema is None else schema_text(schema)
            return
        fields = fields_from_schema(parse_schema(str(state.get(f"{key}.json") or "")))
    except SchemaError as exc:
        state[f"{key}.mode"] = "form" if state[f"{key}.mode"] == "json" else "json"
        state[f"{key}.note"] = t("schema_tools.fix_first", problem=error_text(exc, language()))
        return
    if fields is None:
        state[f"{key}.mode"] = "json"
        state[f"{key}.note"] = t("schema_tools.not_flat")
        return
    _set_fields(key, fields)


def _schema_form(
    key: str, initial: Mapping[str, Any] | None
) -> tuple[dict[str, Any] | None, Problem]:
    rows = st.session_state[f"{key}.rows"]
    widths = [2.3, 2.2, 3.2, 1.3, 1]
    if rows:
        for column, label in zip(st.columns(widths), _field_headers(), strict=False):
            column.caption(label)
    else:
        st.caption(t("schema_tools.no_fields"))
    types = {kind: label for kind, label in zip(FIELD_TYPES, _type_labels(), strict=True)}
    for number, row in enumerate(rows, start=1):
        name, kind, description, required, remove = st.columns(widths, vertical_alignment="center")
        name.text_input(
            t("schema_tools.field_name", number=number),
            key=keep(f"{key}.{row}.name"),
            label_visibility="collapsed",
        )
        kind.selectbox(
            t("schema_tools.field_type", number=number),
            FIELD_TYPES,
            format_func=types.get,
            key=keep(f"{key}.{row}.type", FIELD_TYPES[0]),
            label_visibility="collapsed",
        )
        description.text_input(
            t("schema_tools.field_description", number=number),
            key=keep(f"{key}.{row}.description"),
            label_visibility="collapsed",
        )
        required.checkbox(
            t("schema_tools.field_required", number=number),
            key=keep(f"{key}.{row}.required", True),
            label_visibility="collapsed",
        )
        remove.button(
            "🗑️",
            key=f"{key}.{row}.remove",
            help=t("schema_tools.remove_field", number=number),
            on_click=_remove_row,
            args=(key, "rows", row, FIELD_PARTS),
            width="stretch",
        )
    st.button(
        t("schema_tools.add_field"), icon="➕", key=f"{key}.add", on_click=_add_field, args=(key,)
    )
    if initial is not None and _form_fields(key) == fields_from_schema(initial):
        return dict(initial), None  # the same fields: the schema as given, keys in its order
    try:
        return _form_schema(key), None
    except SchemaError as exc:
        show_error(exc)
        return None, exc


def _field_headers() -> list[str]:
    return [
        t("schema_tools.col_name"),
        t("schema_tools.col_type"),
        t("schema_tools.col_description"),
        t("schema_tools.col_required"),
    ]


def _type_labels() -> list[str]:
    """The labels of FIELD_TYPES, in its order."""
    return [
        t("schema_tools.type_string"),
        t("schema_tools.type_number"),
        t("schema_tools.type_integer"),
        t("schema_tools.type_boolean"),
        t("schema_tools.type_array"),
    ]


def _add_field(key: str) -> None:
    _set_fields(key, [*_form_fields(key), SchemaField("")])


def _remove_row(key: str, rows_name: str, row: int, parts: Sequence[str]) -> None:
    st.session_state[f"{key}.{rows_name}"] = [
        r for r in st.session_state[f"{key}.{rows_name}"] if r != row
    ]
    for part in parts:
        forget(f"{key}.{row}.{part}")


# --- tools -------------------------------------------------------------------------------------


def tools_editor(key: str, initial: Sequence[ToolSpec]) -> tuple[list[ToolSpec], Problem]:
    """Tool definitions (name, description, parameter schema as JSON), built-in ones offered."""
    if f"{key}.tools" not in st.session_state:
        st.session_state[f"{key}.tools"] = []
        st.session_state[f"{key}.next"] = 0
        for spec in initial:
            _add_tool(key, spec)
    tools = st.session_state[f"{key}.tools"]
    if not tools:
        st.caption(t("schema_tools.no_tools"))
    specs: list[ToolSpec] = []
    first: Problem = None
    for number, row in enumerate(tools, start=1):
        with st.container(border=True):
            spec, problem = _tool(key, row, number, specs)
        if spec is not None and problem is None:
            specs.append(spec)
        first = first or problem
    _tool_adders(key)
    return specs, first


def _tool(
    key: str, row: int, number: int, earlier: Sequence[ToolSpec]
) -> tuple[ToolSpec | None, Problem]:
    """One tool's inputs; a problem is shown under the input it is about."""
    name_col, remove_col = st.columns([6, 1], vertical_alignment="bottom")
    name = name_col.text_input(
        t("schema_tools.tool_name", number=number),
        key=keep(f"{key}.{row}.name"),
        placeholder="get_weather",
        help=t("schema_tools.tool_name_help"),
    )
    remove_col.button(
        "🗑️",
        key=f"{key}.{row}.remove",
        help=t("schema_tools.remove_tool", number=number),
        on_click=_remove_row,
        args=(key, "tools", row, TOOL_PARTS),
        width="stretch",
    )
    name_slot = st.empty()
    description = st.text_area(
        t("schema_tools.tool_description", number=number),
        key=keep(f"{key}.{row}.description"),
        height=80,
    )
    text = st.text_area(
        t("schema_tools.tool_parameters", number=number),
        key=keep(f"{key}.{row}.parameters"),
        height=160,
        help=t("schema_tools.tool_parameters_help"),
    )
    try:
        parameters = parse_schema(text)
        spec = ToolSpec(name.strip(), description.strip())
        if parameters is not None:
            spec = ToolSpec(spec.name, spec.description, parameters)
        check_tool(spec)
        same = [other for other in earlier if other.name == spec.name]
        check_tools([*same, spec])
    except (SchemaError, ToolSpecError) as exc:
        at_name = isinstance(exc, ToolSpecError) and exc.field == "name"
        with name_slot.container() if at_name else st.container():
            show_error(exc)
        return None, exc
    return spec, None


def _tool_adders(key: str) -> None:
    st.button(
        t("schema_tools.add_tool"),
        icon="➕",
        key=f"{key}.add",
        on_click=_add_tool,
        args=(key, ToolSpec("")),
    )
    pick_col, builtin_col = st.columns(2, vertical_alignment="bottom")
    pick_col.selectbox(
        t("schema_tools.builtin"),
        BUILTIN_TOOLS,
        key=f"{key}.builtin",
        help=t("schema_tools.builtin_help"),
    )
    builtin_col.button(
        t("schema_tools.add_builtin"),
        icon="🧰",
        key=f"{key}.add_builtin",
        on_click=_add_builtin,
        args=(key,),
        width="stretch",
    )


def _add_builtin(key: str) -> None:
    _add_tool(key, builtin_spec(st.session_state[f"{key}.builtin"]))


def _add_tool(key: str, spec: ToolSpec) -> None:
    """Append a row holding `spec`, its parameters as pretty JSON."""
    row = st.session_state[f"{key}.next"]
    st.session_state[f"{key}.next"] = row + 1
    st.session_state[f"{key}.tools"] = [*st.session_state[f"{key}.tools"], row]
    keep(f"{key}.{row}.name", spec.name)
    keep(f"{key}.{row}.description", spec.description)
    keep(f"{key}.{row}.parameters", schema_text(spec.parameters))
