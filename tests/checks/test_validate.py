"""Validation: defaults filled, every mistake refused naming its field and what to do; labels;
the models a run needs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checks.checking import check, said
from workbench.checks import (
    CheckError,
    CheckSpec,
    Kind,
    describe,
    needed_models,
    validate_check,
    validate_checks,
)
from workbench.i18n import error_text, translate


def refused(kind: Any, args: Any = None, weight: Any = 1.0) -> CheckError:
    with pytest.raises(CheckError) as caught:
        validate_check(CheckSpec(kind, {} if args is None else args, weight))
    return caught.value


@pytest.mark.parametrize(
    ("kind", "args", "filled"),
    [
        (
            "contains",
            {"values": "하늘빛시"},
            {"values": ["하늘빛시"], "mode": "all", "ignore_case": False},
        ),
        (
            "not-contains",
            {"values": ["a", " "], "mode": "ANY"},
            {"values": ["a"], "mode": "any", "ignore_case": False},
        ),
        ("equals", {"value": "x", "ignore_case": "true"}, {"value": "x", "ignore_case": True}),
        ("length", {"max": "60"}, {"unit": "words", "min": None, "max": 60}),
        (
            "metric",
            {"metric": "total_time", "max": 2},
            {"metric": "total_time", "min": None, "max": 2.0},
        ),
        ("language", {"language": "ko"}, {"language": "ko", "min_share": 0.5}),
        (
            "similar",
            {"reference": "r", "model": "m"},
            {"reference": "r", "model": "m", "threshold": 0.8},
        ),
        (
            "judge",
            {"rubric": "r", "model": "m"},
            {"rubric": "r", "model": "m", "min_score": 4, "language": "en"},
        ),
        ("json_schema", {"schema": '{"type": "object"}'}, {"schema": {"type": "object"}}),
        (" Is_JSON ", {}, {}),
    ],
)
def test_defaults_are_filled_and_values_normalised(
    kind: str, args: dict[str, Any], filled: dict[str, Any]
) -> None:
    valid = validate_check(CheckSpec(kind, args, 2))
    assert valid.kind in set(Kind) and dict(valid.args) == filled and valid.weight == 2.0


def test_validate_checks_keeps_the_order() -> None:
    specs = [CheckSpec("is_json"), CheckSpec("refuses", weight=0.5)]
    assert [(s.kind, s.weight) for s in validate_checks(specs)] == [
        ("is_json", 1.0),
        ("refuses", 0.5),
    ]


def test_an_invalid_regex_quotes_the_reason_and_position() -> None:
    error = refused("regex", {"pattern": "하늘(빛"})
    assert error.params["field"] == "pattern" and error.params["position"] == 2
    assert "missing ), unterminated subpattern (at position 2)" in str(error)
    assert "위치 2" in error_text(error, "ko")


def test_an_invalid_schema_quotes_jsonschema() -> None:
    error = refused("json_schema", {"schema": {"type": "object", "properties": {"a": {"type": 5}}}})
    assert error.params["field"] == "schema" and error.params["path"] == "$.properties.a.type"
    assert "5 is not one of ['array', 'boolean'" in str(error)
    not_json = refused("json_schema", {"schema": '{"type": "object",'})
    assert not_json.params["field"] == "schema" and "is not valid JSON" in str(not_json)
    array = refused("json_schema", {"schema": "[1]"})
    assert "not a JSON array" in str(array) and "JSON array" in error_text(array, "ko")


def test_an_unknown_kind_lists_the_kinds() -> None:
    error = refused("contians", {"values": ["x"]})
    assert error.params["field"] == "kind"
    assert all(kind in str(error) for kind in Kind)
    assert "'contians'" in error_text(error, "ko")


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("equals", "value"),
        ("contains", "values"),
        ("regex", "pattern"),
        ("json_schema", "schema"),
        ("language", "language"),
        ("metric", "metric"),
        ("similar", "reference"),
        ("judge", "rubric"),
    ],
)
def test_a_missing_argument_is_named(kind: str, field: str) -> None:
    error = refused(kind)
    assert error.params["field"] == field and f"needs '{field}'" in str(error)


@pytest.mark.parametrize("weight", [0, -1, "heavy", float("nan"), float("inf"), True, None])
def test_a_bad_weight_is_refused(weight: Any) -> None:
    error = refused("is_json", weight=weight)
    assert error.params["field"] == "weight" and "greater than 0" in str(error)


@pytest.mark.parametrize(
    ("kind", "args", "field", "words"),
    [
        ("equals", {"value": "  "}, "value", "not blank"),
        ("contains", {"values": ["", " "]}, "values", "at least one"),
        ("contains", {"values": [1, 2]}, "values", "at least one"),
        ("contains", {"values": ["x"], "mode": "some"}, "mode", "all, any"),
        ("equals", {"value": "x", "ignore_case": "maybe"}, "ignore_case", "true or false"),
        ("length", {"unit": "lines", "max": 3}, "unit", "words, characters, tokens"),
        ("length", {"max": 2.5}, "max", "whole number"),
        ("length", {"min": -1}, "min", "whole number"),
        ("length", {}, "max", "minimum, a maximum or both"),
        ("length", {"min": 10, "max": 5}, "min", "greater than the maximum"),
        ("metric", {"metric": "total_time", "max": "soon"}, "max", "must be a number"),
        ("metric", {"metric": "speed", "max": 1}, "metric", "total_time"),
        ("language", {"language": "fr"}, "language", "ko, en"),
        ("language", {"language": "ko", "min_share": 1.5}, "min_share", "between 0 and 1"),
        (
            "similar",
            {"reference": "r", "model": "m", "threshold": -0.1},
            "threshold",
            "between 0 and 1",
        ),
        ("judge", {"rubric": "r", "model": "m", "min_score": 6}, "min_score", "1 and 5"),
        ("judge", {"rubric": "r", "model": " "}, "model", "not blank"),
        ("equals", {"valeu": "x"}, "valeu", "Its settings are: value, ignore_case"),
        ("is_json", {"strict": True}, "strict", "Its settings are: -"),
    ],
)
def test_each_bad_argument_is_refused_at_its_field(
    kind: str, args: dict[str, Any], field: str, words: str
) -> None:
    error = refused(kind, args)
    assert error.params["field"] == field and words in str(error)
    korean = error_text(error, "ko")
    assert korean != str(error) and any("\uac00" <= ch <= "\ud7a3" for ch in korean)


def test_arguments_that_are_not_a_mapping() -> None:
    error = refused("equals", ["x"])
    assert error.params["field"] == "args"


def test_an_invalid_check_runs_as_an_error_with_the_validation_reason() -> None:
    result = check("regex", "text", weight=2, pattern="(")
    assert result.status == "error" and result.score == 0.0 and result.weight == 2
    assert said(result).startswith("The regular expression is not valid: missing )")
    unknown = check("sounds_right", "text", weight=-3)
    assert unknown.status == "error" and unknown.kind == "sounds_right" and unknown.weight == 1


@pytest.mark.parametrize(
    ("spec", "english", "korean"),
    [
        (CheckSpec("contains", {"values": ["하늘빛시"]}), 'contains "하늘빛시"', '"하늘빛시" 포함'),
        (
            CheckSpec("contains", {"values": ["a", "b"], "mode": "any"}),
            'contains any of "a", "b"',
            '"a", "b" 중 하나 이상 포함',
        ),
        (CheckSpec("length", {"max": 60}), "≤ 60 words", "≤ 60단어"),
        (
            CheckSpec("length", {"unit": "characters", "min": 5, "max": 9}),
            "5–9 characters",
            "5–9자",
        ),
        (
            CheckSpec("judge", {"rubric": "r", "model": "qwen3:0.6b"}),
            "judge (qwen3:0.6b) ≥ 4",
            "평가 모델(qwen3:0.6b) ≥ 4점",
        ),
        (
            CheckSpec("metric", {"metric": "total_time", "max": 2.5}),
            "total time ≤ 2.5 s",
            "전체 시간 ≤ 2.5초",
        ),
        (
            CheckSpec("language", {"language": "ko"}),
            "answers in Korean (≥ 50% Hangul)",
            "한국어로 답함 (한글 ≥ 50%)",
        ),
        (CheckSpec("is_json"), "valid JSON", "올바른 JSON"),
        (CheckSpec("regex", {"pattern": "("}), "Regular expression", "정규식"),
        (CheckSpec("nonsense"), "invalid check", "잘못된 검사"),
    ],
)
def test_describe_gives_a_short_label(spec: CheckSpec, english: str, korean: str) -> None:
    label = describe(spec)
    assert translate(label.code, "en", **label.params) == english
    assert translate(label.code, "ko", **label.params) == korean


def test_every_valid_kind_has_a_label_and_a_kind_name() -> None:
    examples = {
        "equals": {"value": "x"},
        "contains": {"values": ["x"]},
        "not_contains": {"values": ["x"]},
        "context_contains": {"values": ["x"]},
        "starts_with": {"value": "x"},
        "regex": {"pattern": "x"},
        "length": {"min": 1},
        "json_schema": {"schema": {}},
        "language": {"language": "en"},
        "metric": {"metric": "tokens_per_second", "min": 5},
        "similar": {"reference": "x", "model": "all-minilm"},
        "judge": {"rubric": "x", "model": "m"},
    }
    for kind in Kind:
        label = describe(CheckSpec(kind, examples.get(kind, {})))
        assert label.code.startswith("reason.check_label_"), kind
        for language in ("en", "ko"):
            assert "{" not in translate(label.code, language, **label.params)
            assert translate(f"kind.{kind}", language) != f"kind.{kind}"


def test_needed_models_by_kind() -> None:
    specs = [
        CheckSpec("judge", {"rubric": "r", "model": "qwen3:0.6b"}),
        CheckSpec("judge", {"rubric": "r", "model": " gemma3:270m "}),
        CheckSpec("similar", {"reference": "r", "model": "all-minilm"}),
        CheckSpec("contains", {"values": ["x"], "model": "ignored"}),
        CheckSpec("judge", {"rubric": "no model"}),
    ]
    assert needed_models(specs) == {
        "judge": {"qwen3:0.6b", "gemma3:270m"},
        "similar": {"all-minilm"},
    }
    assert needed_models([]) == {}
