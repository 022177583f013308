"""AppTest flows over two fake daemons (OLLAMA_HOSTS): sidebar, Models page, pickers, placement."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama, named_models
from tests.kb_fixtures import make_pdf
from tests.pages_support import button, chat_bodies, errors, texts
from workbench.history.store import History
from workbench.kb.chunking import ChunkSettings
from workbench.kb.collections import create_collection
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService
from workbench.settings import load_settings
from workbench.ui.resources import page_requests

open_page = partial(pages_support.open_page, timeout=20, no_exception=True)
OTHER_WEIGHTS = "e" * 64


@pytest.fixture
def gpu() -> Iterator[FakeOllama]:
    """gemma3 and qwen3 (the usual weights) and an embedding model."""
    with FakeOllama(models=named_models("gemma3:270m", "qwen3:0.6b", "bge-m3:latest")) as daemon:
        yield daemon


@pytest.fixture
def cpu() -> Iterator[FakeOllama]:
    """The same gemma3, a qwen3 with other weights, and llava that only it has."""
    gemma, qwen, llava = named_models("gemma3:270m", "qwen3:0.6b", "llava:7b")
    with FakeOllama(models=[gemma, replace(qwen, digest=OTHER_WEIGHTS), llava]) as daemon:
        yield daemon


@pytest.fixture
def two_hosts(monkeypatch, tmp_path, gpu: FakeOllama, cpu: FakeOllama) -> tuple[FakeOllama, ...]:
    """The workbench over gpu and cpu (in that order), probing afresh on every run."""
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    monkeypatch.setenv("OLLAMA_HOSTS", f"gpu={gpu.url},cpu={cpu.url}")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("workbench.ui.fleet.REUSE_SECONDS", 0.0)
    return gpu, cpu


def sidebar_text(at: AppTest) -> str:
    kinds = ("markdown", "code", "success", "error", "caption")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at.sidebar, kind))


def test_the_sidebar_shows_every_daemon_and_one_that_stops(two_hosts) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/home.py")
    shown = sidebar_text(at)
    assert "Ollama daemons (2)" in shown
    assert "**gpu**" in shown and "**cpu**" in shown
    assert gpu.url in shown and cpu.url in shown
    assert len(at.sidebar.success) == 2 and not at.sidebar.error
    cpu.stop()
    at.run()
    assert [e.value for e in at.sidebar.error] == ["Not answering"]
    assert len(at.sidebar.success) == 1
    assert cpu.url.split("//")[1] in sidebar_text(at)  # the reason names the daemon


def test_the_sidebar_lists_each_daemons_loaded_models(two_hosts) -> None:
    cpu = two_hosts[1]
    client = OllamaService(cpu.url)
    client.load("llava:7b")
    client.close()
    shown = sidebar_text(open_page("pages/home.py"))
    assert shown.count("Loaded models:") == 1 and "`llava:7b`" in shown


def test_models_page_has_a_host_column_and_compares_weights(two_hosts) -> None:
    at = open_page("pages/models.py")
    frame = at.dataframe[0].value
    weights = {(row["Name"], row["Host"]): row["Weights"] for _, row in frame.iterrows()}
    assert weights == {
        ("bge-m3:latest", "gpu"): "—",
        ("gemma3:270m", "gpu"): "same weights",
        ("gemma3:270m", "cpu"): "same weights",
        ("llava:7b", "cpu"): "—",
        ("qwen3:0.6b", "gpu"): "differs",
        ("qwen3:0.6b", "cpu"): "differs",
    }
    assert at.selectbox(key="models.host").options == ["gpu", "cpu"]


def test_a_delete_acts_on_the_chosen_host_only(two_hosts) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/models.py")
    at.selectbox(key="models.host").select("cpu").run()
    at.selectbox(key="delete.name").select("gemma3:270m").run()
    button(at, "Delete").click().run()
    button(at, "Yes, delete gemma3:270m").click().run()
    assert "Deleted gemma3:270m." in texts(at)
    assert "gemma3:270m" not in cpu.model_names()
    assert "gemma3:270m" in gpu.model_names()
    frame = at.dataframe[0].value
    assert list(frame[frame["Name"] == "gemma3:270m"]["Host"]) == ["gpu"]


def test_a_pull_goes_to_the_chosen_host(two_hosts) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/models.py")
    at.selectbox(key="models.host").select("cpu").run()
    at.text_input[0].input("smollm2:135m")
    button(at, "Pull").click().run()
    assert "smollm2:135m" in cpu.model_names() and "smollm2:135m" not in gpu.model_names()


def test_the_playground_offers_names_and_name_at_host(two_hosts) -> None:
    cpu = two_hosts[1]
    at = open_page("pages/playground.py")
    options = at.selectbox(key="pg.model").options
    assert options == [
        "gemma3:270m", "gemma3:270m@gpu", "gemma3:270m@cpu",
        "qwen3:0.6b", "qwen3:0.6b@gpu", "qwen3:0.6b@cpu",
        "llava:7b", "llava:7b@cpu",
    ]  # fmt: skip
    cpu.stop()
    at.run()
    assert "gemma3:270m@cpu" not in at.selectbox(key="pg.model").options
    assert "llava:7b" not in at.selectbox(key="pg.model").options


def test_the_playground_answers_from_the_pinned_host(two_hosts) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/playground.py")
    at.selectbox(key="pg.model").select("gemma3:270m@cpu").run()
    assert "Runs on cpu" in texts(at, ("caption",))
    at.text_area(key="pg.message").input("Why is the sky blue?")
    button(at, "Send").click().run()
    assert not at.exception
    assert [body["model"] for body in chat_bodies(cpu)] == ["gemma3:270m"]
    assert chat_bodies(gpu) == []
    assert "⏱️ gemma3:270m@cpu" in texts(at, ("caption",))


def test_a_bare_name_is_placed_on_a_host_that_has_it(two_hosts) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/playground.py")
    at.selectbox(key="pg.model").select("llava:7b").run()
    assert "Runs on cpu" in texts(at, ("caption",))
    at.text_area(key="pg.message").input("Hello")
    button(at, "Send").click().run()
    assert [body["model"] for body in chat_bodies(cpu)] == ["llava:7b"]
    assert chat_bodies(gpu) == []


def test_compare_offers_pins_and_the_same_model_on_each_host(two_hosts) -> None:
    at = open_page("pages/compare.py")
    picker = at.multiselect(key="compare.models")
    assert "qwen3:0.6b@cpu" in picker.options and "llava:7b@gpu" not in picker.options
    picker.set_value(["gemma3:270m", "llava:7b"]).run()
    assert "2 model(s) × 2 prompt(s)" in texts(at, ("caption",))
    at.checkbox(key="compare.each_host").check().run()
    assert not at.exception
    assert "3 model(s) × 2 prompt(s)" in texts(at, ("caption",))  # gemma3 on both, llava on cpu


def test_compare_with_one_daemon_has_no_each_host_checkbox(workbench_env) -> None:
    at = open_page("pages/compare.py")
    assert not [box for box in at.checkbox if box.key == "compare.each_host"]


def test_document_chat_answers_from_the_pinned_host_while_it_answers(two_hosts) -> None:
    gpu, cpu = two_hosts
    store = ChromaStore.from_settings(load_settings())
    client = OllamaService(gpu.url)
    create_collection(store, client, "Handbook", "bge-m3:latest", ChunkSettings(200, 20))
    pdf = SourceFile("handbook.pdf", data=make_pdf(["Leave is fifteen days a year."]))
    assert not ingest_files(store, client, "Handbook", [pdf]).failed
    client.close()
    at = open_page("pages/document_chat.py")
    at.selectbox(key="dc.model").select("gemma3:270m@cpu").run()
    at.chat_input(key="dc.question").set_value("How long is leave?").run()
    assert [body["model"] for body in chat_bodies(cpu)] == ["gemma3:270m"]
    assert "⏱️ gemma3:270m@cpu" in texts(at, ("caption",))
    cpu.stop()
    at.run()
    assert "gemma3:270m@cpu" not in at.selectbox(key="dc.model").options
    at.chat_input(key="dc.question").set_value("And on level two?").run()
    assert not at.exception and not errors(at).replace("Not answering", "").strip()
    assert [body["model"] for body in chat_bodies(gpu)] == ["gemma3:270m"]


@pytest.mark.parametrize(
    ("hosts", "says"),
    [
        ("a=http://127.0.0.1:1,a=http://127.0.0.1:2", "names two daemons 'a'"),
        ("a=http://127.0.0.1:1,,b=http://127.0.0.1:2", "has an empty entry"),
        ("gpu box=http://127.0.0.1:1", "cannot be a label"),
    ],
)
def test_a_bad_ollama_hosts_shows_the_settings_error(monkeypatch, tmp_path, hosts, says) -> None:
    monkeypatch.setenv("OLLAMA_HOSTS", hosts)
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path))
    at = open_page("pages/home.py")
    assert says in at.error[0].value and "OLLAMA_HOSTS" in at.error[0].value


def test_a_compare_run_on_each_host_runs_on_both_and_records_the_host(two_hosts, tmp_path) -> None:
    gpu, cpu = two_hosts
    at = open_page("pages/compare.py", timeout=60)
    at.multiselect(key="compare.models").set_value(["gemma3:270m"]).run()
    at.checkbox(key="compare.each_host").check().run()
    button(at, "Run the comparison").click().run()
    assert not at.exception
    store = History(tmp_path / "data" / "history.sqlite3")
    (summary,) = store.list_runs()
    run = store.load_run(summary.id)
    store.close()
    assert run.status == "finished"
    assert sorted(a.host for a in run.attempts) == ["cpu", "cpu", "gpu", "gpu"]
    assert all(a.status == "done" for a in run.attempts)
    assert len(chat_bodies(gpu)) >= 2 and len(chat_bodies(cpu)) >= 2


def test_a_bare_name_goes_to_the_daemon_the_pages_keep_less_busy(two_hosts) -> None:
    at = open_page("pages/playground.py")
    at.selectbox(key="pg.model").select("gemma3:270m").run()
    assert "Runs on gpu" in texts(at, ("caption",))  # neither busy: the first in OLLAMA_HOSTS
    with page_requests().track("gpu"):  # another session's answer is streaming from gpu
        at.run()
        assert "Runs on cpu" in texts(at, ("caption",))
    at.run()
    assert "Runs on gpu" in texts(at, ("caption",))
