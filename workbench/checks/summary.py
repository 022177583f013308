"""One answer's checks in one line: passed or not, a weighted score, and the counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.checks.model import CheckResult, Status


@dataclass(frozen=True)
class CheckSummary:
    """passed is None without checks and True only when every check passed; score is the
    weighted mean score with errors counted as 0."""

    passed: bool | None
    score: float | None
    passes: int
    fails: int
    errors: int


def summarize(results: Sequence[CheckResult]) -> CheckSummary:
    """The summary of one answer's verdicts."""
    if not results:
        return CheckSummary(None, None, 0, 0, 0)
    passes = sum(r.status == Status.PASS for r in results)
    fails = sum(r.status == Status.FAIL for r in results)
    errors = len(results) - passes - fails
    total = sum(r.weight for r in results)
    earned = sum(r.weight * r.score for r in results if r.status != Status.ERROR)
    score = earned / total if total > 0 else 0.0
    return CheckSummary(passes == len(results), score, passes, fails, errors)
