"""Tool definitions: the name, description and parameter schema a model is offered."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import Reason, WorkbenchError
from workbench.structured import SchemaError, check_schema

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
FIELDS = ("name", "description", "parameters")


def _empty_parameters() -> dict[str, Any]:
    return {"type": "object", "properties": {}}


@dataclass(frozen=True)
class ToolSpec:
    """A function the model may call: its name, what it does and its arguments' JSON Schema."""

    name: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=_empty_parameters)


class ToolSpecError(WorkbenchError):
    """A tool definition is unusable: which tool, which field, and why."""

    code = "error.tool_spec"

    def __init__(self, tool: str, field: str, reason: Reason) -> None:
        self.tool, self.field, self.reason = tool, field, reason
        super().__init__(tool=tool, field=field, reason=reason)


def check_tool(spec: ToolSpec) -> None:
    """Raise ToolSpecError unless the name is usable, the description is text and the
    parameters are a JSON Schema of an object."""
    if not isinstance(spec.name, str) or not NAME_PATTERN.match(spec.name):
        raise ToolSpecError(str(spec.name), "name", Reason("reason.tool_name"))
    if not isinstance(spec.description, str):
        raise ToolSpecError(spec.name, "description", Reason("reason.tool_text"))
    try:
        check_schema(spec.parameters)
    except SchemaError as exc:
        detail = Reason("reason.tool_schema", {"detail": exc.message})
        raise ToolSpecError(spec.name, "parameters", detail) from None
    if spec.parameters.get("type") != "object":
        raise ToolSpecError(spec.name, "parameters", Reason("reason.tool_object"))


def check_tools(specs: Sequence[ToolSpec]) -> None:
    """Check every tool, and that no two share a name."""
    seen: set[str] = set()
    for spec in specs:
        check_tool(spec)
        if spec.name in seen:
            raise ToolSpecError(spec.name, "name", Reason("reason.tool_twice"))
        seen.add(spec.name)


def tool_payload(spec: ToolSpec) -> dict[str, Any]:
    """The tool as Ollama's /api/chat takes it."""
    return {"type": "function", "function": tool_to_dict(spec)}


def tool_to_dict(spec: ToolSpec) -> dict[str, Any]:
    """The tool as plain data: {name, description, parameters}."""
    return {"name": spec.name, "description": spec.description, "parameters": spec.parameters}


def tool_from_dict(data: Any) -> ToolSpec:
    """A checked ToolSpec from {name, description, parameters} (description and parameters
    optional), or from Ollama's {"type": "function", "function": {...}}; raises ToolSpecError."""
    if isinstance(data, Mapping) and data.get("type") == "function" and "function" in data:
        data = data["function"]
    if not isinstance(data, Mapping):
        raise ToolSpecError("", "name", Reason("reason.tool_mapping"))
    name = data.get("name", "")
    unknown = sorted(str(key) for key in data if key not in FIELDS)
    if unknown:
        reason = Reason("reason.tool_unknown_fields", {"fields": ", ".join(unknown)})
        raise ToolSpecError(str(name), unknown[0], reason)
    description = data.get("description") or ""
    parameters = data.get("parameters")
    spec = ToolSpec(name, description, _empty_parameters() if parameters is None else parameters)
    check_tool(spec)
    return spec
