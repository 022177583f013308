"""Answers to `format` requests: schema-shaped JSON in the real daemon's layout (indent 2),
split into tokens, with the faults a test can ask for per model.

Faults (FakeOllama.format_fault(model, kind), CLI --format-fault MODEL=KIND):
- "malformed": not parseable JSON (single quotes and a trailing comma, as small models write);
- "wrong": parseable JSON that breaks the schema (the first required property is left out and
  the next one has the wrong type; with format "json" a list instead of an object);
- "length": cut off halfway with done_reason "length", like num_predict does (capture 54).
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

FORMAT_FAULTS = ("malformed", "wrong", "length")
_JSON_PIECE = re.compile(r'\s+|[{}\[\]:,]|"(?:\\.|[^"\\])*"|[^\s{}\[\]:,"]+')
# What a real model wrote after the object when format and tools came together (capture 72).
TRAILING_WHITESPACE = ["\n\n", "\t    \t  ", "\t\t\t\t\t\t\t\t\t\t\t\t"]
_WRONG_TYPE: dict[str, Any] = {
    "string": 42,
    "number": "many",
    "integer": "many",
    "boolean": "yes",
    "array": "item",
    "object": "text",
}


def schema_value(schema: Any, rng: random.Random, echo: list[str]) -> Any:
    """A value of the schema's type (the first enum value; words of the question for text)."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(schema, dict) and schema.get("enum"):
        return schema["enum"][0]
    if kind == "integer":
        return rng.randint(1, 100)
    if kind == "number":
        return round(rng.uniform(0, 100), 2)
    if kind == "boolean":
        return True
    if kind == "array":
        return [schema_value(schema.get("items", {"type": "string"}), rng, echo)]
    if kind == "object":
        return schema_object(schema, rng, echo)
    return rng.choice(echo) if echo else "example"


def schema_object(schema: dict[str, Any], rng: random.Random, echo: list[str]) -> dict[str, Any]:
    """An object with a value for every property of an object schema."""
    properties = schema.get("properties") or {}
    return {key: schema_value(sub, rng, echo) for key, sub in properties.items()}


def _break_schema(obj: dict[str, Any], schema: dict[str, Any]) -> Any:
    """Leave out the first required property and give the next one the wrong type (a list
    when the object has nothing to break)."""
    if not obj:
        return [obj]
    required = [k for k in schema.get("required") or [] if k in obj]
    broken = {k: v for k, v in obj.items() if not required or k != required[0]}
    for key in list(broken)[:1]:
        sub = (schema.get("properties") or {}).get(key)
        sub = sub if isinstance(sub, dict) else {}
        kind = sub.get("type")
        wrong = _WRONG_TYPE.get(kind if isinstance(kind, str) else "")
        broken[key] = "not one of the choices" if sub.get("enum") else wrong
    return broken


def format_pieces(
    fmt: Any, rng: random.Random, echo: list[str], plain: str, fault: str | None, trailing: bool
) -> tuple[list[str], bool]:
    """The answer's tokens and whether it was cut by length; `plain` is the text a schemaless
    ("json") answer carries, `trailing` adds capture 72's stray whitespace."""
    schema = fmt if isinstance(fmt, dict) and isinstance(fmt.get("properties"), dict) else None
    value: Any = schema_object(schema, rng, echo) if schema else {"answer": plain}
    if fault == "wrong":
        value = _break_schema(value, schema) if schema else [plain]
    text = json.dumps(value, ensure_ascii=False, indent=2)
    if fault == "malformed":
        text = text.replace('"', "'")
        text = text[: text.rindex("}")].rstrip() + ",\n}" if text.endswith("}") else text + ","
    pieces = _JSON_PIECE.findall(text)
    if fault == "length":
        return pieces[: max(len(pieces) // 2, 1)], True
    return pieces + (TRAILING_WHITESPACE if trailing else []), False
