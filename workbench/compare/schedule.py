"""Daemon-aware scheduling: which queued generation may be sent now, and why the others wait.

Rules, checked in this order for the next generation in run order (first one allowed wins):
1. `max_in_flight`: at most this many requests in flight overall (None = no limit);
2. `per_model`: at most this many in flight for one model (Ollama's OLLAMA_NUM_PARALLEL);
3. `max_models`: a model with nothing in flight may start only while fewer than this many
   distinct models are in flight (on a CPU two runners thrash: each uses every core).
`extra_options` (e.g. {"num_thread": 1}) are added to every request unless the cell sets them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from workbench.ollama import RunningModel, with_default_tag

LIMIT_TOTAL = "limit_total"
LIMIT_MODEL = "limit_model"
LIMIT_MODELS = "limit_models"
WARMING_UP = "warming_up"
READY = "ready"


@dataclass(frozen=True)
class WaitReason:
    """Why a queued request waits: a code (catalog key compare.wait.<code>), model and limit."""

    code: str
    model: str = ""
    limit: int = 0


@dataclass(frozen=True)
class SchedulePolicy:
    """Limits on requests in flight: overall, per model, and distinct models at once."""

    name: str
    max_in_flight: int | None = 1
    per_model: int | None = 1
    max_models: int | None = 1
    extra_options: Mapping[str, Any] = field(default_factory=dict)

    def capped(self, max_concurrency: int | None) -> SchedulePolicy:
        """This policy with the overall limit lowered to the user's max concurrency."""
        if max_concurrency is None:
            return self
        limit = max(max_concurrency, 1)
        current = self.max_in_flight
        return replace(self, max_in_flight=limit if current is None else min(current, limit))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the run history."""
        return {**asdict(self), "extra_options": dict(self.extra_options)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SchedulePolicy:
        """Rebuild a policy saved by to_dict."""
        return cls(
            name=str(data["name"]),
            max_in_flight=data.get("max_in_flight"),
            per_model=data.get("per_model"),
            max_models=data.get("max_models"),
            extra_options=dict(data.get("extra_options") or {}),
        )


CPU_SAFE = SchedulePolicy("cpu-safe", max_in_flight=1, per_model=1, max_models=1)
FREE = SchedulePolicy("free", max_in_flight=None, per_model=None, max_models=None)


def gpu_policy(parallel: int = 1, max_models: int | None = None) -> SchedulePolicy:
    """Models on a GPU may run side by side; each still answers `parallel` requests at once."""
    return SchedulePolicy("gpu", max_in_flight=None, per_model=parallel, max_models=max_models)


def cpu_split_policy(models: int, cores: int) -> SchedulePolicy:
    """Run up to `cores` models at once on a CPU, giving each runner cores // models threads."""
    at_once = max(1, min(models, cores))
    return SchedulePolicy(
        "cpu-split",
        max_in_flight=at_once,
        per_model=1,
        max_models=at_once,
        extra_options={"num_thread": max(1, cores // at_once)},
    )


def policy_for_daemon(
    running: Sequence[RunningModel], models: Sequence[str], parallel: int = 1
) -> SchedulePolicy:
    """Choose from /api/ps after the warm-up: cpu-safe unless the grid's loaded models all sit
    fully in VRAM; then as many models at once as stayed loaded together (all: no limit)."""
    loaded = {with_default_tag(entry.name).lower(): entry for entry in running}
    found = [e for m in models if (e := loaded.get(with_default_tag(m).lower())) is not None]
    if not found or any(e.size_vram < e.size or e.size <= 0 for e in found):
        return CPU_SAFE
    return gpu_policy(parallel, max_models=None if len(found) == len(models) else len(found))


def blocked_reason(
    model: str, in_flight: Mapping[str, int], policy: SchedulePolicy
) -> WaitReason | None:
    """Why a request for `model` may not start now; None if it may."""
    total = sum(in_flight.values())
    if policy.max_in_flight is not None and total >= policy.max_in_flight:
        return WaitReason(LIMIT_TOTAL, model, policy.max_in_flight)
    mine = in_flight.get(model, 0)
    if policy.per_model is not None and mine >= policy.per_model:
        return WaitReason(LIMIT_MODEL, model, policy.per_model)
    busy_models = sum(1 for count in in_flight.values() if count > 0)
    if policy.max_models is not None and mine == 0 and busy_models >= policy.max_models:
        return WaitReason(LIMIT_MODELS, model, policy.max_models)
    return None


def pick_next(
    pending: Sequence[str], in_flight: Mapping[str, int], policy: SchedulePolicy
) -> int | None:
    """Index of the first pending request (by model name) allowed to start, or None."""
    for index, model in enumerate(pending):
        if blocked_reason(model, in_flight, policy) is None:
            return index
    return None
