"""The Playground's conversation as the session keeps it, shared by its panels."""

from __future__ import annotations

import streamlit as st

from workbench.playground import Turn

TURNS_KEY = "pg.turns"
PENDING_KEY = "pg.pending"


def turns() -> list[Turn]:
    """The conversation so far (kept in the session)."""
    return st.session_state.setdefault(TURNS_KEY, [])
