"""Tests for the fake Ollama daemon: shapes, texts and status codes match the real 0.24 daemon."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import ollama
import pytest

from tests.fake_ollama import FakeModel, FakeOllama, build_gguf, default_models
from tests.fake_ollama.embedding import cosine
from tests.fake_ollama.generation import has_hangul

ROOT = Path(__file__).resolve().parents[1]
USER_HI = [{"role": "user", "content": "hi"}]
SKY = [{"role": "user", "content": "Why is the sky blue?"}]

# Key sets of the real daemon's answers (ollama-captures 02, 04, 06, 08, 40).
TAGS_ENTRY_KEYS = ["name", "model", "modified_at", "size", "digest", "details"]
DETAILS_KEYS = [
    "parent_model",
    "format",
    "family",
    "families",
    "parameter_size",
    "quantization_level",
]
SHOW_KEYS = {"modelfile", "parameters", "template", "details", "model_info", "capabilities"}
PS_ENTRY_KEYS = [
    "name",
    "model",
    "size",
    "digest",
    "details",
    "expires_at",
    "size_vram",
    "context_length",
]
METRIC_KEYS = [
    "total_duration",
    "load_duration",
    "prompt_eval_count",
    "prompt_eval_duration",
    "eval_count",
    "eval_duration",
]
JSON_CT = "application/json; charset=utf-8"
HTTP = httpx.Client(timeout=10)


@functools.cache
def _client(url: str) -> ollama.Client:
    return ollama.Client(host=url)


def client_for(daemon: FakeOllama) -> ollama.Client:
    """An ollama client for a daemon (one per URL: building clients is slow)."""
    return _client(daemon.url)


@pytest.fixture(scope="module")
def shared() -> Iterator[FakeOllama]:
    """One daemon for read-only tests."""
    with FakeOllama() as daemon:
        yield daemon


@pytest.fixture
def daemon() -> Iterator[FakeOllama]:
    """A fresh daemon for tests that change state."""
    with FakeOllama() as fresh:
        yield fresh


def post(daemon: FakeOllama, path: str, body: Any, **kwargs: Any) -> httpx.Response:
    """POST a JSON body with httpx."""
    return HTTP.post(daemon.url + path, json=body, **kwargs)


def ndjson(response: httpx.Response) -> list[dict[str, Any]]:
    """Parse an NDJSON body."""
    return [json.loads(line) for line in response.text.splitlines() if line]


def upload(daemon: FakeOllama, data: bytes) -> str:
    """Upload a blob and return its digest."""
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    response = HTTP.post(f"{daemon.url}/api/blobs/{digest}", content=data)
    assert response.status_code == 201
    return digest


# ----- plain endpoints and shapes -----------------------------------------------------------
def test_root_and_head(shared: FakeOllama) -> None:
    response = HTTP.get(shared.url + "/")
    assert response.text == "Ollama is running"
    assert response.headers["content-type"].startswith("text/plain")
    for path in ("/", "/api/version", "/api/tags"):
        assert HTTP.head(shared.url + path).status_code == 200


def test_version_is_configurable() -> None:
    with FakeOllama(version="0.30.1") as daemon:
        response = HTTP.get(daemon.url + "/api/version")
    assert response.headers["content-type"] == JSON_CT
    assert response.json() == {"version": "0.30.1"}


def test_default_version(shared: FakeOllama) -> None:
    assert HTTP.get(shared.url + "/api/version").text == '{"version":"0.24.0"}'


def test_tags_shape(shared: FakeOllama) -> None:
    response = HTTP.get(shared.url + "/api/tags")
    assert response.headers["content-type"] == JSON_CT
    models = response.json()["models"]
    assert {m["name"] for m in models} == {m.name for m in default_models()}
    for entry in models:
        assert list(entry) == TAGS_ENTRY_KEYS
        assert list(entry["details"]) == DETAILS_KEYS
        assert len(entry["digest"]) == 64
    gemma = next(m for m in models if m["name"] == "gemma3:270m")
    assert gemma["details"]["parameter_size"] == "268.10M"
    assert gemma["details"]["quantization_level"] == "Q4_K_M"


def test_tags_through_the_client(shared: FakeOllama) -> None:
    listed = client_for(shared).list()
    assert {m.model for m in listed.models} >= {"gemma3:270m", "all-minilm:latest"}
    assert all(m.modified_at is not None and m.size for m in listed.models)


def test_digest_is_derived_from_the_name() -> None:
    first, second = default_models()[0], default_models()[0]
    assert first.digest == second.digest
    assert FakeModel(name="x").name == "x:latest"
    assert FakeModel(name="x").digest != FakeModel(name="y").digest


def test_show_shape_and_modelfile(shared: FakeOllama) -> None:
    response = post(shared, "/api/show", {"model": "gemma3:270m"})
    assert response.headers["content-type"] == JSON_CT
    body = response.json()
    assert set(body) >= SHOW_KEYS
    assert body["modelfile"].startswith(
        '# Modelfile generated by "ollama show"\n'
        "# To build a new Modelfile based on this, replace FROM with:\n"
        "# FROM gemma3:270m\n\nFROM ~/.ollama/models/blobs/sha256-"
    )
    assert "PARAMETER stop <end_of_turn>\n" in body["modelfile"]
    assert 'TEMPLATE """{{- range' in body["modelfile"]
    assert body["parameters"].splitlines() == [
        "top_p                          0.95",
        "num_predict                    128",
        'stop                           "<end_of_turn>"',
        "temperature                    1",
        "top_k                          64",
    ]
    info = body["model_info"]
    assert info["general.architecture"] == "gemma3"
    assert info["gemma3.context_length"] == 32768
    assert body["capabilities"] == ["completion"]


def test_show_escapes_html_like_go(shared: FakeOllama) -> None:
    raw = post(shared, "/api/show", {"model": "gemma3:270m"}).text
    assert "\\u003cend_of_turn\\u003e" in raw


def test_show_embedding_model_through_the_client(shared: FakeOllama) -> None:
    shown = client_for(shared).show("all-minilm")
    assert shown.modelinfo["bert.embedding_length"] == 384
    assert shown.modelinfo["bert.context_length"] == 512
    assert shown.capabilities == ["embedding"]
    assert shown.details.family == "bert"


def test_ps_shape(daemon: FakeOllama) -> None:
    assert HTTP.get(daemon.url + "/api/ps").json() == {"models": []}
    client = client_for(daemon)
    client.chat(model="gemma3:270m", messages=USER_HI, options={"num_predict": 2})
    client.embed(model="all-minilm", input="x", keep_alive="10m")
    models = HTTP.get(daemon.url + "/api/ps").json()["models"]
    assert [m["name"] for m in models] == ["all-minilm:latest", "gemma3:270m"]
    for entry in models:
        assert list(entry) == PS_ENTRY_KEYS
        assert entry["size_vram"] == 0
    assert models[0]["context_length"] == 512
    assert models[1]["context_length"] == 4096
    assert daemon.loaded_model_names() == ["all-minilm:latest", "gemma3:270m"]
    ps = client.ps()
    assert ps.models[0].expires_at is not None


@pytest.mark.parametrize(
    ("keep_alive", "low", "high"),
    [(None, 290, 310), (60, 55, 65), ("1h", 3590, 3610), (-1, 10**9, math.inf)],
)
def test_keep_alive_sets_expiry(
    daemon: FakeOllama, keep_alive: Any, low: float, high: float
) -> None:
    body: dict[str, Any] = {"model": "gemma3:270m"}
    if keep_alive is not None:
        body["keep_alive"] = keep_alive
    post(daemon, "/api/generate", body)
    expires = client_for(daemon).ps().models[0].expires_at
    assert expires is not None
    assert low <= expires.timestamp() - time.time() <= high


# ----- chat and generate ------------------------------------------------------------------
def test_chat_stream_chunks_and_final_metrics(shared: FakeOllama) -> None:
    body = {"model": "gemma3:270m", "messages": SKY, "options": {"num_predict": 12, "seed": 1}}
    response = post(shared, "/api/chat", body)
    assert response.headers["content-type"] == "application/x-ndjson"
    chunks = ndjson(response)
    assert len(chunks) == 13
    for chunk in chunks[:-1]:
        assert list(chunk) == ["model", "created_at", "message", "done"]
        assert chunk["message"]["role"] == "assistant" and chunk["done"] is False
    assert chunks[1]["message"]["content"].startswith(" ")
    final = chunks[-1]
    assert list(final) == ["model", "created_at", "message", "done", "done_reason", *METRIC_KEYS]
    assert final["message"] == {"role": "assistant", "content": ""}
    assert final["done_reason"] == "length" and final["eval_count"] == 12
    assert all(isinstance(final[key], int) and final[key] > 0 for key in METRIC_KEYS)
    assert final["total_duration"] >= final["load_duration"] + final["eval_duration"]


def test_generate_stream_has_context(shared: FakeOllama) -> None:
    body = {"model": "gemma3:270m", "prompt": "Count: one, two,", "options": {"num_predict": 6}}
    chunks = ndjson(post(shared, "/api/generate", body))
    assert [list(c) for c in chunks[:-1]] == [["model", "created_at", "response", "done"]] * 6
    final = chunks[-1]
    assert list(final) == [
        "model",
        "created_at",
        "response",
        "done",
        "done_reason",
        "context",
        *METRIC_KEYS,
    ]
    assert all(isinstance(token, int) for token in final["context"])
    raw = post(shared, "/api/generate", {**body, "raw": True, "stream": False}).json()
    assert "context" not in raw


def test_chat_without_stream_is_one_object(shared: FakeOllama) -> None:
    body = {"model": "gemma3:270m", "messages": SKY, "stream": False}
    response = post(shared, "/api/chat", body)
    assert response.headers["content-type"] == JSON_CT
    answer = response.json()
    assert answer["done"] is True and answer["done_reason"] == "stop"
    assert answer["eval_count"] == 24
    assert answer["message"]["content"].endswith(".")


def test_answer_length_knob() -> None:
    with FakeOllama(answer_tokens=300) as long:
        client = client_for(long)
        chat = client.chat(model="qwen3:0.6b", messages=SKY, think=False)
        assert chat.eval_count == 300 and chat.done_reason == "stop"
        generated = client.generate(model="qwen3:0.6b", prompt="hi", think=False)
        assert generated.eval_count == 300
        capped = client.chat(model="gemma3:270m", messages=SKY)  # its Modelfile: num_predict 128
        assert capped.eval_count == 128 and capped.done_reason == "length"
        long.settings.answer_tokens = None
        assert client.chat(model="gemma3:270m", messages=SKY).eval_count == 24


def test_client_chat_and_generate(shared: FakeOllama) -> None:
    client = client_for(shared)
    chat = client.chat(model="gemma3:270m", messages=SKY, options={"num_predict": 5})
    assert chat.done_reason == "length" and chat.eval_count == 5
    pieces = list(client.generate(model="gemma3:270m", prompt="hi", stream=True))
    assert pieces[-1].done and pieces[-1].context
    assert "".join(p.response for p in pieces[:-1])


@pytest.mark.parametrize(
    ("options", "same"),
    [
        ({"seed": 1, "temperature": 0}, True),
        ({"seed": 2, "temperature": 0}, False),
        ({"seed": 1, "temperature": 0.9}, False),
    ],
)
def test_output_depends_only_on_model_messages_seed_temperature(
    shared: FakeOllama, options: dict[str, Any], same: bool
) -> None:
    client = client_for(shared)
    base = client.chat(model="gemma3:270m", messages=SKY, options={"seed": 1, "temperature": 0})
    other = client.chat(model="gemma3:270m", messages=SKY, options=options)
    assert (base.message.content == other.message.content) is same


def test_korean_question_gets_korean_answer(shared: FakeOllama) -> None:
    messages = [{"role": "user", "content": "하늘은 왜 파란가요?"}]
    answer = client_for(shared).chat(model="gemma3:270m", messages=messages)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in answer.message.content or "")
    english = client_for(shared).chat(model="gemma3:270m", messages=SKY)
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in english.message.content or "")


