"""Every process-wide resource, made once and shared by all sessions: daemon, history, stores."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.fleet import Fleet, InFlight
from workbench.history import History
from workbench.kb.store import ChromaStore
from workbench.library import STARTER_DIR, Library, seed_library
from workbench.ollama import OllamaService
from workbench.preferences import LastModels
from workbench.settings import Settings
from workbench.ui.context import settings
from workbench.ui.feedback import show_error


@st.cache_resource(show_spinner=False)
def _service_for(current: Settings) -> OllamaService:
    return OllamaService.from_settings(current)


def service() -> OllamaService:
    """The shared OllamaService for the configured daemon (the first one of OLLAMA_HOSTS)."""
    return _service_for(settings())


@st.cache_resource(show_spinner=False)
def _fleet_for(current: Settings) -> Fleet:
    return Fleet.from_settings(current)


def fleet() -> Fleet:
    """The shared Fleet of every configured daemon (just OLLAMA_HOST's when only it is set)."""
    return _fleet_for(settings())


def service_at(url: str) -> OllamaService:
    """The shared service for the configured daemon at `url` (the first daemon's otherwise)."""
    for host in settings().ollama_hosts[1:]:
        if host.url == url:
            return fleet().service(host.label)
    return service()


@st.cache_resource(show_spinner=False)
def _history_at(path: Path) -> History:
    return History(path)


@st.cache_resource(show_spinner=False)
def page_requests() -> InFlight:
    """Requests the pages are sending to each daemon right now, shared by every session."""
    return InFlight()


def history_store() -> History:
    """The shared history database of this workbench."""
    return _history_at(settings().history_db)


@st.cache_resource(show_spinner=False)
def _knowledge_store_for(current: Settings) -> ChromaStore:
    return ChromaStore.from_settings(current)


def knowledge_store() -> ChromaStore:
    """The shared knowledge-base store (raises WorkbenchError when Chroma is unavailable)."""
    return _knowledge_store_for(settings())


@st.cache_resource(show_spinner=False)
def _seeded_library(root: Path, index_file: Path) -> Library:
    seed_library(root)
    return Library(root, index_file)


@st.cache_resource(show_spinner=False)
def starter_library() -> Library:
    """The shipped starter templates (read-only), indexed once per process."""
    return Library(STARTER_DIR)


def library() -> Library:
    """The user's template library, filled with the starter set the first time it is empty."""
    current = settings()
    root = current.templates_dir
    try:
        return _seeded_library(root, current.library_index)
    except (OSError, WorkbenchError) as exc:
        show_error(exc)
        return Library(root)


def last_models() -> LastModels:
    """The last model used on each page, remembered in the data directory."""
    return LastModels(settings().data_dir)
