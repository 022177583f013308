"""Checks: automatic verdicts on an answer (text, structure, language, refusals, metrics,
similarity, a judge model, RAG citations), each a pass/fail, a score and a reason."""

from workbench.checks.daemon import DaemonCheckModels
from workbench.checks.judge import JUDGE_SCHEMA, judge_messages, parse_verdict
from workbench.checks.labels import describe
from workbench.checks.model import (
    MODEL_KINDS,
    AnswerUnderCheck,
    CheckModels,
    CheckResult,
    CheckSpec,
    Kind,
    Status,
)
from workbench.checks.promptfoo import CHAT_PROVIDER, from_assertion, to_assertion
from workbench.checks.rag import offered_sources
from workbench.checks.rows import (
    EXPECT_PREFIX,
    EXPECTED_COLUMN,
    bind_check,
    is_expectation,
    row_checks,
)
from workbench.checks.run import run_check, run_checks
from workbench.checks.serial import (
    check_from_dict,
    check_to_dict,
    result_from_dict,
    result_to_dict,
)
from workbench.checks.summary import CheckSummary, summarize
from workbench.checks.validate import (
    ANSWER_LANGUAGES,
    METRIC_NAMES,
    MODES,
    UNITS,
    CheckError,
    check_kind,
    needed_models,
    validate_check,
    validate_checks,
)
