"""Page tests with Streamlit's AppTest: every page renders, and the Models page's main flows."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.pages_support import button, texts
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant
from workbench.compare.spec import CompareSpec
from workbench.history.store import History
from workbench.settings import load_settings

PAGES = sorted(f"pages/{p.name}" for p in (Path(__file__).parents[2] / "pages").glob("*.py"))


open_page = partial(pages_support.open_page, timeout=20)


def table_names(at: AppTest) -> list[str]:
    frame = at.dataframe[0].value
    return list(frame.iloc[:, 0])


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(workbench_env, page: str, language: str) -> None:
    at = open_page(page, language)
    assert not at.exception
    assert not at.error


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_a_missing_daemon(monkeypatch, tmp_path, dead_host, page) -> None:
    monkeypatch.setenv("OLLAMA_HOST", dead_host)
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path))
    at = open_page(page)
    assert not at.exception
    message = at.error[0].value
    assert dead_host in message and "ollama serve" in message
    assert any(b.label == "Retry" for b in at.button)


def test_retry_recovers_when_the_daemon_comes_up(monkeypatch, tmp_path, dead_host) -> None:
    monkeypatch.setenv("OLLAMA_HOST", dead_host)
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path))
    at = open_page("pages/models.py")
    assert at.error
    port = int(dead_host.rsplit(":", 1)[1])
    with FakeOllama(port=port):
        button(at, "Retry").click().run()
        assert not at.error
        assert "gemma3:270m" in table_names(at)


@pytest.mark.parametrize("host", ["ftp://gpu-box", "localhost:abc"])
def test_malformed_ollama_host_is_explained(monkeypatch, tmp_path, host: str) -> None:
    monkeypatch.setenv("OLLAMA_HOST", host)
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path))
    at = open_page("pages/home.py")
    assert not at.exception
    assert "OLLAMA_HOST" in at.error[0].value


def test_home_shows_the_daemon_and_next_steps(workbench_env: FakeOllama) -> None:
    at = open_page("pages/home.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Ollama version"] == "0.24.0"
    assert metrics["Chat models"] == "3"
    assert metrics["Embedding models"] == "2"
    assert "everything is ready" in texts(at)


def test_home_says_what_to_pull_when_models_are_missing(workbench_env: FakeOllama) -> None:
    for name in ["all-minilm:latest", "bge-m3:latest"]:
        workbench_env.remove_model(name)
    at = open_page("pages/home.py")
    assert "No embedding model is installed yet" in texts(at)
    assert any("bge-m3" in c.value for c in at.code)


def test_models_page_lists_installed_models(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    frame = at.dataframe[0].value
    assert {"Name", "Family", "Size", "Capabilities", "Context length"} <= set(frame.columns)
    row = frame[frame["Name"] == "gemma3:270m"].iloc[0]
    assert row["Family"] == "gemma3"
    assert row["Context length"] == 32768
    assert "chat" in row["Capabilities"]


def test_details_of_a_model(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    at.selectbox(key="models.details").select("gemma3:270m").run()
    assert "Details of gemma3:270m" in texts(at)
    modelfile = next(c.value for c in at.code if "ollama show" in c.value)
    assert "FROM gemma3:270m" in modelfile and "blobs/sha256-" not in modelfile
    assert not at.json  # tables and text, no raw JSON
    shown = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert "Q4_K_M" in shown or "quantization" in shown.lower()
    assert "blobs/sha256-" not in shown


def test_pull_with_progress_then_listed(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    at.text_input[0].input("smollm2:135m")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert "Pulled smollm2:135m." in texts(at)
    assert "smollm2:135m" in table_names(at)


def test_pull_of_a_name_that_does_not_exist(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    at.text_input[0].input("no-such-model")
    at.button[0].click()
    at.run()
    assert "no model called 'no-such-model'" in at.error[0].value


OFFLINE = (
    'pull model manifest: Get "https://registry.ollama.ai/v2/library/smollm2/manifests/135m": '
    "dial tcp: lookup registry.ollama.ai on 127.0.0.53:53: server misbehaving"
)
DISK_FULL = "write /root/.ollama/models/blobs/sha256-4fa7ed0f-partial-0: no space left on device"


@pytest.mark.parametrize(
    ("failure", "says", "not_says"),
    [
        (OFFLINE, "cannot reach the model registry", "ollama serve"),
        (DISK_FULL, "disk that holds the daemon's models is full", "ollama serve"),
    ],
)
def test_pull_failures_say_what_happened(workbench_env, failure, says, not_says) -> None:
    workbench_env.state.settings.pull_failure = failure
    at = open_page("pages/models.py")
    at.text_input[0].input("smollm2:135m")
    at.button[0].click()
    at.run()
    assert says in at.error[0].value and not_says not in at.error[0].value


def test_pull_when_the_daemon_is_down(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    workbench_env.stop()
    at.text_input[0].input("smollm2:135m")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert any("ollama serve" in e.value or "does not answer" in e.value for e in at.error)


def test_pull_of_an_invalid_name(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    at.text_input[0].input("not a name")
    at.button[0].click()
    at.run()
    assert "is not a valid model name" in at.error[0].value


def test_copy_a_model(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    at.text_input[1].input("gemma-copy:v1")
    submit = button(at, "Copy")
    submit.click()
    at.run()
    assert "Copied gemma3:270m to gemma-copy:v1." in texts(at)
    assert "gemma-copy:v1" in table_names(at)


def test_delete_asks_for_confirmation(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py")
    at.selectbox(key="delete.name").select("llava:7b").run()
    button(at, "Delete").click().run()
    assert "Delete llava:7b?" in at.warning[0].value
    button(at, "Cancel").click().run()
    assert "llava:7b" in table_names(at)
    button(at, "Delete").click().run()
    button(at, "Yes, delete llava:7b").click().run()
    assert "Deleted llava:7b." in texts(at)
    assert "llava:7b" not in table_names(at)


def test_running_models_and_unload(workbench_env: FakeOllama, service) -> None:
    service.load("gemma3:270m")
    at = open_page("pages/models.py")
    running = at.dataframe[1].value
    assert list(running["Processor"]) == ["100% CPU"]
    button(at, "Unload gemma3:270m").click().run()
    assert "Unloaded gemma3:270m." in texts(at)
    assert not workbench_env.loaded_model_names()


def test_models_page_in_korean(workbench_env: FakeOllama) -> None:
    at = open_page("pages/models.py", language="ko")
    assert at.title[0].value.endswith("모델")
    assert "이름" in at.dataframe[0].value.columns
    assert any(b.label == "받기" for b in at.button)


def test_a_slow_daemon_gets_a_timeout_message(monkeypatch, tmp_path) -> None:
    with FakeOllama(response_delay=1.5) as slow:
        monkeypatch.setenv("OLLAMA_HOST", slow.url)
        monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("WORKBENCH_REQUEST_TIMEOUT", "0.3")
        at = open_page("pages/models.py")
        assert not at.exception
        assert "did not answer in time" in at.error[0].value


def test_home_links_every_job_and_lists_recent_runs(workbench_env: FakeOllama) -> None:
    at = open_page("pages/home.py")
    assert "No comparison yet" in texts(at)
    history = History(load_settings().history_db)
    ask = PromptVariant("a", ({"role": "user", "content": "hi"},))
    spec = CompareSpec(GridSpec(("gemma3:270m",), (ask,)), RunSettings())
    history.create_run(spec, [], {}, "Summaries")
    at.run()
    assert "Summaries" in list(at.dataframe[0].value.iloc[:, 1])
    assert "Run models × prompts × inputs × parameters side by side and vote." in texts(at)


def test_a_kept_tab_label_from_the_other_language_opens_the_first_tab(workbench_env) -> None:
    at = open_page("pages/models.py")
    first = at.tabs[0].label
    at.session_state["models.tab"] = "📄 복사"  # kept from a Korean session, then English chosen
    at.run()
    assert not at.exception
    assert at.session_state["models.tab"] == first
