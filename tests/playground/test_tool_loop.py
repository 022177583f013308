"""The Playground's tool loop and output settings as pure logic: messages, states, results."""

from __future__ import annotations

import pytest

from workbench.errors import BadRequest
from workbench.ollama import ToolCall
from workbench.playground import (
    AWAITING,
    CONTINUE,
    IDLE,
    JSON_MODE,
    LIMIT,
    NO_FORMAT,
    SCHEMA,
    OutputSettings,
    Turn,
    answer_automatically,
    automatic_result,
    conversation_messages,
    loop_state,
    needed_capabilities,
    open_calls,
)
from workbench.tools import MAX_TOOL_STEPS, ToolResult, ToolSpec, builtin_spec

CALC = builtin_spec("calculator")
WEATHER = ToolSpec(
    "get_weather",
    "The weather in a city",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)
SPECS = [CALC, WEATHER]


def calling(*calls: ToolCall, **results: ToolResult) -> Turn:
    """An answer that called `calls`; `results` by place, e.g. r0=..."""
    turn = Turn("assistant", tool_calls=list(calls))
    turn.tool_results = {int(k[1:]): v for k, v in results.items()}
    return turn


def test_tool_calls_and_results_are_sent_back_in_call_order() -> None:
    calls = (
        ToolCall("calculator", {"expression": "2+2"}),
        ToolCall("get_weather", {"city": "서울"}),
    )
    answer = calling(
        *calls,
        r1=ToolResult("get_weather", "맑음, 21°C", source="user"),
        r0=ToolResult("calculator", "4"),
    )
    turns = [Turn("user", "Sum and weather?"), answer, Turn("assistant", "4, and sunny.")]
    assert conversation_messages("Be brief.", turns) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Sum and weather?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"function": {"name": "calculator", "arguments": {"expression": "2+2"}}},
                {"function": {"name": "get_weather", "arguments": {"city": "서울"}}},
            ],
        },
        {"role": "tool", "content": "4", "tool_name": "calculator"},
        {"role": "tool", "content": "맑음, 21°C", "tool_name": "get_weather"},
        {"role": "assistant", "content": "4, and sunny."},
    ]


def test_an_error_result_goes_back_as_an_error() -> None:
    answer = calling(ToolCall("nope", {}), r0=ToolResult("nope", "no such tool", error=True))
    messages = conversation_messages("", [Turn("user", "Hi"), answer])
    assert messages[-1] == {"role": "tool", "content": "Error: no such tool", "tool_name": "nope"}


@pytest.mark.parametrize(
    "turns",
    [
        [],
        [Turn("user", "Hi")],
        [Turn("user", "Hi"), Turn("assistant", "Hello")],
        [Turn("user", "Hi"), calling(ToolCall("calculator", {})), Turn("user", "Go on")],
        [Turn("user", "Hi"), Turn("assistant", tool_calls=[], error=BadRequest("x"))],
    ],
    ids=["empty", "question", "plain answer", "user after calls", "failed"],
)
def test_without_open_tool_work_the_loop_is_idle(turns: list[Turn]) -> None:
    assert loop_state(turns) == IDLE


def test_a_failed_or_stopped_answer_with_calls_does_not_go_on() -> None:
    stopped = calling(ToolCall("calculator", {"expression": "1"}))
    stopped.stopped = True
    assert loop_state([Turn("user", "Hi"), stopped]) == IDLE


def test_calls_wait_for_results_then_the_loop_goes_on() -> None:
    answer = calling(ToolCall("calculator", {"expression": "1"}), ToolCall("get_weather", {}))
    turns = [Turn("user", "Hi"), answer]
    assert loop_state(turns) == AWAITING and open_calls(answer) == [0, 1]
    answer.tool_results[1] = ToolResult("get_weather", "rain", source="user")
    assert loop_state(turns) == AWAITING and open_calls(answer) == [0]
    answer.tool_results[0] = ToolResult("calculator", "1")
    assert loop_state(turns) == CONTINUE and open_calls(answer) == []


def test_the_step_limit_stops_the_loop_until_the_user_writes() -> None:
    def step() -> Turn:
        return calling(
            ToolCall("calculator", {"expression": "1"}), r0=ToolResult("calculator", "1")
        )

    turns = [Turn("user", "Hi")] + [step() for _ in range(MAX_TOOL_STEPS - 1)]
    assert loop_state(turns) == CONTINUE
    turns.append(step())
    assert loop_state(turns) == LIMIT
    turns += [Turn("user", "Answer now."), step()]
    assert loop_state(turns) == CONTINUE