def test_thinking_comes_first_and_can_be_disabled(shared: FakeOllama) -> None:
    client = client_for(shared)
    parts = list(client.chat(model="qwen3:0.6b", messages=SKY, stream=True))
    kinds = ["thinking" if p.message.thinking else "content" for p in parts[:-1]]
    assert kinds[0] == "thinking" and kinds[-1] == "content"
    assert kinds == sorted(kinds, key=lambda kind: kind != "thinking")
    plain = client.chat(model="qwen3:0.6b", messages=SKY, think=False)
    assert plain.message.thinking is None and plain.message.content
    generated = client.generate(model="qwen3:0.6b", prompt="hi")
    assert generated.thinking and generated.response


def test_json_format_gives_valid_json(shared: FakeOllama) -> None:
    client = client_for(shared)
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    }
    answer = client.chat(model="gemma3:270m", messages=SKY, format=schema)
    parsed = json.loads(answer.message.content or "")
    assert set(parsed) == {"name", "age"} and isinstance(parsed["age"], int)
    assert isinstance(
        json.loads(client.generate(model="gemma3:270m", prompt="x", format="json").response), dict
    )


def test_tool_capable_model_calls_a_tool(shared: FakeOllama) -> None:
    tool = {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get weather",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    client = client_for(shared)
    answer = client.chat(model="qwen3:0.6b", messages=messages, tools=[tool], think=False)
    calls = answer.message.tool_calls or []
    assert calls[0].function.name == "get_weather"
    assert calls[0].function.arguments == {"city": "Paris"}
    messages += [
        {"role": "assistant", "content": "", "tool_calls": [c.model_dump() for c in calls]},
        {"role": "tool", "content": "sunny", "tool_name": "get_weather"},
    ]
    followup = client.chat(model="qwen3:0.6b", messages=messages, tools=[tool], think=False)
    assert followup.message.content and not followup.message.tool_calls


# ----- structured output and tools (issue 15; captures 33, 54, 70, 71, 72) ---------------------
CITY_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population_millions": {"type": "number"}},
    "required": ["city", "population_millions"],
}
KOREA = [{"role": "user", "content": "Name the capital of South Korea as JSON."}]


def _tool(name: str, properties: dict[str, Any], required: list[str] | None = None) -> Any:
    parameters = {"type": "object", "properties": properties, "required": required or []}
    if required is None:
        parameters["required"] = list(properties)
    return {"type": "function", "function": {"name": name, "parameters": parameters}}


BUILTIN_LIKE_TOOLS = [
    _tool("calculator", {"expression": {"type": "string"}}),
    _tool("current_time", {"timezone": {"type": "string"}}),
    _tool(
        "convert_units",
        {
            "value": {"type": "number"},
            "from_unit": {"type": "string"},
            "to_unit": {"type": "string"},
        },
    ),
    _tool(
        "search_knowledge", {"query": {"type": "string"}, "top_k": {"type": "integer"}}, ["query"]
    ),
]


