"""Running several checks: a check that breaks is an error and the others still run; model
checks without a daemon are errors; the summary of a cell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from tests.checks.checking import said
from workbench.checks import (
    AnswerUnderCheck,
    CheckResult,
    CheckSpec,
    CheckSummary,
    Kind,
    Status,
    run_check,
    run_checks,
    summarize,
)
from workbench.checks import run as run_module
from workbench.errors import Reason

ANSWER = AnswerUnderCheck("수도는 하늘빛시입니다.", question="대한민국의 수도는?")


def test_a_check_that_raises_is_an_error_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(run_module.RUNNERS, Kind.EQUALS, explode)
    specs = [
        CheckSpec("contains", {"values": ["하늘빛시"]}),
        CheckSpec("equals", {"value": "하늘빛시"}, weight=2),
        CheckSpec("language", {"language": "ko"}),
    ]
    results = run_checks(specs, ANSWER)
    assert [r.status for r in results] == ["pass", "error", "pass"]
    assert results[1].kind == "equals" and results[1].weight == 2 and results[1].score == 0
    assert said(results[1]) == "the check broke: ZeroDivisionError: division by zero"
    assert said(results[1], "ko") == "검사가 실패함: ZeroDivisionError: division by zero"


def test_model_checks_without_models_are_errors() -> None:
    specs = [
        CheckSpec("similar", {"reference": "하늘빛시", "model": "all-minilm"}),
        CheckSpec("judge", {"rubric": "Names the capital", "model": "qwen3:0.6b"}),
    ]
    for result in run_checks(specs, ANSWER):
        assert result.status == "error" and not result.passed
        assert "model checks cannot reach a daemon" in said(result)


def test_results_are_plain_kinds_and_statuses() -> None:
    result = run_check(CheckSpec("Contains", {"values": "하늘빛시"}), ANSWER)
    assert result == CheckResult("contains", "pass", 1.0, result.reason, 1.0)
    assert type(result.kind) is str and type(result.status) is str


def verdict(status: Status, score: float, weight: float = 1.0) -> CheckResult:
    return CheckResult("contains", str(status), score, Reason("reason.check_found"), weight)


def test_summary_of_no_checks() -> None:
    assert summarize([]) == CheckSummary(None, None, 0, 0, 0)


def test_summary_passes_only_when_every_check_passes() -> None:
    assert summarize([verdict(Status.PASS, 1), verdict(Status.PASS, 0.9)]) == CheckSummary(
        True, pytest.approx(0.95), 2, 0, 0
    )
    failed = summarize([verdict(Status.PASS, 1), verdict(Status.FAIL, 0.5)])
    assert failed.passed is False and (failed.passes, failed.fails) == (1, 1)


def test_summary_weights_scores_and_counts_errors_as_zero() -> None:
    results = [
        verdict(Status.PASS, 1.0, weight=3),
        verdict(Status.FAIL, 0.5, weight=1),
        verdict(Status.ERROR, 0.9, weight=4),  # an error's own score never counts
    ]
    summary = summarize(results)
    assert summary == CheckSummary(False, pytest.approx((3 + 0.5) / 8), 1, 1, 1)


def test_an_error_alone_is_not_a_pass() -> None:
    summary = summarize([verdict(Status.ERROR, 0)])
    assert summary.passed is False and summary.score == 0 and summary.errors == 1