def test_built_in_calls_run_and_bad_calls_become_tool_errors() -> None:
    assert automatic_result(ToolCall("calculator", {"expression": "12*7"}), SPECS) == ToolResult(
        "calculator", "84"
    )
    unknown = automatic_result(ToolCall("get_time", {}), SPECS)
    assert unknown is not None and unknown.error and "get_time" in unknown.content
    bad = automatic_result(ToolCall("get_weather", {"town": "Seoul"}), SPECS)
    assert bad is not None and bad.error and "'city' is a required property" in bad.content
    assert automatic_result(ToolCall("get_weather", {"city": "Seoul"}), SPECS) is None


def test_a_built_in_tool_not_offered_is_an_unknown_tool() -> None:
    result = automatic_result(ToolCall("calculator", {"expression": "1+1"}), [WEATHER])
    assert result is not None and result.error


def test_answering_automatically_leaves_the_users_calls_open() -> None:
    answer = calling(
        ToolCall("get_weather", {"city": "Busan"}),
        ToolCall("calculator", {"expression": "(1+2)*3"}),
        ToolCall("calculator", {"expression": "import os"}),
    )
    answer_automatically(answer, SPECS)
    assert open_calls(answer) == [0]
    assert answer.tool_results[1].content == "9"
    assert answer.tool_results[2].error


def test_knowledge_search_uses_the_search_given() -> None:
    seen: list[tuple[str, int]] = []

    def search(query: str, k: int) -> list[tuple[str, str]]:
        seen.append((query, k))
        return [("report.pdf, p. 3", "조수 웅덩이는 바위 해안에 생긴다.")]

    spec = builtin_spec("search_knowledge")
    call = ToolCall("search_knowledge", {"query": "조수 웅덩이", "top_k": 2})
    result = automatic_result(call, [spec], search)
    assert seen == [("조수 웅덩이", 2)]
    assert result is not None and not result.error and "report.pdf, p. 3" in result.content
    missing = automatic_result(call, [spec])
    assert missing is not None and missing.error


def test_output_settings_give_the_format_and_the_tools() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    assert OutputSettings().format is None
    assert OutputSettings(JSON_MODE, schema).format == "json"
    assert OutputSettings(JSON_MODE, schema).output_schema is None
    assert OutputSettings(SCHEMA, schema).format == schema
    assert OutputSettings(SCHEMA, None).format is None
    assert OutputSettings(NO_FORMAT, schema).format is None
    payload = OutputSettings(tools=(CALC,)).payload()
    assert payload == [
        {
            "type": "function",
            "function": {
                "name": "calculator",
                "description": CALC.description,
                "parameters": CALC.parameters,
            },
        }
    ]


def test_needed_capabilities_in_order() -> None:
    assert needed_capabilities(tools=True, think=True, images=True) == [
        "tools",
        "thinking",
        "vision",
    ]
    assert needed_capabilities(tools=False, think=False, images=True) == ["vision"]
    assert needed_capabilities(tools=False, think=False, images=False) == []


def test_the_history_record_keeps_the_schema_tools_and_the_calls() -> None:
    from workbench.ollama import GenerationStats
    from workbench.playground import last_exchange_record

    stats = GenerationStats(0.1, 0.5, 0.5, 0.0, 10, 5, 0.4, "stop")
    calls = [ToolCall("calculator", {"expression": "2+2"})]
    answer = calling(*calls, r0=ToolResult("calculator", "4"))
    answer.stats = stats
    final = Turn("assistant", "It is 4.", stats=stats, model="qwen3:0.6b")
    schema = {"type": "object"}
    turns = [Turn("user", "2+2?"), answer, final]
    record = last_exchange_record("qwen3:0.6b", "", turns, {}, schema, [CALC])
    assert record is not None
    (variant,) = record.spec.grid.variants
    assert variant.output_schema == schema and variant.tools == (CALC,)
    assert [m["role"] for m in variant.messages] == ["user", "assistant", "tool"]
    assert record.attempt.text == "It is 4." and record.attempt.tool_calls == []
    first = last_exchange_record("qwen3:0.6b", "", turns[:2], {}, None, [CALC])
    assert first is not None and first.attempt.tool_calls == [
        {"name": "calculator", "arguments": {"expression": "2+2"}}
    ]
