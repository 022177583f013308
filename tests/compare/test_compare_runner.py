"""The comparison runner against the fake daemon: overlap, scheduling, cancel, errors, metrics."""

from __future__ import annotations

import threading
import time
from itertools import pairwise

import pytest

from tests.fake_ollama import FakeOllama
from workbench.compare.board import Board
from workbench.compare.events import CompareEvent
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.results import Attempt
from workbench.compare.runner import CompareRun
from workbench.compare.schedule import CPU_SAFE, FREE, SchedulePolicy
from workbench.ollama.client import OllamaService

ASK = PromptVariant("ask", ({"role": "user", "content": "Why is the sky {{color}}?"},))
ROWS = ({"color": "blue"}, {"color": "파란색"})


def grid(*models: str, rows=ROWS, repeats: int = 1):
    return expand_grid(GridSpec(models, (ASK,), rows, repeats=repeats))


def run_all(run: CompareRun, timeout: float = 20) -> list[CompareEvent]:
    assert run.join(timeout), "the run did not finish in time"
    return run.drain()


def events_until(run: CompareRun, kind: str, timeout: float = 5) -> list[CompareEvent]:
    deadline, seen = time.monotonic() + timeout, []
    while not any(e.kind == kind for e in seen):
        assert time.monotonic() < deadline, f"no {kind} event in time"
        seen += run.events.wait(0.05)
    return seen


def intervals(events: list[CompareEvent]) -> dict[tuple[str, int], list[float]]:
    spans: dict[tuple[str, int], list[float]] = {}
    for event in events:
        if event.kind == "started":
            spans[(event.cell_id, event.repeat)] = [event.at, float("inf")]
        elif event.kind in ("done", "error", "cancelled") and event.cell_id:
            spans.setdefault((event.cell_id, event.repeat), [event.at, event.at])[1] = event.at
    return spans


def test_free_policy_streams_every_cell_at_once(fake_daemon: FakeOllama, service: OllamaService):
    fake_daemon.token_delay = 0.02
    cells = grid("gemma3:270m", "llava:7b")
    began = time.perf_counter()
    events = run_all(CompareRun(service, cells, RunSettings(policy=FREE)).start())
    elapsed = time.perf_counter() - began
    attempts = [e.payload for e in events if e.kind == "done"]
    generation = sum(a.total_time for a in attempts)
    assert len(attempts) == 4
    assert elapsed < 0.6 * generation
    kinds = [e.kind for e in events if e.cell_id]
    assert kinds.index("done") > max(i for i, k in enumerate(kinds) if k == "started")


def test_cpu_safe_never_has_two_models_in_flight(fake_daemon: FakeOllama, service: OllamaService):
    fake_daemon.token_delay = 0.005
    cells = grid("gemma3:270m", "qwen3:0.6b", "llava:7b")
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE, shuffle=True, seed=3)).start()
    events = run_all(run)
    spans = sorted(intervals(events).values())
    assert len(spans) == 6
    assert all(end <= next_start for (_, end), (next_start, _) in pairwise(spans))
    waits = sorted(a.queue_wait for a in run.attempts())
    assert waits[0] < 0.25 and waits[-1] > 0.3
    policy = next(e.payload for e in events if e.kind == "policy")
    assert policy["name"] == "cpu-safe"


def test_per_model_slots_overlap_models_but_not_one_model(
    fake_daemon: FakeOllama, service: OllamaService
):
    fake_daemon.token_delay = 0.01
    policy = SchedulePolicy("gpu-like", max_in_flight=None, per_model=1, max_models=None)
    cells = grid("gemma3:270m", "llava:7b")
    events = run_all(CompareRun(service, cells, RunSettings(policy=policy)).start())
    spans = intervals(events)
    by_model = {m: sorted(v for k, v in spans.items() if k[0].startswith(m)) for m in ("m0", "m1")}
    for model_spans in by_model.values():
        (_, first_end), (second_start, _) = model_spans
        assert first_end <= second_start
    (a_start, a_end), (b_start, b_end) = by_model["m0"][0], by_model["m1"][0]
    assert a_start < b_end and b_start < a_end


