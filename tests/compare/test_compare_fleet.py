"""Compare over several fake daemons: placement, per-host policies, pinned cells, a host dying
mid-grid, the same model on each host, and the host of every attempt in the history."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama, named_models
from workbench.compare import (
    CPU_SAFE,
    FREE,
    CompareSpec,
    GridSpec,
    PromptVariant,
    RunSettings,
    attempts_frame,
    expand_grid,
    on_each_host,
    summary_frame,
)
from workbench.compare.events import CompareEvent
from workbench.compare.hosts import HOST_FAULTS, RunHosts
from workbench.compare.runner import CompareRun
from workbench.fleet import Fleet, Host
from workbench.history import History, run_to_csv, start_recorded_run
from workbench.ollama import OllamaService

ASK = PromptVariant("ask", ({"role": "user", "content": "Why is the sky {{color}}?"},))
ROWS = ({"color": "blue"}, {"color": "파란색"}, {"color": "red"}, {"color": "빨간색"})


@pytest.fixture
def fast() -> Iterator[FakeOllama]:
    """A GPU daemon (models fully in VRAM) with gemma3 and qwen3."""
    with FakeOllama(models=named_models("gemma3:270m", "qwen3:0.6b"), gpu=True) as daemon:
        yield daemon


@pytest.fixture
def slow() -> Iterator[FakeOllama]:
    """A slower CPU daemon with gemma3 only, and another version."""
    with FakeOllama(
        models=named_models("gemma3:270m"), token_delay=0.005, version="0.23.1"
    ) as daemon:
        yield daemon


def fleet_of(**daemons: FakeOllama) -> Fleet:
    hosts = [Host(label, daemon.url) for label, daemon in daemons.items()]
    services = {
        h.label: OllamaService(h.url, connect_timeout=1, request_timeout=5, stream_timeout=5)
        for h in hosts
    }
    return Fleet(hosts, services, probe_timeout=2)


@pytest.fixture
def fleet(fast: FakeOllama, slow: FakeOllama) -> Iterator[Fleet]:
    """fast, then slow."""
    two = fleet_of(fast=fast, slow=slow)
    yield two
    two.close()


def grid(*names: str, rows=ROWS[:2]):
    return expand_grid(GridSpec(names, (ASK,), rows))


def finish(run: CompareRun, timeout: float = 30) -> list[CompareEvent]:
    assert run.join(timeout), "the run did not finish in time"
    return run.drain()


def hosts_of(run: CompareRun) -> dict[str, str]:
    return {a.cell_id: a.host for a in run.attempts()}


def test_placement_prefers_the_host_where_the_model_is_loaded(fleet, slow: FakeOllama):
    OllamaService(slow.url).load("gemma3:270m")
    run = CompareRun(fleet, grid("gemma3:270m", rows=ROWS[:1]), RunSettings(warmup=False))
    finish(run.start())
    (attempt,) = run.attempts()
    assert attempt.status == "done" and attempt.host == "slow"
    assert [g["model"] for g in slow.generations] == ["gemma3:270m"]


def test_placement_then_takes_the_host_with_fewest_in_flight(fleet):
    run = CompareRun(fleet, grid("gemma3:270m"))
    run.hosts.probe()
    run.policy = FREE
    taken = [run.acquire("gemma3:270m") for _ in range(3)]
    assert taken == ["fast", "slow", "fast"]  # neither loaded: fewest in flight, then order


def test_a_busy_loaded_host_sends_the_next_request_to_the_other(fleet, slow: FakeOllama):
    OllamaService(slow.url).load("gemma3:270m")
    run = CompareRun(fleet, grid("gemma3:270m"))
    run.hosts.probe()
    run.policy = CPU_SAFE
    assert run.acquire("gemma3:270m") == "slow"  # loaded there
    assert run.acquire("gemma3:270m") == "fast"  # slow's one slot is taken
    run.release("gemma3:270m", "slow")
    assert run.acquire("gemma3:270m") == "slow"


def test_each_host_gets_its_own_policy_and_both_run_at_once(fleet, fast):
    fast.token_delay = 0.005
    cells = grid("gemma3:270m@fast", "gemma3:270m@slow")
    run = CompareRun(fleet, cells, RunSettings()).start()
    events = finish(run)
    policy = next(e.payload for e in events if e.kind == "policy")
    assert {label: p["name"] for label, p in policy["hosts"].items()} == {
        "fast": "gpu",
        "slow": "cpu-safe",
    }
    warmups = {(e.payload["model"], e.payload["host"]) for e in events if e.kind == "warmup"}
    assert warmups == {("gemma3:270m@fast", "fast"), ("gemma3:270m@slow", "slow")}
    assert {a.model: a.host for a in run.attempts()} == {
        "gemma3:270m@fast": "fast",
        "gemma3:270m@slow": "slow",
    }
    spans: dict[str, list[float]] = {}
    for event in events:
        if event.kind == "started":
            spans[event.cell_id] = [event.at, float("inf"), event.payload["host"]]
        elif event.kind == "done":
            spans[event.cell_id][1] = event.at
    fast_spans = [s for s in spans.values() if s[2] == "fast"]
    slow_spans = [s for s in spans.values() if s[2] == "slow"]
    assert any(f[0] < s[1] and s[0] < f[1] for f in fast_spans for s in slow_spans)


def test_pinned_cells_stay_on_their_host(fleet):
    cells = grid("qwen3:0.6b@slow", "gemma3:270m@slow", "qwen3:0.6b")
    run = CompareRun(fleet, cells, RunSettings(warmup=False, policy=FREE))
    finish(run.start())
    found = {(a.model, a.status, a.host, a.error_code) for a in run.attempts()}
    assert found == {
        ("qwen3:0.6b@slow", "error", "", "error.fleet_pinned_missing"),
        ("gemma3:270m@slow", "done", "slow", ""),
        ("qwen3:0.6b", "done", "fast", ""),
    }


def test_check_models_are_placed_like_cells(fleet):
    run = CompareRun(fleet, grid("gemma3:270m"))
    run.hosts.probe()
    run.policy = CPU_SAFE
    assert run.acquire("qwen3:0.6b") == "fast"  # only fast has it
    assert run.acquire("gemma3:270m") == "slow"  # fast is busy with one model
    run.release("qwen3:0.6b", "fast")
    run.release("gemma3:270m", "slow")
    assert run.acquire("gemma3:270m@fast") == "fast"
    run.release("gemma3:270m@fast", "fast")


def wait_for(run: CompareRun, seen: list[CompareEvent], test, timeout: float = 10) -> CompareEvent:
    deadline = time.monotonic() + timeout
    while not (found := [e for e in seen if test(e)]):
        assert time.monotonic() < deadline, "the awaited event did not come"
        seen += run.events.wait(0.05)
    return found[0]


def kill_during_second_cell(run: CompareRun, daemon: FakeOllama, label: str) -> list[CompareEvent]:
    """Wait until `label` finished one cell and streams its next, then stop its daemon."""
    seen: list[CompareEvent] = []
    first = wait_for(run, seen, lambda e: e.kind == "done" and e.payload.host == label)
    second = wait_for(
        run,
        seen,
        lambda e: e.kind == "started" and e.payload["host"] == label and e.cell_id != first.cell_id,
    )
    wait_for(run, seen, lambda e: e.kind == "token" and e.cell_id == second.cell_id)
    daemon.stop()
    return seen + finish(run)


def test_a_host_dying_mid_grid_moves_its_cells_named_alone(tmp_path: Path, fleet, fast, slow):
    fast.token_delay = slow.token_delay = 0.02
    fast.settings.answer_tokens = slow.settings.answer_tokens = 30
    history = History(tmp_path / "history.db")
    cells = expand_grid(GridSpec(("gemma3:270m",), (ASK,), ROWS))
    spec = CompareSpec(GridSpec(("gemma3:270m",), (ASK,), ROWS), RunSettings(policy=CPU_SAFE))
    run_id, run = start_recorded_run(history, fleet, spec, cells)
    events = kill_during_second_cell(run, fast, "fast")
    attempts = run.attempts()
    assert [a.status for a in attempts] == ["done"] * 4
    on_fast = [a for a in attempts if a.host == "fast"]
    assert len(on_fast) == 1 and on_fast[0].text  # finished before the host died
    moved = [e.payload for e in events if e.kind == "warning"]
    assert [w["code"] for w in moved] == ["warning.compare_cell_moved"]
    stored = history.load_run(run_id)
    assert {(a.cell_id, a.host, a.text) for a in stored.attempts} == {
        (a.cell_id, a.host, a.text) for a in attempts
    }
    history.close()


def test_a_host_dying_fails_only_its_pinned_cells(fleet, fast):
    fast.token_delay = 0.02
    fast.settings.answer_tokens = 30
    cells = grid("qwen3:0.6b@fast", "gemma3:270m@slow", rows=ROWS)
    run = CompareRun(fleet, cells, RunSettings(policy=CPU_SAFE, warmup=False)).start()
    kill_during_second_cell(run, fast, "fast")
    by_model: dict[str, list[tuple[str, str]]] = {}
    for attempt in run.attempts():
        by_model.setdefault(attempt.model, []).append((attempt.status, attempt.error_code))
    assert by_model["gemma3:270m@slow"] == [("done", "")] * 4
    pinned = by_model["qwen3:0.6b@fast"]
    assert pinned[0] == ("done", "")
    assert pinned[1][0] == "error" and pinned[1][1] in HOST_FAULTS
    assert pinned[2:] == [("error", "error.fleet_pinned_down")] * 2


def test_a_host_that_comes_back_is_used_after_the_next_probe(fleet, fast):
    hosts = RunHosts(fleet)
    hosts.probe()
    assert hosts.pick(hosts.ref("qwen3:0.6b"), {}) == "fast"
    fast.stop()
    hosts.probe()
    assert not hosts.up("fast") and hosts.probe_due() is False  # just probed
    with pytest.raises(Exception, match="qwen3"):
        hosts.pick(hosts.ref("qwen3:0.6b"), {})
    fast.start()
    hosts.probe()
    assert hosts.up("fast") and hosts.pick(hosts.ref("qwen3:0.6b"), {}) == "fast"


def test_the_same_model_on_each_host_compares_hardware(fleet, fast, slow):
    slow.token_delay = 0.01
    states = fleet.probe()
    axis = on_each_host(("gemma3:270m", "qwen3:0.6b", "nope:1b", "gemma3:270m@slow"), states)
    assert axis == ("gemma3:270m@fast", "gemma3:270m@slow", "qwen3:0.6b@fast", "nope:1b")
    cells = grid(*axis[:2])
    run = CompareRun(fleet, cells, RunSettings(policy=FREE))
    finish(run.start())
    frame = attempts_frame(cells, run.attempts())
    assert dict(zip(frame["model"], frame["host"], strict=False)) == {
        "gemma3:270m@fast": "fast",
        "gemma3:270m@slow": "slow",
    }
    speed = summary_frame(frame).groupby("model")["tokens_per_second_mean"].mean()
    assert speed["gemma3:270m@fast"] > speed["gemma3:270m@slow"]


def test_history_keeps_each_attempts_host_and_every_hosts_version(tmp_path: Path, fleet):
    history = History(tmp_path / "history.db")
    spec = CompareSpec(GridSpec(("gemma3:270m@slow", "qwen3:0.6b"), (ASK,)), RunSettings())
    run_id, run = start_recorded_run(history, fleet, spec, expand_grid(spec.grid))
    assert run.join(30)
    stored = history.load_run(run_id)
    assert {a.model: a.host for a in stored.attempts} == {
        "gemma3:270m@slow": "slow",
        "qwen3:0.6b": "fast",
    }
    hosts = stored.environment["hosts"]
    assert {label: h["ollama_version"] for label, h in hosts.items()} == {
        "fast": "0.24.0",
        "slow": "0.23.1",
    }
    assert set(hosts["fast"]["digests"]) == {"gemma3:270m", "qwen3:0.6b"}
    assert set(hosts["slow"]["digests"]) == {"gemma3:270m"}
    assert all(len(d) == 64 for d in stored.environment["digests"].values())
    assert "host" in run_to_csv(stored).decode("utf-8-sig").splitlines()[0].split(",")
    history.close()


def test_an_attempt_saved_before_hosts_existed_loads_with_no_host(tmp_path: Path, service):
    history = History(tmp_path / "history.db")
    spec = CompareSpec(GridSpec(("gemma3:270m",), (ASK,)), RunSettings(warmup=False))
    run_id, run = start_recorded_run(history, service, spec, expand_grid(spec.grid))
    assert run.join(30)
    conn = history.db.connection()
    conn.execute("UPDATE attempts SET attempt_json = json_remove(attempt_json, '$.host')")
    (attempt,) = history.load_run(run_id).attempts
    assert attempt.status == "done" and attempt.host == ""
    assert "hosts" not in history.load_run(run_id).environment
    history.close()
