"""Knowledge bases over two fake daemons: the host and digest they record, and who embeds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama
from tests.fake_ollama.models import default_models, sha256_hex
from tests.kb_fixtures import embedded_store
from workbench.fleet import Fleet, HostState
from workbench.hosts import Host
from workbench.i18n import error_text
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.embedders import FleetEmbedders, embedding_service
from workbench.kb.ingest import ingest_files
from workbench.kb.origin import DIGEST_KEY, HOST_KEY, URL_KEY, EmbeddingOrigin
from workbench.kb.placement import (
    DigestMismatch,
    DigestUnknown,
    NoEmbeddingHost,
    embedding_host,
    embedding_refusals,
)
from workbench.kb.reindex import reindex_collection
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama import OllamaService

TEXT = " ".join(f"Sentence number {i} talks about topic {i % 7}." for i in range(40))
BGE = next(m for m in default_models() if m.name == "bge-m3:latest")
OTHER_BGE = replace(BGE, digest=sha256_hex("bge-m3 re-pulled"))


@pytest.fixture
def daemons() -> Iterator[tuple[FakeOllama, FakeOllama]]:
    with FakeOllama() as a, FakeOllama() as b:
        yield a, b


@pytest.fixture
def fleet(daemons: tuple[FakeOllama, FakeOllama]) -> Iterator[Fleet]:
    hosts = [Host(label, d.url) for label, d in zip(("a", "b"), daemons, strict=True)]
    services = {h.label: OllamaService(h.url, connect_timeout=1, request_timeout=5) for h in hosts}
    fleet = Fleet(hosts, services, probe_timeout=3)
    yield fleet
    fleet.close()


@pytest.fixture
def store(tmp_path: Path, fleet: Fleet) -> ChromaStore:
    """A knowledge base 'kb' created and filled on host a."""
    store = embedded_store(tmp_path)
    kb.create_collection(store, fleet.service("a"), "kb", "bge-m3", ChunkSettings(100, 0), host="a")
    ingest_files(store, fleet.service("a"), "kb", [SourceFile("a.txt", data=TEXT.encode())])
    return store


def embeds(daemon: FakeOllama) -> int:
    return sum(1 for _, path, _ in daemon.requests if path == "/api/embed")


def test_a_new_collection_records_its_host_url_and_digest(store, daemons):
    info = kb.find_collection(store, "kb")
    assert info.origin == EmbeddingOrigin("a", daemons[0].url, BGE.digest)
    assert info.embedding_model == "bge-m3:latest"


def test_without_a_label_the_host_is_its_host_port(tmp_path, service, fake_daemon):
    store = embedded_store(tmp_path)
    info = kb.create_collection(store, service, "solo", "bge-m3")
    assert info.origin.host == f"127.0.0.1:{fake_daemon.port}"
    assert info.origin.url == fake_daemon.url


def test_same_digest_either_host_embeds_queries_home_first(store, fleet, daemons):
    a, b = daemons
    embedders = FleetEmbedders.probed(fleet)
    expected = search(store, fleet.service("a"), "kb", "topic 3", 3)
    a.clear_requests()
    assert embedders.host_for(store, "kb") == "a"
    assert search(store, embedders, "kb", "topic 3", 3) == expected
    assert (embeds(a), embeds(b)) == (1, 0)
    a.stop()
    embedders = FleetEmbedders.probed(fleet)
    assert embedders.host_for(store, "kb") == "b"
    assert search(store, embedders, "kb", "topic 3", 3) == expected
    assert embeds(b) == 1


def test_a_different_digest_on_the_other_host_is_refused_with_the_reason(store, fleet, daemons):
    a, b = daemons
    b.add_model(OTHER_BGE)
    a.stop()
    embedders = FleetEmbedders.probed(fleet)
    with pytest.raises(DigestMismatch) as caught:
        search(store, embedders, "kb", "topic 3", 3)
    message = str(caught.value)
    assert "'kb'" in message and "on a with bge-m3:latest" in message
    assert f"digest {BGE.digest[:12]}" in message and f"b: {OTHER_BGE.digest[:12]}" in message
    assert "re-index" in message and "Pull the same version" in message
    assert embeds(b) == 0
    korean = error_text(caught.value, "ko")
    assert "다시 색인" in korean and OTHER_BGE.digest[:12] in korean


def test_the_home_host_is_used_while_the_other_has_other_weights(store, fleet, daemons):
    a, b = daemons
    b.add_model(OTHER_BGE)
    a.clear_requests()
    assert search(store, FleetEmbedders.probed(fleet), "kb", "topic 3", 3)
    assert (embeds(a), embeds(b)) == (1, 0)


def test_ingest_goes_to_the_other_host_or_fails_every_file_with_the_reason(store, fleet, daemons):
    a, b = daemons
    a.stop()
    files = [SourceFile("b.txt", data=b"Another file about topic 9. " * 20)]
    done = ingest_files(store, FleetEmbedders.probed(fleet), "kb", files)
    assert not done.failed and embeds(b) >= 1
    b.add_model(OTHER_BGE)
    more = [SourceFile("c.txt", data=b"A third file. " * 20), SourceFile("d.txt", data=b"4 " * 9)]
    refused = ingest_files(store, FleetEmbedders.probed(fleet), "kb", more)
    assert len(refused.failed) == 2
    assert {f.error_code for f in refused.files} == {"error.kb_digest_mismatch"}
    assert [d.source for d in kb.list_documents(store, "kb")] == ["a.txt", "b.txt"]


def test_no_answering_host_with_the_model_is_a_clear_error(store, fleet, daemons):
    a, b = daemons
    b.remove_model("bge-m3")
    a.stop()
    with pytest.raises(NoEmbeddingHost) as caught:
        search(store, FleetEmbedders.probed(fleet), "kb", "topic 3", 3)
    assert type(caught.value) is NoEmbeddingHost
    message = str(caught.value)
    assert "Not answering: a." in message and "Without the model: b." in message
    assert "bge-m3:latest" in message and "'kb'" in message


def old_collection(store: ChromaStore) -> None:
    """Strip what this version records, as a collection made before it looks."""
    collection = kb.open_collection(store, "kb")
    meta = {k: v for k, v in (collection.metadata or {}).items() if k not in (HOST_KEY, URL_KEY)}
    collection.modify(metadata={**meta, DIGEST_KEY: ""})
    assert kb.find_collection(store, "kb").origin == EmbeddingOrigin()


def test_an_old_collection_learns_its_digest_when_the_hosts_agree(store, fleet, daemons):
    old_collection(store)
    assert search(store, FleetEmbedders.probed(fleet), "kb", "topic 3", 3)
    assert kb.find_collection(store, "kb").origin == EmbeddingOrigin(
        "a", daemons[0].url, BGE.digest
    )
    daemons[1].add_model(OTHER_BGE)
    daemons[0].stop()
    with pytest.raises(DigestMismatch):
        search(store, FleetEmbedders.probed(fleet), "kb", "topic 3", 3)


def test_an_old_collection_is_refused_when_the_hosts_disagree(store, fleet, daemons):
    old_collection(store)
    daemons[1].add_model(OTHER_BGE)
    with pytest.raises(DigestUnknown) as caught:
        search(store, FleetEmbedders.probed(fleet), "kb", "topic 3", 3)
    message = str(caught.value)
    assert f"a: {BGE.digest[:12]}, b: {OTHER_BGE.digest[:12]}" in message
    assert "re-index" in message
    assert kb.find_collection(store, "kb").origin.digest == ""
    reindex_collection(store, fleet.service("b"), "kb", "bge-m3", host="b")
    info = kb.find_collection(store, "kb")
    assert info.origin == EmbeddingOrigin("b", daemons[1].url, OTHER_BGE.digest)
    assert FleetEmbedders.probed(fleet).host_for(store, "kb") == "b"


def test_the_single_service_path_is_unchanged(store, fleet, daemons):
    daemons[1].add_model(OTHER_BGE)
    assert embedding_service(store, fleet.service("b"), "kb") is fleet.service("b")
    assert search(store, fleet.service("b"), "kb", "topic 3", 3)


def state(label: str, digest: str = BGE.digest, loaded: bool = False, up: bool = True) -> HostState:
    from workbench.errors import DaemonUnavailable
    from workbench.ollama import InstalledModel, RunningModel

    model = InstalledModel("bge-m3:latest", "bert", "567M", "F16", 1, None, digest)
    running = (RunningModel("bge-m3:latest", 1, 0, None, None),) if loaded else ()
    host = Host(label, f"http://{label}:11434")
    if not up:
        return HostState(host, error=DaemonUnavailable(host=host.url))
    return HostState(host, "0.24.0", (model,) if digest else (), running)


def info(origin: EmbeddingOrigin) -> kb.CollectionInfo:
    return kb.CollectionInfo("kb", "kb-x", "bge-m3", 1024, 800, 100, "", 1, 2, origin=origin)


def test_the_home_host_wins_then_placement_among_the_same_digest():
    home = info(EmbeddingOrigin("b", "http://b:11434", BGE.digest))
    states = [state("a", loaded=True), state("b"), state("c")]
    assert embedding_host(home, states) == "b"
    renamed = info(EmbeddingOrigin("old-name", "http://c:11434", BGE.digest))
    assert embedding_host(renamed, states) == "c"  # the same URL under another label
    gone = info(EmbeddingOrigin("z", "http://z:11434", BGE.digest))
    assert embedding_host(gone, states) == "a"  # loaded there
    assert embedding_host(gone, [state("a"), state("b")], {"a": 2}) == "b"  # fewer in flight
    other = [state("a", OTHER_BGE.digest, loaded=True), state("b", up=False), state("c")]
    assert embedding_host(home, other) == "c"


def test_refusals_list_the_knowledge_bases_no_host_can_serve():
    home = info(EmbeddingOrigin("a", "http://a:11434", BGE.digest))
    old = replace(home, display_name="old", origin=EmbeddingOrigin())
    states = [state("a", up=False), state("b", OTHER_BGE.digest)]
    refused = embedding_refusals([home, old], states)
    assert list(refused) == ["kb"]  # the old one is served by b, the one digest there is
    assert isinstance(refused["kb"], DigestMismatch)
    assert not embedding_refusals([home], [state("b")])
