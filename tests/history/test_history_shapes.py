"""Runs with output schemas and tools in the history: saved and read back with the tool calls,
rows saved before them still load, and both exports carry the checks and the calls."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pandas as pd

from tests.fake_ollama import FakeOllama
from workbench.compare import CompareSpec, GridSpec, PromptVariant, RunSettings, expand_grid
from workbench.compare.schedule import FREE
from workbench.history import History, run_to_csv, run_to_json, start_recorded_run
from workbench.ollama import OllamaService
from workbench.tools import ToolSpec

SCHEMA = {
    "type": "object",
    "properties": {"도시": {"type": "string"}, "기온": {"type": "number"}},
    "required": ["도시", "기온"],
}
WEATHER = ToolSpec(
    "get_weather",
    "오늘의 날씨",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)
ASK = {"role": "user", "content": "{{city}}의 날씨를 알려 주세요."}
SHAPED = PromptVariant("스키마", (ASK,), output_schema=SCHEMA)
TOOLED = PromptVariant("도구", (ASK,), tools=(WEATHER,))
GRID = GridSpec(("gemma3:270m", "qwen3:0.6b"), (SHAPED, TOOLED), ({"city": "서울"},))


def recorded(tmp_path: Path, service: OllamaService) -> tuple[History, str]:
    history = History(tmp_path / "history.sqlite3")
    spec = CompareSpec(GRID, RunSettings(policy=FREE, warmup=False))
    run_id, run = start_recorded_run(history, service, spec, expand_grid(GRID), "날씨")
    assert run.join(20)
    return history, run_id


def test_a_run_with_schema_and_tools_is_saved_and_read_back(
    tmp_path: Path, fake_daemon: FakeOllama, service: OllamaService
) -> None:
    fake_daemon.format_fault("gemma3:270m", "wrong")
    history, run_id = recorded(tmp_path, service)
    history.close()
    run = History(tmp_path / "history.sqlite3").load_run(run_id)
    assert run.spec.grid.variants == (SHAPED, TOOLED)
    cells = {(c.model, c.variant): c for c in run.cells}
    assert cells[("qwen3:0.6b", "스키마")].output_schema == SCHEMA
    assert cells[("qwen3:0.6b", "도구")].tools == (WEATHER,)
    attempts = {(a.model, cells_variant(run, a.cell_id)): a for a in run.attempts}
    call = attempts[("qwen3:0.6b", "도구")].tool_calls
    assert [c["name"] for c in call] == ["get_weather"] and "city" in call[0]["arguments"]
    refused = attempts[("gemma3:270m", "도구")]
    assert refused.status == "error" and "does not support tools" in refused.error_message


def cells_variant(run, cell_id: str) -> str:
    return next(c.variant for c in run.cells if c.id == cell_id)


def test_rows_saved_before_schemas_and_tools_still_load(
    tmp_path: Path, service: OllamaService
) -> None:
    history, run_id = recorded(tmp_path, service)
    conn = sqlite3.connect(tmp_path / "history.sqlite3")
    for table, column in (("cells", "cell_json"), ("attempts", "attempt_json")):
        for rowid, text in conn.execute(f"SELECT rowid, {column} FROM {table}").fetchall():
            data = json.loads(text)
            for key in ("output_schema", "tools", "tool_calls"):
                data.pop(key, None)
            conn.execute(
                f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (json.dumps(data), rowid)
            )
    spec = json.loads(conn.execute("SELECT spec_json FROM runs").fetchone()[0])
    for variant in spec["grid"]["variants"]:
        del variant["output_schema"], variant["tools"]
    conn.execute("UPDATE runs SET spec_json = ?", (json.dumps(spec),))
    conn.commit()
    conn.close()
    run = history.load_run(run_id)
    assert all(c.output_schema is None and c.tools == () for c in run.cells)
    assert all(a.tool_calls == [] for a in run.attempts)
    assert json.loads(run_to_json(run))["attempts"][0]["schema_check"] == ""
    history.close()


def test_the_exports_carry_the_checks_and_the_tool_calls(
    tmp_path: Path, fake_daemon: FakeOllama, service: OllamaService
) -> None:
    fake_daemon.format_fault("gemma3:270m", "wrong")
    history, run_id = recorded(tmp_path, service)
    run = history.load_run(run_id)
    frame = pd.read_csv(io.BytesIO(run_to_csv(run)), encoding="utf-8-sig", keep_default_na=False)
    shaped = frame[frame["variant"] == "스키마"].set_index("model")
    assert shaped.loc["qwen3:0.6b", "schema_check"] == "valid"
    assert shaped.loc["gemma3:270m", "schema_check"] == "invalid"
    assert "$" in shaped.loc["gemma3:270m", "schema_problems"]
    tooled = frame[frame["variant"] == "도구"].set_index("model")
    assert json.loads(tooled.loc["qwen3:0.6b", "tool_calls"])[0]["name"] == "get_weather"
    data = json.loads(run_to_json(run))
    assert data["spec"]["grid"]["variants"][0]["output_schema"] == SCHEMA
    assert data["cells"][-1]["tools"][0]["name"] == "get_weather"
    by_cell = {a["cell_id"]: a for a in data["attempts"]}
    checks = {c.model: by_cell[c.id]["schema_check"] for c in run.cells if c.variant == "스키마"}
    assert checks == {"gemma3:270m": "invalid", "qwen3:0.6b": "valid"}
    invalid = next(a for a in data["attempts"] if a["schema_check"] == "invalid")
    assert invalid["violations"] and invalid["violations"][0]["path"].startswith("$")
    history.close()
