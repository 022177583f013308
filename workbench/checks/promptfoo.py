"""Checks as promptfoo assertions and back; a check with no promptfoo equivalent gets a reason."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from workbench.checks.model import CheckSpec, Kind
from workbench.checks.validate import CheckError, validate_check
from workbench.errors import Reason

CHAT_PROVIDER = "ollama:chat:"
EMBEDDING_PROVIDERS = ("ollama:embeddings:", "ollama:embedding:")
_SCRIPT_HEAD = re.compile(r"// workbench (\w+) (\{.*\})")
_VERDICT_FIELDS = ("transform", "contextTransform", "rubricPrompt", "config")
_NO_EQUIVALENT = {
    Kind.REFUSES: "reason.promptfoo_refusal",
    Kind.NOT_REFUSES: "reason.promptfoo_refusal",
    Kind.CITES_SOURCES: "reason.promptfoo_citations",
    Kind.CONTEXT_CONTAINS: "reason.promptfoo_context",
}

Assertion = dict[str, Any]


def to_assertion(spec: CheckSpec) -> Assertion | Reason:
    """The promptfoo assertion that gives the check's verdict, or why there is none. Text
    arguments keep their `{{variables}}`: promptfoo fills them from the test's vars."""
    try:
        check = validate_check(spec)
    except CheckError as exc:
        return Reason(exc.code, dict(exc.params))
    if check.kind in _NO_EQUIVALENT:
        return Reason(_NO_EQUIVALENT[Kind(check.kind)], {"kind": str(check.kind)})
    assertion = _EXPORTS[Kind(check.kind)](dict(check.args))
    if isinstance(assertion, dict) and check.weight != 1:
        assertion["weight"] = check.weight
    return assertion


def _equals(args: dict[str, Any]) -> Assertion:
    if args["ignore_case"]:
        return _script(Kind.EQUALS, args)
    return {"type": "equals", "value": args["value"]}


def _found(prefix: str) -> Callable[[dict[str, Any]], Assertion]:
    """contains / not-contains and their -any, -all and case-insensitive forms."""

    def build(args: dict[str, Any]) -> Assertion:
        base = prefix + ("icontains" if args["ignore_case"] else "contains")
        values = list(args["values"])
        if len(values) == 1 and args["mode"] == "all":
            return {"type": base, "value": values[0]}
        return {"type": f"{base}-{args['mode']}", "value": values}

    return build


def _starts_with(args: dict[str, Any]) -> Assertion:
    if args["ignore_case"]:
        return _script(Kind.STARTS_WITH, args)
    return {"type": "starts-with", "value": args["value"]}


def _regex(args: dict[str, Any]) -> Assertion:
    if args["ignore_case"]:
        return _script(Kind.REGEX, args)
    return {"type": "regex", "value": args["pattern"]}


def _length(args: dict[str, Any]) -> Assertion | Reason:
    if args["unit"] == "tokens":
        return Reason("reason.promptfoo_tokens")
    return _script(Kind.LENGTH, args)


def _metric(args: dict[str, Any]) -> Assertion | Reason:
    if args["metric"] != "total_time" or args["min"] is not None:
        return Reason("reason.promptfoo_metric", {"metric": args["metric"]})
    return {"type": "latency", "threshold": round(args["max"] * 1000, 6)}


def _similar(args: dict[str, Any]) -> Assertion:
    return {
        "type": "similar",
        "value": args["reference"],
        "threshold": args["threshold"],
        "provider": EMBEDDING_PROVIDERS[0] + args["model"],
    }


def _judge(args: dict[str, Any]) -> Assertion:
    return {
        "type": "llm-rubric",
        "value": args["rubric"],
        "threshold": (args["min_score"] - 1) / 4,
        "provider": CHAT_PROVIDER + args["model"],
    }


_EXPORTS: dict[Kind, Callable[[dict[str, Any]], Assertion | Reason]] = {
    Kind.EQUALS: _equals,
    Kind.CONTAINS: _found(""),
    Kind.NOT_CONTAINS: _found("not-"),
    Kind.STARTS_WITH: _starts_with,
    Kind.REGEX: _regex,
    Kind.LENGTH: _length,
    Kind.IS_JSON: lambda args: {"type": "is-json"},
    Kind.JSON_SCHEMA: lambda args: {"type": "is-json", "value": args["schema"]},
    Kind.LANGUAGE: lambda args: _script(Kind.LANGUAGE, args),
    Kind.METRIC: _metric,
    Kind.SIMILAR: _similar,
    Kind.JUDGE: _judge,
}


