"""The error for a JSON Schema the workbench cannot send: its code names the kind of mistake."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class SchemaError(WorkbenchError):
    """A schema (or a form of fields) that is not a usable JSON Schema for structured output."""

    code = "error.schema_invalid"
