"""Checks from variable rows, `{{variables}}` in check arguments, and checks as plain data."""

from __future__ import annotations

import pytest

from workbench.checks import (
    CheckError,
    CheckSpec,
    Kind,
    bind_check,
    check_from_dict,
    check_to_dict,
    row_checks,
    validate_check,
)


def test_expected_means_the_answer_contains_it_in_any_case():
    (check,) = row_checks({"city": "서울", "expected": " 하늘빛시 "})
    assert check == CheckSpec(Kind.CONTAINS, {"values": ["하늘빛시"], "ignore_case": True})


def test_expect_columns_take_the_main_argument_or_json_and_blank_or_no_adds_nothing():
    row = {
        "__expect_regex": r"\d+년",
        "__expect_not_contains": "죄송",
        "__expect_length": '{"unit": "words", "max": 60}',
        "__expect_is_json": "yes",
        "__expect_refuses": "no",
        "__expect_language": "",
        "topic": "x",
    }
    checks = row_checks(row)
    assert [validate_check(c).kind for c in checks] == [
        Kind.REGEX,
        Kind.NOT_CONTAINS,
        Kind.LENGTH,
        Kind.IS_JSON,
    ]
    assert checks[0].args == {"pattern": r"\d+년"}
    assert checks[2].args == {"unit": "words", "max": 60}


def test_a_length_cell_that_is_not_json_is_refused_with_a_reason():
    (check,) = row_checks({"__expect_length": "60"})
    with pytest.raises(CheckError):
        validate_check(check)


def test_an_unknown_expect_kind_is_refused_by_validation():
    (check,) = row_checks({"__expect_sparkles": "yes"})
    with pytest.raises(CheckError) as caught:
        validate_check(check)
    assert caught.value.params["field"] == "kind"


def test_bind_fills_row_values_into_text_and_lists_and_leaves_unknown_names():
    spec = CheckSpec(Kind.CONTAINS, {"values": ["{{city}}", "{{ nowhere }}"], "ignore_case": True})
    bound = bind_check(spec, {"city": "하늘빛시"})
    assert bound.args == {"values": ["하늘빛시", "{{ nowhere }}"], "ignore_case": True}


def test_checks_round_trip_as_plain_data_and_bad_weights_reach_validation():
    spec = CheckSpec(Kind.JUDGE, {"rubric": "친절한가?", "model": "qwen3:0.6b"}, 2.0)
    assert check_from_dict(check_to_dict(spec)) == spec
    assert "weight" not in check_to_dict(CheckSpec(Kind.IS_JSON))
    odd = check_from_dict({"kind": "is_json", "weight": "heavy"})
    with pytest.raises(CheckError) as caught:
        validate_check(odd)
    assert caught.value.params["field"] == "weight"
    with pytest.raises(CheckError):
        validate_check(check_from_dict({"kind": "contains", "args": ["x"]}))
