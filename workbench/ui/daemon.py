"""The daemon's status in the sidebar, and the panel shown when no daemon answers."""

from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.errors import WorkbenchError
from workbench.fleet import HostState
from workbench.i18n import error_text
from workbench.ollama import DaemonStatus, RunningModel, check_daemon
from workbench.ui.context import language, t
from workbench.ui.fleet import answering_status, forget_states, host_states, several
from workbench.ui.resources import service

STATUS_REFRESH_SECONDS = 5
REUSE_SECONDS = 0.3
STATUS_KEY = "daemon.status"
SLOT_KEY = "daemon.sidebar_slot"


def current_status() -> DaemonStatus:
    """Probe the daemon, or reuse this session's probe of the last 0.3 s (once per rerun)."""
    probed = st.session_state.get(STATUS_KEY)
    if probed is not None and time.monotonic() - probed[0] < REUSE_SECONDS:
        return probed[1]
    status = check_daemon(service())
    st.session_state[STATUS_KEY] = (time.monotonic(), status)
    return status


@st.fragment(run_every=STATUS_REFRESH_SECONDS)
def sidebar_status() -> None:
    """Host, version, reachability and loaded models; refreshes itself every few seconds."""
    slot = st.empty()
    st.session_state[SLOT_KEY] = slot
    _draw_status(slot)


def refresh_sidebar_status() -> None:
    """Redraw the sidebar's status now: long work on the script thread (an ingest) calls
    this, because the fragment cannot refresh itself while the script runs."""
    slot = st.session_state.get(SLOT_KEY)
    if slot is not None:
        _draw_status(slot)


def _draw_status(slot: DeltaGenerator) -> None:
    if several():
        _draw_fleet(slot)
        return
    status = current_status()
    with slot.container():
        st.caption(t("daemon.sidebar_title"))
        _draw_daemon(status.host, status.version, status.running, status.error, explain=False)


def _draw_fleet(slot: DeltaGenerator) -> None:
    """Every daemon: label, URL, answering (version, loaded models) or why not."""
    states = host_states()
    with slot.container():
        st.caption(t("fleet_pages.sidebar_title", count=len(states)))
        for state in states:
            _draw_host(state)


def _draw_host(state: HostState) -> None:
    st.markdown(f"**{state.label}**")
    _draw_daemon(state.host.url, state.version, state.running, state.error, explain=True)


def _draw_daemon(
    url: str,
    version: str,
    running: Sequence[RunningModel],
    error: WorkbenchError | None,
    *,
    explain: bool,
) -> None:
    """One daemon's address, then answering (version, loaded models) or not (and, with
    `explain`, why not)."""
    st.code(url, language=None)
    if error is not None:
        st.error(t("daemon.down_short"), icon="🔴")
        if explain:
            st.caption(error_text(error, language()))
        return
    st.success(t("daemon.up", version=version), icon="🟢")
    if running:
        st.caption(t("daemon.loaded"))
        for model in running:
            st.markdown(f"- `{model.name}`")
    else:
        st.caption(t("daemon.none_loaded"))


def _forget_status() -> None:
    st.session_state.pop(STATUS_KEY, None)
    forget_states()


def require_daemon() -> DaemonStatus:
    """Return the status when the daemon answers (with several, the first one answering);
    otherwise explain, offer a retry and stop."""
    status = current_status()
    if status.reachable:
        return status
    answering = answering_status() if several() else None
    if answering is not None:
        return answering
    assert status.error is not None
    st.error(error_text(status.error, language()), icon="🔌")
    st.markdown(t("daemon.how_to_start"))
    st.code("ollama serve", language="bash")
    st.markdown(t("daemon.how_to_point"))
    st.code("OLLAMA_HOST=gpu-box:11434 streamlit run app.py", language="bash")
    st.button(t("daemon.retry"), icon="🔄", type="primary", on_click=_forget_status)
    st.stop()
    return status
