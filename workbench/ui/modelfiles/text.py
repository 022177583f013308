"""The Modelfile editor's text, which the page's sections read and replace."""

from __future__ import annotations

import streamlit as st

from workbench.ui.kept import keep

TEXT_KEY = "mf.text"
PENDING_KEY = "mf.pending"
BLANK = "FROM gemma3:270m\n"


def current_text() -> str:
    """The editor's text: a blank Modelfile on first visit, or the text last loaded into it."""
    if PENDING_KEY in st.session_state:
        st.session_state[TEXT_KEY] = st.session_state.pop(PENDING_KEY)
    return st.session_state[keep(TEXT_KEY, BLANK)]


def set_text(text: str) -> None:
    """Replace the editor's text on this run (before the editor is drawn) or the next one."""
    st.session_state[PENDING_KEY] = text
