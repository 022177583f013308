"""The History page in AppTest: list and reopen runs, export them with Korean intact, re-run and
see what changed, leaderboards that follow the votes, and a page that opens without a daemon."""

from __future__ import annotations

import io
import json
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.pages_support import button
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.spec import CompareSpec
from workbench.history.runs import start_recorded_run
from workbench.history.store import History
from workbench.ollama.client import OllamaService
from workbench.tools import builtin_spec

MODELS = ("gemma3:270m", "qwen3:0.6b")
ASK = PromptVariant("요약", ({"role": "user", "content": "한 줄로 요약하세요: {{text}}"},))
ROW = {"text": "하늘은 왜 파란가요? 빛이 흩어지기 때문입니다."}


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What every download button of a run would send: file name -> data (or its builder)."""
    files: dict[str, Any] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record(self, data, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, **kwargs)

    def record_deferred(self, builder, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = builder
        return add_deferred(self, builder, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files


def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def recorded_run(daemon: FakeOllama, tmp_path: Path, name: str = "하늘 요약") -> str:
    """Run 2 models x 1 prompt on one Korean input straight through the logic; return its id."""
    history, service = History(db_path(tmp_path)), OllamaService(daemon.url)
    spec = CompareSpec(GridSpec(MODELS, (ASK,), (ROW,)), RunSettings())
    run_id, run = start_recorded_run(history, service, spec, expand_grid(spec.grid), name)
    assert run.join(20)
    history.close()
    service.close()
    return run_id


open_history = partial(pages_support.open_page, "pages/history.py", timeout=60)
texts = partial(
    pages_support.texts, kinds=("markdown", "caption", "error", "info", "success", "subheader")
)


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.parametrize(("language", "empty"), [("en", "No comparison"), ("ko", "아직 실행한")])
def test_an_empty_history(workbench_env, language: str, empty: str) -> None:
    at = open_history(language)
    assert not at.exception and not at.error
    assert empty in at.info[0].value


def test_runs_are_listed_and_the_newest_reopens_with_every_view(workbench_env, tmp_path):
    recorded_run(workbench_env, tmp_path, "first")
    recorded_run(workbench_env, tmp_path, "second")
    at = open_history()
    assert not at.exception and not at.error
    runs = table_with(at, "Models")
    assert list(runs["Name"]) == ["second", "first"]
    assert list(runs["Cells"]) == [2, 2] and runs["Models"][0] == "gemma3:270m, qwen3:0.6b"
    assert "📊 second" in texts(at)
    assert texts(at).count("first token") == 2
    older = History(db_path(tmp_path)).run_ids()[1]
    at.selectbox(key="history.run").set_value(older).run()
    assert "📊 first" in texts(at)
    assert any(":green-background[" in m.value or "~~" in m.value for m in at.markdown)


def test_export_keeps_korean(workbench_env, tmp_path, downloads) -> None:
    recorded_run(workbench_env, tmp_path)
    open_history()
    csv_name = next(name for name in downloads if name.endswith(".csv") and "history" not in name)
    frame = pd.read_csv(io.BytesIO(downloads[csv_name]()), encoding="utf-8-sig")
    assert set(frame["model"]) == set(MODELS) and frame["run_name"][0] == "하늘 요약"
    json_name = csv_name.removesuffix(".csv") + ".json"
    exported = downloads[json_name]()
    assert '"name": "하늘 요약"' in exported and "\\u" not in exported
    assert json.loads(exported)["cells"][0]["row"] == ROW
    everything = downloads["compare-history.csv"]().decode("utf-8-sig")
    assert "하늘 요약" in everything
    assert json.loads(downloads["compare-history.json"]())["runs"][0]["name"] == "하늘 요약"


def test_a_rerun_opens_with_what_changed(workbench_env, tmp_path) -> None:
    original = recorded_run(workbench_env, tmp_path)
    at = open_history()
    workbench_env.settings.answer_tokens = 12
    button(at, "Run again").click().run()
    assert not at.exception and not at.error
    assert "What changed since 하늘 요약" in texts(at)
    assert "2 of 2 cells answered differently." in texts(at)
    changes = table_with(at, "Answer")
    assert list(changes["Answer"]) == ["✏️", "✏️"]
    assert list(changes["Δ Output tokens"]) == ["-12", "-12"]
    history = History(db_path(tmp_path))
    newest = history.load_run(history.run_ids()[0])
    assert newest.parent_run_id == original and newest.name == "하늘 요약 (re-run)"
    assert at.selectbox(key="history.run").value == newest.id


def test_a_vote_on_compare_changes_the_leaderboard_on_history(workbench_env, tmp_path) -> None:
    run_id = recorded_run(workbench_env, tmp_path)
    at = open_history()
    assert "No votes yet" in texts(at)
    history = History(db_path(tmp_path))
    winner, loser = history.load_run(run_id).cells
    at.feedback(key=f"history.thumbs.{run_id}.{loser.id}").set_value(0).run()
    at.feedback(key=f"history.thumbs.{run_id}.{winner.id}").set_value(1).run()
    board = table_with(at, "Elo")
    assert list(board["Model"]) == [winner.model, loser.model]
    assert list(board["Won-lost-tied"]) == ["1-0-0", "0-1-0"]


def test_compare_votes_reach_the_history_leaderboard(workbench_env, tmp_path) -> None:
    at = AppTest.from_file("../../app.py", default_timeout=60)
    at.session_state["language"] = "en"
    at.run()
    at.switch_page("pages/compare.py").run()
    at.multiselect(key="compare.models").select(MODELS[0]).select(MODELS[1]).run()
    button(at, "Run the comparison").click().run()
    run_id = History(db_path(tmp_path)).run_ids()[0]
    at.feedback(key=f"compare.score.{run_id}.m1-v0-r0-p0").set_value(4).run()
    at.feedback(key=f"compare.score.{run_id}.m0-v0-r0-p0").set_value(1).run()
    at.switch_page("pages/history.py").run()
    board = table_with(at, "Elo")
    assert list(board["Model"]) == ["qwen3:0.6b", "gemma3:270m"]
    assert list(board["Elo"]) == ["1,016", "984"]


def test_history_opens_without_a_daemon(workbench_env, tmp_path) -> None:
    recorded_run(workbench_env, tmp_path)
    workbench_env.stop()
    at = open_history("ko")
    assert not at.exception
    assert "ollama serve" in at.error[0].value
    assert "데몬이 없어도 기록은 열립니다" in texts(at)
    assert button(at, "다시 실행").disabled
    assert texts(at).count("첫 토큰") == 2


def test_runs_are_listed_page_by_page(workbench_env, tmp_path) -> None:
    history = History(db_path(tmp_path))
    spec = CompareSpec(GridSpec(MODELS, (ASK,), (ROW,)), RunSettings())
    for number in range(55):
        history.create_run(spec, expand_grid(spec.grid), {}, f"run {number}")
    history.close()
    at = open_history()
    assert len(table_with(at, "Models")) == 50
    assert table_with(at, "Models")["Name"][0] == "run 54"
    at.number_input(key="history.page").set_value(2).run()
    assert list(table_with(at, "Models")["Name"]) == [f"run {n}" for n in range(4, -1, -1)]
    assert "📊 run 4" in texts(at)


def test_the_page_shows_what_was_run(workbench_env, tmp_path) -> None:
    recorded_run(workbench_env, tmp_path, "spec")
    at = open_history()
    assert not at.exception
    shown = texts(at)
    assert "Models: gemma3:270m, qwen3:0.6b" in shown and "seed: 42" in shown
    for message in ASK.messages:
        assert any(message["content"] == text.value for text in at.text)
    inputs = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert all(str(value) in inputs for value in ROW.values())


def test_a_saved_run_shows_its_schema_checks_and_tool_calls(workbench_env, tmp_path) -> None:
    schema = {
        "type": "object",
        "properties": {"요약": {"type": "string"}, "점수": {"type": "integer"}},
        "required": ["요약", "점수"],
    }
    shaped = PromptVariant("스키마", ASK.messages, output_schema=schema)
    tooled = PromptVariant("도구", ASK.messages, tools=(builtin_spec("calculator"),))
    workbench_env.format_fault("gemma3:270m", "malformed")
    history, service = History(db_path(tmp_path)), OllamaService(workbench_env.url)
    spec = CompareSpec(
        GridSpec(("qwen3:0.6b", "gemma3:270m"), (shaped, tooled), (ROW,)), RunSettings()
    )
    _, run = start_recorded_run(history, service, spec, expand_grid(spec.grid), "스키마 실행")
    assert run.join(20)
    history.close()
    service.close()
    at = open_history("ko")
    assert not at.exception
    validity = table_with(at, "맞는 비율")
    rows = {r["모델"]: r["스키마에 맞는 답변"] for _, r in validity.iterrows()}
    assert rows == {"qwen3:0.6b": "1개 중 1개", "gemma3:270m": "1개 중 0개"}
    shown = texts(at)
    assert ":green-background[✅ 스키마에 맞음]" in shown
    assert ":red-background[❌ JSON이 아님]" in shown
    assert "🛠️ **calculator** 호출, 인수:" in shown
    assert "does not support tools" in " ".join(e.value for e in at.error)
    assert '"점수"' in " ".join(c.value for c in at.code)  # the schema, in what was run