def _chat(daemon: FakeOllama, **body: Any) -> dict[str, Any]:
    answer = post(daemon, "/api/chat", {"stream": False, **body})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_schema_answer_has_the_captured_layout(shared: FakeOllama) -> None:
    answer = _chat(shared, model="gemma3:270m", messages=KOREA, format=CITY_SCHEMA)
    content = answer["message"]["content"]
    assert content.startswith('{\n  "city": ') and content.endswith("\n}")
    assert set(json.loads(content)) == {"city", "population_millions"}
    assert answer["done_reason"] == "stop"


@pytest.mark.parametrize("fmt", ["json", CITY_SCHEMA], ids=["json", "schema"])
@pytest.mark.parametrize("endpoint", ["chat", "generate"])
def test_num_predict_cuts_format_answers(shared: FakeOllama, endpoint: str, fmt: Any) -> None:
    text = KOREA[0]["content"]
    body = {"messages": KOREA} if endpoint == "chat" else {"prompt": text}
    body |= {"model": "gemma3:270m", "format": fmt, "options": {"num_predict": 4}}
    chunks = ndjson(post(shared, f"/api/{endpoint}", body))
    key = "response" if endpoint == "generate" else "message"
    pieces = [c[key] if endpoint == "generate" else c[key]["content"] for c in chunks[:-1]]
    assert len(pieces) == 4 and chunks[-1]["done_reason"] == "length"
    with pytest.raises(json.JSONDecodeError):
        json.loads("".join(pieces))


@pytest.mark.parametrize("endpoint", ["chat", "generate"])
def test_format_fault_malformed_is_not_json(daemon: FakeOllama, endpoint: str) -> None:
    daemon.format_fault("gemma3:270m", "malformed")
    client = client_for(daemon)
    if endpoint == "chat":
        text = client.chat(model="gemma3:270m", messages=KOREA, format=CITY_SCHEMA).message.content
    else:
        text = client.generate(model="gemma3:270m", prompt="x", format="json").response
    assert text and text.startswith("{")
    with pytest.raises(json.JSONDecodeError):
        json.loads(text or "")


def test_format_fault_wrong_breaks_the_schema(daemon: FakeOllama) -> None:
    daemon.format_fault("gemma3:270m", "wrong")
    answer = _chat(daemon, model="gemma3:270m", messages=KOREA, format=CITY_SCHEMA)
    value = json.loads(answer["message"]["content"])
    assert "city" not in value and isinstance(value["population_millions"], str)
    plain = _chat(daemon, model="gemma3:270m", messages=KOREA, format="json")
    assert isinstance(json.loads(plain["message"]["content"]), list)


def test_format_fault_length_cuts_the_answer(daemon: FakeOllama) -> None:
    daemon.format_fault("gemma3:270m", "length")
    answer = _chat(daemon, model="gemma3:270m", messages=KOREA, format=CITY_SCHEMA)
    assert answer["done_reason"] == "length" and answer["message"]["content"].startswith("{")
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer["message"]["content"])


def test_format_fault_touches_one_model_and_its_format_answers_only(daemon: FakeOllama) -> None:
    daemon.format_fault("GEMMA3:270m", "malformed")
    other = _chat(daemon, model="qwen3:0.6b", messages=KOREA, format=CITY_SCHEMA, think=False)
    assert set(json.loads(other["message"]["content"])) == {"city", "population_millions"}
    plain = _chat(daemon, model="gemma3:270m", messages=SKY)
    assert plain["message"]["content"].endswith(".")
    daemon.format_fault("gemma3:270m", None)
    fixed = _chat(daemon, model="gemma3:270m", messages=KOREA, format=CITY_SCHEMA)
    assert json.loads(fixed["message"]["content"])
    with pytest.raises(ValueError, match="unknown format fault"):
        daemon.format_fault("gemma3:270m", "garbled")


def test_format_with_tools_is_json_with_trailing_whitespace(shared: FakeOllama) -> None:
    answer = _chat(
        shared,
        model="qwen3:0.6b",
        messages=[{"role": "user", "content": "What time is it in Seoul?"}],
        format=CITY_SCHEMA,
        tools=BUILTIN_LIKE_TOOLS,
        think=False,
    )
    content = answer["message"]["content"]
    assert "tool_calls" not in answer["message"]
    assert content != content.rstrip() and content.rstrip().endswith("}")
    assert set(json.loads(content)) == {"city", "population_millions"}


def test_tool_call_arrives_in_a_non_final_chunk_in_the_real_shape(shared: FakeOllama) -> None:
    body = {
        "model": "qwen3:0.6b",
        "messages": [{"role": "user", "content": "What is 12*(3+4)?"}],
        "tools": BUILTIN_LIKE_TOOLS,
        "think": False,
    }
    chunks = ndjson(post(shared, "/api/chat", body))
    calling = [c for c in chunks if "tool_calls" in c["message"]]
    assert len(calling) == 1 and calling[0]["done"] is False and chunks[-1]["done"] is True
    (call,) = calling[0]["message"]["tool_calls"]
    assert list(call) == ["id", "function"] and call["id"].startswith("call_")
    assert list(call["function"]) == ["index", "name", "arguments"]
    assert call["function"] == {
        "index": 0,
        "name": "calculator",
        "arguments": {"expression": "12*(3+4)"},
    }


@pytest.mark.parametrize(
    ("question", "name", "arguments"),
    [
        ("Please calculate 2 + 2", "calculator", {"expression": "2 + 2"}),
        ("(1+2)*3 계산해줘", "calculator", {"expression": "(1+2)*3"}),
        ("What time is it in Asia/Seoul?", "current_time", {"timezone": "Asia/Seoul"}),
        ("What time is it in Tokyo?", "current_time", {"timezone": "Asia/Tokyo"}),
        ("What's the time now?", "current_time", {"timezone": "UTC"}),
        ("서울은 지금 몇 시야?", "current_time", {"timezone": "Asia/Seoul"}),
        (
            "Convert 3 km in miles",
            "convert_units",
            {"value": 3, "from_unit": "km", "to_unit": "miles"},
        ),
        ("3.5 kg to lb?", "convert_units", {"value": 3.5, "from_unit": "kg", "to_unit": "lb"}),
        (
            "30평은 몇 m2야? 변환해줘",
            "convert_units",
            {"value": 30, "from_unit": "평", "to_unit": "m2"},
        ),
        (
            "Search the knowledge base for the refund policy",
            "search_knowledge",
            {"query": "Search the knowledge base for the refund policy"},
        ),
    ],
)
def test_tool_arguments_come_from_the_user_text(
    shared: FakeOllama, question: str, name: str, arguments: dict[str, Any]
) -> None:
    messages = [{"role": "user", "content": question}]
    answer = _chat(shared, model="qwen3:0.6b", messages=messages, tools=BUILTIN_LIKE_TOOLS)
    (call,) = answer["message"]["tool_calls"]
    assert (call["function"]["name"], call["function"]["arguments"]) == (name, arguments)


def _after_tool(question: str, result: str) -> list[dict[str, Any]]:
    call = {"function": {"name": "current_time", "arguments": {"timezone": "Asia/Seoul"}}}
    return [
        {"role": "user", "content": question},
        {"role": "assistant", "content": "", "tool_calls": [call]},
        {"role": "tool", "content": result, "tool_name": "current_time"},
    ]


