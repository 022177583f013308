"""Per-process resources and per-session choices: settings, the daemon service, language."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.i18n import LANGUAGES, resolve_language, translate
from workbench.settings import Settings, load_settings

LANGUAGE_KEY = "language"


def settings() -> Settings:
    """The settings of this process (raises SettingsError when the environment is wrong)."""
    return load_settings()


def language() -> str:
    """The session's language: chosen in the sidebar, else the browser's, else English."""
    chosen = st.session_state.get(LANGUAGE_KEY)  # one Session State read: it runs per label
    if chosen is None:
        chosen = st.session_state[LANGUAGE_KEY] = resolve_language(st.context.locale)
    return chosen


def t(key: str, **params: Any) -> str:
    """Translate a catalog key into the session's language."""
    return translate(key, language(), **params)


def language_picker() -> None:
    """A sidebar control that switches the session's language."""
    language()
    st.sidebar.selectbox(
        "🌐 Language / 언어",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=LANGUAGE_KEY,
    )
