"""The tools-chat example: a template that renders tools turns a small chat model into one
the daemon reports (and runs) with the tools capability."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from workbench.errors import BadRequest
from workbench.modelfile.parsing import Modelfile, parse
from workbench.modelfile.workshop import (
    checks,
    create_model,
    example_summary,
    list_examples,
    read_example,
)
from workbench.ollama import OllamaService

EXAMPLE = "tools-chat"
CALCULATOR = {
    "type": "function",
    "function": {
        "name": "calculator",
        "description": "Evaluate an arithmetic expression",
        "parameters": {
            "type": "object",
            "properties": {"expression": {"type": "string"}},
            "required": ["expression"],
        },
    },
}
QUESTION = [{"role": "user", "content": "What is 12*(3+4)?"}]


def test_the_example_is_listed_and_parses_without_findings() -> None:
    assert EXAMPLE in list_examples()
    text = read_example(EXAMPLE)
    modelfile = parse(text)
    assert modelfile.from_ == ["smollm2:135m"]
    template = modelfile.template or ""
    assert ".Tools" in template and ".ToolCalls" in template and 'eq .Role "tool"' in template
    assert checks(modelfile, ["smollm2:135m"], 8192) == []
    assert "tools" in example_summary(text, "en") and "도구" in example_summary(text, "ko")


def _create(service: OllamaService, modelfile: Modelfile, name: str, folder: Path) -> None:
    create_model(service, modelfile, name, folder, [folder], lambda event: None)


def test_creating_it_gives_a_model_with_tools(service: OllamaService, tmp_path: Path) -> None:
    _create(service, parse(read_example(EXAMPLE)), EXAMPLE, tmp_path)
    assert "tools" in service.show(EXAMPLE).capabilities
    stream = service.chat(EXAMPLE, QUESTION, tools=[CALCULATOR])
    stream.consume()
    assert [(c.name, c.arguments) for c in stream.tool_calls] == [
        ("calculator", {"expression": "12*(3+4)"})
    ]


def test_without_its_template_the_base_model_has_no_tools(
    service: OllamaService, tmp_path: Path
) -> None:
    plain = replace(parse(read_example(EXAMPLE)), template=None)
    _create(service, plain, "plain-chat", tmp_path)
    assert "tools" not in service.show("plain-chat").capabilities
    with pytest.raises(BadRequest):
        service.chat("plain-chat", QUESTION, tools=[CALCULATOR]).consume()
