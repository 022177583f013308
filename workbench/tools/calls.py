"""Tool calls and their results as chat messages, argument checks, and the tool loop."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from workbench.i18n import DEFAULT_LANGUAGE, translate
from workbench.ollama import ToolCall
from workbench.tools.spec import ToolSpec

MAX_TOOL_STEPS = 5
ERROR_PREFIX = "Error: "

Chat = Callable[[list[dict[str, Any]]], tuple[str, Sequence[ToolCall]]]


@dataclass(frozen=True)
class ToolResult:
    """What a tool answered: text for the model, whether it failed, and who ran it."""

    name: str
    content: str
    error: bool = False
    source: str = "builtin"  # "builtin" or "user"


def check_call(call: ToolCall, specs: Sequence[ToolSpec]) -> list[str]:
    """What is wrong with a call: an unknown tool, or arguments failing the tool's parameter
    schema ("path: reason" each); [] when it is fine."""
    spec = next((s for s in specs if s.name == call.name), None)
    if spec is None:
        known = ", ".join(s.name for s in specs) or "-"
        return [_english("tools.unknown_tool", tool=call.name, known=known)]
    validator = Draft202012Validator(spec.parameters)
    errors = sorted(validator.iter_errors(call.arguments), key=lambda e: list(e.absolute_path))
    return [f"{_json_path(error.absolute_path)}: {error.message}" for error in errors]


def _json_path(path: Sequence[Any]) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


def _english(key: str, **params: Any) -> str:
    """A message for the model, which reads English."""
    return translate(key, DEFAULT_LANGUAGE, **params)


def error_result(call: ToolCall, problems: Sequence[str], source: str = "builtin") -> ToolResult:
    """An error result listing what is wrong with the call."""
    return ToolResult(call.name, "; ".join(problems), error=True, source=source)


def tool_message(result: ToolResult) -> dict[str, Any]:
    """The tool turn that gives the model a result; an error's text starts with "Error: "."""
    content = ERROR_PREFIX + result.content if result.error else result.content
    return {"role": "tool", "content": content, "tool_name": result.name}


def assistant_message(content: str, calls: Sequence[ToolCall]) -> dict[str, Any]:
    """The assistant turn to send back, with the calls it made (left out when none)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if calls:
        message["tool_calls"] = [
            {"function": {"name": call.name, "arguments": dict(call.arguments)}} for call in calls
        ]
    return message


def tool_steps(messages: Sequence[Mapping[str, Any]]) -> int:
    """How many assistant turns carried tool calls since the last user message."""
    steps = 0
    for message in reversed(messages):
        if message.get("role") == "user":
            break
        if message.get("role") == "assistant" and message.get("tool_calls"):
            steps += 1
    return steps


def run_tool_loop(
    chat: Chat,
    messages: Sequence[Mapping[str, Any]],
    specs: Sequence[ToolSpec],
    answer: Callable[[ToolCall], ToolResult],
    max_steps: int = MAX_TOOL_STEPS,
) -> tuple[list[dict[str, Any]], bool]:
    """Ask, run the calls the model makes and give it the results, until it answers without
    calls or `max_steps` tool turns were made; returns the messages and whether the limit
    stopped it. Unknown tools and bad arguments go back to the model as error results."""
    conversation = [dict(message) for message in messages]
    while True:
        text, calls = chat(conversation)
        conversation.append(assistant_message(text, calls))
        if not calls:
            return conversation, False
        for call in calls:
            problems = check_call(call, specs)
            result = error_result(call, problems) if problems else answer(call)
            conversation.append(tool_message(result))
        if tool_steps(conversation) >= max_steps:
            return conversation, True
