"""Tool definitions: checks with the field and reason, the Ollama payload, the dict form."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.i18n import error_text
from workbench.tools import (
    BUILTIN_TOOLS,
    ToolSpec,
    ToolSpecError,
    builtin_spec,
    check_tool,
    check_tools,
    tool_from_dict,
    tool_payload,
    tool_to_dict,
)

WEATHER = ToolSpec(
    "get_weather",
    "The weather in a city",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)


def test_a_default_tool_takes_no_arguments_and_is_fine() -> None:
    spec = ToolSpec("ping")
    check_tool(spec)
    assert spec.parameters == {"type": "object", "properties": {}}
    assert spec.parameters is not ToolSpec("pong").parameters


@pytest.mark.parametrize("name", ["get_weather", "_x", "A-1", "a" * 64])
def test_usable_names(name: str) -> None:
    check_tool(ToolSpec(name))


@pytest.mark.parametrize("name", ["", "1st", "get weather", "날씨", "a" * 65, "a.b"])
def test_unusable_names_name_the_field(name: str) -> None:
    with pytest.raises(ToolSpecError) as caught:
        check_tool(ToolSpec(name))
    assert caught.value.field == "name"
    assert "get_weather" in str(caught.value)


@pytest.mark.parametrize(
    ("parameters", "words"),
    [
        ({"type": "string"}, '"object"'),
        ({"type": "object", "properties": {"x": {"type": "strin"}}}, "JSON Schema"),
        (["not", "a", "schema"], "JSON Schema"),
    ],
)
def test_parameters_must_be_an_object_schema(parameters: Any, words: str) -> None:
    with pytest.raises(ToolSpecError) as caught:
        check_tool(ToolSpec("t", "", parameters))
    assert caught.value.field == "parameters" and caught.value.tool == "t"
    assert words in str(caught.value) and "Tool 't', parameters" in str(caught.value)


def test_a_description_must_be_text() -> None:
    with pytest.raises(ToolSpecError) as caught:
        check_tool(ToolSpec("t", 3))  # type: ignore[arg-type]
    assert caught.value.field == "description"


def test_two_tools_may_not_share_a_name() -> None:
    check_tools([WEATHER, ToolSpec("other")])
    with pytest.raises(ToolSpecError) as caught:
        check_tools([WEATHER, ToolSpec("get_weather")])
    assert "same name" in str(caught.value)


def test_the_error_reads_in_korean() -> None:
    with pytest.raises(ToolSpecError) as caught:
        check_tool(ToolSpec("t", "", {"type": "array"}))
    korean = error_text(caught.value, "ko")
    assert "도구 't'의 parameters" in korean and "객체" in korean


def test_payload_is_what_ollama_takes() -> None:
    assert tool_payload(WEATHER) == {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "The weather in a city",
            "parameters": WEATHER.parameters,
        },
    }


def test_dict_round_trip_and_the_ollama_form() -> None:
    assert tool_from_dict(tool_to_dict(WEATHER)) == WEATHER
    assert tool_from_dict(tool_payload(WEATHER)) == WEATHER
    assert tool_from_dict({"name": "ping"}) == ToolSpec("ping")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ("get_weather", "name"),
        ({"name": "x", "params": {}}, "params"),
        ({"name": "x y"}, "name"),
        ({"name": "x", "parameters": {"type": "number"}}, "parameters"),
    ],
)
def test_bad_dicts_are_refused(data: Any, field: str) -> None:
    with pytest.raises(ToolSpecError) as caught:
        tool_from_dict(data)
    assert caught.value.field == field


def test_builtin_tools_are_valid_and_described() -> None:
    specs = [builtin_spec(name) for name in BUILTIN_TOOLS]
    check_tools(specs)
    assert [s.name for s in specs] == list(BUILTIN_TOOLS)
    assert all(len(s.description) > 40 and s.parameters["required"] for s in specs)
    with pytest.raises(KeyError):
        builtin_spec("weather")