def _js(value: Any) -> str:
    """A JSON value written as a JavaScript literal."""
    return json.dumps(value, ensure_ascii=False)


def _length_body(args: dict[str, Any]) -> str:
    count = {
        "words": "output.trim().split(/\\s+/).filter(Boolean).length",
        "characters": '[...output.normalize("NFC").trim()].length',
    }[args["unit"]]
    bounds = [f"n >= {args['min']}"] if args["min"] is not None else []
    bounds += [f"n <= {args['max']}"] if args["max"] is not None else []
    return f"const n = {count};\nreturn {' && '.join(bounds)};"


def _language_body(args: dict[str, Any]) -> str:
    """The share of Hangul (ko) or Latin (en) letters, counted as workbench.checks.language
    counts them."""
    mine = "hangul" if args["language"] == "ko" else "latin"
    return (
        'const text = output.normalize("NFC");\n'
        "const hangul = (text.match(/[\\uac00-\\ud7a3\\u1100-\\u11ff\\u3130-\\u318f]/g) || [])"
        ".length;\n"
        "const latin = (text.match(/[A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f]/g) || [])"
        ".length;\n"
        f"return hangul + latin > 0 && {mine} / (hangul + latin) >= {args['min_share']};"
    )


_BODIES: dict[Kind, Callable[[dict[str, Any]], str]] = {
    Kind.EQUALS: lambda args: (
        f"const want = {_js(args['value'])};\n"
        'return output.normalize("NFC").trim().toLowerCase() === '
        'want.normalize("NFC").trim().toLowerCase();'
    ),
    Kind.STARTS_WITH: lambda args: (
        f"const want = {_js(args['value'])};\n"
        'return output.normalize("NFC").trimStart().toLowerCase()'
        '.startsWith(want.trimStart().normalize("NFC").toLowerCase());'
    ),
    Kind.REGEX: lambda args: f'return new RegExp({_js(args["pattern"])}, "i").test(output);',
    Kind.LENGTH: _length_body,
    Kind.LANGUAGE: _language_body,
}


def _script(kind: Kind, args: dict[str, Any]) -> Assertion:
    """A javascript assertion whose first line names the check it stands for (read back on
    import, only when the code below it is still exactly what the workbench writes)."""
    head = f"// workbench {kind} {json.dumps(args, ensure_ascii=False, sort_keys=True)}"
    return {"type": "javascript", "value": f"{head}\n{_BODIES[kind](args)}"}


