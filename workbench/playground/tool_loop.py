"""The Playground's tool loop, one step at a time: open calls, who answers them, when to go on."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.ollama import ToolCall
from workbench.playground.conversation import Turn, conversation_messages
from workbench.tools import (
    BUILTIN_TOOLS,
    MAX_TOOL_STEPS,
    Search,
    ToolResult,
    ToolSpec,
    check_call,
    error_result,
    run_builtin,
    tool_steps,
)

IDLE = "idle"  # nothing to do until the user writes
AWAITING = "awaiting"  # the model's last calls still need results
CONTINUE = "continue"  # every call has its result: ask the model again
LIMIT = "limit"  # every call has its result, but the step limit is reached


def calling_turn(turns: Sequence[Turn]) -> Turn | None:
    """The last turn when it is an answer that called tools (not failed or stopped)."""
    last = turns[-1] if turns else None
    if last is None or last.role != "assistant" or last.failed or last.stopped:
        return None
    return last if last.tool_calls else None


def open_calls(turn: Turn) -> list[int]:
    """The places of `turn`'s tool calls that have no result yet."""
    return [i for i in range(len(turn.tool_calls)) if i not in turn.tool_results]


def loop_state(turns: Sequence[Turn]) -> str:
    """Where the tool loop stands after the last turn (IDLE, AWAITING, CONTINUE or LIMIT)."""
    turn = calling_turn(turns)
    if turn is None:
        return IDLE
    if open_calls(turn):
        return AWAITING
    if tool_steps(conversation_messages("", turns)) >= MAX_TOOL_STEPS:
        return LIMIT
    return CONTINUE


def automatic_result(
    call: ToolCall, specs: Sequence[ToolSpec], search: Search | None = None
) -> ToolResult | None:
    """The result the workbench gives by itself: a tool error for an unknown tool or arguments
    that fail its schema, a built-in tool's answer; None when the user must type the result."""
    problems = check_call(call, specs)
    if problems:
        return error_result(call, problems)
    if call.name in BUILTIN_TOOLS:
        return run_builtin(call, search)
    return None


def answer_automatically(
    turn: Turn, specs: Sequence[ToolSpec], search: Search | None = None
) -> None:
    """Give each open call of `turn` the result the workbench can give by itself."""
    for index in open_calls(turn):
        result = automatic_result(turn.tool_calls[index], specs, search)
        if result is not None:
            turn.tool_results[index] = result