def test_answer_after_a_tool_result_opens_with_it(shared: FakeOllama) -> None:
    messages = _after_tool("What time is it in Seoul?", "2026-12-03 16:00 KST\nsecond line")
    answer = _chat(shared, model="qwen3:0.6b", messages=messages, tools=BUILTIN_LIKE_TOOLS)
    content = answer["message"]["content"]
    assert "tool_calls" not in answer["message"]
    assert content.startswith("2026-12-03 16:00 KST ") and "second line" not in content
    korean = _after_tool("서울은 지금 몇 시야?", "x" * 200)
    text = _chat(shared, model="qwen3:0.6b", messages=korean, think=False)["message"]["content"]
    head, _, rest = text.partition(" ")
    assert head == "x" * 79 + "…" and has_hangul(rest) and not re.search("[A-Za-z]", rest)


def test_always_call_tools_calls_after_a_tool_result_too(daemon: FakeOllama) -> None:
    messages = _after_tool("What time is it in Seoul?", "16:00")
    once = _chat(daemon, model="qwen3:0.6b", messages=messages, tools=BUILTIN_LIKE_TOOLS)
    assert "tool_calls" not in once["message"]
    daemon.always_call_tools = True
    again = _chat(daemon, model="qwen3:0.6b", messages=messages, tools=BUILTIN_LIKE_TOOLS)
    assert again["message"]["tool_calls"][0]["function"]["name"] == "current_time"


def test_model_without_tools_keeps_the_real_400(shared: FakeOllama) -> None:
    body = {"model": "gemma3:270m", "messages": USER_HI, "tools": BUILTIN_LIKE_TOOLS}
    response = post(shared, "/api/chat", body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "registry.ollama.ai/library/gemma3:270m does not support tools"
    }


