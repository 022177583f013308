"""Each kind's arguments: refuse what cannot run (saying which field and why), fill defaults."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.checks.model import MODEL_KINDS, CheckSpec, Kind
from workbench.errors import WorkbenchError
from workbench.structured import SchemaError, check_schema

UNITS = ("words", "characters", "tokens")
METRIC_NAMES = ("total_time", "time_to_first_token", "tokens_per_second")
ANSWER_LANGUAGES = ("ko", "en")
MODES = ("all", "any")
_REQUIRED = object()
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}


class CheckError(WorkbenchError):
    """A check that cannot run as written; params name the `field` and what is wrong."""

    code = "error.check_invalid"


Reader = Callable[[str, Any], Any]


@dataclass(frozen=True)
class _Arg:
    read: Reader
    default: Any = _REQUIRED


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CheckError(code="error.check_text", field=field)
    return value


def _texts(field: str, value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise CheckError(code="error.check_texts", field=field)
    kept = [item for item in items if item.strip()]
    if not kept:
        raise CheckError(code="error.check_texts", field=field)
    return kept


def _flag(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise CheckError(code="error.check_flag", field=field)


def _choice(*choices: str) -> Reader:
    def read(field: str, value: Any) -> str:
        text = value.strip().lower() if isinstance(value, str) else value
        if text not in choices:
            raise CheckError(code="error.check_choice", field=field, choices=", ".join(choices))
        return str(text)

    return read


def _number(field: str, value: Any) -> float:
    """A finite number; numeric text (from a CSV cell) counts."""
    if isinstance(value, bool):
        raise CheckError(code="error.check_number", field=field)
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise CheckError(code="error.check_number", field=field) from None
    if not math.isfinite(number):
        raise CheckError(code="error.check_number", field=field)
    return number


def _within(low: float, high: float, whole: bool = False) -> Reader:
    def read(field: str, value: Any) -> float | int:
        number = _number(field, value)
        if not low <= number <= high or (whole and not number.is_integer()):
            code = "error.check_whole" if whole else "error.check_range"
            raise CheckError(code=code, field=field, low=_plain(low), high=_plain(high))
        return int(number) if whole else number

    return read


def _bound(whole: bool) -> Reader:
    def read(field: str, value: Any) -> float | int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return _within(0, math.inf, whole)(field, value)

    return read


def _pattern(field: str, value: Any) -> str:
    pattern = _text(field, value)
    try:
        re.compile(pattern)
    except re.error as exc:
        raise CheckError(
            code="error.check_regex", field=field, detail=exc.msg, position=exc.pos
        ) from None
    return pattern


def _schema(field: str, value: Any) -> dict[str, Any]:
    schema = value
    if isinstance(value, str):
        try:
            schema = json.loads(value)
        except json.JSONDecodeError as exc:
            raise CheckError(
                code="error.check_schema_json", field=field, detail=exc.msg, line=exc.lineno
            ) from None
    try:
        check_schema(schema)
    except SchemaError as exc:
        if exc.code == "error.schema_not_object":
            raise CheckError(
                code="error.check_schema_object", field=field, kind=exc.params.get("kind", "")
            ) from None
        raise CheckError(
            code="error.check_schema",
            field=field,
            path=exc.params.get("path", "$"),
            detail=exc.params.get("detail", str(exc)),
        ) from None
    return dict(schema)


def _plain(number: float) -> str:
    """A bound as people write it: 60, 0.8, ∞."""
    if math.isinf(number):
        return "∞"
    return str(int(number)) if float(number).is_integer() else str(number)


_CASE = _Arg(_flag, False)
_FOUND = {"values": _Arg(_texts), "mode": _Arg(_choice(*MODES), "all"), "ignore_case": _CASE}
_ARGS: dict[Kind, dict[str, _Arg]] = {
    Kind.EQUALS: {"value": _Arg(_text), "ignore_case": _CASE},
    Kind.CONTAINS: _FOUND,
    Kind.NOT_CONTAINS: _FOUND,
    Kind.CONTEXT_CONTAINS: _FOUND,
    Kind.STARTS_WITH: {"value": _Arg(_text), "ignore_case": _CASE},
    Kind.REGEX: {"pattern": _Arg(_pattern), "ignore_case": _CASE},
    Kind.LENGTH: {
        "unit": _Arg(_choice(*UNITS), "words"),
        "min": _Arg(_bound(whole=True), None),
        "max": _Arg(_bound(whole=True), None),
    },
    Kind.IS_JSON: {},
    Kind.JSON_SCHEMA: {"schema": _Arg(_schema)},
    Kind.LANGUAGE: {
        "language": _Arg(_choice(*ANSWER_LANGUAGES)),
        "min_share": _Arg(_within(0, 1), 0.5),
    },
    Kind.REFUSES: {},
    Kind.NOT_REFUSES: {},
    Kind.METRIC: {
        "metric": _Arg(_choice(*METRIC_NAMES)),
        "min": _Arg(_bound(whole=False), None),
        "max": _Arg(_bound(whole=False), None),
    },
    Kind.SIMILAR: {
        "reference": _Arg(_text),
        "model": _Arg(_text),
        "threshold": _Arg(_within(0, 1), 0.8),
    },
    Kind.JUDGE: {
        "rubric": _Arg(_text),
        "model": _Arg(_text),
        "min_score": _Arg(_within(1, 5, whole=True), 4),
        "language": _Arg(_choice(*ANSWER_LANGUAGES), "en"),
    },
    Kind.CITES_SOURCES: {},
}


def check_kind(name: Any) -> Kind:
    """The kind a name means ("not-contains", " Regex " are fine), or CheckError listing them."""
    text = name.strip().lower().replace("-", "_") if isinstance(name, str) else ""
    try:
        return Kind(text)
    except ValueError:
        raise CheckError(
            code="error.check_kind", field="kind", kind=str(name), kinds=", ".join(Kind)
        ) from None


def validate_check(spec: CheckSpec) -> CheckSpec:
    """The check with its kind and arguments normalised and defaults filled; CheckError (with
    the argument's name as `field`) when it cannot run."""
    kind = check_kind(spec.kind)
    weight = _weight(spec.weight)
    if not isinstance(spec.args, Mapping):
        raise CheckError(code="error.check_args", field="args", kind=str(kind))
    fields = _ARGS[kind]
    unknown = sorted(str(name) for name in spec.args if name not in fields)
    if unknown:
        allowed = ", ".join(fields) or "-"
        raise CheckError(
            code="error.check_unknown", field=unknown[0], kind=str(kind), allowed=allowed
        )
    args = {}
    for name, arg in fields.items():
        value = spec.args.get(name, arg.default)
        if value is _REQUIRED:
            raise CheckError(code="error.check_missing", field=name, kind=str(kind))
        args[name] = value if value is arg.default else arg.read(name, value)
    _check_bounds(kind, args)
    return CheckSpec(kind, args, weight)


def _weight(value: Any) -> float:
    try:
        weight = _number("weight", value)
    except CheckError:
        weight = 0.0
    if not weight > 0:
        raise CheckError(code="error.check_weight", field="weight", weight=str(value))
    return weight


def _check_bounds(kind: Kind, args: Mapping[str, Any]) -> None:
    if kind not in (Kind.LENGTH, Kind.METRIC):
        return
    low, high = args["min"], args["max"]
    if low is None and high is None:
        raise CheckError(code="error.check_no_bound", field="max", kind=str(kind))
    if low is not None and high is not None and low > high:
        raise CheckError(code="error.check_bound_order", field="min", low=low, high=high)


def validate_checks(specs: Iterable[CheckSpec]) -> list[CheckSpec]:
    """Every check validated; the first that cannot run raises its CheckError."""
    return [validate_check(spec) for spec in specs]


def needed_models(specs: Iterable[CheckSpec]) -> dict[str, set[str]]:
    """The models the model-backed checks call, by kind ({"judge": {"qwen3:0.6b"}})."""
    needed: dict[str, set[str]] = {}
    for spec in specs:
        kind = str(spec.kind).strip().lower()
        model = spec.args.get("model") if isinstance(spec.args, Mapping) else None
        if kind in MODEL_KINDS and isinstance(model, str) and model.strip():
            needed.setdefault(kind, set()).add(model.strip())
    return needed
