"""The daemons a comparison runs on: one service as before, or a fleet probed and placed per cell.

A run on one OllamaService has the single host label "" and never probes. A run on a Fleet
probes every host at the start, after the warm-up and after a host fault (and, while a host is
down, every REPROBE_SECONDS), and places each cell when it is taken from the queue.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Mapping, Sequence

from workbench.fleet import Fleet, HostState, ModelRef, PlacementError, parse_ref, place
from workbench.ollama import OllamaService

REPROBE_SECONDS = 2.0
# Errors that say the daemon itself went away (then a probe decides whether the host is down).
HOST_FAULTS = frozenset(
    {
        "error.daemon_unavailable",
        "error.stream_dropped",
        "error.stream_interrupted",
        "error.timeout",
    }
)


class RunHosts:
    """The run's daemons: their services, their last probed states, and placement."""

    def __init__(self, target: OllamaService | Fleet) -> None:
        self.fleet = target if isinstance(target, Fleet) else None
        self._single = target if isinstance(target, OllamaService) else None
        self.labels: tuple[str, ...] = tuple(self.fleet.labels) if self.fleet else ("",)
        self._states: dict[str, HostState] = {}
        self._lock = threading.Lock()
        self._probed_at = float("-inf")

    @property
    def several(self) -> bool:
        """Whether the run places cells over a fleet (else: the one service, label "")."""
        return self.fleet is not None

    def service(self, label: str) -> OllamaService:
        """The service of the host labelled `label`."""
        if self.fleet is None:
            assert self._single is not None
            return self._single
        return self.fleet.service(label)

    def ref(self, model: str) -> ModelRef:
        """`model@host` pinned to a host of this run, or a name alone (always alone on one)."""
        return parse_ref(model, self.labels if self.fleet else ())

    def probe(self) -> list[HostState]:
        """Ask every host again (nothing on one service); returns the new states."""
        if self.fleet is None:
            return []
        states = self.fleet.probe()
        with self._lock:
            self._states = {state.host.label: state for state in states}
            self._probed_at = time.monotonic()
        return states

    def states(self) -> list[HostState]:
        """The last probed states, in the order of the hosts."""
        with self._lock:
            return [self._states[label] for label in self.labels if label in self._states]

    def state(self, label: str) -> HostState | None:
        """The last probed state of one host."""
        with self._lock:
            return self._states.get(label)

    def up(self, label: str) -> bool:
        """Whether the host answered the last probe (always, on one service)."""
        state = self.state(label)
        return self.fleet is None or (state is not None and state.up)

    def probe_due(self) -> bool:
        """Whether a host is down and the last probe is older than REPROBE_SECONDS."""
        if self.fleet is None:
            return False
        with self._lock:
            down = any(not state.up for state in self._states.values())
            return down and time.monotonic() - self._probed_at >= REPROBE_SECONDS

    def candidates(self, ref: ModelRef) -> list[str]:
        """The hosts a request for `ref` could go to now: its own, or the up ones that have it."""
        if self.fleet is None:
            return [""]
        if ref.host is not None:
            return [ref.host]
        return [s.host.label for s in self.states() if s.up and s.has(ref.name)]

    def pick(
        self,
        ref: ModelRef,
        in_flight: Mapping[str, int],
        excluded: Collection[str] = (),
        blocked: Collection[str] = (),
    ) -> str | None:
        """The host to send `ref` to now; None while every fitting host is `blocked` by its
        policy; PlacementError when no host (but the `excluded` ones) can ever take it."""
        if self.fleet is None:
            return None if "" in blocked else ""
        states = self.states()
        if ref.host is not None:
            label = place(ref, states, in_flight)
            return None if label in blocked else label
        place(ref, states, in_flight, exclude=excluded)
        try:
            return place(ref, states, in_flight, exclude={*excluded, *blocked})
        except PlacementError:
            return None

    def other_host(self, ref: ModelRef, excluded: Collection[str]) -> bool:
        """Whether an up host outside `excluded` has the model named alone in `ref`."""
        return ref.host is None and any(
            label not in excluded for label in self.candidates(ref) if self.up(label)
        )


def host_totals(
    in_flight: Mapping[str, Mapping[str, int]], labels: Sequence[str]
) -> dict[str, int]:
    """Requests in flight per host label."""
    return {label: sum(in_flight.get(label, {}).values()) for label in labels}
