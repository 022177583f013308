"""Document-chat checks: the answer's [n] markers name real sources; the retrieved context
holds the expected text."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from workbench.checks.model import AnswerUnderCheck
from workbench.checks.text import contains_verdict
from workbench.checks.verdict import Verdict, judged, unjudged
from workbench.kb.citations import cited_numbers

_SOURCE_LINE = re.compile(r"^\[(\d+)\]", re.MULTILINE)


def offered_sources(prompt: str) -> tuple[int, ...]:
    """The numbers of the sources a RAG prompt lists, each on a line starting with `[n]` (as
    Document chat writes its context), in order."""
    return tuple(dict.fromkeys(int(n) for n in _SOURCE_LINE.findall(prompt)))


def _markers(numbers: Iterable[int]) -> str:
    return ", ".join(f"[{n}]" for n in numbers)


def run_cites_sources(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """At least one [n] marker, and every marker is among the answer's citations; the score is
    the share of markers that are."""
    if answer.citations is None:
        return unjudged("check_no_citations")
    cited = cited_numbers(answer.text, sys.maxsize)
    if not cited:
        return judged(False, "check_no_markers")
    unknown = [n for n in cited if n not in answer.citations]
    if unknown:
        share = 1 - len(unknown) / len(cited)
        known = _markers(sorted(answer.citations)) or "-"
        return judged(False, "check_unknown_sources", share, unknown=_markers(unknown), known=known)
    return judged(True, "check_cited", cited=_markers(cited))


def run_context_contains(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The retrieved context holds all (or any) of the values."""
    if answer.context is None:
        return unjudged("check_no_context")
    return contains_verdict(args, answer.context)
