"""Suites over runs: checks added after a run, pass rates and their heatmap, standings, and the
models checks need."""

from __future__ import annotations

import pytest

from tests.fake_ollama import FakeOllama
from workbench.checks import CheckSpec, Kind, result_from_dict
from workbench.compare import (
    Attempt,
    CompareSpec,
    GridSpec,
    PromptVariant,
    RunSettings,
    attempts_frame,
    expand_grid,
)
from workbench.compare.runner import CompareRun
from workbench.compare.schedule import CPU_SAFE
from workbench.history import History
from workbench.ollama.client import OllamaService
from workbench.suites import (
    check_standings,
    missing_check_models,
    pass_rate_figure,
    pass_rate_frame,
    recheck,
    with_checks,
)

ASK = PromptVariant(
    "ask",
    ({"role": "user", "content": "{{city}}에 대해 알려 주세요."},),
    checks=(CheckSpec(Kind.CONTAINS, {"values": ["{{city}}"]}), CheckSpec(Kind.IS_JSON)),
)
ROWS = ({"city": "하늘빛시", "expected": "하늘빛시"}, {"city": "Seoul"})


def test_checks_added_after_a_run_score_the_stored_answers_without_generating(
    fake_daemon: FakeOllama, service: OllamaService, tmp_path
):
    history = History(tmp_path / "history.db")
    plain = PromptVariant("plain", ({"role": "user", "content": "Tell me about {{city}}."},))
    spec = GridSpec(("gemma3:270m",), (plain,), ({"city": "Seoul"},))
    cells = expand_grid(spec)
    run_id = history.create_run(CompareSpec(spec, RunSettings()), cells, {})
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE), sink=history.sink(run_id))
    assert run.start().join(30)
    stored = history.load_run(run_id)
    assert all(not a.checks for a in stored.attempts)
    generated = _chats(fake_daemon)

    new = (CheckSpec(Kind.LENGTH, {"unit": "words", "max": 1000}),)
    spec2, cells2 = with_checks(stored.spec, stored.cells, {"plain": new})
    attempts = recheck(cells2, stored.attempts, None)
    history.save_checks(run_id, spec2, cells2, attempts)

    again = history.load_run(run_id)
    assert _chats(fake_daemon) == generated
    assert again.spec.grid.variants[0].checks == new
    assert again.cells[0].checks == new
    (attempt,) = again.attempts
    assert attempt.text == stored.attempts[0].text
    assert [result_from_dict(r).passed for r in attempt.checks] == [True]
    assert check_standings(history, "model")[0].player == "gemma3:270m"


def _chats(fake_daemon: FakeOllama) -> int:
    return sum(path == "/api/chat" for _, path, _ in fake_daemon.requests)


def _attempt(cell_id: str, model: str, verdicts: list[bool]) -> Attempt:
    results = [
        {
            "kind": "contains",
            "status": "pass" if ok else "fail",
            "score": 1.0 if ok else 0.0,
            "reason": {"code": "x", "params": {}},
            "weight": 1.0,
        }
        for ok in verdicts
    ]
    return Attempt(cell_id, 0, model, "done", text="answer", checks=results)


def test_pass_rates_per_model_and_prompt_and_their_heatmap():
    a = PromptVariant("a", ({"role": "user", "content": "{{q}}"},))
    b = PromptVariant("b", ({"role": "user", "content": "{{q}} please"},))
    spec = GridSpec(("m1", "m2"), (a, b), ({"q": "1"}, {"q": "2"}))
    cells = expand_grid(spec)
    attempts = [
        _attempt(cell.id, cell.model, [cell.model == "m1" or cell.row_index == 0, True])
        for cell in cells
    ]
    table = pass_rate_frame(attempts_frame(cells, attempts))
    rates = {(r.model, r.variant): r.pass_rate for r in table.itertuples()}
    assert rates == {("m1", "a"): 1.0, ("m1", "b"): 1.0, ("m2", "a"): 0.5, ("m2", "b"): 0.5}
    figure = pass_rate_figure(table).to_dict()
    heat = figure["data"][0]
    assert list(heat["x"]) == ["m1", "m2"]
    assert [list(row) for row in heat["z"]] == [[1.0, 0.5], [1.0, 0.5]]
    assert heat["text"][0][1] == "50% (1/2)"


def test_unchecked_answers_make_no_pass_rate_rows():
    cells = expand_grid(GridSpec(("m1",), (ASK,)))
    table = pass_rate_frame(attempts_frame(cells, [Attempt(cells[0].id, 0, "m1", "done")]))
    assert table.empty


@pytest.mark.parametrize(
    ("installed", "missing"),
    [
        (["gemma3:270m"], ["judge:7b", "nomic-embed-text:latest"]),
        (["judge:7b", "nomic-embed-text"], []),
    ],
)
def test_models_that_checks_need_but_are_not_installed(installed, missing):
    judged = PromptVariant(
        "judged",
        ({"role": "user", "content": "hi"},),
        checks=(
            CheckSpec(Kind.JUDGE, {"rubric": "polite", "model": "judge:7b"}),
            CheckSpec(Kind.SIMILAR, {"reference": "hello", "model": "nomic-embed-text:latest"}),
        ),
    )
    assert missing_check_models(GridSpec(("gemma3:270m",), (judged,)), installed) == missing
