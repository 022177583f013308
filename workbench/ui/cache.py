"""Cached daemon reads shared by pages, cleared whenever a page changes the models."""

from __future__ import annotations

import streamlit as st

from workbench.ollama import InstalledModel, ModelDetails, RunningModel
from workbench.ui.resources import service_at


@st.cache_data(ttl=15, show_spinner=False)
def installed_models(host: str) -> list[InstalledModel]:
    """Installed models with capabilities and context length (cached briefly per host)."""
    return service_at(host).list_models()


@st.cache_data(ttl=15, show_spinner=False)
def model_details(host: str, name: str) -> ModelDetails:
    """What /api/show says about one model (cached briefly per host, cleared on changes)."""
    return service_at(host).show(name)


def running_models(host: str = "") -> list[RunningModel]:
    """Models loaded right now in the daemon at `host` (the first one when not given); never
    cached: it changes by itself."""
    return service_at(host).running()


def forget_models() -> None:
    """Drop cached model lists after a pull, copy, delete or create."""
    installed_models.clear()
    model_details.clear()