def test_a_missing_model_fails_only_its_cells(fake_daemon: FakeOllama, service: OllamaService):
    cells = grid("gemma3:270m", "nope:1b")
    run = CompareRun(service, cells, RunSettings(policy=FREE)).start()
    events = run_all(run)
    by_model = {}
    for attempt in run.attempts():
        by_model.setdefault(attempt.model, []).append(attempt)
    assert {a.status for a in by_model["gemma3:270m"]} == {"done"}
    assert all(a.text for a in by_model["gemma3:270m"])
    assert [(a.status, a.error_code) for a in by_model["nope:1b"]] == [
        ("error", "error.model_not_found")
    ] * 2
    warmups = {e.payload["model"]: e.payload["error_code"] for e in events if e.kind == "warmup"}
    assert warmups == {"gemma3:270m": "", "nope:1b": "error.model_not_found"}
    assert events[-1].kind == "finished" and events[-1].payload == {"status": "finished"}


def test_a_stream_failing_midway_keeps_its_partial_answer(
    fake_daemon: FakeOllama, service: OllamaService
):
    fake_daemon.fail_stream_after(3, "runner crashed")
    run = CompareRun(service, grid("gemma3:270m", rows=()), RunSettings(warmup=False)).start()
    run_all(run)
    (attempt,) = run.attempts()
    assert attempt.status == "error" and attempt.error_code == "error.stream_interrupted"
    assert "runner crashed" in attempt.error_message and attempt.text


def test_metrics_follow_the_fake_daemon_delays(fake_daemon: FakeOllama, service: OllamaService):
    fake_daemon.token_delay = 0.02
    fake_daemon.settings.load_delay = 0.3
    cold = CompareRun(service, grid("gemma3:270m", rows=()), RunSettings(warmup=False)).start()
    run_all(cold)
    (attempt,) = cold.attempts()
    assert attempt.output_tokens == 24 and attempt.prompt_tokens > 0
    assert 0.28 <= attempt.load_time <= 0.6
    assert 0.3 <= attempt.time_to_first_token <= attempt.total_time
    assert 0.3 + 24 * 0.02 <= attempt.total_time <= 3.0
    assert 20 <= attempt.tokens_per_second <= 52
    assert attempt.queue_wait < 0.25
    service.unload("gemma3:270m")
    warm = CompareRun(service, grid("gemma3:270m", rows=()), RunSettings()).start()
    events = run_all(warm)
    (warm_attempt,) = warm.attempts()
    assert warm_attempt.load_time < 0.1
    assert next(e.payload["seconds"] for e in events if e.kind == "warmup") >= 0.28


def test_thinking_is_kept_apart(fake_daemon: FakeOllama, service: OllamaService):
    run = CompareRun(service, grid("qwen3:0.6b", rows=()), RunSettings(think=True)).start()
    events = run_all(run)
    (attempt,) = run.attempts()
    assert attempt.thinking.startswith("Okay") and "Okay" not in attempt.text
    streamed = "".join(e.payload for e in events if e.kind == "thinking")
    assert streamed == attempt.thinking


def test_repeats_with_a_locked_seed_give_identical_answers(
    fake_daemon: FakeOllama, service: OllamaService
):
    cells = grid("gemma3:270m", rows=({"color": "blue"},), repeats=3)
    run = CompareRun(service, cells, RunSettings(seed=11), repeats=3).start()
    run_all(run)
    attempts = run.attempts()
    assert [a.repeat for a in attempts] == [0, 1, 2]
    assert len({a.text for a in attempts}) == 1
    assert all(a.options["seed"] == 11 for a in attempts)
    sent = [body for _, path, body in fake_daemon.requests if path == "/api/chat"]
    assert [body["options"]["seed"] for body in sent] == [11, 11, 11]


def test_automatic_policy_reads_the_gpu_split(fake_daemon: FakeOllama, service: OllamaService):
    fake_daemon.settings.gpu = True
    run = CompareRun(service, grid("gemma3:270m", "llava:7b"), RunSettings()).start()
    events = run_all(run)
    assert next(e.payload for e in events if e.kind == "policy")["name"] == "gpu"
    fake_daemon.settings.gpu = False
    run = CompareRun(service, grid("gemma3:270m"), RunSettings(max_concurrency=4)).start()
    policy = next(e.payload for e in run_all(run) if e.kind == "policy")
    assert (policy["name"], policy["max_in_flight"]) == ("cpu-safe", 1)


