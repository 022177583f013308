"""Each host's scheduling policy over two fake daemons (a GPU one, a CPU one): History records
every host's policy in its order, older runs and one-daemon runs load without them, and the run
caption and the live notes name each host's policy (one daemon: the policy alone, as before)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.fake_ollama import FakeOllama, default_models
from workbench.compare import CPU_SAFE, CompareSpec, GridSpec, PromptVariant, RunSettings
from workbench.compare import gpu_policy as gpu
from workbench.compare.grid import expand_grid
from workbench.fleet import Fleet, Host
from workbench.history import History, StoredRun, run_to_json, start_recorded_run
from workbench.ollama import OllamaService

ASK = PromptVariant("ask", ({"role": "user", "content": "Why is the sky blue?"},))
GEMMA = [model for model in default_models() if model.name == "gemma3:270m"]


@pytest.fixture
def fleet() -> Iterator[Fleet]:
    """'zeta' a GPU daemon, then 'alpha' a CPU one (their order is not the alphabet's)."""
    with FakeOllama(models=GEMMA, gpu=True) as fast, FakeOllama(models=GEMMA) as slow:
        hosts = [Host("zeta", fast.url), Host("alpha", slow.url)]
        services = {
            h.label: OllamaService(h.url, connect_timeout=1, request_timeout=5, stream_timeout=5)
            for h in hosts
        }
        two = Fleet(hosts, services, probe_timeout=2)
        yield two
        two.close()


def recorded(history: History, target: OllamaService | Fleet, *models: str) -> StoredRun:
    spec = CompareSpec(GridSpec(models, (ASK,)), RunSettings())
    run_id, run = start_recorded_run(history, target, spec, expand_grid(spec.grid))
    assert run.join(30), "the run did not finish in time"
    return history.load_run(run_id)


def test_history_records_every_hosts_policy_in_the_hosts_order(tmp_path: Path, fleet):
    history = History(tmp_path / "history.db")
    stored = recorded(history, fleet, "gemma3:270m@zeta", "gemma3:270m@alpha")
    assert stored.host_policies == {"zeta": gpu(), "alpha": CPU_SAFE}
    assert list(stored.host_policies) == ["zeta", "alpha"]
    assert stored.policy == gpu()  # the first host's, as before
    hosts = stored.environment["hosts"]
    assert hosts["alpha"]["policy"]["name"] == "cpu-safe" and hosts["alpha"]["ollama_version"]
    exported = json.loads(run_to_json(stored))
    assert exported["environment"]["hosts"]["zeta"]["policy"]["name"] == "gpu"
    history.close()


def test_one_daemon_and_older_runs_have_no_host_policies(tmp_path: Path, service):
    history = History(tmp_path / "history.db")
    single = recorded(history, service, "gemma3:270m")
    assert single.host_policies == {} and single.policy == CPU_SAFE
    assert "hosts" not in single.environment
    before = {"ollama_version": "0.24.0", "host": "http://a", "digests": {}, "hosts": {"a": {}}}
    spec = CompareSpec(GridSpec(("gemma3:270m",), (ASK,)), RunSettings())
    old_id = history.create_run(spec, expand_grid(spec.grid), before)
    history.set_policy(old_id, CPU_SAFE)
    old = history.load_run(old_id)
    assert old.host_policies == {} and old.policy == CPU_SAFE
    history.close()


def _caption_script(path: str, run_id: str, language: str) -> None:
    from pathlib import Path

    import streamlit as st

    from workbench.history import History
    from workbench.ui.compare import run_caption

    st.session_state["language"] = language
    history = History(Path(path))
    st.caption(run_caption(history.load_run(run_id)))
    history.close()


def _notes_script(payload: dict) -> None:
    import streamlit as st

    from workbench.compare import Board
    from workbench.compare.events import CompareEvent
    from workbench.ui.compare.live import _notes

    board = Board([])
    board.apply([CompareEvent("policy", None, 0, payload, 0.0)])
    st.caption(_notes(board))


def caption(path: Path, run: StoredRun, language: str = "en") -> str:
    at = AppTest.from_function(_caption_script, args=(str(path), run.id, language)).run()
    assert not at.exception
    return at.caption[0].value


def test_the_run_caption_names_each_hosts_policy(tmp_path: Path, fleet, service):
    path = tmp_path / "history.db"
    history = History(path)
    two = recorded(history, fleet, "gemma3:270m@zeta", "gemma3:270m@alpha")
    one = recorded(history, service, "gemma3:270m")
    history.close()
    assert caption(path, two).endswith("scheduling: zeta: gpu · alpha: cpu-safe")
    assert caption(path, two, "ko").endswith("스케줄링: zeta: gpu · alpha: cpu-safe")
    assert caption(path, one).endswith("· scheduling: cpu-safe")


def test_the_live_notes_name_each_hosts_policy():
    hosts = {"gpu_a": gpu().to_dict(), "cpu": CPU_SAFE.to_dict()}
    several = {**gpu().to_dict(), "hosts": hosts}
    at = AppTest.from_function(_notes_script, args=(several,)).run()
    assert not at.exception
    assert at.caption[0].value == "Scheduling: gpu\\_a: gpu · cpu: cpu-safe"
    at = AppTest.from_function(_notes_script, args=(CPU_SAFE.to_dict(),)).run()
    assert at.caption[0].value == "Scheduling: cpu-safe"
