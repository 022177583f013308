"""Checks in Compare: cells carry them, and the runner scores each answer as it finishes and
stores the verdicts."""

from __future__ import annotations

import threading

from tests.fake_ollama import FakeOllama
from workbench.checks import CheckSpec, Kind, result_from_dict
from workbench.compare import (
    Attempt,
    CompareSpec,
    GridSpec,
    ParamSet,
    PromptVariant,
    RunSettings,
    check_attempt,
    expand_grid,
    seeded_grid,
)
from workbench.compare.runner import CompareRun
from workbench.compare.schedule import CPU_SAFE
from workbench.errors import WorkbenchError
from workbench.history import History, start_recorded_run, start_rerun
from workbench.ollama.client import OllamaService

ASK = PromptVariant(
    "ask",
    ({"role": "user", "content": "{{city}}에 대해 알려 주세요."},),
    checks=(CheckSpec(Kind.CONTAINS, {"values": ["{{city}}"]}), CheckSpec(Kind.IS_JSON)),
)
ROWS = ({"city": "하늘빛시", "expected": "하늘빛시"}, {"city": "Seoul"})


def test_cells_get_their_prompts_checks_bound_to_the_row_then_the_rows_own():
    cells = expand_grid(GridSpec(("gemma3:270m",), (ASK,), ROWS))
    first, second = cells
    assert first.checks[0].args["values"] == ["하늘빛시"]
    assert first.checks[1].kind == Kind.IS_JSON
    assert first.checks[2] == CheckSpec(
        Kind.CONTAINS, {"values": ["하늘빛시"], "ignore_case": True}
    )
    assert [c.kind for c in second.checks] == [Kind.CONTAINS, Kind.IS_JSON]
    assert second.checks[0].args["values"] == ["Seoul"]


def test_the_runner_scores_each_answer_and_saves_the_verdicts(service: OllamaService, tmp_path):
    history = History(tmp_path / "history.db")
    spec = GridSpec(("gemma3:270m", "qwen3:0.6b"), (ASK,), ROWS)
    cells = expand_grid(spec)
    run_id = history.create_run(CompareSpec(spec, RunSettings()), cells, {})
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE), sink=history.sink(run_id))
    assert run.start().join(30)
    events = run.drain()
    checked = [e.payload for e in events if e.kind == "checked"]
    assert len(checked) == len(cells)
    for attempt in checked:
        results = [result_from_dict(r) for r in attempt.checks]
        assert [r.kind for r in results][:2] == [Kind.CONTAINS, Kind.IS_JSON]
        contains = results[0]
        assert contains.passed == (("하늘빛시" in attempt.text) or ("Seoul" in attempt.text))
        assert not results[1].passed  # a plain answer is not JSON
    stored = history.load_run(run_id)
    assert {a.key: a.checks for a in stored.attempts} == {a.key: a.checks for a in checked}
    assert {a.key: a.checks for a in run.attempts()} == {a.key: a.checks for a in checked}


def test_a_check_that_breaks_is_an_error_and_the_run_goes_on(service: OllamaService):
    broken = PromptVariant(
        "broken",
        ({"role": "user", "content": "hello"},),
        checks=(CheckSpec(Kind.REGEX, {"pattern": "(unclosed"}), CheckSpec(Kind.NOT_REFUSES)),
    )
    cells = expand_grid(GridSpec(("gemma3:270m",), (broken,)))
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE))
    assert run.start().join(30)
    (attempt,) = run.attempts()
    statuses = [result_from_dict(r).status for r in attempt.checks]
    assert statuses[0] == "error"
    assert statuses[1] in ("pass", "fail")
    assert attempt.text


def test_a_judge_waits_for_the_scheduler_and_scores_every_answer(
    fake_daemon: FakeOllama, service: OllamaService
):
    fake_daemon.script_replies("llava:7b", ['{"score": 5, "reason": "명확함"}', "not json"])
    judged = PromptVariant(
        "judged",
        ({"role": "user", "content": "{{city}}?"},),
        checks=(CheckSpec(Kind.JUDGE, {"rubric": "정확한가?", "model": "llava:7b"}),),
    )
    cells = expand_grid(GridSpec(("gemma3:270m", "qwen3:0.6b"), (judged,), ROWS))
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE))
    assert run.start().join(60)
    verdicts = sorted(result_from_dict(a.checks[0]).status for a in run.attempts())
    assert verdicts == ["error", "error", "pass", "pass"]  # every other verdict is malformed
    judge_calls = [b for _, path, b in fake_daemon.requests if b and b.get("model") == "llava:7b"]
    assert len(judge_calls) == 4


