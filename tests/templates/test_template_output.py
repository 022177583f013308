"""Templates with an output schema and tools: round trips and every bad input refused by field."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from workbench.i18n import error_text
from workbench.templates import (
    Message,
    Template,
    TemplateFormatError,
    check_template,
    from_dict,
    to_dict,
)
from workbench.tools import ToolSpec, builtin_spec, tool_to_dict

CONTACT = {
    "type": "object",
    "properties": {
        "이름": {"type": "string", "description": "성과 이름"},
        "전화번호": {"type": "string", "description": "하이픈을 넣은 번호"},
        "나이": {"type": "integer"},
        "관심사": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["이름", "전화번호"],
    "additionalProperties": False,
}
LOOKUP = ToolSpec(
    "find_address",
    "이름으로 주소를 찾습니다.",
    {
        "type": "object",
        "properties": {"이름": {"type": "string", "description": "찾을 사람의 이름"}},
        "required": ["이름"],
    },
)
GOOD: dict[str, Any] = {
    "id": "contact",
    "name": "연락처 카드",
    "language": "ko",
    "messages": [{"role": "user", "text": "다음 글에서 연락처를 뽑아 주세요."}],
    "output_schema": CONTACT,
    "tools": [tool_to_dict(builtin_spec("calculator")), tool_to_dict(LOOKUP)],
}


def test_schema_and_tools_round_trip_with_korean_text() -> None:
    template = from_dict(copy.deepcopy(GOOD))
    assert template.output_schema == CONTACT
    assert template.tools == [builtin_spec("calculator"), LOOKUP]
    data = to_dict(template)
    assert list(data)[-2:] == ["output_schema", "tools"]
    assert from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == template


def test_empty_schema_and_tools_are_left_out_and_default_to_none() -> None:
    plain = {key: value for key, value in GOOD.items() if key not in ("output_schema", "tools")}
    template = from_dict(plain)
    assert template.output_schema is None and template.tools == []
    assert "output_schema" not in to_dict(template) and "tools" not in to_dict(template)
    assert from_dict({**plain, "output_schema": None, "tools": []}) == template


def test_a_tool_without_description_or_parameters_gets_an_empty_object_schema() -> None:
    template = from_dict({**GOOD, "tools": [{"name": "ping"}]})
    assert template.tools == [ToolSpec("ping", "", {"type": "object", "properties": {}})]


def with_change(path: str, value: Any) -> dict[str, Any]:
    """GOOD with one dotted path (list indexes as numbers) set to `value`."""
    data = copy.deepcopy(GOOD)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = data
    for key in parents:
        target = target[key]
    target[last] = value
    return data


BAD = [
    ("output_schema", "a string", "output_schema", "error.schema_not_object"),
    ("output_schema", [1, 2], "output_schema", "error.schema_not_object"),
    ("output_schema", {"type": "objekt"}, "output_schema", "error.schema_invalid"),
    ("output_schema.properties", {"x": {"minLength": -1}}, "output_schema", "error.schema_invalid"),
    ("output_schema.required", "이름", "output_schema", "error.schema_invalid"),
    ("tools", "calculator", "tools", "reason.wrong_type"),
    ("tools.0", "calculator", "tools[0]", "reason.not_mapping"),
    ("tools.1.name", "find address", "tools[1].name", "reason.tool_name"),
    ("tools.1.name", "주소찾기", "tools[1].name", "reason.tool_name"),
    ("tools.1.name", "calculator", "tools[1].name", "reason.declared_twice"),
    ("tools.0.parameters", {"type": "array"}, "tools[0].parameters", "reason.tool_object"),
    ("tools.0.parameters", {"type": 5}, "tools[0].parameters", "reason.tool_schema"),
    ("tools.0.parameters", "x", "tools[0].parameters", "reason.tool_schema"),
    ("tools.0.description", 5, "tools[0].description", "reason.tool_text"),
    ("tools.1.surprise", 1, "tools[1].surprise", "reason.tool_unknown_fields"),
]


@pytest.mark.parametrize(("path", "value", "field", "reason"), BAD)
def test_bad_schemas_and_tools_are_refused_naming_the_field_and_reason(
    path: str, value: Any, field: str, reason: str
) -> None:
    with pytest.raises(TemplateFormatError) as caught:
        from_dict(with_change(path, value))
    assert caught.value.params["field"] == field
    assert caught.value.params["reason"].code == reason
    assert caught.value.message.startswith(f"Template 'contact': {field}: ")


def test_a_missing_tool_name_is_refused_at_the_name() -> None:
    data = copy.deepcopy(GOOD)
    del data["tools"][1]["name"]
    with pytest.raises(TemplateFormatError) as caught:
        from_dict(data)
    assert caught.value.params["field"] == "tools[1].name"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"output_schema": {"type": "objekt"}}, "output_schema"),
        ({"tools": [ToolSpec("bad name")]}, "tools[0].name"),
        ({"tools": [ToolSpec("a"), ToolSpec("b", "", {"type": "string"})]}, "tools[1].parameters"),
        ({"tools": [ToolSpec("a"), ToolSpec("a")]}, "tools[1].name"),
    ],
)
def test_a_template_built_in_code_is_checked_before_saving(
    changes: dict[str, Any], field: str
) -> None:
    template = Template("t", "T", [Message("user", "hi")], **changes)
    with pytest.raises(TemplateFormatError) as caught:
        check_template(template)
    assert caught.value.params["field"] == field


def test_the_reasons_read_in_korean() -> None:
    with pytest.raises(TemplateFormatError) as caught:
        from_dict(with_change("output_schema", {"type": "objekt"}))
    korean = error_text(caught.value, "ko")
    assert "output_schema" in korean and "objekt" in korean
    with pytest.raises(TemplateFormatError) as caught:
        from_dict(with_change("tools.1.name", "find address"))
    korean = error_text(caught.value, "ko")
    assert "tools[1].name" in korean and "영문자" in korean