def _worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("compare-")]


@pytest.mark.parametrize("policy", [FREE, CPU_SAFE], ids=["free", "cpu-safe"])
def test_cancel_stops_every_cell_promptly(fake_daemon, service, policy):
    fake_daemon.token_delay = 0.1
    cells = grid("gemma3:270m", "llava:7b")
    run = CompareRun(service, cells, RunSettings(policy=policy, warmup=False)).start()
    seen = events_until(run, "token")
    began = time.perf_counter()
    assert run.cancel(timeout=2)
    assert time.perf_counter() - began < 1.0
    assert not _worker_threads()
    attempts = run.attempts()
    assert len(attempts) == 4 and {a.status for a in attempts} == {"cancelled"}
    assert any(a.text for a in attempts)
    events = seen + run.drain()
    assert sum(e.kind == "cancelled" for e in events) == 4
    assert events[-1].payload == {"status": "cancelled"}
    time.sleep(0.15)
    assert run.drain() == []


def test_cancel_marks_requests_stuck_in_the_daemon_queue(fake_daemon, service):
    fake_daemon.token_delay = 0.05
    fake_daemon.settings.max_concurrency = 1
    run = CompareRun(service, grid("gemma3:270m", "llava:7b"), RunSettings(policy=FREE)).start()
    events_until(run, "token")
    began = time.perf_counter()
    run.cancel(timeout=0.2)
    assert time.perf_counter() - began < 1.0
    assert run.finished.is_set()
    assert {a.status for a in run.attempts()} == {"cancelled"} and len(run.attempts()) == 4
    assert _wait_threads_gone(5)


def _wait_threads_gone(timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _worker_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _worker_threads()


class RecordingSink:
    def __init__(self, fail: bool = False) -> None:
        self.fail, self.attempts, self.statuses, self.policies = fail, [], [], []

    def policy_chosen(self, policy) -> None:
        self.policies.append(policy.name)

    def attempt_finished(self, attempt: Attempt) -> None:
        if self.fail:
            raise OSError("disk full")
        self.attempts.append(attempt)

    def run_finished(self, status: str) -> None:
        self.statuses.append(status)


def test_sink_receives_results_and_its_failures_only_warn(fake_daemon, service):
    sink = RecordingSink()
    run_all(CompareRun(service, grid("gemma3:270m"), sink=sink).start())
    assert len(sink.attempts) == 2 and sink.statuses == ["finished"]
    assert sink.policies == ["cpu-safe"]
    failing = CompareRun(service, grid("gemma3:270m"), sink=RecordingSink(fail=True)).start()
    events = run_all(failing)
    assert [a.status for a in failing.attempts()] == ["done", "done"]
    assert any(e.kind == "warning" and "disk full" in e.payload["message"] for e in events)


def test_board_folds_events_into_cells(fake_daemon, service):
    cells = grid("gemma3:270m", "nope:1b")
    board = Board(cells)
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE)).start()
    reasons = run.waiting_reasons()
    assert set(reasons) == {f"{c.id}#0" for c in cells}
    assert {r.code for r in reasons.values()} <= {"warming_up", "limit_total", "ready"}
    while not board.finished:
        board.apply(run.events.wait(0.05))
    assert board.counts == {"done": 2, "error": 2}
    assert board.policy["name"] == "cpu-safe" and len(board.warmups) == 2
    state = board.cells[cells[0].id]
    assert state.text == state.attempts[-1].text and state.position == 1
    assert board.cells[cells[1].id].error.startswith("The model 'nope:1b' was not found")


def test_waiting_reasons_explain_the_queue(fake_daemon, service):
    fake_daemon.token_delay = 0.05
    cells = grid("gemma3:270m", "llava:7b")
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE, warmup=False)).start()
    started = next(e for e in events_until(run, "started") if e.kind == "started")
    reasons = run.waiting_reasons()
    assert f"{started.cell_id}#0" not in reasons and len(reasons) == 3
    assert {(r.code, r.limit) for r in reasons.values()} == {("limit_total", 1)}
    run.cancel()