def test_command_line_format_fault_and_always_call_tools() -> None:
    flags = ["--format-fault", "gemma3:270m=wrong", "--always-call-tools"]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_ollama", "--port", "0", *flags],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        body = {"model": "gemma3:270m", "messages": KOREA, "format": CITY_SCHEMA, "stream": False}
        answer = HTTP.post(url + "/api/chat", json=body, timeout=5).json()
        assert "city" not in json.loads(answer["message"]["content"])
        messages = _after_tool("What time is it?", "16:00")
        body = {"model": "qwen3:0.6b", "messages": messages, "tools": BUILTIN_LIKE_TOOLS}
        answer = HTTP.post(url + "/api/chat", json={**body, "stream": False}, timeout=5).json()
        assert answer["message"]["tool_calls"]
    finally:
        process.terminate()
        process.wait(timeout=5)
    bad = subprocess.run(
        [sys.executable, "-m", "tests.fake_ollama", "--format-fault", "gemma3:270m=odd"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 2 and "MODEL=KIND" in bad.stderr


VERDICTS = ['{"score": 5, "reason": "names 하늘빛시"}', "not a verdict = at all"]


def test_scripted_replies_answer_in_turn_and_cycle() -> None:
    with FakeOllama(scripted_replies={"QWEN3:0.6b": VERDICTS}) as daemon:
        body = {"model": "qwen3:0.6b", "messages": KOREA, "format": CITY_SCHEMA, "think": False}
        first = ndjson(post(daemon, "/api/chat", body))
        assert len(first) > 2 and first[-1]["done"] and first[-1]["eval_count"] > 0
        assert "".join(c["message"]["content"] for c in first) == VERDICTS[0]
        assert _chat(daemon, **body)["message"]["content"] == VERDICTS[1]
        answer = post(
            daemon, "/api/generate", {"model": "qwen3:0.6b", "prompt": "x", "think": False}
        )
        assert "".join(c["response"] for c in ndjson(answer)) == VERDICTS[0]
        other = _chat(daemon, model="gemma3:270m", messages=KOREA, format=CITY_SCHEMA)
        assert set(json.loads(other["message"]["content"])) == {"city", "population_millions"}
        daemon.script_replies("qwen3:0.6b", None)
        planned = _chat(daemon, **body)["message"]["content"]
        assert set(json.loads(planned)) == {"city", "population_millions"}


def test_scripted_reply_keeps_thinking_and_obeys_num_predict(daemon: FakeOllama) -> None:
    daemon.script_replies("qwen3:0.6b", ["one two three four five"])
    answer = _chat(daemon, model="qwen3:0.6b", messages=SKY)
    assert (
        answer["message"]["thinking"] and answer["message"]["content"] == "one two three four five"
    )
    cut = _chat(daemon, model="qwen3:0.6b", messages=SKY, think=False, options={"num_predict": 2})
    assert cut["message"]["content"] == "one two " and cut["done_reason"] == "length"


def test_command_line_scripted_reply() -> None:
    flags = ["--scripted-reply", "gemma3:270m=a = b", "--scripted-reply", "gemma3:270m=안녕"]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_ollama", "--port", "0", *flags],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        body = {"model": "gemma3:270m", "messages": SKY, "stream": False}
        texts = [
            HTTP.post(url + "/api/chat", json=body).json()["message"]["content"] for _ in "123"
        ]
        assert texts == ["a = b", "안녕", "a = b"]
    finally:
        process.terminate()
        process.wait(timeout=5)
    bad = subprocess.run(
        [sys.executable, "-m", "tests.fake_ollama", "--scripted-reply", "no-equals-sign"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 2 and "MODEL=TEXT" in bad.stderr


def test_stop_option_cuts_the_answer(shared: FakeOllama) -> None:
    client = client_for(shared)
    answer = client.chat(model="gemma3:270m", messages=SKY, options={"stop": ["."]})
    assert answer.done_reason == "stop" and "." not in (answer.message.content or "")


@pytest.mark.parametrize("endpoint", ["chat", "generate"])
def test_load_and_unload(daemon: FakeOllama, endpoint: str) -> None:
    empty: dict[str, Any] = {"messages": []} if endpoint == "chat" else {}
    loaded = post(daemon, f"/api/{endpoint}", {"model": "gemma3:270m", **empty})
    assert loaded.headers["content-type"] == JSON_CT
    assert loaded.json()["done_reason"] == "load"
    assert daemon.loaded_model_names() == ["gemma3:270m"]
    unloaded = post(daemon, f"/api/{endpoint}", {"model": "gemma3:270m", "keep_alive": 0, **empty})
    assert unloaded.json()["done_reason"] == "unload"
    assert daemon.loaded_model_names() == []


def test_load_response_matches_capture(shared: FakeOllama) -> None:
    body = post(shared, "/api/chat", {"model": "gemma3:270m", "messages": []}).json()
    assert list(body) == ["model", "created_at", "message", "done", "done_reason"]
    assert body["message"] == {"role": "assistant", "content": ""}


def test_keep_alive_zero_unloads_after_answering(daemon: FakeOllama) -> None:
    client_for(daemon).generate(model="gemma3:270m", prompt="hi", keep_alive=0)
    assert daemon.loaded_model_names() == []


def test_load_delay_is_reported_once() -> None:
    with FakeOllama(load_delay=0.2) as daemon:
        client = client_for(daemon)
        first = client.generate(model="gemma3:270m", prompt="hi")
        second = client.generate(model="gemma3:270m", prompt="hi")
    assert (first.load_duration or 0) >= 0.2e9
    assert (second.load_duration or 0) < 0.1e9


# ----- errors -------------------------------------------------------------------------------
ERROR_CASES = [
    (
        "chat-unknown",
        "/api/chat",
        {"model": "nope", "messages": USER_HI},
        404,
        "model 'nope' not found",
    ),
    ("chat-missing-model", "/api/chat", {"messages": USER_HI}, 400, "model is required"),
    (
        "chat-bad-option",
        "/api/chat",
        {"model": "gemma3:270m", "messages": USER_HI, "options": {"num_predict": "abc"}},
        500,
        'option "num_predict" must be of type integer',
    ),
    (
        "chat-bad-float",
        "/api/chat",
        {"model": "gemma3:270m", "messages": USER_HI, "options": {"temperature": "hot"}},
        500,
        'option "temperature" must be of type float32',
    ),
    (
        "chat-tools-unsupported",
        "/api/chat",
        {
            "model": "gemma3:270m",
            "messages": USER_HI,
            "tools": [{"type": "function", "function": {"name": "f"}}],
        },
        400,
        "registry.ollama.ai/library/gemma3:270m does not support tools",
    ),
    (
        "chat-think-unsupported",
        "/api/chat",
        {"model": "gemma3:270m", "messages": USER_HI, "think": True, "stream": False},
        400,
        '"gemma3:270m" does not support thinking',
    ),
    (
        "chat-bad-think",
        "/api/chat",
        {"model": "qwen3:0.6b", "messages": USER_HI, "think": "x"},
        400,
        'invalid think value: "x" (must be "high", "medium", "low", "max", true, or false)',
    ),
    (
        "chat-embedding-model",
        "/api/chat",
        {"model": "all-minilm", "messages": USER_HI},
        400,
        '"all-minilm" does not support chat',
    ),
    (
        "chat-keep-alive-no-unit",
        "/api/chat",
        {"model": "gemma3:270m", "messages": USER_HI, "keep_alive": "300"},
        400,
        'time: missing unit in duration "300"',
    ),
    (
        "generate-unknown",
        "/api/generate",
        {"model": "nope", "prompt": "hi"},
        404,
        "model 'nope' not found",
    ),
    (
        "generate-empty-model",
        "/api/generate",
        {"model": "", "prompt": "hi"},
        404,
        "model '' not found",
    ),
    (
        "generate-embedding-model",
        "/api/generate",
        {"model": "bge-m3", "prompt": "hi"},
        400,
        '"bge-m3" does not support generate',
    ),
    (
        "generate-raw-with-system",
        "/api/generate",
        {"model": "gemma3:270m", "prompt": "hi", "raw": True, "system": "s"},
        400,
        "raw mode does not support template, system, or context",
    ),
    ("show-unknown", "/api/show", {"model": "nope"}, 404, "model 'nope' not found"),
    ("show-missing-model", "/api/show", {}, 400, "model is required"),
    (
        "embed-unknown",
        "/api/embed",
        {"model": "nope", "input": "x"},
        404,
        'model "nope" not found, try pulling it first',
    ),
    (
        "embed-not-embedding",
        "/api/embed",
        {"model": "gemma3:270m", "input": "The sky is blue."},
        501,
        "this model does not support embeddings",
    ),
    (
        "embed-bad-input",
        "/api/embed",
        {"model": "all-minilm", "input": [1]},
        400,
        "invalid input type",
    ),
    ("embeddings-missing-model", "/api/embeddings", {"prompt": "x"}, 400, "model is required"),
    (
        "copy-unknown",
        "/api/copy",
        {"source": "nope", "destination": "nope2"},
        404,
        'model "nope" not found',
    ),
    (
        "copy-bad-destination",
        "/api/copy",
        {"source": "gemma3:270m", "destination": "bad name!"},
        400,
        'destination "bad name!" is invalid',
    ),
    ("create-missing-model", "/api/create", {"from": "gemma3:270m"}, 400, "invalid model name"),
    (
        "create-invalid-name",
        "/api/create",
        {"model": "bad name!!", "from": "gemma3:270m"},
        400,
        "invalid model name",
    ),
    (
        "create-nothing",
        "/api/create",
        {"model": "x5"},
        400,
        "neither 'from' or 'files' was specified",
    ),
    (
        "create-legacy-modelfile",
        "/api/create",
        {"model": "x6", "modelfile": "FROM gemma3:270m"},
        400,
        "neither 'from' or 'files' was specified",
    ),
    (
        "create-absolute-file",
        "/api/create",
        {"model": "x7", "files": {"/etc/m.gguf": "sha256:" + "0" * 64}},
        400,
        "file path must be relative",
    ),
    (
        "create-bad-json-type",
        "/api/create",
        {"model": 5},
        400,
        "json: cannot unmarshal number into Go struct field CreateRequest.model of type string",
    ),
]


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_error_status_and_text(
    shared: FakeOllama, path: str, body: dict[str, Any], status: int, message: str
) -> None:
    response = post(shared, path, body)
    assert (response.status_code, response.json()) == (status, {"error": message})
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b'{"model":', "unexpected EOF"), (b"", "missing request body"), (b"{x}", None)],
    ids=["truncated", "empty", "garbage"],
)
def test_malformed_bodies(shared: FakeOllama, raw: bytes, message: str | None) -> None:
    for path in ("/api/create", "/api/chat", "/api/show"):
        response = HTTP.post(shared.url + path, content=raw)
        assert response.status_code == 400
        assert response.headers["content-type"] == JSON_CT
        error = response.json()["error"]
        assert error == message if message else error.startswith("invalid character")


def test_unknown_path_and_wrong_method(shared: FakeOllama) -> None:
    for response in (HTTP.get(shared.url + "/api/nothing"), HTTP.get(shared.url + "/api/chat")):
        assert response.status_code == 404
        assert response.text == "404 page not found"
        assert response.headers["content-type"] == "text/plain"


@pytest.mark.parametrize(
    "options",
    [{"num_predict": 3, "bogus_opt": 1}, {"num_predict": 3, "mirostat": 2}],
    ids=["unknown", "removed"],
)
def test_unknown_options_are_ignored(shared: FakeOllama, options: dict[str, Any]) -> None:
    body = {"model": "gemma3:270m", "messages": USER_HI, "stream": False, "options": options}
    response = post(shared, "/api/chat", body)
    assert response.status_code == 200 and response.json()["eval_count"] == 3


def test_bad_role_is_accepted(shared: FakeOllama) -> None:
    body = {
        "model": "gemma3:270m",
        "messages": [{"role": "wizard", "content": "hi"}],
        "stream": False,
    }
    assert post(shared, "/api/chat", body).json()["done"] is True


def test_client_raises_response_error(shared: FakeOllama) -> None:
    client = client_for(shared)
    with pytest.raises(ollama.ResponseError) as caught:
        client.chat(model="nope", messages=USER_HI)
    assert caught.value.status_code == 404
    assert caught.value.error == "model 'nope' not found"
    with pytest.raises(ollama.ResponseError) as caught:
        list(client.chat(model="nope", messages=USER_HI, stream=True))
    assert caught.value.status_code == 404


def test_stored_bad_parameter_breaks_later_chats(daemon: FakeOllama) -> None:
    create = {"model": "x2", "from": "gemma3:270m", "parameters": {"temperature": "hot"}}
    assert ndjson(post(daemon, "/api/create", create))[-1] == {"status": "success"}
    shown = post(daemon, "/api/show", {"model": "x2"}).json()
    assert 'temperature                    "hot"' in shown["parameters"]
    body = {"model": "x2", "messages": USER_HI, "stream": False, "options": {"num_predict": 5}}
    response = post(daemon, "/api/chat", body)
    assert response.status_code == 500
    assert response.json() == {"error": 'option "temperature" must be of type float32'}


# ----- pull, copy, delete, blobs ------------------------------------------------------------
def test_pull_streams_progress_then_lists_the_model(daemon: FakeOllama) -> None:
    response = post(daemon, "/api/pull", {"model": "smollm2:135m"})
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = ndjson(response)
    statuses = [line["status"] for line in lines]
    assert statuses[0] == "pulling manifest"
    assert statuses[-3:] == ["verifying sha256 digest", "writing manifest", "success"]
    layer = [line for line in lines if line.get("digest")]
    first_digest = layer[0]["digest"]
    assert layer[0]["status"] == f"pulling {first_digest[7:19]}"
    assert "completed" not in layer[0]
    completed = [line.get("completed") for line in layer if line["digest"] == first_digest][1:]
    assert len(completed) >= 3 and completed == sorted(completed)
    assert completed[-1] == layer[0]["total"]
    assert "smollm2:135m" in daemon.model_names()


def test_pull_through_the_client(daemon: FakeOllama) -> None:
    client = client_for(daemon)
    assert client.pull("nomic-embed-text").status == "success"
    assert len(client.embed(model="nomic-embed-text", input="x").embeddings[0]) == 768


def test_pull_unknown_name(shared: FakeOllama) -> None:
    streamed = post(shared, "/api/pull", {"model": "does-not-exist"})
    assert streamed.status_code == 200
    assert ndjson(streamed) == [
        {"status": "pulling manifest"},
        {"error": "pull model manifest: file does not exist"},
    ]
    single = post(shared, "/api/pull", {"model": "does-not-exist", "stream": False})
    assert single.status_code == 500
    assert single.json() == {"error": "pull model manifest: file does not exist"}
    with pytest.raises(ollama.ResponseError) as caught:
        list(client_for(shared).pull("does-not-exist", stream=True))
    assert caught.value.status_code == -1


def test_copy_and_delete(daemon: FakeOllama) -> None:
    copied = post(daemon, "/api/copy", {"source": "gemma3:270m", "destination": "gemma3-copy"})
    assert (copied.status_code, copied.content) == (200, b"")
    assert "content-type" not in copied.headers
    assert "gemma3-copy:latest" in daemon.model_names()
    deleted = HTTP.request("DELETE", daemon.url + "/api/delete", json={"model": "gemma3-copy"})
    assert (deleted.status_code, deleted.content) == (200, b"")
    again = HTTP.request("DELETE", daemon.url + "/api/delete", json={"model": "gemma3-copy"})
    assert again.status_code == 404
    assert again.json() == {"error": "model 'gemma3-copy' not found"}
    invalid = HTTP.request("DELETE", daemon.url + "/api/delete", json={"model": "bad name!"})
    assert (invalid.status_code, invalid.json()) == (400, {"error": 'name "bad name!" is invalid'})


def test_names_match_case_insensitively(daemon: FakeOllama) -> None:
    client = client_for(daemon)
    assert client.show("GEMMA3:270M").details.family == "gemma3"
    assert client.copy("All-MiniLM", "mini").status == "success"
    assert client.delete("MINI:latest").status == "success"


def test_deleting_a_loaded_model_unloads_it(daemon: FakeOllama) -> None:
    client = client_for(daemon)
    client.generate(model="gemma3:270m")
    assert daemon.loaded_model_names() == ["gemma3:270m"]
    client.delete("gemma3:270m")
    assert daemon.loaded_model_names() == []
    assert client.ps().models == []


def test_blobs(daemon: FakeOllama) -> None:
    data = b"hello blob"
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    url = f"{daemon.url}/api/blobs/{digest}"
    assert HTTP.head(url).status_code == 404
    created = HTTP.post(url, content=data)
    assert (created.status_code, created.content) == (201, b"")
    assert HTTP.head(url).status_code == 200
    assert HTTP.post(url, content=data).status_code == 200
    wrong = "sha256:" + "1" * 64
    mismatch = HTTP.post(f"{daemon.url}/api/blobs/{wrong}", content=data)
    assert mismatch.status_code == 400
    assert mismatch.json() == {"error": f'digest mismatch, expected "{wrong}", got "{digest}"'}
    for bad in ("sha256:abc", "md5:" + "0" * 64):
        response = HTTP.post(f"{daemon.url}/api/blobs/{bad}", content=data)
        assert (response.status_code, response.json()) == (400, {"error": "invalid digest format"})
        assert HTTP.head(f"{daemon.url}/api/blobs/{bad}").status_code == 400


def test_model_layers_exist_as_blobs(shared: FakeOllama) -> None:
    blob = default_models()[0].model_blob
    assert HTTP.head(f"{shared.url}/api/blobs/sha256:{blob}").status_code == 200


def test_create_blob_through_the_client(daemon: FakeOllama, tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(build_gguf({"general.architecture": "llama"}))
    digest = client_for(daemon).create_blob(path)
    assert HTTP.head(f"{daemon.url}/api/blobs/{digest}").status_code == 200


# ----- create -------------------------------------------------------------------------------
def test_create_from_a_name(daemon: FakeOllama) -> None:
    body = {
        "model": "gemma3-pirate",
        "from": "gemma3:270m",
        "system": "You are a pirate.",
        "parameters": {"temperature": 0.2, "num_ctx": 2048, "stop": ["<end_of_turn>", "\n\n"]},
        "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Arr!"}],
        "license": "pirate license",
    }
    statuses = [line["status"] for line in ndjson(post(daemon, "/api/create", body))]
    assert statuses[0].startswith("using existing layer sha256:")
    assert any(s.startswith("creating new layer sha256:") for s in statuses)
    assert statuses[-2:] == ["writing manifest", "success"]
    assert "gemma3-pirate:latest" in daemon.model_names()
    shown = post(daemon, "/api/show", {"model": "gemma3-pirate"}).json()
    assert shown["system"] == "You are a pirate."
    assert shown["license"] == "pirate license"
    assert shown["messages"] == body["messages"]
    assert shown["details"]["parent_model"] == "gemma3:270m"
    assert 'stop                           "\\n\\n"' in shown["parameters"]
    assert "temperature                    0.2" in shown["parameters"]
    assert "top_k                          64" in shown["parameters"]
    assert "SYSTEM You are a pirate.\n" in shown["modelfile"]
    assert "MESSAGE assistant Arr!\n" in shown["modelfile"]
    pirate = client_for(daemon).chat(model="gemma3-pirate", messages=USER_HI)
    plain = client_for(daemon).chat(model="gemma3:270m", messages=USER_HI)
    assert pirate.message.content != plain.message.content


