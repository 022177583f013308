"""The same model on several daemons: one row per daemon, digests compared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.fleet.refs import model_key
from workbench.fleet.state import HostState
from workbench.ollama import InstalledModel


@dataclass(frozen=True)
class ModelOnHost:
    """A model on one daemon; same_weights is None when no other daemon has it."""

    host: str
    model: InstalledModel
    same_weights: bool | None

    @property
    def name(self) -> str:
        """The model's name as that daemon lists it."""
        return self.model.name


def weights_table(states: Sequence[HostState]) -> list[ModelOnHost]:
    """Every (model, daemon) pair of the answering daemons, by model name, then host order."""
    groups: dict[str, list[tuple[str, InstalledModel]]] = {}
    for state in states:
        for model in state.models if state.up else ():
            groups.setdefault(model_key(model.name), []).append((state.label, model))
    rows = []
    for key in sorted(groups):
        pairs = groups[key]
        same = None if len(pairs) == 1 else len({m.digest for _, m in pairs}) == 1
        rows += [ModelOnHost(label, model, same) for label, model in pairs]
    return rows
