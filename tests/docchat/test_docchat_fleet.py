"""Document chat over two fake daemons: each knowledge base is searched on a host that has its
embedding model with the same digest, and one that none can serve is refused with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama
from tests.fake_ollama.models import default_models, sha256_hex
from tests.kb_fixtures import embedded_store
from workbench.docchat import knowledge_search, search_collections
from workbench.fleet import Fleet
from workbench.hosts import Host
from workbench.kb import collections as kb
from workbench.kb.documents import SourceFile
from workbench.kb.embedders import FleetEmbedders
from workbench.kb.ingest import ingest_files
from workbench.kb.placement import DigestMismatch
from workbench.kb.store import ChromaStore
from workbench.ollama import OllamaService

MINILM = next(m for m in default_models() if m.name == "all-minilm:latest")


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[ChromaStore, Fleet, FakeOllama, FakeOllama]]:
    """'park' embedded with bge-m3 on a, 'car' with all-minilm on b (which only b has)."""
    with FakeOllama() as a, FakeOllama() as b:
        a.remove_model("all-minilm")
        hosts = [Host("a", a.url), Host("b", b.url)]
        fleet = Fleet(hosts, {h.label: OllamaService(h.url, request_timeout=5) for h in hosts})
        store = embedded_store(tmp_path)
        for name, label, model in (("park", "a", "bge-m3"), ("car", "b", "all-minilm")):
            kb.create_collection(store, fleet.service(label), name, model, host=label)
            text = f"The {name} is open from nine to six. " * 5
            files = [SourceFile(f"{name}.txt", data=text.encode())]
            assert not ingest_files(store, fleet.service(label), name, files).failed
        a.clear_requests()
        b.clear_requests()
        yield store, fleet, a, b
        fleet.close()


def embedded(daemon: FakeOllama) -> list[str]:
    return [body["model"] for _, path, body in daemon.requests if path == "/api/embed"]


def test_each_knowledge_base_is_searched_on_a_host_with_its_model(setup):
    store, fleet, a, b = setup
    embedders = FleetEmbedders.probed(fleet)
    found = search_collections(store, embedders, ["park", "car"], "when is it open", k=4)
    assert {chunk.source for chunk in found} == {"park.txt", "car.txt"}
    assert embedded(a) == ["bge-m3:latest"]
    assert embedded(b) == ["all-minilm:latest"]
    search = knowledge_search(store, embedders, ["car"])
    assert search("open", 2)[0][0].startswith("car.txt")


def test_a_knowledge_base_no_host_can_serve_is_refused(setup):
    store, fleet, _, b = setup
    b.add_model(replace(MINILM, digest=sha256_hex("all-minilm re-pulled")))
    with pytest.raises(DigestMismatch) as caught:
        search_collections(store, FleetEmbedders.probed(fleet), ["park", "car"], "open", k=4)
    assert "'car'" in str(caught.value) and "b: " in str(caught.value)
    assert embedded(b) == []
