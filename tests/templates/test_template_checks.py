"""Templates carry checks: round trips through dicts and YAML, old files without checks, and
invalid checks refused naming the check's argument and the reason."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from workbench.checks import CheckSpec
from workbench.i18n import error_text
from workbench.library.exchange import template_text
from workbench.library.yaml_format import load_template
from workbench.templates import (
    Message,
    Template,
    TemplateFormatError,
    check_template,
    from_dict,
    to_dict,
)

SCHEMA = {"type": "object", "properties": {"도시": {"type": "string"}}, "required": ["도시"]}
CHECKS = [
    CheckSpec("contains", {"values": ["하늘빛시"], "mode": "all", "ignore_case": False}),
    CheckSpec("regex", {"pattern": r"\d{3}-\d{4}", "ignore_case": True}, 2.0),
    CheckSpec("length", {"unit": "words", "min": None, "max": 60}),
    CheckSpec("json_schema", {"schema": SCHEMA}),
    CheckSpec("language", {"language": "ko", "min_share": 0.5}, 0.5),
    CheckSpec(
        "judge", {"rubric": "{{topic}}에 맞게", "model": "m", "min_score": 4, "language": "ko"}
    ),
]


def city(**changes: Any) -> Template:
    template = Template(
        id="city",
        name="도시 소개",
        language="ko",
        messages=[Message("user", "하늘빛시를 소개해 주세요.")],
        checks=list(CHECKS),
    )
    return replace(template, **changes)


def test_checks_round_trip_through_a_dict_and_the_yaml_file() -> None:
    template = city()
    data = to_dict(template)
    assert data["checks"][0] == {
        "kind": "contains",
        "args": {"values": ["하늘빛시"], "mode": "all", "ignore_case": False},
    }
    assert data["checks"][1]["weight"] == 2.0 and "weight" not in data["checks"][0]
    assert from_dict(data) == template
    text = template_text(template)
    assert "하늘빛시" in text and "checks:" in text
    assert load_template(text, "city", "city.yaml") == template


def test_a_file_without_checks_loads_and_is_written_back_without_them() -> None:
    data = to_dict(city(checks=[]))
    assert "checks" not in data
    assert from_dict(data).checks == []
    text = "id: old\nname: Old\nmessages:\n- role: user\n  text: Hello\n"
    assert load_template(text, "old", "old.yaml").checks == []


def test_hand_written_checks_get_their_defaults_and_kinds_normalised() -> None:
    data = to_dict(city(checks=[]))
    data["checks"] = [{"kind": "not-contains", "args": {"values": "죄송"}}, {"kind": "is_json"}]
    template = from_dict(data)
    assert template.checks == [
        CheckSpec("not_contains", {"values": ["죄송"], "mode": "all", "ignore_case": False}),
        CheckSpec("is_json", {}),
    ]
    assert from_dict(to_dict(template)) == template


@pytest.mark.parametrize(
    ("check", "field", "words"),
    [
        ({"kind": "regex", "args": {"pattern": "(unclosed"}}, "checks[0].pattern", "missing )"),
        (
            {"kind": "json_schema", "args": {"schema": {"type": "objekt"}}},
            "checks[0].schema",
            "JSON Schema rules",
        ),
        ({"kind": "contains", "args": {}}, "checks[0].values", "needs 'values'"),
        ({"kind": "length", "args": {"unit": "words"}}, "checks[0].max", "a minimum, a maximum"),
        ({"kind": "sounds_nice"}, "checks[0].kind", "is not a check type"),
        ({"kind": "is_json", "weight": 0}, "checks[0].weight", "greater than 0"),
        ({"kind": "is_json", "weight": "heavy"}, "checks[0].weight", "wrong_type"),
        ({"kind": "is_json", "colour": "red"}, "checks[0]", "colour"),
        ({"args": {}}, "checks[0].kind", "missing"),
        ("contains", "checks[0]", "not_mapping"),
    ],
)
def test_an_invalid_check_in_a_file_is_refused_naming_its_field(
    check: Any, field: str, words: str
) -> None:
    data = to_dict(city(checks=[]))
    data["checks"] = [check]
    with pytest.raises(TemplateFormatError) as caught:
        from_dict(data)
    assert caught.value.params["field"] == field
    reason = caught.value.params["reason"]
    assert words in f"{error_text(caught.value, 'en')} {reason.code}"


def test_a_template_built_in_code_with_an_invalid_check_is_refused_with_the_reason() -> None:
    template = city(checks=[*CHECKS, CheckSpec("regex", {"pattern": "a{2,1}"})])
    with pytest.raises(TemplateFormatError) as caught:
        check_template(template)
    message = error_text(caught.value, "en")
    assert "Template 'city': checks[6].pattern:" in message
    assert "regular expression is not valid" in message
    korean = error_text(caught.value, "ko")
    assert "checks[6].pattern" in korean and korean != message
