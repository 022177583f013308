"""Embedding over several daemons: the service that embeds for each knowledge base."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.fleet import Fleet, HostState
from workbench.kb.collections import describe, open_collection
from workbench.kb.origin import EmbeddingOrigin, remember_origin
from workbench.kb.placement import embedding_host
from workbench.kb.store import ChromaStore
from workbench.ollama import OllamaService


@dataclass(frozen=True)
class FleetEmbedders:
    """A fleet's daemons as last probed, to embed for knowledge bases on the right one."""

    fleet: Fleet
    states: tuple[HostState, ...]
    in_flight: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def probed(cls, fleet: Fleet) -> FleetEmbedders:
        """The fleet with a fresh probe of every daemon."""
        return cls(fleet, tuple(fleet.probe()))

    def host_for(self, store: ChromaStore, display_name: str) -> str:
        """The label of the daemon that embeds for this knowledge base (see embedding_host);
        an older collection without a digest records the chosen daemon's."""
        collection = open_collection(store, display_name)
        info = describe(store, collection)
        label = embedding_host(info, self.states, self.in_flight)
        state = next(state for state in self.states if state.label == label)
        digest = state.digest(info.embedding_model)
        remember_origin(store, collection, EmbeddingOrigin(label, state.host.url, digest))
        return label


Embedders = OllamaService | FleetEmbedders


def embedding_service(store: ChromaStore, embedders: Embedders, display_name: str) -> OllamaService:
    """The service that embeds for a knowledge base: the one given, or the fleet's daemon
    chosen for it."""
    if not isinstance(embedders, FleetEmbedders):
        return embedders
    return embedders.fleet.service(embedders.host_for(store, display_name))
