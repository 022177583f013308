"""Widget values that survive page switches: Streamlit drops a widget's state on every page that
does not draw it, so app.py sets the values of kept keys again before each page runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

_SHADOW = "_kept."
_PAGE = "_kept_page"
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


def restore_kept(page: str) -> None:
    """Set kept values again through Session State before `page` runs. On a page's first run
    (a page switch, a new session) every kept value is set, because Streamlit pushes a value to a
    freshly drawn widget only in the run that set it. On later runs of the same page only the
    values Streamlit dropped are set: setting the others would push an older value over what the
    user is typing while a rerun is in flight."""
    arrived = st.session_state.get(_PAGE) != page
    st.session_state[_PAGE] = page
    for shadow in [name for name in st.session_state if str(name).startswith(_SHADOW)]:
        key = str(shadow)[len(_SHADOW) :]
        if key in st.session_state:
            st.session_state[shadow] = st.session_state[key]
            if not arrived:
                continue
        st.session_state[key] = st.session_state[shadow]


def kept_tabs(key: str, labels: list[str]) -> Sequence[Any]:
    """Tabs whose open tab survives reruns and page switches (Streamlit opens the first tab when
    the kept label no longer exists, e.g. after a language switch)."""
    return st.tabs(labels, key=keep(key, labels[0]), on_change="rerun")
