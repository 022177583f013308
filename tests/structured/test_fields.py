"""The flat-object form: fields to schema and back, and None for what the form cannot show."""

from __future__ import annotations

from typing import Any

import pytest

from tests.structured.captures import CITY_SCHEMA, NAME_SCHEMA, WEATHER_SCHEMA
from workbench.structured import (
    FIELD_TYPES,
    SchemaError,
    SchemaField,
    check_schema,
    fields_from_schema,
    schema_from_fields,
)

EVERY_TYPE = [
    SchemaField("제목", "string", "글의 제목"),
    SchemaField("score", "number", required=False),
    SchemaField("count", "integer"),
    SchemaField("done", "boolean", "끝났는지"),
    SchemaField("태그", "array", "키워드 목록", required=False),
]
FLAT_SCHEMAS: list[dict[str, Any]] = [
    NAME_SCHEMA,
    CITY_SCHEMA,
    {"type": "object", "properties": {}},
    {"type": "object", "properties": {"note": {"type": "string", "description": "메모"}}},
    schema_from_fields(EVERY_TYPE),
]


def test_fields_make_an_object_schema() -> None:
    schema = schema_from_fields(EVERY_TYPE)
    assert schema == {
        "type": "object",
        "properties": {
            "제목": {"type": "string", "description": "글의 제목"},
            "score": {"type": "number"},
            "count": {"type": "integer"},
            "done": {"type": "boolean", "description": "끝났는지"},
            "태그": {"type": "array", "items": {"type": "string"}, "description": "키워드 목록"},
        },
        "required": ["제목", "count", "done"],
    }
    check_schema(schema)
    assert tuple(field.type for field in EVERY_TYPE) == FIELD_TYPES


def test_names_are_trimmed_and_blank_descriptions_left_out() -> None:
    schema = schema_from_fields([SchemaField("  city ", description="  ", required=False)])
    assert schema == {"type": "object", "properties": {"city": {"type": "string"}}}


@pytest.mark.parametrize("schema", FLAT_SCHEMAS)
def test_a_flat_schema_survives_the_form(schema: dict[str, Any]) -> None:
    fields = fields_from_schema(schema)
    assert fields is not None
    assert schema_from_fields(fields) == schema


def test_fields_survive_the_schema() -> None:
    assert fields_from_schema(schema_from_fields(EVERY_TYPE)) == EVERY_TYPE


def test_required_names_may_come_in_any_order() -> None:
    schema = {**CITY_SCHEMA, "required": ["population_millions", "city"]}
    assert fields_from_schema(schema) == [
        SchemaField("city", "string"),
        SchemaField("population_millions", "number"),
    ]


def test_no_schema_is_an_empty_form() -> None:
    assert fields_from_schema(None) == []


def prop(spec: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"a": spec}}


@pytest.mark.parametrize(
    "schema",
    [
        WEATHER_SCHEMA,
        prop({"type": "object", "properties": {"b": {"type": "string"}}}),
        prop({"$ref": "#/$defs/b"}),
        prop({"anyOf": [{"type": "string"}, {"type": "number"}]}),
        prop({"type": ["string", "null"]}),
        prop({"type": "string", "enum": ["x", "y"]}),
        prop({"type": "array", "items": {"type": "integer"}}),
        prop({"type": "array"}),
        prop({"type": "null"}),
        prop({"type": "string", "description": 5}),
        prop({"type": "string", "minLength": 2}),
        prop({"description": "no type"}),
        {**prop({"type": "string"}), "additionalProperties": False},
        {**prop({"type": "string"}), "title": "제목"},
        {**prop({"type": "string"}), "required": ["a", "b"]},
        {**prop({"type": "string"}), "required": "a"},
        {**prop({"type": "string"}), "required": [1]},
        {"type": "object", "properties": {" a": {"type": "string"}}},
        {"type": "object", "properties": {"": {"type": "string"}}},
        {"type": "object", "properties": []},
        {"type": "array", "items": {"type": "string"}},
        {"type": "string"},
        {},
        ["not", "a", "mapping"],
    ],
)
def test_what_the_form_cannot_show_gives_none(schema: Any) -> None:
    assert fields_from_schema(schema) is None


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ([SchemaField("")], "error.schema_field_blank"),
        ([SchemaField("a"), SchemaField("a", "number")], "error.schema_field_repeated"),
        ([SchemaField("a"), SchemaField(" a ")], "error.schema_field_repeated"),
        ([SchemaField("a", "object")], "error.schema_field_type"),
        ([SchemaField("a", "list")], "error.schema_field_type"),
    ],
)
def test_bad_fields_are_refused(fields: list[SchemaField], code: str) -> None:
    with pytest.raises(SchemaError) as caught:
        schema_from_fields(fields)
    assert caught.value.code == code
