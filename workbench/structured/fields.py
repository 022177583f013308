"""The flat-object form of a schema: one row per field (name, type, description, required)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.structured.errors import SchemaError

FIELD_TYPES: tuple[str, ...] = ("string", "number", "integer", "boolean", "array")


@dataclass(frozen=True)
class SchemaField:
    """One property of a flat object schema; type "array" means a list of strings."""

    name: str
    type: str = "string"
    description: str = ""
    required: bool = True


def _property(field: SchemaField) -> dict[str, Any]:
    prop: dict[str, Any] = {"type": field.type}
    if field.type == "array":
        prop["items"] = {"type": "string"}
    if field.description.strip():
        prop["description"] = field.description
    return prop


def schema_from_fields(fields: Sequence[SchemaField]) -> dict[str, Any]:
    """The object schema the fields describe; refuses a blank or repeated name, an unknown type."""
    properties: dict[str, Any] = {}
    for number, field in enumerate(fields, start=1):
        name = field.name.strip()
        if not name:
            raise SchemaError(code="error.schema_field_blank", number=number)
        if name in properties:
            raise SchemaError(code="error.schema_field_repeated", name=name)
        if field.type not in FIELD_TYPES:
            raise SchemaError(
                code="error.schema_field_type",
                name=name,
                type=field.type,
                types=", ".join(FIELD_TYPES),
            )
        properties[name] = _property(field)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [field.name.strip() for field in fields if field.required]
    if required:
        schema["required"] = required
    return schema


def _comparable(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The schema with its defaults filled in and its required names in a fixed order."""
    return {
        **schema,
        "properties": dict(schema.get("properties", {})),
        "required": sorted(schema.get("required", [])),
    }


def fields_from_schema(schema: Mapping[str, Any] | None) -> list[SchemaField] | None:
    """The form's rows for a flat object schema ([] for none); None if the form cannot show it.

    Nested objects, $ref, anyOf, enums, titles and every other keyword the form has no cell
    for give None, so the form never drops part of a schema.
    """
    if schema is None:
        return []
    if not isinstance(schema, Mapping):
        return None
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    if not isinstance(properties, Mapping) or not isinstance(required, list):
        return None
    if not all(isinstance(name, str) for name in required):
        return None
    fields = []
    for name, prop in properties.items():
        if not isinstance(prop, Mapping) or prop.get("type") not in FIELD_TYPES:
            return None
        description = prop.get("description", "")
        if not isinstance(description, str):
            return None
        fields.append(SchemaField(name, prop["type"], description, name in required))
    try:
        rebuilt = schema_from_fields(fields)
    except SchemaError:
        return None
    return fields if _comparable(rebuilt) == _comparable(schema) else None
