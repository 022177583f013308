"""The built-in tools: their definitions for the model, and running a call to one of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from workbench.errors import WorkbenchError
from workbench.i18n import DEFAULT_LANGUAGE, translate
from workbench.ollama import ToolCall
from workbench.tools.calculator import calculate
from workbench.tools.calls import ToolResult, check_call, error_result
from workbench.tools.clock import EXAMPLE_ZONE, current_time
from workbench.tools.failure import ToolFailure
from workbench.tools.spec import ToolSpec
from workbench.tools.units import convert, known_units

Passage = tuple[str, str]  # (citation label such as "report.pdf, p. 3", text)
Search = Callable[[str, int], list[Passage]]

SEARCH_K = 5
MAX_SEARCH_K = 20
BUILTIN_TOOLS: tuple[str, ...] = ("calculator", "current_time", "convert_units", "search_knowledge")


def _text(description: str) -> dict[str, str]:
    return {"type": "string", "description": description}


def _object(properties: dict[str, Any], required: Sequence[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required)}


_SPECS = {
    "calculator": ToolSpec(
        "calculator",
        "Evaluate an arithmetic expression exactly and return its value. Use it for every "
        "calculation instead of working it out yourself. Supports numbers, + - * / // % and ** "
        "(power; ^ is not power), parentheses, sqrt, abs, round, min, max, log (natural, or "
        "log(x, base)), log10, exp, sin, cos, tan (radians) and the constants pi and e.",
        _object(
            {"expression": _text("The expression, e.g. (12.5 * 4) / 3 or sqrt(2) ** 3")},
            ["expression"],
        ),
    ),
    "current_time": ToolSpec(
        "current_time",
        "Get the current date, time and weekday in a time zone. Use it whenever the answer "
        "depends on today's date or the time now.",
        _object(
            {
                "timezone": _text(
                    f"An IANA time zone name, e.g. {EXAMPLE_ZONE}, Europe/London or UTC"
                )
            },
            ["timezone"],
        ),
    ),
    "convert_units": ToolSpec(
        "convert_units",
        "Convert a value between units of the same kind: length, mass, area, volume, speed, "
        f"temperature, data size or time. Known units: {known_units()}. Names, plurals and "
        "Korean names (미터, 킬로그램, 평, 근, 섭씨, 화씨, ...) work too.",
        _object(
            {
                "value": {"type": "number", "description": "The amount to convert"},
                "from_unit": _text("The unit the value is in, e.g. km, lb, °F or 평"),
                "to_unit": _text("The unit to convert to, e.g. mi, kg, °C or m2"),
            },
            ["value", "from_unit", "to_unit"],
        ),
    ),
    "search_knowledge": ToolSpec(
        "search_knowledge",
        "Search the chosen knowledge base (the user's documents) for passages about a "
        "question. Each passage comes numbered with its source; cite the ones you use as [1], "
        "[2]. Use it for questions about the user's documents.",
        _object(
            {
                "query": _text("What to look for, in the words the documents would use"),
                "top_k": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_SEARCH_K,
                    "description": f"How many passages to return (default {SEARCH_K})",
                },
            },
            ["query"],
        ),
    ),
}


def builtin_spec(name: str) -> ToolSpec:
    """The definition of a built-in tool (KeyError for another name)."""
    return _SPECS[name]


def run_builtin(
    call: ToolCall, search: Search | None = None, *, now: datetime | None = None
) -> ToolResult:
    """Run a call to a built-in tool; never raises: failures are error results that tell the
    model what went wrong. `now` fixes the clock for tests."""
    problems = check_call(call, list(_SPECS.values()))
    if problems:
        return error_result(call, problems)
    args = call.arguments
    try:
        if call.name == "calculator":
            content = calculate(args["expression"])
        elif call.name == "current_time":
            content = current_time(args["timezone"], now)
        elif call.name == "convert_units":
            content = convert(float(args["value"]), args["from_unit"], args["to_unit"])
        else:
            content = search_text(search, args["query"], int(args.get("top_k", SEARCH_K)))
    except WorkbenchError as exc:
        return ToolResult(call.name, exc.message, error=True)
    return ToolResult(call.name, content)


def search_text(search: Search | None, query: str, k: int) -> str:
    """The passages found for `query`, numbered [1], [2], ... with their sources."""
    if search is None:
        raise ToolFailure(code="error.tool_no_knowledge")
    passages = search(query, k)
    if not passages:
        return translate("tools.search_nothing", DEFAULT_LANGUAGE, query=query)
    header = translate("tools.search_found", DEFAULT_LANGUAGE, query=query, count=len(passages))
    blocks = [f"[{n}] ({label})\n{text.strip()}" for n, (label, text) in enumerate(passages, 1)]
    return "\n\n".join([header, *blocks])
