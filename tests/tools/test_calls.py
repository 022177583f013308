"""Argument checks, tool and assistant messages, step counting, and the loop's step limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.ollama import ToolCall
from workbench.tools import (
    MAX_TOOL_STEPS,
    ToolResult,
    ToolSpec,
    assistant_message,
    builtin_spec,
    check_call,
    run_builtin,
    run_tool_loop,
    tool_message,
    tool_steps,
)

WEATHER = ToolSpec(
    "get_weather",
    "The weather in a city",
    {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "days": {"type": "integer", "minimum": 1},
            "places": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["city"],
        "additionalProperties": False,
    },
)
CALC = builtin_spec("calculator")


def test_a_good_call_has_no_problems() -> None:
    assert check_call(ToolCall("get_weather", {"city": "Seoul", "days": 2}), [WEATHER]) == []


def test_problems_name_the_path_and_the_reason() -> None:
    call = ToolCall("get_weather", {"days": 0, "places": ["a", 3], "unit": "C"})
    assert check_call(call, [WEATHER]) == [
        "$: 'city' is a required property",
        "$: Additional properties are not allowed ('unit' was unexpected)",
        "$.days: 0 is less than the minimum of 1",
        "$.places[1]: 3 is not of type 'string'",
    ]


def test_an_unknown_tool_names_the_known_ones() -> None:
    assert check_call(ToolCall("get_time", {}), [WEATHER, CALC]) == [
        "There is no tool called 'get_time'. Known tools: get_weather, calculator."
    ]
    assert "Known tools: -" in check_call(ToolCall("x", {}), [])[0]


def test_tool_messages() -> None:
    assert tool_message(ToolResult("calculator", "4")) == {
        "role": "tool",
        "content": "4",
        "tool_name": "calculator",
    }
    failed = tool_message(ToolResult("mine", "no such city", error=True, source="user"))
    assert failed["content"] == "Error: no such city"


def test_assistant_messages_carry_their_calls() -> None:
    assert assistant_message("Hi", []) == {"role": "assistant", "content": "Hi"}
    calls = [ToolCall("calculator", {"expression": "1+1"}), ToolCall("get_weather", {})]
    assert assistant_message("", calls) == {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {"function": {"name": "calculator", "arguments": {"expression": "1+1"}}},
            {"function": {"name": "get_weather", "arguments": {}}},
        ],
    }


def test_tool_steps_count_since_the_last_question() -> None:
    call = [ToolCall("calculator", {"expression": "1"})]
    messages = [
        {"role": "user", "content": "a"},
        assistant_message("", call),
        tool_message(ToolResult("calculator", "1")),
        assistant_message("done", []),
        {"role": "user", "content": "b"},
        assistant_message("", call),
        tool_message(ToolResult("calculator", "1")),
        assistant_message("", call),
    ]
    assert tool_steps(messages) == 2
    assert tool_steps(messages[:5]) == 0
    assert tool_steps([]) == 0


class Scripted:
    """A chat that answers from a script and records what it was sent."""

    def __init__(self, *turns: tuple[str, list[ToolCall]]) -> None:
        self.turns = list(turns)
        self.sent: list[list[dict[str, Any]]] = []

    def __call__(self, messages: list[dict[str, Any]]) -> tuple[str, Sequence[ToolCall]]:
        self.sent.append([dict(m) for m in messages])
        return self.turns.pop(0)


def test_the_loop_stops_at_the_step_limit() -> None:
    call = ToolCall("calculator", {"expression": "2+2"})
    chat = Scripted(*[("", [call])] * 10)
    question = [{"role": "user", "content": "add"}]
    messages, limited = run_tool_loop(chat, question, [CALC], run_builtin)
    assert limited and len(chat.sent) == MAX_TOOL_STEPS
    assert tool_steps(messages) == MAX_TOOL_STEPS
    assert messages[-1] == {"role": "tool", "content": "4", "tool_name": "calculator"}
    assert question == [{"role": "user", "content": "add"}]  # the caller's list is kept


def test_the_loop_answers_every_call_then_returns_the_answer() -> None:
    calls = [
        ToolCall("calculator", {"expression": "6*7"}),
        ToolCall("get_weather", {"city": "Seoul"}),
        ToolCall("calculator", {"expression": 42}),
    ]
    chat = Scripted(("Let me check.", calls), ("It is 42.", []))
    answered: list[ToolCall] = []

    def answer(call: ToolCall) -> ToolResult:
        answered.append(call)
        return run_builtin(call)

    messages, limited = run_tool_loop(chat, [{"role": "user", "content": "q"}], [CALC], answer, 2)
    assert not limited and answered == calls[:1]
    assert messages[1] == assistant_message("Let me check.", calls)
    assert messages[2] == {"role": "tool", "content": "42", "tool_name": "calculator"}
    assert messages[3]["content"].startswith("Error: There is no tool called 'get_weather'")
    assert messages[4] == {
        "role": "tool",
        "content": "Error: $.expression: 42 is not of type 'string'",
        "tool_name": "calculator",
    }
    assert messages[5] == {"role": "assistant", "content": "It is 42."}
    assert chat.sent[1] == messages[:5]


def test_a_limit_already_reached_by_earlier_steps_stops_after_one_more() -> None:
    call = ToolCall("calculator", {"expression": "1"})
    earlier = [{"role": "user", "content": "q"}, assistant_message("", [call])]
    earlier.append(tool_message(ToolResult("calculator", "1")))
    chat = Scripted(("", [call]), ("", [call]))
    messages, limited = run_tool_loop(chat, earlier, [CALC], run_builtin, max_steps=2)
    assert limited and len(chat.sent) == 1 and tool_steps(messages) == 2
