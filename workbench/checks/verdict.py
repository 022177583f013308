"""What one kind's runner gives back: a status, a score and a reason (run.py adds kind and
weight)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.checks.model import Status
from workbench.errors import Reason


@dataclass(frozen=True)
class Verdict:
    """One check's outcome before it is labelled with its kind and weight."""

    status: Status
    score: float
    reason: Reason


def judged(passed: bool, code: str, score: float | None = None, /, **params: Any) -> Verdict:
    """Pass or fail with the reason `reason.<code>`; the score defaults to 1 or 0."""
    status = Status.PASS if passed else Status.FAIL
    value = (1.0 if passed else 0.0) if score is None else min(max(score, 0.0), 1.0)
    return Verdict(status, value, Reason(f"reason.{code}", params))


def unjudged(code: str, /, **params: Any) -> Verdict:
    """The check could not judge this answer (never a pass): score 0."""
    return Verdict(Status.ERROR, 0.0, Reason(f"reason.{code}", params))
