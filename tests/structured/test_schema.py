"""Schemas: read from text and checked against the Draft 2020-12 meta-schema."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.structured.captures import CITY_SCHEMA, WEATHER_SCHEMA
from workbench.i18n import error_text
from workbench.structured import SchemaError, check_schema, parse_schema, schema_text

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KOREAN_SCHEMA = {
    "type": "object",
    "properties": {"제목": {"type": "string", "description": "글의 제목"}},
    "required": ["제목"],
}


def refusal(text: str) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        parse_schema(text)
    return caught.value


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_blank_text_means_no_schema(text: str) -> None:
    assert parse_schema(text) is None


@pytest.mark.parametrize("schema", [CITY_SCHEMA, WEATHER_SCHEMA, KOREAN_SCHEMA])
def test_a_schema_survives_its_text(schema: dict[str, Any]) -> None:
    assert parse_schema(schema_text(schema)) == schema


def test_schema_text_is_indented_and_keeps_korean() -> None:
    text = schema_text(KOREAN_SCHEMA)
    assert '"제목"' in text and "\\u" not in text
    assert text.splitlines()[1] == '  "type": "object",'
    assert json.loads(text) == KOREAN_SCHEMA


def test_a_fenced_schema_is_read_and_its_lines_still_count() -> None:
    assert parse_schema(f"```json\n{schema_text(CITY_SCHEMA)}\n```") == CITY_SCHEMA
    exc = refusal('```json\n{\n  "type": "object",\n  "properties": {}\n  "required": []\n}\n```')
    assert (exc.params["line"], exc.params["column"]) == (5, 3)


def test_a_json_syntax_error_names_line_and_column_and_what_to_do() -> None:
    exc = refusal('{\n  "type": "object",\n  "properties": {"a": {"type": "string"},}\n}')
    assert exc.code == "error.schema_json"
    assert (exc.params["line"], exc.params["column"]) == (3, 42)
    assert "line 3, column 42" in str(exc)
    assert "Fix the JSON there" in str(exc)
    assert "3번째 줄 42번째 칸" in error_text(exc, "ko")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("[1, 2]", "array"), ('"schema"', "string"), ("3", "number"), ("true", "boolean")],
)
def test_a_schema_must_be_an_object(text: str, kind: str) -> None:
    exc = refusal(text)
    assert exc.code == "error.schema_not_object"
    assert f"not a JSON {kind}" in str(exc)


@pytest.mark.parametrize("text", ["json", '"json"', " JSON \n"])
def test_the_word_json_is_explained_as_json_mode(text: str) -> None:
    exc = refusal(text)
    assert exc.code == "error.schema_json_mode"
    assert "JSON mode" in str(exc)


@pytest.mark.parametrize(
    ("schema", "path", "detail"),
    [
        ({"type": "strin"}, "$.type", "'strin' is not one of"),
        ({"properties": {"이름": {"type": 5}}}, "$.properties.이름.type", "5 is not one of"),
        ({"required": "name"}, "$.required", "'name' is not of type 'array'"),
        ({"properties": []}, "$.properties", "[] is not of type 'object'"),
        ({"minLength": -1}, "$.minLength", "-1 is less than the minimum of 0"),
    ],
)
def test_an_invalid_schema_names_the_place_and_the_reason(
    schema: dict[str, Any], path: str, detail: str
) -> None:
    with pytest.raises(SchemaError) as caught:
        check_schema(schema)
    exc = caught.value
    assert exc.code == "error.schema_invalid"
    assert exc.params["path"] == path
    assert exc.params["detail"].startswith(detail)
    assert f"at {path}: {detail}" in str(exc)


@pytest.mark.parametrize("schema", [CITY_SCHEMA, WEATHER_SCHEMA, {}, {"type": "string"}])
def test_valid_schemas_pass(schema: dict[str, Any]) -> None:
    check_schema(schema)


def test_check_schema_refuses_what_is_not_a_mapping() -> None:
    with pytest.raises(SchemaError) as caught:
        check_schema(None)
    assert caught.value.params["kind"] == "null"
