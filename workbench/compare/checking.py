"""A cell's checks run on one of its answers, and the verdict read back from the attempt."""

from __future__ import annotations

import json
from dataclasses import replace

from workbench.checks import (
    AnswerUnderCheck,
    CheckModels,
    CheckSummary,
    offered_sources,
    result_from_dict,
    result_to_dict,
    run_checks,
    summarize,
)
from workbench.compare.grid import Cell
from workbench.compare.results import DONE, Attempt


def answer_under_check(cell: Cell, attempt: Attempt) -> AnswerUnderCheck:
    """What the checks read of one answer: its text, its numbers, the cell's last question, and
    when the prompt lists numbered sources (a prompt from Document chat) their numbers and the
    prompt as the retrieved context."""
    question = next(
        (str(m.get("content", "")) for m in reversed(cell.messages) if m.get("role") == "user"),
        "",
    )
    prompt = "\n\n".join(str(m.get("content", "")) for m in cell.messages)
    sources = offered_sources(prompt)
    return AnswerUnderCheck(
        text=attempt.text,
        question=question,
        total_time=attempt.total_time,
        time_to_first_token=attempt.time_to_first_token,
        tokens_per_second=attempt.tokens_per_second,
        output_tokens=attempt.output_tokens,
        done_reason=attempt.done_reason,
        citations=sources or None,
        context=prompt if sources else None,
    )


def check_attempt(cell: Cell, attempt: Attempt, models: CheckModels | None) -> Attempt:
    """The attempt with the cell's check verdicts (unchanged when it has no answer)."""
    if attempt.status != DONE or not cell.checks:
        return attempt
    results = run_checks(cell.checks, answer_under_check(cell, attempt), models)
    return replace(attempt, checks=[result_to_dict(result) for result in results])


def _summary(attempt: Attempt) -> CheckSummary:
    """The attempt's stored verdicts summed up."""
    return summarize([result_from_dict(data) for data in attempt.checks])


def verdict(attempt: Attempt) -> str:
    """ "pass" when every check passed, "fail" otherwise, "" when the answer was not checked."""
    summary = _summary(attempt)
    if summary.passed is None:
        return ""
    return "pass" if summary.passed else "fail"


def check_score(attempt: Attempt) -> float | None:
    """The weighted check score in [0, 1] (errors count 0); None when not checked."""
    return _summary(attempt).score


def checks_json(attempt: Attempt) -> str:
    """The verdicts as one line of JSON ("" when none)."""
    return json.dumps(attempt.checks, ensure_ascii=False) if attempt.checks else ""
