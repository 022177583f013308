"""AppTest flows of knowledge bases over two fake daemons (OLLAMA_HOSTS): the embedding model
pickers offer name@host, a knowledge base says where it was embedded, and Document chat says
why no daemon can embed for one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama, default_models
from tests.fake_ollama.models import sha256_hex
from tests.pages_support import button, errors, texts
from workbench.kb.chunking import ChunkSettings
from workbench.kb.collections import create_collection
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService
from workbench.settings import load_settings

open_page = partial(pages_support.open_page, timeout=20, no_exception=True)
MINILM = next(m for m in default_models() if m.name == "all-minilm:latest")
SHORT = MINILM.digest.removeprefix("sha256:")[:12]
LEAVE = "Employees get fifteen days of paid leave after their first year. " * 3


@pytest.fixture
def two_hosts(monkeypatch, tmp_path) -> Iterator[tuple[FakeOllama, FakeOllama]]:
    """The workbench over gpu and cpu (both with bge-m3 and all-minilm), probing afresh."""
    with FakeOllama() as gpu, FakeOllama() as cpu:
        monkeypatch.delenv("OLLAMA_HOST", raising=False)
        monkeypatch.setenv("OLLAMA_HOSTS", f"gpu={gpu.url},cpu={cpu.url}")
        monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setattr("workbench.ui.fleet.REUSE_SECONDS", 0.0)
        yield gpu, cpu


def embedded(daemon: FakeOllama) -> list[str]:
    """The model of every /api/embed request the daemon received."""
    return [body["model"] for _, path, body in daemon.requests if path == "/api/embed"]


def captions(at: AppTest) -> str:
    return texts(at, ("caption",))


def embedded_on(at: AppTest, name: str) -> str:
    frame = at.dataframe[0].value
    return frame[frame.iloc[:, 0] == name].iloc[0]["Embedded on"]


def seed_on_cpu(cpu: FakeOllama) -> None:
    """'Handbook' embedded with all-minilm on cpu, built outside the page."""
    store = ChromaStore.from_settings(load_settings())
    client = OllamaService(cpu.url)
    try:
        create_collection(store, client, "Handbook", "all-minilm", ChunkSettings(200, 20), "cpu")
        files = [SourceFile("leave.txt", data=LEAVE.encode())]
        assert not ingest_files(store, client, "Handbook", files).failed
    finally:
        client.close()


def test_the_embedding_picker_offers_names_and_name_at_host(two_hosts) -> None:
    at = open_page("pages/knowledge.py")
    picker = at.selectbox(key="kb.new_model")
    assert picker.options == [
        "all-minilm:latest", "all-minilm:latest@gpu", "all-minilm:latest@cpu",
        "bge-m3:latest", "bge-m3:latest@gpu", "bge-m3:latest@cpu",
    ]  # fmt: skip
    assert picker.value == "bge-m3:latest"
    assert "Embeds on gpu" in captions(at)  # a bare name is placed


def test_a_knowledge_base_made_on_a_pinned_host_embeds_there_and_says_so(two_hosts) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/knowledge.py")
    at.text_input(key="kb.new_name").input("Handbook")
    at.selectbox(key="kb.new_model").select("all-minilm:latest@cpu").run()
    assert "Embeds on cpu" in captions(at)
    button(at, "Create").click().run()
    assert not at.exception and not errors(at)
    assert embedded_on(at, "Handbook") == f"cpu · {SHORT}"
    assert f"Embedded on cpu · {SHORT}" in captions(at)
    at.file_uploader[0].set_value([("leave.txt", LEAVE.encode(), "text/plain")]).run()
    next(b for b in at.button if b.label.startswith("Add ")).click().run()
    assert not at.exception and not errors(at)
    assert embedded(gpu) == []
    assert embedded(cpu) and set(embedded(cpu)) == {"all-minilm:latest"}


def test_re_indexing_goes_to_the_pinned_host_and_records_it(two_hosts) -> None:
    gpu, cpu = two_hosts
    seed_on_cpu(cpu)
    gpu.clear_requests()
    cpu.clear_requests()
    at = open_page("pages/knowledge.py")
    picker = at.selectbox(key="kb.reindex")
    assert picker.options == ["bge-m3:latest", "bge-m3:latest@gpu", "bge-m3:latest@cpu"]
    picker.select("bge-m3:latest@gpu").run()
    button(at, "Re-index with bge-m3:latest@gpu").click().run()
    assert not at.exception and not errors(at)
    assert set(embedded(gpu)) == {"bge-m3:latest"} and embedded(cpu) == []
    bge = next(m for m in default_models() if m.name == "bge-m3:latest")
    assert embedded_on(at, "Handbook") == f"gpu · {bge.digest.removeprefix('sha256:')[:12]}"


def test_a_model_no_daemon_has_any_more_is_explained_not_created(two_hosts) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/knowledge.py")  # the installed models are now cached for a while
    gpu.remove_model("all-minilm")
    cpu.remove_model("all-minilm")
    at.text_input(key="kb.new_name").input("Handbook")
    at.selectbox(key="kb.new_model").select("all-minilm:latest").run()
    assert not at.exception
    assert "all-minilm" in errors(at)
    assert button(at, "Create").disabled
    assert embedded(gpu) == [] and embedded(cpu) == []


def test_document_chat_says_why_no_daemon_can_embed_for_a_knowledge_base(two_hosts) -> None:
    gpu, cpu = two_hosts
    seed_on_cpu(cpu)
    gpu.remove_model("all-minilm")
    at = open_page("pages/document_chat.py")
    assert not [w for w in at.warning if "Handbook" in w.value]
    cpu.add_model(replace(MINILM, digest=sha256_hex("all-minilm re-pulled")))
    at.run()
    (warning,) = [w.value for w in at.warning if "'Handbook'" in w.value]
    assert f"on cpu with all-minilm:latest at digest {SHORT}" in warning
    assert "cpu: " in warning and "no answering daemon has those weights" in warning


def test_one_daemon_shows_no_hosts(workbench_env) -> None:
    seed_on_cpu(workbench_env)
    at = open_page("pages/knowledge.py")
    assert "@" not in "".join(at.selectbox(key="kb.new_model").options)
    assert "Embedded on" not in at.dataframe[0].value.columns
    assert "Embeds on" not in captions(at) and "Embedded on" not in captions(at)
