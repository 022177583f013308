"""Reading answers: lenient about whitespace and fences, honest about cut and invalid JSON."""

from __future__ import annotations

from typing import Any

import pytest

from tests.structured.captures import (
    CITY_ANSWER,
    CITY_FRAGMENTS,
    CITY_SCHEMA,
    CUT_JSON_MODE_ANSWER,
    CUT_SCHEMA_ANSWER,
    NAME_SCHEMA,
    WEATHER_ANSWER,
    WEATHER_SCHEMA,
)
from workbench.structured import StructuredAnswer, Violation, read_answer, schema_violations


def test_the_captured_answer_with_stray_whitespace_is_read() -> None:
    answer = read_answer(WEATHER_ANSWER, WEATHER_SCHEMA, "stop")
    assert answer.value == {"name": "get_weather", "arguments": {"city": "Siamet-WiMae"}}
    assert answer.raw == WEATHER_ANSWER
    assert (answer.parsed, answer.valid, answer.cut_by_length) == (True, True, False)
    assert answer.violations == ()


def test_a_streamed_answer_reads_like_the_whole_one() -> None:
    streamed = read_answer("".join(CITY_FRAGMENTS), CITY_SCHEMA)
    assert streamed == read_answer(CITY_ANSWER, CITY_SCHEMA)
    assert streamed.valid
    assert streamed.value == {"city": "Daejeon", "population_millions": 2138409675}


@pytest.mark.parametrize(
    ("text", "schema"),
    [(CUT_SCHEMA_ANSWER, NAME_SCHEMA), (CUT_JSON_MODE_ANSWER, None)],
    ids=["schema", "json mode"],
)
def test_an_answer_cut_by_the_length_limit_is_marked_and_not_parsed(
    text: str, schema: dict[str, Any] | None
) -> None:
    answer = read_answer(text, schema, "length")
    assert answer.cut_by_length
    assert not answer.parsed and not answer.valid
    assert answer.value is None
    assert "line" in answer.parse_error and "column" in answer.parse_error
    assert answer.violations == ()


def test_only_the_length_reason_means_cut() -> None:
    assert not read_answer(CITY_ANSWER, CITY_SCHEMA, "stop").cut_by_length
    assert not read_answer(CITY_ANSWER, CITY_SCHEMA).cut_by_length
    assert read_answer(CITY_ANSWER, CITY_SCHEMA, "length").cut_by_length


@pytest.mark.parametrize(
    "text",
    [
        '```json\n{"city": "서울", "population_millions": 9.4}\n```',
        '  ```\n{"city": "서울", "population_millions": 9.4}\n```\n\n',
        '```JSON\n{"city": "서울", "population_millions": 9.4}```',
        '\n\t {"city": "서울", "population_millions": 9.4} \t\n',
    ],
    ids=["json fence", "bare fence", "fence on the last line", "whitespace"],
)
def test_a_code_fence_or_whitespace_around_the_json_is_fine(text: str) -> None:
    answer = read_answer(text, CITY_SCHEMA)
    assert answer.valid, answer
    assert answer.value == {"city": "서울", "population_millions": 9.4}


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Seoul, about 9.4 million people.", '{"city": "서울"} and more', "```json\n{```"],
    ids=["empty", "blank", "prose", "text after", "broken fence"],
)
def test_text_that_is_not_one_json_value_is_a_parse_error(text: str) -> None:
    answer = read_answer(text, CITY_SCHEMA)
    assert not answer.parsed and not answer.valid
    assert answer.parse_error
    assert answer.violations == ()


def test_violations_name_the_path_and_jsonschema_reason_in_path_order() -> None:
    schema = {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}},
                    "required": ["name"],
                },
            },
            "count": {"type": "integer"},
        },
        "required": ["items", "count", "title"],
    }
    value = '{"count": "3", "items": [{"name": "a"}, {"name": 1}, {}, {"name": "b"},'
    value += ' {}, {}, {}, {}, {}, {}, {"name": null}]}'
    answer = read_answer(value, schema)
    assert answer.parsed and not answer.valid
    assert answer.violations == (
        Violation("$", "'title' is a required property"),
        Violation("$.count", "'3' is not of type 'integer'"),
        Violation("$.items[1].name", "1 is not of type 'string'"),
        *(
            Violation(f"$.items[{i}]", "'name' is a required property")
            for i in (2, 4, 5, 6, 7, 8, 9)
        ),
        Violation("$.items[10].name", "None is not of type 'string'"),
    )
    assert str(answer.violations[1]) == "$.count: '3' is not of type 'integer'"


def test_korean_names_and_values_are_checked() -> None:
    schema = {
        "type": "object",
        "properties": {
            "도시": {"type": "string", "enum": ["서울", "부산"]},
            "인구 (백만)": {"type": "number"},
        },
        "required": ["도시", "인구 (백만)"],
    }
    good = read_answer('{"도시": "서울", "인구 (백만)": 9.4}', schema)
    assert good.valid and good.value["도시"] == "서울"
    bad = read_answer('{"도시": "대전", "인구 (백만)": "많음"}', schema)
    assert bad.violations == (
        Violation("$.도시", "'대전' is not one of ['서울', '부산']"),
        Violation('$["인구 (백만)"]', "'많음' is not of type 'number'"),
    )


def test_without_a_schema_only_the_json_is_read() -> None:
    answer = read_answer('[1, "둘", {"셋": 3}]', None)
    assert answer.valid and answer.value == [1, "둘", {"셋": 3}]


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "strin"},
        {"$ref": "https://example.invalid/schema.json"},
        {"type": "object", "properties": {"a": {"pattern": "(unclosed"}}},
        ["not", "a", "schema"],
    ],
    ids=["bad type", "remote ref", "bad pattern", "a list"],
)
def test_a_broken_schema_never_makes_reading_raise(schema: Any) -> None:
    answer = read_answer('{"a": "x"}', schema)
    assert answer.parsed and not answer.valid
    assert [v.path for v in answer.violations] == ["$"]
    assert answer.violations[0].reason


def test_very_deep_json_is_a_parse_error_not_a_crash() -> None:
    answer = read_answer("[" * 100_000 + "]" * 100_000, None)
    assert not answer.parsed
    assert answer.parse_error


def test_formats_are_checked() -> None:
    schema = {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}}
    assert read_answer('{"day": "2026-12-03"}', schema).valid
    assert read_answer('{"day": "3 December"}', schema).violations == (
        Violation("$.day", "'3 December' is not a 'date'"),
    )


def test_schema_violations_checks_a_value_directly() -> None:
    assert schema_violations({"city": "서울", "population_millions": 9.4}, CITY_SCHEMA) == ()
    assert schema_violations({"city": "서울"}, CITY_SCHEMA) == (
        Violation("$", "'population_millions' is a required property"),
    )


def test_valid_needs_a_parse_and_no_violation() -> None:
    def answer(parse_error: str, violations: tuple[Violation, ...]) -> StructuredAnswer:
        return StructuredAnswer("x", None, parse_error, False, violations)

    assert answer("", ()).valid
    assert not answer("", (Violation("$", "r"),)).valid
    assert not answer("bad", ()).valid and not answer("bad", ()).parsed