def test_a_template_that_renders_tools_gives_the_tools_capability(daemon: FakeOllama) -> None:
    tools_template = '{{ range .Tools }}{{ . }}{{ end }}{"x": {"y": 1}}{{ .Prompt }}'
    for name, template in (("with-tools", tools_template), ("plain", "{{ .Prompt }}")):
        body = {"model": name, "from": "smollm2:135m", "template": template, "stream": False}
        assert post(daemon, "/api/create", body).json() == {"status": "success"}
    show = {n: post(daemon, "/api/show", {"model": n}).json() for n in ("with-tools", "plain")}
    assert show["with-tools"]["capabilities"] == ["completion", "tools"]
    assert show["plain"]["capabilities"] == ["completion"]
    bad = {"model": "bad", "from": "smollm2:135m", "template": "{{ .Prompt }", "stream": False}
    response = post(daemon, "/api/create", bad)
    assert response.status_code == 400
    assert response.json() == {"error": "template error: template: :1: unclosed action"}


def test_create_without_stream_through_the_client(daemon: FakeOllama) -> None:
    client = client_for(daemon)
    done = client.create("tiny", from_="gemma3:270m", template="{{ .Prompt }}", system="Be brief.")
    assert done.status == "success"
    raw = post(daemon, "/api/create", {"model": "tiny2", "from": "tiny", "stream": False})
    assert raw.headers["content-type"] == "application/json"
    assert raw.json() == {"status": "success"}
    assert client.show("tiny2").template == "{{ .Prompt }}"


