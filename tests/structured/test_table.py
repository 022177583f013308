"""Answers as table rows for st.dataframe."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.structured import answer_table


def test_a_list_of_objects_is_a_row_per_item() -> None:
    value = [
        {"이름": "김민수", "나이": 31, "tags": ["a", "b"]},
        {"이름": "Lee", "주소": {"시": "부산"}, "나이": None},
    ]
    assert answer_table(value) == [
        {"이름": "김민수", "나이": "31", "tags": '["a", "b"]', "주소": ""},
        {"이름": "Lee", "나이": "null", "tags": "", "주소": '{"시": "부산"}'},
    ]


def test_an_object_is_a_row_per_field() -> None:
    value = {"city": "서울", "population_millions": 9.4, "capital": True, "gu": ["종로구"]}
    assert answer_table(value) == [
        {"field": "city", "value": "서울"},
        {"field": "population_millions", "value": "9.4"},
        {"field": "capital", "value": "true"},
        {"field": "gu", "value": '["종로구"]'},
    ]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("텍스트", "텍스트"),
        (42, "42"),
        (None, "null"),
        ([], "[]"),
        (["a", 1], '["a", 1]'),
        ([{"a": 1}, 2], '[{"a": 1}, 2]'),
    ],
)
def test_anything_else_is_one_row(value: Any, cell: str) -> None:
    assert answer_table(value) == [{"value": cell}]
