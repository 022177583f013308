"""Reading a model's structured answer leniently and checking it against the schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry

from workbench.structured.schema import check_schema
from workbench.structured.text import json_path, unfenced


@dataclass(frozen=True)
class Violation:
    """One way the answer breaks the schema: where (`$.items[2].name`) and jsonschema's reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class StructuredAnswer:
    """A model's answer read as JSON: the value, or why it is not JSON, and the schema's verdict."""

    raw: str
    value: Any
    parse_error: str
    cut_by_length: bool
    violations: tuple[Violation, ...]

    @property
    def parsed(self) -> bool:
        """The text held one JSON value."""
        return self.parse_error == ""

    @property
    def valid(self) -> bool:
        """The text held JSON that fits the schema (or there was no schema)."""
        return self.parsed and not self.violations


def _sort_key(path: Any) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in path)


def schema_violations(value: Any, schema: Mapping[str, Any]) -> tuple[Violation, ...]:
    """Where `value` breaks `schema`, sorted by path; a broken schema is one violation at `$`.

    Remote $refs are never fetched: the empty registry leaves them unresolved.
    """
    try:
        check_schema(schema)
        validator = Draft202012Validator(
            schema, registry=Registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = sorted(validator.iter_errors(value), key=lambda e: _sort_key(e.absolute_path))
    except Exception as exc:  # an invalid schema or unresolvable $ref must not stop the reading
        return (Violation("$", str(exc)),)
    return tuple(Violation(json_path(error.absolute_path), error.message) for error in errors)


def _loads(text: str) -> tuple[Any, str]:
    """The JSON value in `text` and "", or None and the decoder's complaint."""
    try:
        return json.loads(unfenced(text)), ""
    except json.JSONDecodeError as exc:
        return None, str(exc)
    except RecursionError:
        return None, "nested too deeply to read"


def read_answer(
    text: str, schema: Mapping[str, Any] | None, done_reason: str = ""
) -> StructuredAnswer:
    """Read an answer: whitespace and a ```json fence around it are fine; never raises."""
    value, parse_error = _loads(text)
    violations = schema_violations(value, schema) if schema is not None and not parse_error else ()
    return StructuredAnswer(
        raw=text,
        value=value,
        parse_error=parse_error,
        cut_by_length=done_reason == "length",
        violations=violations,
    )
