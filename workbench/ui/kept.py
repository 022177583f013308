"""Widget values that survive page switches: Streamlit drops a widget's state on every page that
does not draw it, so app.py restores the values of kept keys before each page runs."""

from __future__ import annotations

from typing import Any

import streamlit as st

_SHADOW = "_kept."


def keep(key: str, default: Any = None) -> str:
    """Mark widget `key` as kept (seeding it with `default` once) and return the key; draw the
    widget without its own default value, so the kept one rules."""
    if key not in st.session_state and default is not None:
        st.session_state[key] = default
    st.session_state[_SHADOW + key] = st.session_state.get(key)
    return key


def restore_kept() -> None:
    """Copy each kept value into its shadow, or back from it when Streamlit dropped the widget."""
    for shadow in [name for name in st.session_state if str(name).startswith(_SHADOW)]:
        key = str(shadow)[len(_SHADOW) :]
        if key in st.session_state:
            st.session_state[shadow] = st.session_state[key]
        else:
            st.session_state[key] = st.session_state[shadow]
