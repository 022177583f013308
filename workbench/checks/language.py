"""The answer's language, judged by the share of Hangul among Hangul and Latin letters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from workbench.checks.model import AnswerUnderCheck
from workbench.checks.verdict import Verdict, judged

# Syllables and jamo (compatibility jamo too); NFC first, so decomposed text counts the same.
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Basic Latin letters and the accented ones of Latin-1 and Latin Extended-A/B.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def letter_counts(text: str) -> tuple[int, int]:
    """How many Hangul and how many Latin letters the text has (after NFC)."""
    text = unicodedata.normalize("NFC", text)
    return len(_HANGUL.findall(text)), len(_LATIN.findall(text))


def run_language(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """Korean: Hangul is at least min_share of Hangul + Latin letters; English: Latin is."""
    hangul, latin = letter_counts(answer.text)
    if not hangul + latin:
        return judged(False, "check_no_letters")
    share = (hangul if args["language"] == "ko" else latin) / (hangul + latin)
    params = {"share": round(share * 100), "min": round(args["min_share"] * 100)}
    code = f"check_language_{args['language']}"
    return judged(share >= args["min_share"], code, share, **params)
