"""Gold answers in the history: migration 0004 upgrades an old database and keeps its runs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from workbench.compare import (
    Attempt,
    CompareSpec,
    GridSpec,
    PromptVariant,
    RunSettings,
    cell_to_dict,
    expand_grid,
)
from workbench.datasets import ExampleFilter, examples, save_gold
from workbench.history import History
from workbench.history.db import MIGRATIONS, HistoryDB

ASK = PromptVariant("질문", ({"role": "user", "content": "서울의 날씨는?"},), "날씨", "1")
GRID = GridSpec(("gemma3:270m",), (ASK,))


def old_database(path: Path) -> None:
    """A history written before gold answers existed, with one answered run."""
    db = HistoryDB(path, MIGRATIONS[:3])
    (cell,) = expand_grid(GRID)
    attempt = Attempt(cell.id, 0, cell.model, "done", "맑습니다.")
    conn = db.connection()
    conn.execute(
        "INSERT INTO runs (id, name, created_at, status, spec_json, environment_json)"
        " VALUES ('old', '예전 실행', '2026-01-01T00:00:00+00:00', 'finished', ?, '{}')",
        (json.dumps(CompareSpec(GRID, RunSettings()).to_dict()),),
    )
    conn.execute(
        "INSERT INTO cells (run_id, cell_id, position, model, cell_json) VALUES (?, ?, 0, ?, ?)",
        ("old", cell.id, cell.model, json.dumps(cell_to_dict(cell))),
    )
    conn.execute(
        "INSERT INTO attempts (run_id, cell_id, repeat, status, attempt_json, saved_at)"
        " VALUES ('old', ?, 0, 'done', ?, '2026-01-01T00:00:01+00:00')",
        (cell.id, json.dumps(attempt.to_dict())),
    )
    db.close()


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def test_an_old_database_gets_the_gold_table_and_keeps_its_answers(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    old_database(path)
    assert "gold_answers" not in tables(path)
    history = History(path)
    assert history.db.applied == ["0004_gold_answers"]
    (item,) = examples(history, ExampleFilter())
    assert (item.run_name, item.answer, item.gold) == ("예전 실행", "맑습니다.", None)
    save_gold(history, item.key, "맑고 따뜻합니다.")
    history.close()
    again = History(path)
    assert again.db.applied == []
    (item,) = examples(again, ExampleFilter())
    assert (item.answer, item.gold) == ("맑습니다.", "맑고 따뜻합니다.")
    again.close()


def test_gold_answers_go_with_their_run(tmp_path: Path):
    history = History(tmp_path / "h.sqlite3")
    (cell,) = expand_grid(GRID)
    run_id = history.create_run(CompareSpec(GRID, RunSettings()), [cell], {})
    history.save_attempt(run_id, Attempt(cell.id, 0, cell.model, "done", "맑습니다."))
    assert history.gold.save(run_id, cell.id, 0, "맑음")
    assert not history.gold.save(run_id, cell.id, 1, "없는 반복")
    assert history.gold.answers(run_id) == {(cell.id, 0): "맑음"}
    history.db.connection().execute("DELETE FROM runs WHERE id = ?", (run_id,))
    count = history.db.connection().execute("SELECT count(*) FROM gold_answers").fetchone()[0]
    assert count == 0
    history.close()
