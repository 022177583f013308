"""The "same model on each host" axis: one model run on every daemon that has it."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.fleet import HostState, ModelRef, hosts_with, parse_ref


def on_each_host(models: Sequence[str], states: Sequence[HostState]) -> tuple[str, ...]:
    """The models axis with each model named alone replaced by `model@host` for every answering
    host that has it, so the per-model tables compare hardware (tokens/s per host); a pinned
    model, or one no host has, stays as written."""
    labels = [state.label for state in states]
    spread: list[str] = []
    for model in models:
        ref = parse_ref(model, labels)
        hosts = hosts_with(ref.name, states) if ref.host is None else []
        spread += [ModelRef(ref.name, host).text for host in hosts] or [model]
    return tuple(dict.fromkeys(spread))
