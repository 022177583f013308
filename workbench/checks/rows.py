"""Checks that come from a variable row (`expected`, `__expect_<kind>` columns) and checks
whose text arguments name the row's `{{variables}}`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from workbench.checks.model import CheckSpec, Kind

EXPECTED_COLUMN = "expected"
EXPECT_PREFIX = "__expect_"
_PLACEHOLDER = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")
_NO_ARGUMENTS = frozenset({Kind.IS_JSON, Kind.REFUSES, Kind.NOT_REFUSES, Kind.CITES_SOURCES})
_NO = frozenset({"false", "no", "0", "아니오", "아니요"})
_MAIN_ARGUMENT = {
    Kind.EQUALS: "value",
    Kind.STARTS_WITH: "value",
    Kind.REGEX: "pattern",
    Kind.CONTAINS: "values",
    Kind.NOT_CONTAINS: "values",
    Kind.CONTEXT_CONTAINS: "values",
    Kind.LANGUAGE: "language",
    Kind.SIMILAR: "reference",
    Kind.JUDGE: "rubric",
    Kind.JSON_SCHEMA: "schema",
}


def is_expectation(column: str) -> bool:
    """Whether a row column holds an expected value rather than a prompt variable."""
    return column == EXPECTED_COLUMN or column.startswith(EXPECT_PREFIX)


def row_checks(row: Mapping[str, Any]) -> tuple[CheckSpec, ...]:
    """The row's own checks: `expected` means the answer contains that text (any case); an
    `__expect_<kind>` column holds that kind's main argument, or a JSON object of arguments
    ("no" or "false" leaves the check out)."""
    found = []
    for column, value in row.items():
        text = "" if value is None else str(value).strip()
        if not text or not is_expectation(column) or text.casefold() in _NO:
            continue
        if column == EXPECTED_COLUMN:
            found.append(CheckSpec(Kind.CONTAINS, {"values": [text], "ignore_case": True}))
        else:
            found.append(_column_check(column.removeprefix(EXPECT_PREFIX), text))
    return tuple(found)


def _column_check(kind: str, text: str) -> CheckSpec:
    """An `__expect_<kind>` cell as a check (validated later with every other check): for a kind
    without arguments any text turns it on; length and metric need JSON."""
    if kind in _NO_ARGUMENTS and not text.startswith("{"):
        return CheckSpec(kind)
    if text.startswith("{"):
        try:
            args = json.loads(text)
        except json.JSONDecodeError:
            args = None
        if isinstance(args, dict) and kind != Kind.JSON_SCHEMA:
            return CheckSpec(kind, args)
    main = _MAIN_ARGUMENT.get(kind)  # type: ignore[call-overload]
    if main is None:
        return CheckSpec(kind, {"value": text})
    if main == "values":
        return CheckSpec(kind, {"values": [text]})
    if main == "schema":
        return CheckSpec(kind, {"schema": text})
    return CheckSpec(kind, {main: text})


def bind_check(spec: CheckSpec, row: Mapping[str, Any]) -> CheckSpec:
    """The check with every `{{name}}` in its text arguments replaced by the row's value."""
    if not row:
        return spec
    return CheckSpec(spec.kind, {k: _bind(v, row) for k, v in spec.args.items()}, spec.weight)


def _bind(value: Any, row: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        return _PLACEHOLDER.sub(
            lambda m: str(row[m.group(1)]) if m.group(1) in row else m.group(0), value
        )
    if isinstance(value, list):
        return [_bind(item, row) for item in value]
    return value
