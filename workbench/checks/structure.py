"""Structure checks: the answer is JSON (a ```json fence is fine), or JSON that fits a schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.checks.model import AnswerUnderCheck
from workbench.checks.verdict import Verdict, judged
from workbench.structured import read_answer

DETAIL_CHARS = 120


def _short(text: str) -> str:
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"


def run_is_json(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The answer holds one JSON value."""
    read = read_answer(answer.text, None)
    if not read.parsed:
        return judged(False, "check_json_fail", detail=_short(read.parse_error))
    return judged(True, "check_json_pass")


def run_json_schema(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The answer is JSON that fits the schema (Draft 2020-12); the first violation is named."""
    read = read_answer(answer.text, args["schema"])
    if not read.parsed:
        return judged(False, "check_json_fail", detail=_short(read.parse_error))
    if not read.violations:
        return judged(True, "check_schema_pass")
    first, more = read.violations[0], len(read.violations) - 1
    params = {"path": first.path, "detail": _short(first.reason)}
    if more:
        return judged(False, "check_schema_fail_more", more=more, **params)
    return judged(False, "check_schema_fail", **params)
