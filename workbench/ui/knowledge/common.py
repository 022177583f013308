"""What the knowledge pages share: the cached Chroma store, notices and confirmed deletes."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.docchat import warning_text
from workbench.errors import WorkbenchError
from workbench.kb.collections import CollectionInfo, language_warning, list_collections
from workbench.kb.store import ChromaStore
from workbench.ui.context import language, settings, t
from workbench.ui.feedback import guarded, show_error
from workbench.ui.resources import knowledge_store

NOTICE_KEY = "kb.notice"
CONFIRM_KEY = "kb.confirm"


def open_store() -> ChromaStore:
    """The process's knowledge-base store; explains and stops the page when it is unavailable."""
    try:
        return knowledge_store()
    except WorkbenchError as exc:
        show_error(exc)
        st.stop()
        raise


def pending_root() -> Path:
    """Where uploads wait until their ingest finishes, so a partial document can resume."""
    return settings().data_dir / "kb-pending"


def all_collections(store: ChromaStore) -> list[CollectionInfo]:
    """Every knowledge base with its counts (an empty list when the store fails, shown)."""
    with guarded():
        return list_collections(store)
    return []


def language_notice(store: ChromaStore, display_name: str, model: str | None = None) -> None:
    """Warn when the knowledge base's Korean text meets an English-only model (its own, or
    `model`, the one it would be re-indexed with); the warning names a multilingual model."""
    with guarded():
        warning = language_warning(store, display_name, model)
        if warning is not None:
            st.warning(warning_text(warning, language()), icon="🌐")


def notice() -> None:
    """Show the success message left by the last action, once."""
    message = st.session_state.pop(NOTICE_KEY, None)
    if message:
        st.success(message, icon="✅")


def done(message: str) -> None:
    """Remember a success message and redraw the page with fresh counts."""
    st.session_state[NOTICE_KEY] = message
    st.rerun()


def confirmed(key: str, label: str, question: str, yes: str) -> bool:
    """A delete button that asks first; True on the run the user says yes."""
    if st.session_state.get(CONFIRM_KEY) != key:
        if st.button(label, icon="🗑️", key=f"{key}.ask"):
            st.session_state[CONFIRM_KEY] = key
            st.rerun()
        return False
    st.warning(question, icon="⚠️")
    yes_col, no_col = st.columns(2)
    if no_col.button(t("knowledge.cancel"), key=f"{key}.no", width="stretch"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    if yes_col.button(yes, type="primary", key=f"{key}.yes", width="stretch"):
        st.session_state.pop(CONFIRM_KEY, None)
        return True
    return False
