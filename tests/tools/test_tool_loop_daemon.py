"""The tool loop against the fake daemon: each built-in tool is called, answered and used."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import embedded_store
from workbench.docchat import knowledge_search
from workbench.errors import BadRequest
from workbench.kb.collections import create_collection
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.ollama import OllamaService, ToolCall
from workbench.tools import (
    BUILTIN_TOOLS,
    Search,
    ToolResult,
    builtin_spec,
    run_builtin,
    run_tool_loop,
    tool_payload,
)

MODEL = "qwen3:0.6b"
SPECS = [builtin_spec(name) for name in BUILTIN_TOOLS]


def daemon_chat(service: OllamaService, model: str = MODEL) -> Any:
    """chat(messages) -> (text, tool_calls) through the real client, offering every built-in."""

    def chat(messages: list[dict[str, Any]]) -> tuple[str, Sequence[ToolCall]]:
        stream = service.chat(model, messages, tools=[tool_payload(s) for s in SPECS])
        stream.consume()
        return stream.text, stream.tool_calls

    return chat


def ask(service: OllamaService, question: str, search: Search | None = None) -> list[dict]:
    messages, limited = run_tool_loop(
        daemon_chat(service),
        [{"role": "user", "content": question}],
        SPECS,
        lambda call: run_builtin(call, search),
    )
    assert not limited
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant"]
    assert "tool_calls" not in messages[-1] and messages[-1]["content"]
    return messages


def called(messages: list[dict]) -> tuple[str, dict[str, Any]]:
    function = messages[1]["tool_calls"][0]["function"]
    assert messages[2]["tool_name"] == function["name"]
    return function["name"], function["arguments"]


def test_the_calculator_is_called_and_its_result_sent_back(
    service: OllamaService, fake_daemon: FakeOllama
) -> None:
    messages = ask(service, "Please calculate 12*(3+4) for me")
    name, arguments = called(messages)
    assert name == "calculator"
    assert messages[2]["content"] == run_builtin(ToolCall(name, arguments)).content
    assert messages[2]["content"] == "84"
    sent = [body for _, path, body in fake_daemon.requests if path == "/api/chat"][-1]
    assert sent["messages"][-1] == {"role": "tool", "content": "84", "tool_name": "calculator"}


def test_current_time_is_called_for_a_zone(service: OllamaService) -> None:
    messages = ask(service, "What time is it now in Asia/Tokyo?")
    assert called(messages) == ("current_time", {"timezone": "Asia/Tokyo"})
    assert "JST (Asia/Tokyo, UTC+09:00)" in messages[2]["content"]


def test_convert_units_is_called_with_the_units_named(service: OllamaService) -> None:
    messages = ask(service, "Convert 5 km to miles, units please")
    name, arguments = called(messages)
    assert name == "convert_units"
    assert arguments == {"value": 5, "from_unit": "km", "to_unit": "miles"}
    assert messages[2]["content"] == "5 km = 3.106855961 mi"


def test_search_knowledge_without_a_knowledge_base_tells_the_model(
    service: OllamaService,
) -> None:
    messages = ask(service, "Search the knowledge base for the bridge")
    assert called(messages)[0] == "search_knowledge"
    assert messages[2]["content"].startswith("Error: No knowledge base is chosen")


def test_search_knowledge_reads_a_real_knowledge_base(
    service: OllamaService, tmp_path: Path
) -> None:
    store = embedded_store(tmp_path)
    create_collection(store, service, "Bridges", "all-minilm")
    text = "The Golden Gate Bridge opened in May 1937. Its towers are International Orange."
    ingest_files(store, service, "Bridges", [SourceFile("bridge.txt", data=text.encode())])
    search = knowledge_search(store, service, ["Bridges"])
    messages = ask(service, "Search knowledge: when did the Golden Gate Bridge open?", search)
    assert called(messages)[0] == "search_knowledge"
    assert "[1] (bridge.txt)\nThe Golden Gate Bridge opened in May 1937." in messages[2]["content"]


def test_a_model_without_tools_is_refused_by_the_daemon(service: OllamaService) -> None:
    with pytest.raises(BadRequest, match="does not support tools"):
        run_tool_loop(
            daemon_chat(service, "gemma3:270m"),
            [{"role": "user", "content": "calculate 1+1"}],
            SPECS,
            lambda call: ToolResult(call.name, ""),
        )
