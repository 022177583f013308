"""Running checks on an answer: validate, dispatch by kind, and turn anything that breaks into
an "error" verdict, so one bad check never stops the others."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from workbench.checks.judge import run_judge
from workbench.checks.language import run_language
from workbench.checks.metrics import run_metric
from workbench.checks.model import (
    AnswerUnderCheck,
    CheckModels,
    CheckResult,
    CheckSpec,
    Kind,
    Status,
)
from workbench.checks.rag import run_cites_sources, run_context_contains
from workbench.checks.refusal import run_not_refuses, run_refuses
from workbench.checks.similar import run_similar
from workbench.checks.structure import run_is_json, run_json_schema
from workbench.checks.text import (
    run_contains,
    run_equals,
    run_length,
    run_not_contains,
    run_regex,
    run_starts_with,
)
from workbench.checks.validate import validate_check
from workbench.checks.verdict import Verdict, unjudged
from workbench.errors import Reason, WorkbenchError
from workbench.i18n import DEFAULT_LANGUAGE, catalog

Runner = Callable[[Mapping[str, Any], AnswerUnderCheck], Verdict]
ModelRunner = Callable[[Mapping[str, Any], AnswerUnderCheck, CheckModels], Verdict]
RUNNERS: dict[Kind, Runner] = {
    Kind.EQUALS: run_equals,
    Kind.CONTAINS: run_contains,
    Kind.NOT_CONTAINS: run_not_contains,
    Kind.STARTS_WITH: run_starts_with,
    Kind.REGEX: run_regex,
    Kind.LENGTH: run_length,
    Kind.IS_JSON: run_is_json,
    Kind.JSON_SCHEMA: run_json_schema,
    Kind.LANGUAGE: run_language,
    Kind.REFUSES: run_refuses,
    Kind.NOT_REFUSES: run_not_refuses,
    Kind.METRIC: run_metric,
    Kind.CITES_SOURCES: run_cites_sources,
    Kind.CONTEXT_CONTAINS: run_context_contains,
}
MODEL_RUNNERS: dict[Kind, ModelRunner] = {Kind.SIMILAR: run_similar, Kind.JUDGE: run_judge}
DETAIL_CHARS = 200
_PLAIN = (str, int, float, bool, type(None))


def run_check(
    spec: CheckSpec, answer: AnswerUnderCheck, models: CheckModels | None = None
) -> CheckResult:
    """One check's verdict on the answer; never raises (an invalid check, a missing model
    connection or a crash inside the check is status "error" with the reason)."""
    try:
        valid = validate_check(spec)
        verdict = _verdict(valid, answer, models)
    except Exception as exc:  # a check that breaks is reported on its cell; the run goes on
        return CheckResult(
            str(spec.kind), str(Status.ERROR), 0.0, broken(exc), _weight(spec.weight)
        )
    score = min(max(verdict.score, 0.0), 1.0)
    return CheckResult(str(valid.kind), str(verdict.status), score, verdict.reason, valid.weight)


def run_checks(
    specs: Iterable[CheckSpec], answer: AnswerUnderCheck, models: CheckModels | None = None
) -> list[CheckResult]:
    """Every check's verdict, in order."""
    return [run_check(spec, answer, models) for spec in specs]


def _verdict(spec: CheckSpec, answer: AnswerUnderCheck, models: CheckModels | None) -> Verdict:
    kind = Kind(spec.kind)
    if kind in MODEL_RUNNERS:
        if models is None:
            return unjudged("check_no_models", model=spec.args["model"])
        return MODEL_RUNNERS[kind](spec.args, answer, models)
    return RUNNERS[kind](spec.args, answer)


def broken(exc: BaseException) -> Reason:
    """Why a check could not run: a workbench error's own message, else the exception's text."""
    if isinstance(exc, WorkbenchError) and exc.code in catalog(DEFAULT_LANGUAGE):
        params = {k: v if isinstance(v, _PLAIN) else str(v) for k, v in exc.params.items()}
        return Reason(exc.code, params)
    detail = f"{type(exc).__name__}: {exc}"
    return Reason("reason.check_crashed", {"detail": detail[:DETAIL_CHARS]})


def _weight(value: Any) -> float:
    """The weight of a check that could not run (1 when its own weight is unusable)."""
    try:
        weight = float(value)
    except (TypeError, ValueError):
        return 1.0
    return weight if math.isfinite(weight) and weight > 0 else 1.0
