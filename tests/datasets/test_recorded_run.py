"""A comparison run against the fake daemon, voted blind, becomes chat and DPO files."""

from __future__ import annotations

import json

from workbench.compare import BlindPair, CompareSpec, RunSettings, expand_grid
from workbench.datasets import (
    ExampleFilter,
    chat_jsonl,
    examples,
    preference_jsonl,
    preference_pairs,
)
from workbench.history import History, start_recorded_run
from workbench.ollama import OllamaService

from .builders import GRID


def test_a_recorded_run_exports_its_answers_and_its_blind_vote(
    history: History, fake_daemon, service: OllamaService
):
    cells = expand_grid(GRID)
    run_id, run = start_recorded_run(history, service, CompareSpec(GRID, RunSettings()), cells)
    assert run.join(20)
    stored = {a.cell_id: a.text for a in history.load_run(run_id).attempts}
    items = examples(history, ExampleFilter())
    assert [item.key.split("/")[1] for item in items] == [cell.id for cell in cells]
    lines = [json.loads(line) for line in chat_jsonl(items).decode("utf-8").splitlines()]
    assert [line["messages"][-1]["content"] for line in lines] == [stored[c.id] for c in cells]
    first, second = cells[0].id, cells[1].id  # two models, the same question
    history.votes.add_pair_result(run_id, BlindPair(first, second).decide("first"))
    (line,) = preference_jsonl(preference_pairs(history, ExampleFilter())).splitlines()
    pair = json.loads(line)
    assert pair["chosen"][0]["content"] == stored[first]
    assert pair["rejected"][0]["content"] == stored[second]