def test_acquire_holds_a_check_model_back_while_the_policy_is_full(service: OllamaService):
    run = CompareRun(service, expand_grid(GridSpec(("gemma3:270m",), (ASK,))))
    run.policy = CPU_SAFE
    run.acquire("gemma3:270m")
    got = threading.Event()
    waiter = threading.Thread(target=lambda: (run.acquire("judge:7b"), got.set()))
    waiter.start()
    assert not got.wait(0.3)  # one model at a time: the judge waits
    run.release("gemma3:270m")
    assert got.wait(5)
    run.release("judge:7b")
    waiter.join(5)


def test_a_cancelled_run_does_not_leave_a_check_waiting(service: OllamaService):
    run = CompareRun(service, expand_grid(GridSpec(("gemma3:270m",), (ASK,))))
    run.policy = CPU_SAFE
    run.acquire("gemma3:270m")
    failed = threading.Event()

    def wait_for_judge() -> None:
        try:
            run.acquire("judge:7b")
        except WorkbenchError:
            failed.set()

    waiter = threading.Thread(target=wait_for_judge)
    waiter.start()
    run.cancel(timeout=0.1)
    assert failed.wait(5)
    waiter.join(5)


def test_running_a_stored_run_again_runs_its_checks_again(service: OllamaService, tmp_path):
    history = History(tmp_path / "history.db")
    spec = CompareSpec(GridSpec(("gemma3:270m",), (ASK,), ROWS), RunSettings(warmup=False))
    first_id, first = start_recorded_run(history, service, spec, expand_grid(spec.grid))
    assert first.join(30)
    again_id, again = start_rerun(history, service, first_id)
    assert again.join(30)
    stored = history.load_run(again_id)
    assert stored.parent_run_id == first_id
    assert len(stored.attempts) == 2
    checks = {cell.id: len(cell.checks) for cell in stored.cells}
    assert all(len(attempt.checks) == checks[attempt.cell_id] > 0 for attempt in stored.attempts)


def test_rag_checks_read_the_sources_a_document_chat_prompt_lists():
    context = (
        "[1] (규정.pdf, 1쪽)\n출장비는 하루 10만 원입니다.\n\n[2] (공지.html)\n신청은 금요일까지."
    )
    rag = PromptVariant(
        "rag",
        (
            {"role": "system", "content": f"Answer from these sources:\n\n{context}"},
            {"role": "user", "content": "출장비는?"},
        ),
        checks=(
            CheckSpec(Kind.CITES_SOURCES),
            CheckSpec(Kind.CONTEXT_CONTAINS, {"values": ["10만 원"]}),
        ),
    )
    plain = PromptVariant("plain", ({"role": "user", "content": "출장비는?"},), checks=rag.checks)
    rag_cell, plain_cell = expand_grid(GridSpec(("m",), (rag, plain)))

    def verdicts(cell, text: str) -> list[str]:
        checked = check_attempt(cell, Attempt(cell.id, 0, "m", "done", text=text), None)
        return [result_from_dict(r).status for r in checked.checks]

    assert verdicts(rag_cell, "하루 10만 원입니다 [1].") == ["pass", "pass"]
    assert verdicts(rag_cell, "하루 10만 원입니다 [3].") == ["fail", "pass"]
    assert verdicts(plain_cell, "하루 10만 원입니다 [1].") == ["error", "error"]


def test_an_export_sends_the_runs_locked_seed_in_every_parameter_set():
    grid = GridSpec(("m",), (ASK,), param_sets=(ParamSet("warm", {"temperature": 0.7}),))
    seeded = seeded_grid(grid, RunSettings(seed=7, lock_seed=True))
    assert [p.options for p in seeded.param_sets] == [{"temperature": 0.7, "seed": 7}]
    assert seeded_grid(grid, RunSettings(lock_seed=False)) == grid
    default = seeded_grid(GridSpec(("m",), (ASK,)), RunSettings(seed=3, lock_seed=True))
    assert [(p.name, p.options) for p in default.param_sets] == [("default", {"seed": 3})]
