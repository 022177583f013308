"""Output schemas and tools per prompt variant: carried by cells and saved specs (old ones still
load), sent by each generation, tool calls recorded, answers checked, and the valid share per
model and prompt; the handoff from other pages and the cells a model will refuse."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_ollama import FakeOllama
from workbench.compare import (
    Attempt,
    Check,
    CompareRun,
    CompareSpec,
    GridSpec,
    PromptVariant,
    RunSettings,
    attempts_frame,
    calls_text,
    cell_from_dict,
    cell_to_dict,
    compare_request,
    expand_grid,
    free_variant,
    refused_cells,
    summary_frame,
    template_variant,
    validity_frame,
)
from workbench.compare.fairness import Job
from workbench.compare.generate import generate_attempt
from workbench.compare.schedule import FREE
from workbench.ollama import OllamaService
from workbench.templates import Message, Template
from workbench.tools import ToolSpec, builtin_spec

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
    "required": ["city", "population"],
}
WEATHER = ToolSpec(
    "get_weather",
    "Today's weather in a city",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)
ASK = {"role": "user", "content": "Tell me about {{city}}."}
SHAPED = PromptVariant("shaped", (ASK,), output_schema=SCHEMA)
TOOLED = PromptVariant("tooled", (ASK,), tools=(WEATHER, builtin_spec("calculator")))
PLAIN = PromptVariant("plain", (ASK,))
MODELS = ("gemma3:270m", "qwen3:0.6b")


def run_cells(service: OllamaService, cells, repeats: int = 1) -> list[Attempt]:
    run = CompareRun(service, cells, RunSettings(policy=FREE, warmup=False), repeats).start()
    assert run.join(20), "the run did not finish in time"
    return run.attempts()


# ----- carried by cells and saved specs -------------------------------------------------------
def test_every_cell_of_a_variant_carries_its_schema_and_tools() -> None:
    spec = GridSpec(MODELS, (SHAPED, TOOLED, PLAIN), ({"city": "Seoul"}, {"city": "부산"}))
    cells = expand_grid(spec)
    by_variant = {v.name: [c for c in cells if c.variant == v.name] for v in spec.variants}
    assert all(c.output_schema == SCHEMA and c.tools == () for c in by_variant["shaped"])
    assert all(c.tools == TOOLED.tools and c.output_schema is None for c in by_variant["tooled"])
    assert all(c.output_schema is None and c.tools == () for c in by_variant["plain"])
    assert len(by_variant["shaped"]) == 4


def test_cells_and_specs_round_trip_with_schema_and_tools() -> None:
    spec = CompareSpec(GridSpec(MODELS, (SHAPED, TOOLED, PLAIN)), RunSettings())
    assert CompareSpec.from_dict(spec.to_dict()) == spec
    for cell in expand_grid(spec.grid):
        assert cell_from_dict(cell_to_dict(cell)) == cell
    tooled = next(c for c in expand_grid(spec.grid) if c.variant == "tooled")
    saved = cell_to_dict(tooled)["tools"]
    assert saved[0] == {
        "name": "get_weather",
        "description": "Today's weather in a city",
        "parameters": WEATHER.parameters,
    }


def test_runs_saved_before_schemas_and_tools_still_load() -> None:
    old_cell = {
        "id": "m0-v0-r0-p0",
        "model": "gemma3:270m",
        "variant": "A",
        "row_index": 0,
        "row": {},
        "params_name": "default",
        "options": {},
        "messages": [{"role": "user", "content": "hi"}],
        "template_id": None,
        "template_version": None,
    }
    cell = cell_from_dict(old_cell)
    assert cell.output_schema is None and cell.tools == ()
    old_grid = {"models": ["gemma3:270m"], "variants": [{"name": "A", "messages": []}]}
    spec = CompareSpec.from_dict({"grid": old_grid, "settings": {}})
    assert spec.grid.variants[0].output_schema is None and spec.grid.variants[0].tools == ()
    old_attempt = {"cell_id": "m0-v0-r0-p0", "repeat": 0, "model": "gemma3:270m", "status": "done"}
    assert Attempt.from_dict(old_attempt).tool_calls == []


def test_an_attempt_round_trips_its_tool_calls() -> None:
    calls = [{"name": "get_weather", "arguments": {"city": "서울"}}]
    attempt = Attempt("c", 0, "qwen3:0.6b", "done", tool_calls=calls)
    assert Attempt.from_dict(attempt.to_dict()) == attempt
    assert calls_text(calls) == 'get_weather({"city": "서울"})'


def test_template_and_typed_variants_take_schema_and_tools() -> None:
    message = Message("user", "Tell me about {{city}}.")
    template = Template(
        "city-facts", "City facts", [message], output_schema=SCHEMA, tools=[WEATHER]
    )
    variant = template_variant("", template, 3)
    assert (variant.name, variant.output_schema, variant.tools) == (
        "city-facts@3",
        SCHEMA,
        (WEATHER,),
    )
    typed = free_variant("A", "", "hi", SCHEMA, [WEATHER])
    assert typed.output_schema == SCHEMA and typed.tools == (WEATHER,)
    assert free_variant("B", "", "hi").output_schema is None


def test_another_page_hands_over_its_schema_and_tools() -> None:
    request = compare_request(
        "From the Playground", [ASK], ["qwen3:0.6b"], {"temperature": 0.2}, SCHEMA, [WEATHER]
    )
    assert request["output_schema"] == SCHEMA
    assert request["tools"] == [
        {"name": WEATHER.name, "description": WEATHER.description, "parameters": WEATHER.parameters}
    ]
    bare = compare_request("Document chat", [ASK])
    assert bare["output_schema"] is None and bare["tools"] == []


# ----- what each generation sends and records -------------------------------------------------
def test_a_generation_sends_the_schema_and_tools_and_records_the_calls(
    fake_daemon: FakeOllama, service: OllamaService
) -> None:
    shaped, tooled = expand_grid(GridSpec(("qwen3:0.6b",), (SHAPED, TOOLED), ({"city": "서울"},)))
    attempts = [
        generate_attempt(service, Job(cell), {}, RunSettings(), 0.0, lambda *_: None, lambda: False)
        for cell in (shaped, tooled)
    ]
    bodies = [body for _, path, body in fake_daemon.requests if path == "/api/chat"]
    assert bodies[0]["format"] == SCHEMA and not bodies[0].get("tools")
    assert [t["function"]["name"] for t in bodies[1]["tools"]] == ["get_weather", "calculator"]
    assert bodies[1]["tools"][0]["function"]["parameters"] == WEATHER.parameters
    answer, called = attempts
    assert answer.status == "done" and answer.tool_calls == []
    assert answer.done_reason == "stop"
    assert called.status == "done" and len(called.tool_calls) == 1
    call = called.tool_calls[0]
    assert call["name"] in ("get_weather", "calculator") and isinstance(call["arguments"], dict)


def test_a_model_without_tools_fails_only_its_tool_cells(service: OllamaService) -> None:
    cells = expand_grid(GridSpec(MODELS, (TOOLED, PLAIN)))
    attempts = {
        (a.model, c.variant): a
        for a in run_cells(service, cells)
        for c in cells
        if c.id == a.cell_id
    }
    refused = attempts[("gemma3:270m", "tooled")]
    assert refused.status == "error" and "does not support tools" in refused.error_message
    assert refused.tool_calls == []
    assert attempts[("qwen3:0.6b", "tooled")].tool_calls
    assert attempts[("gemma3:270m", "plain")].status == "done"


# ----- answers checked against the schema -----------------------------------------------------
@pytest.mark.parametrize(
    ("fault", "state"),
    [
        (None, Check.VALID),
        ("wrong", Check.INVALID),
        ("malformed", Check.NOT_JSON),
        ("length", Check.CUT),
    ],
)
def test_each_answer_is_checked_against_its_schema(
    fake_daemon: FakeOllama, service: OllamaService, fault: str | None, state: str
) -> None:
    fake_daemon.format_fault("gemma3:270m", fault)
    cells = expand_grid(GridSpec(("gemma3:270m",), (SHAPED,), ({"city": "Seoul"},)))
    frame = attempts_frame(cells, run_cells(service, cells))
    assert list(frame["schema_check"]) == [state]
    problems = frame["schema_problems"][0]
    assert (problems == "") == (state == Check.VALID)
    if state == Check.INVALID:
        assert "$" in problems


def test_the_valid_share_per_model_and_prompt_shows_which_model_validates(
    fake_daemon: FakeOllama, service: OllamaService
) -> None:
    fake_daemon.format_fault("gemma3:270m", "wrong")
    spec = GridSpec(MODELS, (SHAPED, PLAIN), ({"city": "Seoul"}, {"city": "부산"}), repeats=2)
    cells = expand_grid(spec)
    frame = attempts_frame(cells, run_cells(service, cells, repeats=2))
    validity = validity_frame(frame)
    shares = {
        (r.model, r.variant): (r.checked, r.valid, r.valid_share) for r in validity.itertuples()
    }
    assert shares == {("gemma3:270m", "shaped"): (4, 0, 0.0), ("qwen3:0.6b", "shaped"): (4, 4, 1.0)}
    summary = summary_frame(frame).set_index("cell_id")
    for cell in cells:
        checked = 2 if cell.variant == "shaped" else 0
        valid = checked if cell.model == "qwen3:0.6b" else 0
        assert (summary.loc[cell.id, "checked"], summary.loc[cell.id, "valid"]) == (checked, valid)


def test_no_schema_means_nothing_to_check() -> None:
    cells = expand_grid(GridSpec(MODELS, (PLAIN,)))
    attempts = [Attempt(c.id, 0, c.model, "done", text="{}") for c in cells]
    frame = attempts_frame(cells, attempts)
    assert set(frame["schema_check"]) == {""} and validity_frame(frame).empty


# ----- cells a model will refuse --------------------------------------------------------------
def test_tools_on_a_model_without_tools_are_flagged_before_the_run() -> None:
    capabilities = {"gemma3:270m": ("completion",), "qwen3:0.6b": ("completion", "tools")}
    found = refused_cells(MODELS, (TOOLED, SHAPED), capabilities)
    assert [(r.model, r.variant, r.missing) for r in found] == [
        ("gemma3:270m", "tooled", ("tools",))
    ]
    assert refused_cells(MODELS, (SHAPED, PLAIN), capabilities) == []
    assert refused_cells(("old:1b",), (TOOLED,), {"old:1b": ()}) == []
