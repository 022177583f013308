"""The search_knowledge tool's search over knowledge bases, as Document chat searches them."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.docchat.chat import search_collections
from workbench.docchat.views import location_text
from workbench.kb.embedders import Embedders
from workbench.kb.store import ChromaStore
from workbench.tools import Passage, Search


def knowledge_search(
    store: ChromaStore,
    service: Embedders,
    collections: Sequence[str],
    *,
    hybrid: bool = True,
    include_partial: bool = False,
    language: str = "en",
) -> Search:
    """A Search over the chosen knowledge bases: the best passages for a query, never the same
    text twice, each labelled with its file and page or rows ("report.pdf, p. 3")."""
    chosen = tuple(collections)

    def search(query: str, k: int) -> list[Passage]:
        chunks = search_collections(
            store, service, chosen, query, k, hybrid=hybrid, include_partial=include_partial
        )
        return [(location_text(c.source, c, language), c.text) for c in chunks]

    return search