def test_create_from_an_unknown_name_tries_to_pull(daemon: FakeOllama) -> None:
    lines = ndjson(post(daemon, "/api/create", {"model": "x1", "from": "does-not-exist"}))
    assert lines[0] == {"status": "pulling manifest"}
    assert lines[-1]["error"].startswith("pull model manifest:")
    assert "x1:latest" not in daemon.model_names()


def test_create_from_a_pullable_name_pulls_it(daemon: FakeOllama) -> None:
    lines = ndjson(post(daemon, "/api/create", {"model": "mine", "from": "smollm2:135m"}))
    assert lines[0] == {"status": "pulling manifest"}
    assert lines[-1] == {"status": "success"}
    assert {"smollm2:135m", "mine:latest"} <= set(daemon.model_names())


def test_create_from_an_uploaded_gguf(daemon: FakeOllama) -> None:
    gguf = build_gguf(
        {
            "general.architecture": "llama",
            "general.parameter_count": 135_000_000,
            "general.file_type": 1,
            "llama.context_length": 2048,
            "llama.embedding_length": 576,
        }
    )
    digest = upload(daemon, gguf)
    body = {
        "model": "from-gguf",
        "files": {"model.gguf": digest},
        "parameters": {"num_predict": 64, "stop": ["<end_of_turn>"]},
    }
    statuses = [line["status"] for line in ndjson(post(daemon, "/api/create", body))]
    assert statuses[0] == "parsing GGUF"
    assert statuses[1] == f"using existing layer {digest}"
    assert statuses[-2:] == ["writing manifest", "success"]
    shown = client_for(daemon).show("from-gguf")
    assert shown.details.family == "llama"
    assert shown.details.quantization_level == "F16"
    assert shown.details.parameter_size == "135M"
    assert shown.modelinfo["llama.context_length"] == 2048
    assert shown.capabilities == ["completion"]
    assert "from-gguf:latest" in {m.model for m in client_for(daemon).list().models}
    answer = client_for(daemon).generate(model="from-gguf", prompt="hi")
    assert answer.response


def test_create_quantizes_f16(daemon: FakeOllama) -> None:
    digest = upload(daemon, build_gguf({"general.architecture": "llama", "general.file_type": 1}))
    create = {"model": "f16", "files": {"m.gguf": digest}}
    assert ndjson(post(daemon, "/api/create", create))[-1] == {"status": "success"}
    lines = ndjson(
        post(daemon, "/api/create", {"model": "q4", "from": "f16", "quantize": "q4_K_M"})
    )
    assert lines[0]["status"] == "quantizing F16 model to Q4_K_M"
    shown = post(daemon, "/api/show", {"model": "q4"}).json()
    assert shown["details"]["quantization_level"] == "Q4_K_M"
    refused = post(daemon, "/api/create", {"model": "q", "from": "q4", "quantize": "q8_0"})
    assert refused.status_code == 500
    assert refused.json() == {
        "error": "quantization is only supported for F16, BF16 and F32 models"
    }


@pytest.mark.parametrize(
    ("content", "filename", "stream", "expected"),
    [
        (b"not a gguf file", "model.gguf", True, [{"status": "parsing GGUF"}]),
        (b"not a gguf file", "model.gguf", False, 400),
        (b"not a gguf file", "weights.bin", True, 400),
        (None, "m.gguf", True, [{"status": "parsing GGUF"}]),
    ],
    ids=["not-gguf-stream", "not-gguf-single", "unknown-type", "missing-blob"],
)
def test_create_from_files_validation(
    daemon: FakeOllama, content: bytes | None, filename: str, stream: bool, expected: Any
) -> None:
    digest = upload(daemon, content) if content else "sha256:" + "0" * 64
    body = {"model": "bad", "files": {filename: digest}, "stream": stream}
    response = post(daemon, "/api/create", body)
    if isinstance(expected, int):
        assert response.status_code == expected
        assert response.json()["error"] in ("supplied file was not in GGUF format", "unknown type")
    else:
        lines = ndjson(response)
        assert response.status_code == 200 and lines[:-1] == expected
        assert lines[-1]["error"] in (
            "supplied file was not in GGUF format",
            "open ~/.ollama/models/blobs/sha256-" + "0" * 64 + ": no such file or directory",
        )
    assert "bad:latest" not in daemon.model_names()


def test_add_model(daemon: FakeOllama) -> None:
    daemon.add_model(FakeModel(name="custom:1b", family="llama", capabilities=["completion"]))
    assert "custom:1b" in daemon.model_names()
    assert client_for(daemon).generate(model="custom:1b", prompt="hi").done


# ----- embeddings ---------------------------------------------------------------------------
def test_embed_shape_and_unit_length(shared: FakeOllama) -> None:
    response = post(
        shared, "/api/embed", {"model": "all-minilm", "input": ["first text", "second text"]}
    )
    body = response.json()
    assert list(body) == [
        "model",
        "embeddings",
        "total_duration",
        "load_duration",
        "prompt_eval_count",
    ]
    assert body["model"] == "all-minilm"
    assert [len(v) for v in body["embeddings"]] == [384, 384]
    for vector in body["embeddings"]:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-6)
    bge = client_for(shared).embed(model="bge-m3", input="x")
    assert len(bge.embeddings[0]) == 1024


def test_embed_is_deterministic_and_truncates_dimensions(shared: FakeOllama) -> None:
    client = client_for(shared)
    first = client.embed(model="all-minilm", input="The sky is blue.").embeddings[0]
    again = client.embed(model="all-minilm", input=["The sky is blue."]).embeddings[0]
    assert first == again
    short = client.embed(model="all-minilm", input="The sky is blue.", dimensions=64).embeddings[0]
    assert len(short) == 64
    assert math.isclose(sum(x * x for x in short), 1.0, rel_tol=1e-6)


@pytest.mark.parametrize(
    ("anchor", "near", "far"),
    [
        ("The cat sat on the mat", "A cat sat on a rug", "Stock markets fell sharply today"),
        ("Why is the sky blue?", "The sky is blue because of light", "Pasta recipes with garlic"),
        ("하늘은 파랗습니다", "하늘이 정말 파랗다", "주식 시장이 하락했다"),
        ("한국어 문서 검색", "한국어 문서를 검색합니다", "날씨가 맑고 따뜻하다"),
    ],
)
def test_texts_sharing_words_are_closer(
    shared: FakeOllama, anchor: str, near: str, far: str
) -> None:
    vectors = client_for(shared).embed(model="all-minilm", input=[anchor, near, far])
    a, b, c = vectors.embeddings
    assert cosine(a, b) > cosine(a, c) + 0.1


def test_embed_edge_cases(shared: FakeOllama) -> None:
    assert (
        post(shared, "/api/embed", {"model": "all-minilm", "input": []}).json()["embeddings"] == []
    )
    assert (
        post(shared, "/api/embed", {"model": "all-minilm", "input": ""}).json()["embeddings"] == []
    )
    long_text = "word " * 600
    cut = post(shared, "/api/embed", {"model": "all-minilm", "input": long_text})
    assert cut.status_code == 200
    refused = post(
        shared, "/api/embed", {"model": "all-minilm", "input": long_text, "truncate": False}
    )
    assert (refused.status_code, refused.json()) == (
        400,
        {"error": "the input length exceeds the context length"},
    )


