"""run_builtin: every built-in tool answers, and every failure is a result, never a raise."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from workbench.ollama import ToolCall
from workbench.tools import Passage, ToolResult, run_builtin, tool_message

NOW = datetime(2026, 12, 7, 12, 14, 5, tzinfo=UTC)
PASSAGES: list[Passage] = [
    ("report.pdf, p. 3", "  The bridge opened in 1937.\n"),
    ("data.csv, rows 2-5", "Towers are orange."),
    ("notes.txt", "Unrelated."),
]


def searched(calls: list[tuple[str, int]]) -> Any:
    def search(query: str, k: int) -> list[Passage]:
        calls.append((query, k))
        return PASSAGES[:k]

    return search


@pytest.mark.parametrize(
    ("name", "arguments", "content"),
    [
        ("calculator", {"expression": "(12.5 * 4) / 3"}, "16.6666666667"),
        ("current_time", {"timezone": "Asia/Seoul"}, "2026-12-07 21:14:05 KST"),
        ("convert_units", {"value": 30, "from_unit": "평", "to_unit": "m2"}, "99.17355 m2"),
        ("convert_units", {"value": 1.5, "from_unit": "kg", "to_unit": "근"}, "2.5 근"),
    ],
)
def test_builtin_tools_answer(name: str, arguments: dict[str, Any], content: str) -> None:
    result = run_builtin(ToolCall(name, arguments), now=NOW)
    assert result.name == name and result.source == "builtin" and not result.error
    assert content in result.content


def test_search_numbers_the_passages_with_their_labels() -> None:
    calls: list[tuple[str, int]] = []
    result = run_builtin(
        ToolCall("search_knowledge", {"query": "bridge", "top_k": 2}), searched(calls)
    )
    assert calls == [("bridge", 2)] and not result.error
    assert result.content.splitlines()[1:] == [
        "",
        "[1] (report.pdf, p. 3)",
        "The bridge opened in 1937.",
        "",
        "[2] (data.csv, rows 2-5)",
        "Towers are orange.",
    ]
    assert "[1], [2]" in result.content.splitlines()[0]


def test_search_takes_five_passages_unless_told() -> None:
    calls: list[tuple[str, int]] = []
    run_builtin(ToolCall("search_knowledge", {"query": "bridge"}), searched(calls))
    assert calls == [("bridge", 5)]


def test_a_search_without_hits_says_so_without_failing() -> None:
    result = run_builtin(ToolCall("search_knowledge", {"query": "moon"}), lambda q, k: [])
    assert not result.error and "moon" in result.content and "[1]" not in result.content


def test_a_failing_search_comes_back_as_an_error() -> None:
    from workbench.kb.errors import store_unavailable

    def broken(query: str, k: int) -> list[Passage]:
        raise store_unavailable("chroma:8000", "connection refused")

    result = run_builtin(ToolCall("search_knowledge", {"query": "x"}), broken)
    assert result.error and "chroma:8000" in result.content


@pytest.mark.parametrize(
    ("name", "arguments", "words"),
    [
        ("search_knowledge", {"query": "x"}, "No knowledge base is chosen"),
        ("calculator", {"expression": "2 ^ 3"}, "**"),
        ("calculator", {"expression": "9**9**9"}, "too large"),
        ("calculator", {}, "$: 'expression' is a required property"),
        ("calculator", {"expression": 12}, "$.expression: 12 is not of type 'string'"),
        ("current_time", {"timezone": "Mars/Base"}, "Asia/Seoul"),
        ("convert_units", {"value": "3", "from_unit": "m", "to_unit": "ft"}, "$.value"),
        ("convert_units", {"value": 3, "from_unit": "m", "to_unit": "kg"}, "length"),
        ("convert_units", {"value": 3, "from_unit": "parsec", "to_unit": "m"}, "Known units"),
        ("search_knowledge", {"query": "x", "top_k": 0}, "$.top_k"),
        ("weather", {"city": "Seoul"}, "Known tools: calculator, current_time"),
    ],
)
def test_failures_are_error_results(name: str, arguments: dict[str, Any], words: str) -> None:
    result = run_builtin(ToolCall(name, arguments), now=NOW)
    assert result == ToolResult(name, result.content, error=True)
    assert words in result.content
    assert tool_message(result)["content"].startswith("Error: ")
