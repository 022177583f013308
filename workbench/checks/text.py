"""Text checks: equals, contains / not-contains (any or all), starts-with, regex, length; NFC
on both sides so composed and decomposed Hangul match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from workbench.checks.labels import bounds, quoted, quoted_list
from workbench.checks.model import AnswerUnderCheck
from workbench.checks.verdict import Verdict, judged
from workbench.tokens import estimate_text_tokens


def normal(text: str, ignore_case: bool = False) -> str:
    """The text in NFC, case-folded when case does not matter."""
    text = unicodedata.normalize("NFC", text)
    return text.casefold() if ignore_case else text


def found_values(values: Sequence[str], text: str, ignore_case: bool) -> list[str]:
    """The values that appear in the text."""
    haystack = normal(text, ignore_case)
    return [value for value in values if normal(value, ignore_case) in haystack]


def contains_verdict(args: Mapping[str, Any], text: str) -> Verdict:
    """All (or any) of the values appear; the score is the share found in "all" mode."""
    values = args["values"]
    found = found_values(values, text, args["ignore_case"])
    if args["mode"] == "any":
        if found:
            return judged(True, "check_found", found=quoted_list(found))
        return judged(False, "check_none_found", values=quoted_list(values))
    missing = [value for value in values if value not in found]
    share = len(found) / len(values)
    if missing:
        return judged(False, "check_missing_values", share, missing=quoted_list(missing))
    return judged(True, "check_found", found=quoted_list(found))


def run_contains(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The answer holds all (or any) of the values."""
    return contains_verdict(args, answer.text)


def run_not_contains(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """Mode any: none of the values may appear; mode all: they may not all appear."""
    values = args["values"]
    found = found_values(values, answer.text, args["ignore_case"])
    if (args["mode"] == "any" and found) or len(found) == len(values):
        return judged(False, "check_forbidden", found=quoted_list(found))
    if not found:
        return judged(True, "check_none_found", values=quoted_list(values))
    missing = [value for value in values if value not in found]
    return judged(True, "check_not_all", missing=quoted_list(missing))


def run_equals(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The whole answer is the value (NFC, surrounding whitespace ignored)."""
    expected = args["value"]
    same = normal(answer.text.strip(), args["ignore_case"]) == normal(
        expected.strip(), args["ignore_case"]
    )
    if same:
        return judged(True, "check_equals_pass")
    return judged(False, "check_equals_fail", expected=quoted(expected), got=quoted(answer.text))


def run_starts_with(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The answer, leading whitespace aside, begins with the value."""
    value, text = args["value"].lstrip(), normal(answer.text.lstrip())
    wanted = normal(value)
    head = text[: len(wanted)]
    if normal(head, args["ignore_case"]) == normal(wanted, args["ignore_case"]):
        return judged(True, "check_starts_pass", value=quoted(value))
    return judged(False, "check_starts_fail", value=quoted(value), got=quoted(head or " "))


def run_regex(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The pattern is found somewhere in the answer (re.search, both sides in NFC)."""
    flags = re.IGNORECASE if args["ignore_case"] else 0
    match = re.search(normal(args["pattern"]), normal(answer.text), flags)
    if match is None:
        return judged(False, "check_regex_fail", pattern=args["pattern"])
    return judged(True, "check_regex_pass", match=quoted(match.group(0)))


def run_length(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """Words (whitespace-separated), characters (NFC, stripped) or tokens (the daemon's count,
    else the Playground's estimate) within the bounds."""
    unit, low, high = args["unit"], args["min"], args["max"]
    code = f"check_length_{unit}"
    if unit == "words":
        count = len(answer.text.split())
    elif unit == "characters":
        count = len(normal(answer.text.strip()))
    elif answer.output_tokens is not None:
        count = answer.output_tokens
    else:
        count = estimate_text_tokens(normal(answer.text))
        code = "check_length_tokens_estimated"
    inside = (low is None or count >= low) and (high is None or count <= high)
    return judged(inside, code, count=count, bounds=bounds(low, high))