def test_legacy_embeddings_are_not_normalised(shared: FakeOllama) -> None:
    client = client_for(shared)
    legacy = client.embeddings(model="all-minilm", prompt="The sky is blue.").embedding
    current = client.embed(model="all-minilm", input="The sky is blue.").embeddings[0]
    assert len(legacy) == 384
    assert not math.isclose(sum(x * x for x in legacy), 1.0, rel_tol=1e-3)
    assert cosine(list(legacy), current) > 0.999
    assert post(shared, "/api/embeddings", {"model": "all-minilm"}).json() == {"embedding": []}


# ----- simulation knobs and faults ----------------------------------------------------------
def _timed_chats(daemon: FakeOllama, count: int) -> float:
    client = client_for(daemon)
    options = {"num_predict": 10}
    threads = [
        threading.Thread(
            target=client.chat, kwargs={"model": "gemma3:270m", "messages": SKY, "options": options}
        )
        for _ in range(count)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - start


def test_max_concurrency_queues_requests() -> None:
    with FakeOllama(token_delay=0.03, max_concurrency=1) as daemon:
        one = _timed_chats(daemon, 1)
        two = _timed_chats(daemon, 2)
    assert one >= 0.3
    assert two > 1.6 * one


def test_unlimited_concurrency_runs_in_parallel() -> None:
    with FakeOllama(token_delay=0.03) as daemon:
        one = _timed_chats(daemon, 1)
        two = _timed_chats(daemon, 2)
    assert two < 1.5 * one


def test_max_queue_answers_503() -> None:
    body = {"model": "gemma3:270m", "prompt": "hi", "stream": False, "options": {"num_predict": 8}}
    results: list[int] = []

    def call() -> None:
        results.append(post(daemon, "/api/generate", body).status_code)

    with FakeOllama(token_delay=0.05, max_concurrency=1, max_queue=1) as daemon:
        running, queued = threading.Thread(target=call), threading.Thread(target=call)
        running.start()
        time.sleep(0.1)
        queued.start()
        time.sleep(0.1)
        response = post(daemon, "/api/generate", body)
        running.join()
        queued.join()
    assert results == [200, 200]
    assert response.status_code == 503
    assert response.json() == {
        "error": "server busy, please try again.  maximum pending requests exceeded"
    }


def test_token_delay_paces_the_stream() -> None:
    with FakeOllama(token_delay=0.02) as daemon:
        start = time.monotonic()
        client_for(daemon).generate(model="gemma3:270m", prompt="hi", options={"num_predict": 10})
        elapsed = time.monotonic() - start
    assert elapsed >= 0.2


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def spawned_workers(pid: int) -> list[int]:
    """Child processes of `pid` started by multiprocessing's spawn (not its resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def test_burning_tokens_spend_cpu_in_worker_processes_not_in_the_server() -> None:
    """Each token costs every worker burn_ms of its own CPU time; the server only streams."""
    with FakeOllama(burn_ms=20, burn_workers=2, answer_tokens=15) as daemon:
        assert daemon.state.burner is not None
        workers = [process.pid for process in daemon.state.burner.processes]
        before = [cpu_seconds(pid) for pid in workers]
        own = time.process_time()
        list(client_for(daemon).chat(model="llava:7b", messages=SKY, stream=True))
        own = time.process_time() - own
        spent = [cpu_seconds(pid) - start for pid, start in zip(workers, before, strict=True)]
        (generation,) = daemon.generations
    burnt = generation["eval_count"] * 0.020
    assert generation["eval_count"] == 15
    assert all(seconds >= 0.9 * burnt for seconds in spent), spent
    assert own < 0.5 * burnt
    assert generation["eval_duration"] / 1e9 >= burnt
    deadline = time.monotonic() + 10  # stopping joins the workers; a loaded machine is slow
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)


def test_burning_from_the_command_line_and_the_generation_log() -> None:
    command = [sys.executable, "-m", "tests.fake_ollama", "--port", "0", "--answer-tokens", "8"]
    process = subprocess.Popen(
        [*command, "--burn-ms", "5", "--burn-workers", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert len(spawned_workers(process.pid)) == 2
        body = {"model": "llava:7b", "prompt": "hi", "stream": False}
        answer = HTTP.post(url + "/api/generate", json=body, timeout=10).json()
        (logged,) = HTTP.get(url + "/_fake/generations", timeout=5).json()["generations"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert answer["eval_duration"] >= 8 * 5_000_000
    assert {key: logged[key] for key in ("eval_count", "eval_duration")} == {
        "eval_count": answer["eval_count"],
        "eval_duration": answer["eval_duration"],
    }
    assert logged["model"] == "llava:7b" and logged["finished"] > logged["started"]


def test_response_delay_provokes_a_timeout() -> None:
    with FakeOllama(response_delay=1.0) as daemon:
        with pytest.raises(httpx.TimeoutException):
            HTTP.get(daemon.url + "/api/tags", timeout=0.2)
        assert HTTP.get(daemon.url + "/", timeout=0.5).status_code == 200


def test_fail_stream_after(daemon: FakeOllama) -> None:
    daemon.fail_stream_after(3, "runner process has terminated")
    chunks = ndjson(post(daemon, "/api/chat", {"model": "gemma3:270m", "messages": SKY}))
    assert len(chunks) == 4
    assert chunks[-1] == {"error": "runner process has terminated"}
    daemon.fail_stream_after(2, "boom")
    client = client_for(daemon)
    received = []
    with pytest.raises(ollama.ResponseError) as caught:
        for part in client.chat(model="gemma3:270m", messages=SKY, stream=True):
            received.append(part)
    assert caught.value.status_code == -1 and caught.value.error == "boom"
    assert len(received) == 2
    assert client.chat(model="gemma3:270m", messages=SKY).done


def test_fail_applies_to_non_streamed_requests_as_500(daemon: FakeOllama) -> None:
    daemon.fail_stream_after(1, "boom")
    with pytest.raises(ollama.ResponseError) as caught:
        client_for(daemon).generate(model="gemma3:270m", prompt="hi")
    assert (caught.value.status_code, caught.value.error) == (500, "boom")


def test_drop_stream_after(daemon: FakeOllama) -> None:
    daemon.drop_stream_after(2)
    client = client_for(daemon)
    received = []
    with pytest.raises(httpx.HTTPError):
        for part in client.chat(model="gemma3:270m", messages=SKY, stream=True):
            received.append(part)
    assert len(received) == 2
    assert client.chat(model="gemma3:270m", messages=SKY).done


def test_stop_refuses_later_connections() -> None:
    daemon = FakeOllama().start()
    client = client_for(daemon)
    assert client.list().models
    daemon.stop()
    with pytest.raises(ConnectionError):
        client.list()
    with pytest.raises(httpx.ConnectError):
        list(client.chat(model="gemma3:270m", messages=SKY, stream=True))
    daemon.start()
    assert client.list().models
    daemon.stop()


def test_requests_are_recorded(daemon: FakeOllama) -> None:
    client_for(daemon).embed(model="all-minilm", input=["a"])
    HTTP.get(daemon.url + "/api/tags")
    assert daemon.requests[-2:] == [
        ("POST", "/api/embed", {"model": "all-minilm", "input": ["a"]}),
        ("GET", "/api/tags", None),
    ]
    daemon.clear_requests()
    assert daemon.requests == []


def test_command_line_entry_point() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_ollama", "--port", "0", "--answer-tokens", "40"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert HTTP.get(url + "/api/version", timeout=5).json() == {"version": "0.24.0"}
        body = {"model": "qwen3:0.6b", "prompt": "hi", "think": False, "stream": False}
        assert HTTP.post(url + "/api/generate", json=body, timeout=5).json()["eval_count"] == 40
    finally:
        process.terminate()
        process.wait(timeout=5)
