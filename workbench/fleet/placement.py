"""Which daemon runs a model: pinned, or loaded there first, then least busy, never down."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from workbench.errors import Reason, WorkbenchError
from workbench.fleet.refs import ModelRef
from workbench.fleet.state import HostState

DOWN, MISSING, EXCLUDED, UNKNOWN = "down", "missing", "excluded", "unknown"


class PlacementError(WorkbenchError):
    """No daemon can run the model: `reasons` maps each label tried to why not."""

    code = "error.fleet_no_host"

    def __init__(self, model: str, reasons: Mapping[str, str], code: str | None = None) -> None:
        self.model, self.reasons = model, dict(reasons)
        super().__init__(
            code=code,
            model=model,
            host=next(iter(self.reasons), ""),
            down=_labels(self.reasons, DOWN),
            missing=_labels(self.reasons, MISSING),
            excluded=_labels(self.reasons, EXCLUDED),
        )


def _labels(reasons: Mapping[str, str], why: str) -> str | Reason:
    labels = [label for label, reason in reasons.items() if reason == why]
    return ", ".join(labels) if labels else Reason("fleet.none")


def _why_not(state: HostState, name: str, exclude: Collection[str]) -> str:
    if not state.up:
        return DOWN
    if not state.has(name):
        return MISSING
    return EXCLUDED if state.label in exclude else ""


def place(
    ref: ModelRef,
    states: Sequence[HostState],
    in_flight: Mapping[str, int],
    exclude: Collection[str] = (),
) -> str:
    """The label of the daemon to run `ref` on; PlacementError says why none can."""
    if ref.host is not None:
        return _pinned(ref, states, exclude)
    reasons = {state.label: _why_not(state, ref.name, exclude) for state in states}
    ready = [(n, s) for n, s in enumerate(states) if not reasons[s.label]]
    if not ready:
        raise PlacementError(ref.name, reasons)
    _, best = min(
        ready, key=lambda ns: (not ns[1].loaded(ref.name), in_flight.get(ns[1].label, 0), ns[0])
    )
    return best.label


def _pinned(ref: ModelRef, states: Sequence[HostState], exclude: Collection[str]) -> str:
    host = str(ref.host)
    state = next((s for s in states if s.label == host), None)
    why = UNKNOWN if state is None else _why_not(state, ref.name, exclude)
    if why == UNKNOWN:
        raise PlacementError(ref.name, {host: why}, code="error.fleet_pinned_unknown")
    if why == DOWN:
        raise PlacementError(ref.name, {host: why}, code="error.fleet_pinned_down")
    if why == MISSING:
        raise PlacementError(ref.name, {host: why}, code="error.fleet_pinned_missing")
    if why == EXCLUDED:
        raise PlacementError(ref.name, {host: why}, code="error.fleet_pinned_excluded")
    return host


def hosts_with(name: str, states: Sequence[HostState]) -> list[str]:
    """Labels of the answering daemons that have the model, in OLLAMA_HOSTS order."""
    return [state.label for state in states if state.up and state.has(name)]
