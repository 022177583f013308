"""Every kind of SchemaError reads as Korean in Korean, stating the same facts as in English."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.i18n import error_text
from workbench.structured import SchemaError, SchemaField, parse_schema, schema_from_fields

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}\b")

# (what goes wrong, how to raise it, expected code, facts both languages must state)
CASES: list[tuple[str, Callable[[], object], str, list[str]]] = [
    ("syntax", lambda: parse_schema('{"type": "object",}'), "schema_json", ["1", "19"]),
    ("json mode", lambda: parse_schema("json"), "schema_json_mode", ['"json"', '{"type"']),
    ("a list", lambda: parse_schema("[]"), "schema_not_object", ["array", "{...}"]),
    (
        "invalid",
        lambda: parse_schema('{"properties": {"이름": {"type": "텍스트"}}}'),
        "schema_invalid",
        ["$.properties.이름.type", "'텍스트' is not one of"],
    ),
    (
        "blank name",
        lambda: schema_from_fields([SchemaField("a"), SchemaField("  ")]),
        "schema_field_blank",
        ["2"],
    ),
    (
        "repeated name",
        lambda: schema_from_fields([SchemaField("제목"), SchemaField(" 제목 ", "number")]),
        "schema_field_repeated",
        ["'제목'"],
    ),
    (
        "unknown type",
        lambda: schema_from_fields([SchemaField("a", "object")]),
        "schema_field_type",
        ["'a'", "'object'", "string, number, integer, boolean, array"],
    ),
]


@pytest.mark.parametrize(
    ("raise_it", "code", "facts"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_schema_errors_are_translated(
    raise_it: Callable[[], object], code: str, facts: list[str]
) -> None:
    with pytest.raises(SchemaError) as caught:
        raise_it()
    exc = caught.value
    assert exc.code == f"error.{code}"
    english, korean = error_text(exc, "en"), error_text(exc, "ko")
    assert english == str(exc)
    assert korean != english
    assert HANGUL.search(korean), korean
    leftover = korean
    for value in sorted(map(str, exc.params.values()), key=len, reverse=True):
        leftover = leftover.replace(value, "")
    assert not ENGLISH_RUN.findall(leftover), korean
    for fact in facts:
        assert fact in english, (fact, english)
        assert fact in korean, (fact, korean)


def test_every_kind_of_schema_error_is_in_the_table() -> None:
    with (ROOT / "workbench/locales/en/structured.toml").open("rb") as handle:
        keys = set(tomllib.load(handle)["error"])
    assert keys == {case[2] for case in CASES}
