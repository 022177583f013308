"""Short human labels for checks (`contains "하늘빛시"`, `≤ 60 words`) and the bits they share
with verdict reasons: quoted, shortened values and bounds."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from workbench.checks.model import CheckSpec, Kind
from workbench.checks.validate import CheckError, validate_check
from workbench.errors import Reason

SHOWN_CHARS = 40


def quoted(text: str, limit: int = SHOWN_CHARS) -> str:
    """The text on one line in double quotes, cut with … past `limit` characters."""
    line = " ".join(unicodedata.normalize("NFC", text).split())
    return '"' + (line if len(line) <= limit else line[: limit - 1] + "…") + '"'


def quoted_list(texts: Sequence[str]) -> str:
    """Several texts quoted and joined with commas."""
    return ", ".join(quoted(text) for text in texts)


def number(value: float) -> str:
    """A number as people write it: 60, 0.85, 1.2 (at most 3 significant decimals)."""
    if math.isinf(value):
        return "∞"
    return f"{value:.3g}" if abs(value) < 1000 else str(round(value))


def bounds(low: float | None, high: float | None) -> str:
    """Bounds as '≤ 60', '≥ 10' or '10–60'."""
    if low is not None and high is not None:
        return f"{number(low)}–{number(high)}"
    if high is not None:
        return f"≤ {number(high)}"
    return f"≥ {number(low or 0)}"


def describe(spec: CheckSpec) -> Reason:
    """A short label for a check; an invalid check is labelled by its kind (or as invalid)."""
    try:
        valid = validate_check(spec)
    except CheckError:
        kind = str(spec.kind)
        return Reason(f"kind.{kind}") if kind in set(Kind) else Reason("reason.check_label_bad")
    args, kind = valid.args, Kind(valid.kind)
    if kind in (Kind.CONTAINS, Kind.NOT_CONTAINS, Kind.CONTEXT_CONTAINS):
        code = f"reason.check_label_{kind}_{args['mode']}"
        return Reason(code, {"values": quoted_list(args["values"])})
    if kind in (Kind.EQUALS, Kind.STARTS_WITH):
        return Reason(f"reason.check_label_{kind}", {"value": quoted(args["value"])})
    if kind == Kind.REGEX:
        return Reason("reason.check_label_regex", {"pattern": args["pattern"]})
    if kind == Kind.LENGTH:
        code = f"reason.check_label_length_{args['unit']}"
        return Reason(code, {"bounds": bounds(args["min"], args["max"])})
    if kind == Kind.METRIC:
        code = f"reason.check_label_{args['metric']}"
        return Reason(code, {"bounds": bounds(args["min"], args["max"])})
    if kind == Kind.LANGUAGE:
        share = round(args["min_share"] * 100)
        return Reason(f"reason.check_label_language_{args['language']}", {"share": share})
    if kind == Kind.SIMILAR:
        params = {"reference": quoted(args["reference"], 24), "model": args["model"]}
        return Reason("reason.check_label_similar", params | {"threshold": args["threshold"]})
    if kind == Kind.JUDGE:
        params = {"model": args["model"], "min_score": args["min_score"]}
        return Reason("reason.check_label_judge", params)
    return Reason(f"reason.check_label_{kind}")
