"""Typed input widgets for a template's variables, and the chat-style display of messages."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.playground import default_text, example_rows
from workbench.templates import Template, Variable, VariableType
from workbench.ui.context import t
from workbench.ui.examples_table import examples_editor
from workbench.ui.kept import keep

AVATARS = {"system": "⚙️", "user": "🧑", "assistant": "🦙"}


def variable_inputs(template: Template, prefix: str) -> dict[str, Any]:
    """One widget per variable, by type (text, long text, number, choice, yes/no, examples)."""
    values: dict[str, Any] = {}
    columns = st.columns(2)
    short = [v for v in template.variables if v.type in _SMALL]
    for index, variable in enumerate(short):
        with columns[index % 2]:
            values[variable.name] = _input(variable, f"{prefix}.{variable.name}")
    for variable in template.variables:
        if variable.type not in _SMALL:
            values[variable.name] = _input(variable, f"{prefix}.{variable.name}")
    return values


def _label(variable: Variable) -> str:
    return variable.name if variable.required else f"{variable.name} {t('playground.optional')}"


def _input(variable: Variable, key: str) -> Any:
    label, help_text = _label(variable), variable.help or None
    kind = variable.type
    if kind == VariableType.SHORT_TEXT:
        return st.text_input(label, key=keep(key, default_text(variable)), help=help_text)
    if kind == VariableType.LONG_TEXT:
        kept = keep(key, default_text(variable))
        return st.text_area(label, key=kept, help=help_text, height=110)
    if kind == VariableType.NUMBER:
        return _number(variable, label, key, help_text)
    if kind == VariableType.CHOICE:
        options = variable.options
        kept = keep(key, variable.default if variable.default in options else None)
        return st.selectbox(
            label, options, index=None, key=kept, help=help_text, placeholder=t("playground.pick")
        )
    if kind == VariableType.YES_NO:
        return st.toggle(label, key=keep(key, bool(variable.default)), help=help_text)
    return _examples(variable, label, key, help_text)


def _number(variable: Variable, label: str, key: str, help_text: str | None) -> Any:
    parts = [variable.default, variable.minimum, variable.maximum]
    whole = all(p is None or float(p).is_integer() for p in parts)
    cast = int if whole else float
    return st.number_input(
        label,
        value=None,
        min_value=None if variable.minimum is None else cast(variable.minimum),
        max_value=None if variable.maximum is None else cast(variable.maximum),
        step=1 if whole else 0.1,
        key=keep(key, None if variable.default is None else cast(variable.default)),
        help=help_text,
    )


def _examples(variable: Variable, label: str, key: str, help_text: str | None) -> Any:
    st.markdown(f"**{label}**", help=help_text)
    return examples_editor(example_rows(variable.default), key)


_SMALL = (VariableType.SHORT_TEXT, VariableType.NUMBER, VariableType.CHOICE, VariableType.YES_NO)


def show_messages(messages: list[dict[str, Any]]) -> None:
    """Rendered prompt messages, one chat bubble each, as plain text."""
    for message in messages:
        role = message["role"]
        with st.chat_message(role, avatar=AVATARS.get(role, "💬")):
            st.caption(t(f"playground.role_{role}"))
            st.text(message["content"])
