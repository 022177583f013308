"""Dataset files for trainers, as UTF-8 bytes (Korean never \\u-escaped), each read back and
checked before it is handed out."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from workbench.datasets.errors import DatasetError
from workbench.datasets.pairs import PreferencePair
from workbench.datasets.selection import Example
from workbench.datasets.validate import (
    check_alpaca,
    check_chat_lines,
    check_parquet,
    check_preference_lines,
)

EXPORT_FORMATS: tuple[str, ...] = ("chat_jsonl", "preference_jsonl", "alpaca_json", "parquet")
ROLES = ("system", "user", "assistant")


def plain_turns(messages: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """System, user and assistant messages with text, as plain role and content (tool turns,
    images and blank messages left out)."""
    plain = [{"role": str(m.get("role")), "content": str(m.get("content", ""))} for m in messages]
    return [m for m in plain if m["role"] in ROLES and m["content"].strip()]


def chat_messages(item: Example, system: str | None = None) -> list[dict[str, str]]:
    """The example as one chat: its system message (else `system`, if given), its turns, then
    the target as the assistant's answer."""
    chat = plain_turns(item.messages)
    if system and system.strip() and not any(m["role"] == "system" for m in chat):
        chat.insert(0, {"role": "system", "content": system})
    return [*chat, {"role": "assistant", "content": item.target}]


def chat_jsonl(items: Sequence[Example], system: str | None = None) -> bytes:
    """{"messages": [system?, user, assistant]} per line: TRL SFTTrainer, Unsloth, Axolotl."""
    _require(items, "chat_jsonl")
    data = _lines({"messages": chat_messages(item, system)} for item in items)
    check_chat_lines(data, len(items))
    return data


def preference_jsonl(pairs: Sequence[PreferencePair]) -> bytes:
    """{"prompt": [...], "chosen": [...], "rejected": [...]} per line, in TRL's conversational
    preference form (DPOTrainer)."""
    if not pairs:
        raise DatasetError(code="error.dataset_no_pairs")
    data = _lines(
        {
            "prompt": plain_turns(pair.prompt),
            "chosen": [{"role": "assistant", "content": pair.chosen}],
            "rejected": [{"role": "assistant", "content": pair.rejected}],
        }
        for pair in pairs
    )
    check_preference_lines(data, len(pairs))
    return data


def alpaca_json(items: Sequence[Example]) -> bytes:
    """[{"instruction": last user message, "input": "", "output": target}] for Alpaca-style
    trainers (a system message and earlier turns have no place in this format)."""
    _require(items, "alpaca_json")
    rows = [{"instruction": i.prompt_text, "input": "", "output": i.target} for i in items]
    data = json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")
    check_alpaca(data, len(items))
    return data


def parquet(items: Sequence[Example]) -> bytes:
    """One row per example (the chat in `messages`, plus prompt, answer, gold, votes and where
    it came from), for pandas and Hugging Face datasets."""
    _require(items, "parquet")
    frame = pd.DataFrame([_row(item) for item in items])
    frame = frame.astype({"thumbs": "Int64", "score": "Float64", "gold": "string"})
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    data = buffer.getvalue()
    check_parquet(data, [item.key for item in items])
    return data


def _row(item: Example) -> dict[str, Any]:
    return {
        "key": item.key,
        "messages": chat_messages(item),
        "prompt": item.prompt_text,
        "answer": item.answer,
        "gold": item.gold,
        "target": item.target,
        "model": item.model,
        "template": item.template,
        "run_id": item.run_id,
        "run_name": item.run_name,
        "created_at": item.created_at,
        "thumbs": item.thumbs,
        "score": item.score,
    }


def _require(items: Sequence[object], form: str) -> None:
    if not items:
        raise DatasetError(code="error.dataset_empty", format=form)


def _lines(records: Any) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
