"""Widget values that survive page switches: Streamlit drops a widget's state on every page that
does not draw it, so app.py sets the values of kept keys again before each page runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

_SHADOW = "_kept."
_NO_DEFAULT = object()


def keep(key: str, default: Any = _NO_DEFAULT) -> str:
    """Mark widget `key` as kept (seeding it with `default`, None included, the first time) and
    return the key; the kept value rules over the widget's own default."""
    if key not in st.session_state and default is not _NO_DEFAULT:
        st.session_state[key] = default
    st.session_state[_SHADOW + key] = st.session_state.get(key)
    return key


def forget(key: str) -> None:
    """Drop a kept value (and its shadow), so the widget starts over from its default."""
    st.session_state.pop(key, None)
    st.session_state.pop(_SHADOW + key, None)


def restore_kept() -> None:
    """Set every kept value again through Session State before the page runs: the value last
    seen, or the shadow's when Streamlit dropped the widget. Setting it on every run is what
    makes a widget drawn again after a page switch show it (Streamlit pushes a value to the
    browser only in the run that set it)."""
    for shadow in [name for name in st.session_state if str(name).startswith(_SHADOW)]:
        key = str(shadow)[len(_SHADOW) :]
        if key in st.session_state:
            st.session_state[shadow] = st.session_state[key]
        st.session_state[key] = st.session_state[shadow]


def kept_tabs(key: str, labels: list[str]) -> Sequence[Any]:
    """Tabs whose open tab survives reruns and page switches (Streamlit opens the first tab when
    the kept label no longer exists, e.g. after a language switch)."""
    return st.tabs(labels, key=keep(key, labels[0]), on_change="rerun")
