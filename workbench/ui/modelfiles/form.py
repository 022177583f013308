"""The Modelfile form: FROM, SYSTEM, TEMPLATE, one typed row per PARAMETER, MESSAGE and LICENSE.

Form and text stay in sync both ways: every change in the form rewrites the text at once, and text
changed elsewhere (typed, loaded) is loaded into the form's widgets. Widget keys stay the same from
one text to the next, so a field being typed in while a rerun is in flight keeps what was typed.
Each widget also gets its Session State value as its default: a widget in the hidden Form tab can
miss the value pushed through Session State, and would then show its empty default (0 for a
number) when the tab is opened."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import localized_help
from workbench.modelfile import (
    PARAMETERS,
    FormContent,
    Modelfile,
    format_parameter_value,
    from_form,
    parameter_rows,
    render,
    to_form,
)
from workbench.playground import parse_stop_lines, stop_lines
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.modelfiles.text import current_text, set_text

ROLES = ["system", "user", "assistant"]
VERSION_KEY = "mf.form.version"
FROM_KEY = "mf.form.from"
SYSTEM_KEY = "mf.form.system"
TEMPLATE_KEY = "mf.form.template"
LICENSE_KEY = "mf.form.license"
PARAMETER_PREFIX = "mf.form.param."
ADD_KEY = "mf.form.add"
ERROR_KEY = "mf.form.error"
ADDED_KEY = "mf.form.added"
FLOAT_STEP = 0.05


def form_view(modelfile: Modelfile, installed: list[str], gguf_choices: list[str]) -> None:
    """Edit the Modelfile through fields; each change is written to the text right away."""
    form = to_form(modelfile)
    version = _version(current_text())
    if st.session_state.get(VERSION_KEY) != version or FROM_KEY not in st.session_state:
        _load(modelfile, form, version)
    sync = {"on_change": _write_back, "args": (modelfile, form, version)}
    error = st.session_state.pop(ERROR_KEY, None)
    if error is not None:
        show_error(error)
    state = st.session_state
    choices = list(dict.fromkeys([form.from_, *installed, *gguf_choices]))
    st.selectbox(
        t("modelfiles.form_from"),
        choices,
        index=choices.index(state[FROM_KEY]) if state[FROM_KEY] in choices else 0,
        key=FROM_KEY,
        help=t("modelfiles.form_from_help"),
        **sync,
    )
    st.text_area(
        "SYSTEM",
        state[SYSTEM_KEY],
        height=140,
        key=SYSTEM_KEY,
        help=t("modelfiles.form_system_help"),
        **sync,
    )
    with st.expander("TEMPLATE"):
        st.text_area(
            "TEMPLATE",
            state[TEMPLATE_KEY],
            height=200,
            key=TEMPLATE_KEY,
            help=t("modelfiles.form_template_help"),
            label_visibility="collapsed",
            **sync,
        )
    _parameter_rows(modelfile, form, version, sync)
    st.markdown(f"**MESSAGE** · {t('modelfiles.form_messages_help')}")
    st.data_editor(
        _messages_frame(form.messages),
        num_rows="dynamic",
        key=_messages_key(version),
        width="stretch",
        column_config={
            "role": st.column_config.SelectboxColumn(t("modelfiles.form_role"), options=ROLES),
            "content": st.column_config.TextColumn(t("modelfiles.form_content")),
        },
        **sync,
    )
    st.text_area("LICENSE", state[LICENSE_KEY], key=LICENSE_KEY, **sync)


def _version(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _parameter_key(name: str) -> str:
    return f"{PARAMETER_PREFIX}{name}"


def _messages_key(version: str) -> str:
    """The message table's key: a new text gets a new table (its value cannot be set)."""
    return f"mf.form.messages.{version}"


def _load(modelfile: Modelfile, form: FormContent, version: str) -> None:
    """Put the text's values into the form's widgets."""
    state = st.session_state
    state.update(
        {
            VERSION_KEY: version,
            FROM_KEY: form.from_,
            SYSTEM_KEY: form.system,
            TEMPLATE_KEY: form.template,
            LICENSE_KEY: form.license,
            ADDED_KEY: [],
        }
    )
    for key in [k for k in state if str(k).startswith(PARAMETER_PREFIX)]:
        del state[key]
    for name, value in modelfile.parameters.items():
        state[_parameter_key(name)] = _widget_value(name, value)


def _widget_value(name: str, value: Any) -> Any:
    return stop_lines(value) if PARAMETERS[name].type == "list" else value


def _parameter_rows(
    modelfile: Modelfile, form: FormContent, version: str, sync: dict[str, Any]
) -> None:
    """One typed input per parameter (range and help on each), a remove button, and an adder."""
    st.markdown(f"**PARAMETER** · {t('modelfiles.form_parameters_help')}")
    values = dict(modelfile.parameters)
    shown = [*values, *(n for n in st.session_state.get(ADDED_KEY, []) if n not in values)]
    for name in shown:
        field, remove = st.columns([8, 1], vertical_alignment="bottom")
        with field:
            parameter_input(name, values.get(name), sync)
        remove.button(
            "🗑️",
            key=f"{_parameter_key(name)}.remove",
            help=t("modelfiles.form_remove", name=name),
            on_click=_remove_parameter,
            args=(modelfile, form, version, name),
        )
    missing = [name for name in PARAMETERS if name not in shown]
    pick, add = st.columns([8, 1], vertical_alignment="bottom")
    pick.selectbox(
        t("modelfiles.form_add"),
        missing,
        index=None,
        placeholder=t("modelfiles.form_add_placeholder"),
        key=ADD_KEY,
    )
    add.button(
        "➕",
        key=f"{ADD_KEY}.button",
        help=t("modelfiles.form_add"),
        disabled=st.session_state.get(ADD_KEY) is None,
        on_click=_add_parameter,
        args=(modelfile, form, version),
    )
    with st.expander(t("modelfiles.form_parameter_reference")):
        st.dataframe(parameter_reference(), hide_index=True, width="stretch")


