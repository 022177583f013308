"""The Models page over several daemons: one table with a host column, and the acting host."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from workbench.fleet import HostState, ModelOnHost, weights_table
from workbench.ollama import installed_rows
from workbench.ui.cache import installed_models
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded
from workbench.ui.kept import forget, keep

HOST_KEY = "models.host"


def fleet_table(states: list[HostState]) -> None:
    """Every answering daemon's models in one table: host, the model, and whether the daemons
    that have it hold the same weights (digests compared)."""
    st.subheader(t("models.installed"))
    detailed = []
    for state in states:
        with guarded():
            if state.up:
                state = replace(state, models=tuple(installed_models(state.host.url)))
            detailed.append(state)
    rows = [_row(entry) for entry in weights_table(detailed)]
    if not rows:
        st.info(t("models.none_installed"), icon="📭")
        return
    st.dataframe(rows, hide_index=True, width="stretch")


def _row(entry: ModelOnHost) -> dict[str, Any]:
    weights = {None: "—", True: t("fleet_pages.same_weights"), False: t("fleet_pages.differs")}
    return {
        t("fleet_pages.host"): entry.host,
        **installed_rows([entry.model], language())[0],
        t("fleet_pages.weights"): weights[entry.same_weights],
    }


def action_host(labels: list[str]) -> str:
    """The answering daemon that pull, copy, delete, unload and the details act on."""
    if not labels:
        st.warning(t("fleet_pages.no_host_up"), icon="🔌")
        st.stop()
    if st.session_state.get(HOST_KEY) not in labels:
        forget(HOST_KEY)
    return st.selectbox(
        t("fleet_pages.action_host"),
        labels,
        key=keep(HOST_KEY, labels[0]),
        help=t("fleet_pages.action_host_help"),
    )
