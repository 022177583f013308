"""The pages over several daemons: their probed states, picker options and where a model runs."""

from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st

from workbench.fleet import Fleet, HostState, ModelRef, model_key, parse_ref, place
from workbench.kb.embedders import Embedders, FleetEmbedders
from workbench.ollama import DaemonStatus, InstalledModel, OllamaService
from workbench.ui.cache import installed_models
from workbench.ui.context import settings
from workbench.ui.resources import fleet, page_requests, service

REUSE_SECONDS = 1.0
STATES_KEY = "fleet.states"


def several() -> bool:
    """True when OLLAMA_HOSTS names more than one daemon."""
    return settings().several_hosts


def host_states() -> list[HostState]:
    """Probe every daemon, or reuse this session's probe of the last second (once per rerun)."""
    probed = st.session_state.get(STATES_KEY)
    if probed is not None and time.monotonic() - probed[0] < REUSE_SECONDS:
        return probed[1]
    states = fleet().probe()
    st.session_state[STATES_KEY] = (time.monotonic(), states)
    return states


def forget_states() -> None:
    """Probe again on the next look (after a change or a retry)."""
    st.session_state.pop(STATES_KEY, None)


def up_labels() -> list[str]:
    """Labels of the daemons that answered the last probe, in OLLAMA_HOSTS order."""
    return [state.label for state in host_states() if state.up]


def answering_status() -> DaemonStatus | None:
    """The first answering daemon as a DaemonStatus, or None when none answers."""
    state = next((s for s in host_states() if s.up), None)
    if state is None:
        return None
    return DaemonStatus(state.host.url, state.version, running=list(state.running))


def installed_everywhere(host: str) -> list[InstalledModel]:
    """Installed models of `host`; with several daemons, of every answering one (each name
    once, as the first daemon that has it lists it)."""
    if not several():
        return installed_models(host)
    found: dict[str, InstalledModel] = {}
    for state in host_states():
        if state.up:
            for model in installed_models(state.host.url):
                found.setdefault(model_key(model.name), model)
    return list(found.values())


def model_choices(names: Sequence[str]) -> list[str]:
    """A model picker's options: `names`; with several daemons each name (placed when it runs)
    followed by name@host for every answering daemon that has it."""
    if not several():
        return list(names)
    states = [state for state in host_states() if state.up]
    choices = []
    for name in names:
        choices += [name, *(ModelRef(name, s.label).text for s in states if s.has(name))]
    return choices


def run_target() -> OllamaService | Fleet:
    """Where a Compare run goes: the first daemon's service, or the fleet over several."""
    return fleet() if several() else service()


def embedders() -> Embedders:
    """What knowledge bases embed with: the first daemon's service, or the fleet as probed."""
    return FleetEmbedders(fleet(), tuple(host_states())) if several() else service()


def ref_of(text: str) -> ModelRef:
    """The model a picker's option names: name@host pinned when there are several daemons."""
    return parse_ref(text, fleet().labels) if several() else ModelRef(text)


def host_for(ref: ModelRef) -> str | None:
    """The label of the daemon to run `ref` on (None with one daemon): loaded first, then the
    fewest requests the pages are sending it now; PlacementError says why no daemon can."""
    return place(ref, host_states(), page_requests().counts()) if several() else None


def service_of(label: str | None) -> OllamaService:
    """The service of the daemon with that label; the first daemon's for None."""
    return service() if label is None else fleet().service(label)


def url_of(label: str | None, default: str) -> str:
    """The URL of the daemon with that label; `default` for None."""
    return default if label is None else fleet().host(label).url
