"""A parsed answer as table rows for st.dataframe."""

from __future__ import annotations

from typing import Any

from workbench.structured.text import compact


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else compact(value)


def answer_table(value: Any) -> list[dict[str, str]]:
    """A list of objects gives a row per item, an object {field, value} rows, else one row."""
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        columns = list(dict.fromkeys(key for item in value for key in item))
        return [{key: _cell(item[key]) if key in item else "" for key in columns} for item in value]
    if isinstance(value, dict):
        return [{"field": key, "value": _cell(item)} for key, item in value.items()]
    return [{"value": _cell(value)}]
