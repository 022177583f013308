"""Reading and checking a JSON Schema for Ollama's `format` (Draft 2020-12 meta-schema)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema import exceptions as jsonschema_errors

from workbench.structured.errors import SchemaError
from workbench.structured.text import json_path, json_type, unfenced

_JSON_MODE = {"json", '"json"'}


def parse_schema(text: str) -> dict[str, Any] | None:
    """The schema written in `text` (a ```json fence is fine), or None for blank text."""
    if not text.strip():
        return None
    if text.strip().lower() in _JSON_MODE:
        raise SchemaError(code="error.schema_json_mode")
    try:
        schema = json.loads(unfenced(text))
    except json.JSONDecodeError as exc:
        raise SchemaError(
            code="error.schema_json", line=exc.lineno, column=exc.colno, detail=exc.msg
        ) from None
    check_schema(schema)
    return schema


def check_schema(schema: Any) -> None:
    """Refuse anything but a JSON object that is a valid JSON Schema (Draft 2020-12)."""
    if not isinstance(schema, Mapping):
        raise SchemaError(code="error.schema_not_object", kind=json_type(schema))
    try:
        Draft202012Validator.check_schema(schema)
    except jsonschema_errors.SchemaError as exc:
        # "not valid under any of the given schemas" says little; the best branch says more.
        error = jsonschema_errors.best_match(exc.context) if exc.context else exc
        raise SchemaError(
            code="error.schema_invalid", path=json_path(error.absolute_path), detail=error.message
        ) from None


def schema_text(schema: Mapping[str, Any]) -> str:
    """The schema as pretty JSON (indent 2, Korean kept as it is)."""
    return json.dumps(schema, indent=2, ensure_ascii=False)
