"""Histories with real runs, answers, votes and blind A/B results, built through the store."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from workbench.compare import (
    Attempt,
    CompareSpec,
    GridSpec,
    PromptVariant,
    RunSettings,
    expand_grid,
)
from workbench.datasets import Example
from workbench.history import History

SKY_1 = PromptVariant("짧게", ({"role": "user", "content": "{{질문}}"},), "하늘", "1")
SKY_2 = PromptVariant(
    "친절하게",
    (
        {"role": "system", "content": "친절한 과학 선생님처럼 답하세요."},
        {"role": "user", "content": "{{질문}}"},
    ),
    "하늘",
    "2",
)
MODELS = ("gemma3:270m", "qwen3:0.6b")
QUESTIONS = ({"질문": "하늘은 왜 파란가요?"}, {"질문": "노을은 왜 붉은가요?"})
# Cell ids: m<model>-v<variant>-r<row>-p0
GRID = GridSpec(MODELS, (SKY_1, SKY_2), QUESTIONS)


def save_run(
    history: History,
    answers: Mapping[str, str | tuple[str, ...]],
    name: str = "",
    grid: GridSpec = GRID,
    status: Mapping[str, str] | None = None,
) -> str:
    """A finished run of `grid` where each listed cell answered (one text per repeat); cells in
    `status` end that way instead (error or cancelled)."""
    cells = {cell.id: cell for cell in expand_grid(grid)}
    run_id = history.create_run(CompareSpec(grid, RunSettings()), list(cells.values()), {}, name)
    for cell_id, texts in answers.items():
        texts = (texts,) if isinstance(texts, str) else texts
        for repeat, text in enumerate(texts):
            state = (status or {}).get(cell_id, "done")
            attempt = Attempt(cell_id, repeat, cells[cell_id].model, state, text)
            history.save_attempt(run_id, attempt)
    history.finish_run(run_id, "finished")
    return run_id


@pytest.fixture
def history(tmp_path: Path):
    store = History(tmp_path / "history.sqlite3")
    yield store
    store.close()


def example(key: str, prompt: str, answer: str = "답", **fields: object) -> Example:
    """A hand-made example (for the pure functions: dedupe, split, stats, exports)."""
    values: dict[str, object] = {
        "key": key,
        "run_id": "r",
        "run_name": "",
        "created_at": "2026-12-01T00:00:00+00:00",
        "model": "m",
        "template": "t",
        "messages": ({"role": "user", "content": prompt},),
        "answer": answer,
        "gold": None,
        "thumbs": None,
        "score": None,
    }
    return Example(**(values | fields))  # type: ignore[arg-type]
