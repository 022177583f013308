"""A prompt handed to Compare by another page (Document chat, the Playground, Datasets)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from workbench.compare.setup import PARAM_TYPES
from workbench.tools import ToolSpec, tool_to_dict


def compare_request(
    name: str,
    messages: Sequence[dict[str, Any]],
    models: Sequence[str] = (),
    options: Mapping[str, Any] | None = None,
    output_schema: Mapping[str, Any] | None = None,
    tools: Sequence[ToolSpec] = (),
) -> dict[str, Any]:
    """The Compare page's inbox entry: a name, the exact messages to send to each model, the
    models to preselect, the options it was sent with, and its output schema and tools. Options
    that Compare's parameter table has no column for are listed apart, so the page can say they
    were left behind."""
    given = {key: value for key, value in (options or {}).items() if value is not None}
    return {
        "name": name,
        "messages": [dict(message) for message in messages],
        "models": list(models),
        "options": {key: value for key, value in given.items() if key in PARAM_TYPES},
        "left_out": sorted(key for key in given if key not in PARAM_TYPES),
        "output_schema": dict(output_schema) if output_schema is not None else None,
        "tools": [tool_to_dict(tool) for tool in tools],
    }


PROMPT_COLUMN, SYSTEM_COLUMN, EXPECTED_COLUMN = "prompt", "system", "expected"


def rows_request(
    name: str,
    models: Sequence[str],
    prompts: Sequence[Sequence[Mapping[str, Any]]],
    expected: Sequence[str],
) -> dict[str, Any]:
    """An inbox entry for a fresh grid: exactly `models`, one prompt whose user message is each
    row's `prompt` (the last user turn of each of `prompts`) and each row's `expected` answer,
    a column the prompt does not read (shown beside the cells, never sent). The turns before
    the last user turn go with the prompt when every row shares them; else each row carries its
    own system message as `system`."""
    contexts, texts = zip(*(_before_last_user(turns) for turns in prompts), strict=True)
    rows = [
        {PROMPT_COLUMN: text, EXPECTED_COLUMN: answer}
        for text, answer in zip(texts, expected, strict=True)
    ]
    head = list(contexts[0])
    if any(context != contexts[0] for context in contexts):
        head = [{"role": "system", "content": "{{" + SYSTEM_COLUMN + "}}"}]
        for row, context in zip(rows, contexts, strict=True):
            row[SYSTEM_COLUMN] = next((m["content"] for m in context if m["role"] == "system"), "")
    messages = [*head, {"role": "user", "content": "{{" + PROMPT_COLUMN + "}}"}]
    return {**compare_request(name, messages, models), "rows": rows, "fresh": True}


def _before_last_user(turns: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    last = max((i for i, turn in enumerate(turns) if turn.get("role") == "user"), default=None)
    if last is None:
        return [dict(turn) for turn in turns], ""
    return [dict(turn) for turn in turns[:last]], str(turns[last].get("content", ""))
