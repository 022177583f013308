"""Helpers for the checks tests: run one check on a text, read a verdict's reason."""

from __future__ import annotations

import string
import unicodedata
from typing import Any

from workbench.checks import AnswerUnderCheck, CheckModels, CheckResult, CheckSpec, run_check
from workbench.i18n import catalog, translate


def nfd(text: str) -> str:
    """The text with its Hangul syllables decomposed into jamo."""
    return unicodedata.normalize("NFD", text)


def check(
    kind: str,
    text: str,
    models: CheckModels | None = None,
    weight: float = 1.0,
    answer: dict[str, Any] | None = None,
    **args: Any,
) -> CheckResult:
    """One check of `kind` with `args` on an answer `text` (plus other answer fields)."""
    return run_check(
        CheckSpec(kind, args, weight), AnswerUnderCheck(text, **(answer or {})), models
    )


def said(result: CheckResult, language: str = "en") -> str:
    """The verdict's reason as a user reads it; it must exist and be filled in both languages."""
    code, params = result.reason.code, result.reason.params
    for lang in ("en", "ko"):
        assert code in catalog(lang), code
        fields = {f for _, f, _, _ in string.Formatter().parse(catalog(lang)[code]) if f}
        assert fields <= set(params), (code, fields - set(params))
    return translate(code, language, **params)
