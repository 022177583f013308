"""Each answer read against its prompt's output schema, the tool calls it made, and the share of
valid answers per model and prompt."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

import pandas as pd

from workbench.compare.grid import Cell
from workbench.compare.results import DONE, Attempt
from workbench.structured import StructuredAnswer, read_answer

VALIDITY_COLUMNS = ["model", "variant", "checked", "valid", "valid_share"]


class Check(StrEnum):
    """How an answer fared against its schema."""

    VALID = "valid"
    INVALID = "invalid"  # JSON with violations
    NOT_JSON = "not_json"
    CUT = "cut_by_length"


def answer_check(cell: Cell | None, attempt: Attempt) -> StructuredAnswer | None:
    """The answer read against the cell's schema; None without a schema, without a finished
    answer, or when the model answered with tool calls only."""
    if cell is None or cell.output_schema is None or attempt.status != DONE:
        return None
    if attempt.tool_calls and not attempt.text.strip():
        return None
    return read_answer(attempt.text, cell.output_schema, attempt.done_reason)


def check_state(answer: StructuredAnswer | None) -> str:
    """A Check, or "" when nothing was checked."""
    if answer is None:
        return ""
    if answer.valid:
        return Check.VALID
    if answer.cut_by_length:
        return Check.CUT
    return Check.INVALID if answer.parsed else Check.NOT_JSON


def check_problems(answer: StructuredAnswer | None) -> str:
    """What is wrong, one line: the parse error, or each violation as `path: reason`."""
    if answer is None or answer.valid:
        return ""
    if not answer.parsed:
        return answer.parse_error
    return "; ".join(f"{v.path}: {v.reason}" for v in answer.violations)


def calls_json(calls: Sequence[Mapping[str, Any]]) -> str:
    """Tool calls as one line of JSON ("" when none)."""
    return json.dumps(list(calls), ensure_ascii=False) if calls else ""


def calls_text(calls: Sequence[Mapping[str, Any]]) -> str:
    """Tool calls as people read them: `name({"arg": 1})`, separated by semicolons."""
    return "; ".join(
        f"{call.get('name', '')}({json.dumps(call.get('arguments', {}), ensure_ascii=False)})"
        for call in calls
    )


def validity_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Per model and prompt whose answers were checked against a schema (from attempts_frame):
    how many were checked, how many were valid, and the valid share (0 to 1)."""
    checked = frame[frame["schema_check"] != ""]
    if checked.empty:
        return pd.DataFrame(columns=VALIDITY_COLUMNS)
    grouped = checked.assign(ok=checked["schema_check"] == Check.VALID).groupby(
        ["model", "variant"], sort=False
    )["ok"]
    table = grouped.agg(checked="size", valid="sum").reset_index()
    table["valid"] = table["valid"].astype(int)
    table["valid_share"] = table["valid"] / table["checked"]
    return table[VALIDITY_COLUMNS]
