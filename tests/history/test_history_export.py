"""Exporting runs to CSV and JSON with Korean text intact."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.results import Attempt
from workbench.compare.spec import CompareSpec
from workbench.compare.votes import PairResult, Rating
from workbench.history.export import (
    all_runs_to_csv,
    all_runs_to_json,
    run_to_csv,
    run_to_dict,
    run_to_json,
)
from workbench.history.store import History

ASK = PromptVariant("질문", ({"role": "user", "content": "{{도시}}의 날씨는?"},), "날씨", "1")
GRID = GridSpec(("gemma3:270m", "qwen3:0.6b"), (ASK,), ({"도시": "서울"},))


def stored_history(tmp_path: Path) -> tuple[History, str]:
    history = History(tmp_path / "h.sqlite3")
    cells = expand_grid(GRID)
    run_id = history.create_run(
        CompareSpec(GRID, RunSettings()), cells, {"ollama_version": "0.24.0"}, "서울 비교"
    )
    history.save_attempt(
        run_id,
        Attempt(
            cells[0].id,
            0,
            "gemma3:270m",
            "done",
            '서울은 맑습니다, "정말"\n내일도.',
            "생각 중",
            total_time=1.5,
        ),
    )
    history.save_attempt(
        run_id,
        Attempt(
            cells[1].id,
            0,
            "qwen3:0.6b",
            "error",
            error_code="error.model_not_found",
            error_message="모델 없음",
        ),
    )
    history.votes.add_rating(run_id, Rating(cells[0].id, "thumbs", 1, "좋아요"))
    history.votes.add_pair_result(run_id, PairResult(cells[0].id, cells[1].id, "tie"))
    history.finish_run(run_id, "finished")
    return history, run_id


def test_run_csv_keeps_korean_and_reads_back(tmp_path: Path):
    history, run_id = stored_history(tmp_path)
    data = run_to_csv(history.load_run(run_id))
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(frame["run_name"]) == ["서울 비교", "서울 비교"]
    assert frame.loc[0, "text"] == '서울은 맑습니다, "정말"\n내일도.'
    assert frame.loc[0, "thinking"] == "생각 중" and frame.loc[0, "template"] == "날씨@1"
    assert frame.loc[1, "error_message"] == "모델 없음" and frame.loc[1, "status"] == "error"
    assert float(frame.loc[0, "total_time"]) == 1.5 and frame.loc[1, "total_time"] == ""
    assert list(frame["thumbs_up"]) == [1, 0] and list(frame["thumbs_down"]) == [0, 0]
    assert list(frame["pair_ties"]) == [1, 1] and list(frame["pair_wins"]) == [0, 0]
    assert frame.loc[0, "vote_notes"] == "좋아요" and frame.loc[1, "score_mean"] == ""
    history.close()


def test_csv_vote_columns_count_scores_and_wins(tmp_path: Path):
    history, run_id = stored_history(tmp_path)
    cells = expand_grid(GRID)
    history.votes.add_rating(run_id, Rating(cells[0].id, "score", 4))
    history.votes.add_rating(run_id, Rating(cells[0].id, "score", 5))
    history.votes.add_pair_result(run_id, PairResult(cells[1].id, cells[0].id, "a"))
    frame = pd.read_csv(io.BytesIO(run_to_csv(history.load_run(run_id))), encoding="utf-8-sig")
    assert frame.loc[0, "score_mean"] == 4.5 and frame.loc[0, "score_count"] == 2
    assert frame.loc[1, "pair_wins"] == 1 and frame.loc[0, "pair_losses"] == 1
    history.close()


def test_run_json_holds_everything_with_raw_korean(tmp_path: Path):
    history, run_id = stored_history(tmp_path)
    text = run_to_json(history.load_run(run_id))
    assert "서울은 맑습니다" in text and "\\uc11c" not in text
    data = json.loads(text)
    assert data == run_to_dict(history.load_run(run_id))
    assert data["spec"]["grid"]["variants"][0]["messages"][0]["content"] == "{{도시}}의 날씨는?"
    assert data["cells"][0]["messages"][0]["content"] == "서울의 날씨는?"
    assert data["ratings"] == [
        {"cell_id": "m0-v0-r0-p0", "kind": "thumbs", "value": 1, "note": "좋아요"}
    ]
    assert data["pair_results"][0]["winner"] == "tie"
    assert [a["status"] for a in data["attempts"]] == ["done", "error"]
    history.close()


def test_all_runs_export(tmp_path: Path):
    history, first = stored_history(tmp_path)
    empty = History(tmp_path / "empty.sqlite3")
    assert json.loads(all_runs_to_json(empty)) == {"runs": []}
    header = pd.read_csv(io.BytesIO(all_runs_to_csv(empty)), encoding="utf-8-sig")
    assert header.empty and {"run_id", "cell_id", "text", "thumbs_up"} <= set(header.columns)
    second = history.create_run(CompareSpec(GRID, RunSettings()), expand_grid(GRID), {}, "둘째")
    frame = pd.read_csv(
        io.BytesIO(all_runs_to_csv(history)), encoding="utf-8-sig", keep_default_na=False
    )
    assert list(frame["run_id"]) == [first, first]
    runs = json.loads(all_runs_to_json(history))["runs"]
    assert [r["id"] for r in runs] == [second, first] and runs[0]["name"] == "둘째"
    empty.close()
    history.close()
