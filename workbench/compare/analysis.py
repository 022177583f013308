"""Tables and charts of comparison results (pandas and plotly, no streamlit), and word diffs."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from workbench.compare.checking import check_score, checks_json, verdict
from workbench.compare.grid import Cell
from workbench.compare.results import DONE, METRICS, Attempt
from workbench.compare.validity import Check, answer_check, calls_json, check_problems, check_state

DiffOp = Literal["equal", "insert", "delete"]
_WORDS = re.compile(r"\s+|\S+")
CELL_COLUMNS = ["cell_id", "model", "variant", "template", "row_index", "params"]
SHAPE_COLUMNS = ["schema_check", "schema_problems", "tool_calls"]
CHECK_COLUMNS = ["check_verdict", "check_score", "checks"]


def attempts_frame(cells: Sequence[Cell], attempts: Iterable[Attempt]) -> pd.DataFrame:
    """One row per attempt with its cell's axes, status, text, metrics, its check against the
    output schema, the tool calls made, its checks' verdict, the error, and the host that
    answered ("" on one daemon)."""
    by_id = {cell.id: cell for cell in cells}
    rows = []
    for attempt in attempts:
        cell = by_id.get(attempt.cell_id)
        answer = answer_check(cell, attempt)
        rows.append(
            {
                "cell_id": attempt.cell_id,
                "model": attempt.model,
                "variant": cell.variant if cell else "",
                "template": cell.template_label if cell else "",
                "row_index": cell.row_index if cell else -1,
                "params": cell.params_label if cell else "",
                "repeat": attempt.repeat,
                "status": attempt.status,
                **{metric: getattr(attempt, metric) for metric in METRICS},
                "output_words": len(attempt.text.split()),
                "text": attempt.text,
                "thinking": attempt.thinking,
                "schema_check": check_state(answer),
                "schema_problems": check_problems(answer),
                "tool_calls": calls_json(attempt.tool_calls),
                "check_verdict": verdict(attempt),
                "check_score": check_score(attempt),
                "checks": checks_json(attempt),
                "error_code": attempt.error_code,
                "error_message": attempt.error_message,
                "options": json.dumps(attempt.options, ensure_ascii=False, sort_keys=True),
                "host": attempt.host,
            }
        )
    columns = [*CELL_COLUMNS, "repeat", "status", *METRICS, "output_words", "text", "thinking"]
    columns += [*SHAPE_COLUMNS, *CHECK_COLUMNS]
    frame = pd.DataFrame(rows, columns=[*columns, "error_code", "error_message", "options", "host"])
    for metric in (*METRICS, "output_words", "check_score"):
        frame[metric] = pd.to_numeric(frame[metric], errors="coerce").astype("float64")
    return frame


def summary_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Per cell over its finished repeats: n, the mean and stdev of every metric, and how many
    answers were checked against the output schema and how many of those were valid."""
    done = frame[frame["status"] == DONE].assign(
        checked=lambda f: f["schema_check"] != "", valid=lambda f: f["schema_check"] == Check.VALID
    )
    metrics = [*METRICS, "output_words"]
    grouped = done.groupby(CELL_COLUMNS, sort=False)
    summary = grouped[metrics].agg(["mean", "std"])
    summary.columns = [f"{metric}_{stat}" for metric, stat in summary.columns]
    summary.insert(0, "n", grouped.size())
    for column in ("checked", "valid"):
        summary[column] = grouped[column].sum().astype(int)
    return summary.reset_index()


def _per_model(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    done = frame[(frame["status"] == DONE) & frame[metric].notna()]
    stats = done.groupby("model", sort=True)[metric].agg(["mean", "std", "count"])
    return stats.fillna({"std": 0.0}).reset_index()


def tokens_per_second_figure(frame: pd.DataFrame) -> go.Figure:
    """Bar per model of mean tokens/s, with one standard deviation as error bars."""
    stats = _per_model(frame, "tokens_per_second")
    figure = go.Figure(
        go.Bar(
            x=stats["model"].tolist(),
            y=stats["mean"].tolist(),
            error_y={"type": "data", "array": stats["std"].tolist(), "visible": True},
            customdata=stats["count"].tolist(),
            hovertemplate="%{x}: %{y:.1f} tokens/s (n=%{customdata})<extra></extra>",
        )
    )
    figure.update_layout(title="Tokens per second", xaxis_title="model", yaxis_title="tokens/s")
    return figure


def latency_figure(frame: pd.DataFrame, metric: str = "total_time") -> go.Figure:
    """Box per model of a latency metric (total_time, time_to_first_token or queue_wait)."""
    done = frame[(frame["status"] == DONE) & frame[metric].notna()]
    figure = go.Figure(
        [
            go.Box(y=group[metric].tolist(), name=str(model), boxpoints="all")
            for model, group in done.groupby("model", sort=True)
        ]
    )
    figure.update_layout(title=f"Latency: {metric}", yaxis_title="seconds", showlegend=False)
    return figure


def output_length_figure(frame: pd.DataFrame) -> go.Figure:
    """Bar per model of mean output tokens, with one standard deviation as error bars."""
    stats = _per_model(frame, "output_tokens")
    figure = go.Figure(
        go.Bar(
            x=stats["model"].tolist(),
            y=stats["mean"].tolist(),
            error_y={"type": "data", "array": stats["std"].tolist(), "visible": True},
        )
    )
    figure.update_layout(title="Output length", xaxis_title="model", yaxis_title="tokens")
    return figure


def word_diff(before: str, after: str) -> list[tuple[DiffOp, str]]:
    """Word-level diff (words split on whitespace, which also suits Korean) as (op, text)."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    segments: list[tuple[DiffOp, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, "equal", "".join(old[i1:i2]))
            continue
        _append(segments, "delete", "".join(old[i1:i2]))
        _append(segments, "insert", "".join(new[j1:j2]))
    return segments


def _append(segments: list[tuple[DiffOp, str]], op: DiffOp, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == op:
        segments[-1] = (op, segments[-1][1] + text)
    else:
        segments.append((op, text))
