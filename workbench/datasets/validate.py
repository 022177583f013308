"""Read an export back the way a trainer would and refuse it when something is off."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from workbench.datasets.errors import DatasetError

CHAT_KEYS = ("messages",)
PREFERENCE_KEYS = ("prompt", "chosen", "rejected")
ALPACA_KEYS = ("instruction", "input", "output")
PARQUET_COLUMNS = ("key", "messages", "prompt", "answer", "gold", "target")


def check_chat_lines(data: bytes, count: int) -> None:
    """Every line a chat whose roles are in order: system?, then user first, then the answer."""
    for row, record in _records(data, "chat_jsonl", count, CHAT_KEYS):
        _check_roles(record["messages"], "chat_jsonl", row, ending="assistant")


def check_preference_lines(data: bytes, count: int) -> None:
    """Every line a prompt ending with the user's turn and two one-message answers."""
    for row, record in _records(data, "preference_jsonl", count, PREFERENCE_KEYS):
        _check_roles(record["prompt"], "preference_jsonl", row, ending="user")
        for side in ("chosen", "rejected"):
            answer = record[side]
            if not (isinstance(answer, list) and len(answer) == 1 and _text(answer[0])):
                raise _invalid("preference_jsonl", row, side)


def check_alpaca(data: bytes, count: int) -> None:
    """A JSON list of `count` records with an instruction and an output."""
    try:
        rows = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(
            code="error.dataset_unreadable", format="alpaca_json", row=1, detail=str(exc)
        ) from None
    if not isinstance(rows, list) or len(rows) != count:
        raise _count("alpaca_json", count, len(rows) if isinstance(rows, list) else 0)
    for row, record in enumerate(rows, 1):
        _check_keys(record, ALPACA_KEYS, "alpaca_json", row)
        if not (record["instruction"].strip() and record["output"].strip()):
            raise _invalid("alpaca_json", row, "instruction, output")


def check_parquet(data: bytes, keys: Sequence[str]) -> None:
    """The file reads back with pandas with every column and the same examples in order."""
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several kinds; any of them means unreadable
        raise DatasetError(
            code="error.dataset_unreadable", format="parquet", row=1, detail=str(exc)
        ) from None
    missing = [c for c in PARQUET_COLUMNS if c not in frame.columns]
    if missing:
        raise _invalid("parquet", 1, ", ".join(missing))
    if list(frame["key"]) != list(keys):
        raise _count("parquet", len(keys), len(frame))


def _records(
    data: bytes, form: str, count: int, keys: Sequence[str]
) -> Iterable[tuple[int, dict[str, Any]]]:
    lines = data.decode("utf-8").splitlines()
    if len(lines) != count:
        raise _count(form, count, len(lines))
    for row, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(
                code="error.dataset_unreadable", format=form, row=row, detail=str(exc)
            ) from None
        _check_keys(record, keys, form, row)
        yield row, record


def _check_keys(record: Any, keys: Sequence[str], form: str, row: int) -> None:
    missing = [k for k in keys if not isinstance(record, dict) or k not in record]
    if missing:
        raise _invalid(form, row, ", ".join(missing))


def _check_roles(messages: Any, form: str, row: int, ending: str) -> None:
    """Optional system first, then turns starting with user and ending with `ending`, the
    answer's question right before an assistant ending; every turn with text."""
    if not isinstance(messages, list) or not all(_text(m) for m in messages):
        raise _invalid(form, row, "content")
    roles = [m["role"] for m in messages]
    turns = roles[1:] if roles[:1] == ["system"] else roles
    last_pair = ["user", "assistant"] if ending == "assistant" else ["user"]
    if (
        "system" in turns
        or not turns
        or turns[0] != "user"
        or turns[-len(last_pair) :] != last_pair
    ):
        raise DatasetError(
            code="error.dataset_roles", format=form, row=row, roles=" → ".join(roles)
        )


def _text(message: Any) -> bool:
    return (
        isinstance(message, dict)
        and isinstance(message.get("content"), str)
        and bool(message["content"].strip())
        and message.get("role") in ("system", "user", "assistant")
    )


def _invalid(form: str, row: int, fields: str) -> DatasetError:
    return DatasetError(code="error.dataset_missing", format=form, row=row, fields=fields)


def _count(form: str, expected: int, found: int) -> DatasetError:
    return DatasetError(code="error.dataset_count", format=form, expected=expected, found=found)
