"""Export runs from the history as CSV (UTF-8 with BOM, so spreadsheets read Korean) or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pandas as pd

from workbench.compare import (
    Attempt,
    Cell,
    answer_check,
    attempts_frame,
    cell_to_dict,
    check_state,
)
from workbench.history.store import History, StoredRun

CSV_ENCODING = "utf-8-sig"


VOTE_COLUMNS = (
    "thumbs_up",
    "thumbs_down",
    "score_mean",
    "score_count",
    "pair_wins",
    "pair_losses",
    "pair_ties",
    "vote_notes",
)


def vote_frame(run: StoredRun) -> pd.DataFrame:
    """Per cell: thumbs, 1-5 scores, A/B results and notes people gave it."""
    votes: dict[str, dict[str, Any]] = {
        cell.id: {"cell_id": cell.id, "scores": [], "notes": []}
        | dict.fromkeys(("thumbs_up", "thumbs_down", "pair_wins", "pair_losses", "pair_ties"), 0)
        for cell in run.cells
    }
    for rating in run.ratings:
        row = votes.get(rating.cell_id)
        if row is None:
            continue
        if rating.kind == "thumbs":
            row["thumbs_up" if rating.value else "thumbs_down"] += 1
        else:
            row["scores"].append(rating.value)
        if rating.note.strip():
            row["notes"].append(rating.note.strip())
    for result in run.pair_results:
        for cell_id, outcome in (
            (result.cell_a, result.score_a),
            (result.cell_b, 1 - result.score_a),
        ):
            if cell_id in votes:
                column = {1.0: "pair_wins", 0.0: "pair_losses"}.get(outcome, "pair_ties")
                votes[cell_id][column] += 1
    rows = []
    for row in votes.values():
        scores, notes = row.pop("scores"), row.pop("notes")
        row["score_mean"] = round(sum(scores) / len(scores), 2) if scores else None
        row["score_count"] = len(scores)
        row["vote_notes"] = " | ".join(notes)
        rows.append(row)
    return pd.DataFrame(rows, columns=["cell_id", *VOTE_COLUMNS])


def run_frame(run: StoredRun) -> pd.DataFrame:
    """One row per attempt, led by the run's id, name and creation time, ending with the cell's
    votes."""
    frame = attempts_frame(run.cells, run.attempts).merge(vote_frame(run), "left", "cell_id")
    frame.insert(0, "run_created_at", run.created_at)
    frame.insert(0, "run_name", run.name)
    frame.insert(0, "run_id", run.id)
    return frame


def run_to_csv(run: StoredRun) -> bytes:
    """A run's attempts as CSV bytes."""
    return run_frame(run).to_csv(index=False).encode(CSV_ENCODING)


def all_runs_to_csv(history: History) -> bytes:
    """Every run's attempts in one CSV (newest run first)."""
    frames = [run_frame(history.load_run(run_id)) for run_id in history.run_ids()]
    if not frames:
        columns = ["run_id", "run_name", "run_created_at", *attempts_frame([], []).columns]
        columns += VOTE_COLUMNS
        frames = [pd.DataFrame(columns=columns)]
    return pd.concat(frames, ignore_index=True).to_csv(index=False).encode(CSV_ENCODING)


def run_to_dict(run: StoredRun) -> dict[str, Any]:
    """Everything about a run as JSON-ready data."""
    cells = {cell.id: cell for cell in run.cells}
    return {
        "id": run.id,
        "name": run.name,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "status": run.status,
        "parent_run_id": run.parent_run_id,
        "spec": run.spec.to_dict(),
        "environment": run.environment,
        "policy": run.policy.to_dict() if run.policy else None,
        "cells": [cell_to_dict(cell) for cell in run.cells],
        "attempts": [_attempt_dict(attempt, cells) for attempt in run.attempts],
        "ratings": [asdict(rating) for rating in run.ratings],
        "pair_results": [asdict(result) for result in run.pair_results],
    }


def _attempt_dict(attempt: Attempt, cells: dict[str, Cell]) -> dict[str, Any]:
    """An attempt with its check against its cell's output schema (valid, invalid, not_json,
    cut_by_length, or "" when it had no schema) and each violation."""
    answer = answer_check(cells.get(attempt.cell_id), attempt)
    violations = [asdict(v) for v in answer.violations] if answer else []
    return {**attempt.to_dict(), "schema_check": check_state(answer), "violations": violations}


def run_to_json(run: StoredRun) -> str:
    """A run as indented JSON text (Korean kept as is)."""
    return json.dumps(run_to_dict(run), ensure_ascii=False, indent=2)


def all_runs_to_json(history: History) -> str:
    """Every run as one JSON document: {"runs": [...]} (newest first)."""
    runs = [run_to_dict(history.load_run(run_id)) for run_id in history.run_ids()]
    return json.dumps({"runs": runs}, ensure_ascii=False, indent=2)