def from_assertion(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
    """The check a promptfoo assertion stands for, or why none does. A `metric` name is only a
    label there and is not kept."""
    if not isinstance(assertion, Mapping):
        return Reason("reason.promptfoo_not_assertion")
    kind = str(assertion.get("type", ""))
    changing = [name for name in _VERDICT_FIELDS if name in assertion]
    if changing:
        return Reason("reason.promptfoo_fields", {"type": kind, "fields": ", ".join(changing)})
    read = _IMPORTS.get(kind) or _found_reader(kind)
    if read is None:
        return Reason("reason.promptfoo_unknown_type", {"type": kind})
    found = read(assertion)
    if isinstance(found, Reason):
        return found
    weight = assertion.get("weight", 1)
    try:
        return validate_check(CheckSpec(found.kind, found.args, weight))
    except CheckError as exc:
        return Reason(exc.code, dict(exc.params))


Reader = Callable[[Mapping[str, Any]], CheckSpec | Reason]
_FOUND_TYPE = re.compile(r"(not-)?(i?)contains(?:-(any|all))?")


def _found_reader(kind: str) -> Reader | None:
    """A reader for contains, icontains, not-contains-any, ... (None for other types)."""
    match = _FOUND_TYPE.fullmatch(kind)
    if match is None:
        return None
    negated, case, mode = match.groups()

    def read(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
        value = assertion.get("value")
        if mode is None:
            values = [str(value)] if isinstance(value, str | int | float) else None
        elif isinstance(value, str):
            values = [part.strip() for part in value.split(",")]
        else:
            values = [str(v) for v in value] if isinstance(value, list) else None
        if values is None:
            return Reason("reason.promptfoo_value", {"type": kind})
        args = {"values": values, "mode": mode or "all", "ignore_case": bool(case)}
        return CheckSpec(Kind.NOT_CONTAINS if negated else Kind.CONTAINS, args)

    return read


def _text_reader(kind: Kind, name: str) -> Reader:
    def read(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
        value = assertion.get("value")
        if not isinstance(value, str):
            return Reason("reason.promptfoo_value", {"type": assertion.get("type")})
        return CheckSpec(kind, {name: value})

    return read


def _is_json(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
    value = assertion.get("value")
    if value is None:
        return CheckSpec(Kind.IS_JSON, {})
    if isinstance(value, str) and value.startswith("file://"):
        return Reason("reason.promptfoo_value", {"type": "is-json"})
    return CheckSpec(Kind.JSON_SCHEMA, {"schema": value})


def _latency(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
    threshold = assertion.get("threshold")
    if not isinstance(threshold, int | float) or isinstance(threshold, bool):
        return Reason("reason.promptfoo_value", {"type": "latency"})
    return CheckSpec(Kind.METRIC, {"metric": "total_time", "max": threshold / 1000})


def _provider_model(assertion: Mapping[str, Any], prefixes: tuple[str, ...]) -> str | None:
    """The Ollama model an assertion's grading provider names (an id or {id: ...})."""
    provider = assertion.get("provider")
    if isinstance(provider, Mapping):
        provider = provider.get("id")
    if not isinstance(provider, str):
        return None
    return next((provider[len(p) :] for p in prefixes if provider.startswith(p)), None)


def _similar_reader(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
    model = _provider_model(assertion, EMBEDDING_PROVIDERS)
    if model is None:
        return Reason(
            "reason.promptfoo_provider", {"type": "similar", "prefix": "ollama:embeddings:"}
        )
    args = {"reference": assertion.get("value"), "model": model}
    return CheckSpec(Kind.SIMILAR, {**args, "threshold": assertion.get("threshold", 0.75)})


def _rubric_reader(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
    model = _provider_model(assertion, (CHAT_PROVIDER,))
    if model is None:
        return Reason("reason.promptfoo_provider", {"type": "llm-rubric", "prefix": CHAT_PROVIDER})
    args: dict[str, Any] = {"rubric": assertion.get("value"), "model": model}
    threshold = assertion.get("threshold")
    if isinstance(threshold, int | float) and not isinstance(threshold, bool):
        args["min_score"] = min(max(round(threshold * 4) + 1, 1), 5)
    return CheckSpec(Kind.JUDGE, args)


def _javascript(assertion: Mapping[str, Any]) -> CheckSpec | Reason:
    """A javascript assertion the workbench wrote (its code unchanged), else a reason."""
    value = assertion.get("value")
    head = _SCRIPT_HEAD.match(value.split("\n", 1)[0]) if isinstance(value, str) else None
    if head is None or head.group(1) not in _BODIES:
        return Reason("reason.promptfoo_script")
    kind = Kind(head.group(1))
    try:
        args = json.loads(head.group(2))
        written = _script(kind, args)["value"] if isinstance(args, dict) else None
    except (json.JSONDecodeError, KeyError, TypeError):
        written = None
    if written is None or written != str(value).rstrip():
        return Reason("reason.promptfoo_script")
    return CheckSpec(kind, args)


_IMPORTS: dict[str, Reader] = {
    "equals": _text_reader(Kind.EQUALS, "value"),
    "starts-with": _text_reader(Kind.STARTS_WITH, "value"),
    "regex": _text_reader(Kind.REGEX, "pattern"),
    "is-json": _is_json,
    "latency": _latency,
    "similar": _similar_reader,
    "llm-rubric": _rubric_reader,
    "javascript": _javascript,
    "is-refusal": lambda assertion: CheckSpec(Kind.REFUSES, {}),
    "not-is-refusal": lambda assertion: CheckSpec(Kind.NOT_REFUSES, {}),
}