def parameter_input(name: str, value: Any, sync: dict[str, Any]) -> None:
    """The input that fits the parameter's type, bounded by its range, with its help."""
    spec = PARAMETERS[name]
    key = _parameter_key(name)
    help_text = localized_help(f"parameter.{name}", spec.help, language())
    default = "—" if spec.default is None else format_parameter_value(spec.default)
    help_text += "\n\n" + t("modelfiles.form_row_help", range=_range(name), default=default)
    if key not in st.session_state:
        st.session_state[key] = _widget_value(name, value if value is not None else spec.default)
    current = st.session_state[key]
    if spec.type == "list":
        stop_help = help_text + "\n\n" + t("playground.stop_help")
        st.text_area(name, current, key=key, height=68, help=stop_help, **sync)
    elif spec.type == "bool":
        st.toggle(name, bool(current), key=key, help=help_text, **sync)
    else:
        is_float = spec.type == "float"
        cast = float if is_float else int
        low, high = _bounds(spec.min, spec.max, current)
        st.number_input(
            name,
            min_value=None if low is None else cast(low),
            max_value=None if high is None else cast(high),
            value=current,
            step=FLOAT_STEP if is_float else 1,
            format="%g" if is_float else "%d",
            key=key,
            help=help_text,
            placeholder=t("modelfiles.form_unset"),
            **sync,
        )


def parameter_reference() -> list[dict[str, object]]:
    """One row per valid PARAMETER with its type, default, range and help."""
    return [
        {
            t("modelfiles.form_name"): p.name,
            t("modelfiles.form_type"): p.type,
            t("modelfiles.form_default"): p.default,
            t("modelfiles.form_range"): _range(p.name),
            t("modelfiles.form_help"): localized_help(f"parameter.{p.name}", p.help, language()),
        }
        for p in PARAMETERS.values()
    ]


def _range(name: str) -> str:
    spec = PARAMETERS[name]
    if spec.min is None and spec.max is None:
        return "—"
    low = "" if spec.min is None else format_parameter_value(spec.min)
    high = "" if spec.max is None else format_parameter_value(spec.max)
    return f"{low} … {high}"


def _bounds(low: float | None, high: float | None, value: Any) -> tuple[Any, Any]:
    """The suggested range, widened to hold a value the text already has (Ollama allows it)."""
    if isinstance(value, int | float):
        low = None if low is None else min(low, value)
        high = None if high is None else max(high, value)
    return low, high


def _messages_frame(messages: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(messages, columns=["role", "content"])


def edited_messages(base: list[dict[str, str]], state: dict[str, Any]) -> list[dict[str, str]]:
    """The message rows after the data editor's pending edits, additions and deletions."""
    rows = [dict(row) for row in base]
    for index, changes in state.get("edited_rows", {}).items():
        rows[int(index)].update(changes)
    deleted = {int(index) for index in state.get("deleted_rows", [])}
    rows = [row for index, row in enumerate(rows) if index not in deleted]
    rows += [dict(row) for row in state.get("added_rows", [])]
    return [{"role": r.get("role") or "", "content": r.get("content") or ""} for r in rows]


def _current_value(name: str) -> Any:
    value = st.session_state.get(_parameter_key(name))
    if PARAMETERS[name].type == "list":
        return parse_stop_lines(value or "")
    return value


def _write_back(
    modelfile: Modelfile, form: FormContent, version: str, names: list[str] | None = None
) -> None:
    """Rebuild the text from the form's widgets (with the parameters `names`, if given)."""
    state = st.session_state
    if names is None:
        names = list(dict.fromkeys([*modelfile.parameters, *state.get(ADDED_KEY, [])]))
    edited = FormContent(
        from_=state.get(FROM_KEY, form.from_),
        system=state.get(SYSTEM_KEY, form.system),
        template=state.get(TEMPLATE_KEY, form.template),
        parameters=[row for name in names for row in parameter_rows(name, _current_value(name))],
        messages=edited_messages(form.messages, state.get(_messages_key(version), {})),
        license=state.get(LICENSE_KEY, form.license),
    )
    try:
        text = render(from_form(edited, modelfile))
    except WorkbenchError as exc:
        state[ERROR_KEY] = exc
        return
    set_text(text)
    state[VERSION_KEY] = _version(text)  # the form already shows this text


def _add_parameter(modelfile: Modelfile, form: FormContent, version: str) -> None:
    """Add the parameter chosen in the adder, at Ollama's default, and write the text."""
    state = st.session_state
    name = state.get(ADD_KEY)
    if name is None:
        return
    state[_parameter_key(name)] = _widget_value(name, PARAMETERS[name].default)
    state[ADDED_KEY] = [*state.get(ADDED_KEY, []), name]
    state[ADD_KEY] = None
    _write_back(modelfile, form, version)


def _remove_parameter(modelfile: Modelfile, form: FormContent, version: str, name: str) -> None:
    """Drop the parameter `name` from the form and write the text without it."""
    state = st.session_state
    state.pop(_parameter_key(name), None)
    state[ADDED_KEY] = [n for n in state.get(ADDED_KEY, []) if n != name]
    names = [n for n in dict.fromkeys([*modelfile.parameters, *state[ADDED_KEY]]) if n != name]
    _write_back(modelfile, form, version, names)
