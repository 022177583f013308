"""JSON as people and models write it: code fences, JSON type names, paths such as $.items[2]."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_FENCE = re.compile(r"\s*```[\w-]*[ \t]*\n(.*?)\n?[ \t]*```\s*", re.DOTALL)
_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (dict, "object"),
    (list, "array"),
    (str, "string"),
    (bool, "boolean"),
    ((int, float), "number"),
)


def unfenced(text: str) -> str:
    """The text inside a ```json ... ``` fence (line numbers kept), or the text unchanged."""
    match = _FENCE.fullmatch(text)
    if match is None:
        return text
    return "\n" * text[: match.start(1)].count("\n") + match.group(1)


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type: object, array, string, boolean, number, null."""
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return "null"


def json_path(parts: Iterable[str | int]) -> str:
    """A location as `$`, `$.name`, `$.items[2].name` (odd keys quoted: `$["a b"]`)."""
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.isidentifier():
            path += f".{part}"
        else:
            path += f"[{json.dumps(part, ensure_ascii=False)}]"
    return path


def compact(value: Any) -> str:
    """A value as one line of JSON, Korean kept."""
    return json.dumps(value, ensure_ascii=False)
