"""Correct an answer: its gold answer edited next to the original, saved in the history."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.datasets import Example, clear_gold, save_gold
from workbench.errors import WorkbenchError
from workbench.history import History
from workbench.ui.context import t
from workbench.ui.datasets.table import example_label
from workbench.ui.feedback import show_error
from workbench.ui.kept import forget, keep

PICK_KEY = "datasets.gold_pick"
NOTE_KEY = "datasets.gold_note"


def _text_key(key: str) -> str:
    return f"datasets.gold.{key}"


def gold_editor(history: History, items: Sequence[Example]) -> None:
    """Pick an example, edit its gold answer beside the original; save or remove it."""
    labels = {item.key: item for item in items}
    if st.session_state.get(PICK_KEY) not in labels:
        forget(PICK_KEY)
    key = st.selectbox(
        t("datasets.pick"),
        list(labels),
        format_func=lambda k: example_label(labels[k]),
        key=keep(PICK_KEY),
    )
    if key is None:
        return
    item = labels[key]
    text_key = _text_key(key)
    st.session_state.setdefault(text_key, item.target)
    original, gold = st.columns(2)
    original.text_area(t("datasets.original"), item.answer, height=200, disabled=True)
    gold.text_area(t("datasets.gold"), key=text_key, height=200, help=t("datasets.gold_help"))
    save, clear, note = st.columns([1, 1, 3], vertical_alignment="center")
    save.button(t("datasets.save"), type="primary", icon="💾", on_click=_save, args=(history, key))
    clear.button(
        t("datasets.clear"),
        icon="↩️",
        on_click=_clear,
        args=(history, key),
        disabled=item.gold is None,
    )
    shown = st.session_state.pop(NOTE_KEY, None)
    if isinstance(shown, WorkbenchError):
        with note:
            show_error(shown)
    elif shown:
        note.success(shown, icon="✅")


def _save(history: History, key: str) -> None:
    try:
        save_gold(history, key, st.session_state.get(_text_key(key)) or "")
    except WorkbenchError as exc:
        st.session_state[NOTE_KEY] = exc
        return
    st.session_state[NOTE_KEY] = t("datasets.saved")


def _clear(history: History, key: str) -> None:
    try:
        clear_gold(history, key)
    except WorkbenchError as exc:
        st.session_state[NOTE_KEY] = exc
        return
    st.session_state.pop(_text_key(key), None)
    st.session_state[NOTE_KEY] = t("datasets.cleared")
