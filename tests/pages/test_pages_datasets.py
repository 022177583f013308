"""The Datasets page in AppTest: runs saved into a temporary history through the store API,
filters, a gold answer kept in SQLite, exports that download valid bytes with Korean intact, an
empty selection refused, and the before/after grid handed to Compare."""

from __future__ import annotations

import io
import json
from functools import partial
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.pages.test_pages_history import db_path
from tests.pages.test_pages_history import downloads as downloads  # the fixture
from tests.pages_support import button
from workbench.compare import EXPECTED_COLUMN, Rating, rows_request
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.spec import CompareSpec
from workbench.datasets import Example, ExampleFilter, examples
from workbench.history.runs import start_recorded_run
from workbench.history.store import History
from workbench.ollama.client import OllamaService

MODELS = ("gemma3:270m", "qwen3:0.6b")
ASK = PromptVariant("질문", ({"role": "system", "content": "한국어로 답하세요."},
                            {"role": "user", "content": "{{q}}"}))  # fmt: skip
QUESTIONS = ("하늘은 왜 파란가요?", "바다는 왜 짠가요?", "무지개는 어떻게 생기나요?")

open_datasets = partial(pages_support.open_page, "pages/datasets.py", timeout=60)
texts = partial(
    pages_support.texts, kinds=("markdown", "caption", "error", "info", "success", "subheader")
)


def recorded_run(daemon: FakeOllama, tmp_path: Path, name: str = "하늘과 바다") -> str:
    """2 models x 1 prompt x 3 Korean questions, run through the logic and saved."""
    history, service = History(db_path(tmp_path)), OllamaService(daemon.url)
    rows = tuple({"q": q} for q in QUESTIONS)
    spec = CompareSpec(GridSpec(MODELS, (ASK,), rows), RunSettings())
    run_id, run = start_recorded_run(history, service, spec, expand_grid(spec.grid), name)
    assert run.join(20)
    history.close()
    service.close()
    return run_id


def thumbs_up(tmp_path: Path, run_id: str, model: str, question: str) -> Example:
    """Vote thumbs up on `model`'s answer to `question`; that example."""
    history = History(db_path(tmp_path))
    cell = next(
        c for c in history.load_run(run_id).cells if c.model == model and c.row["q"] == question
    )
    history.votes.add_rating(run_id, Rating(cell.id, "thumbs", 1))
    (item,) = [
        e for e in examples(history, ExampleFilter(votes=("up",))) if e.key.startswith(run_id)
    ]
    history.close()
    return item


def table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Est. tokens" in d.value.columns)


def stored(tmp_path: Path) -> list[Example]:
    history = History(db_path(tmp_path))
    try:
        return examples(history, ExampleFilter())
    finally:
        history.close()


def test_no_history_yet_points_to_compare(workbench_env) -> None:
    at = open_datasets("ko")
    assert not at.exception and not at.error
    assert "아직 실행한 비교가 없어" in at.info[0].value
    assert "비교 시작하기" in str(at.get("page_link")[0].proto)


def test_filters_choose_the_examples(workbench_env, tmp_path) -> None:
    run_id = recorded_run(workbench_env, tmp_path)
    voted = thumbs_up(tmp_path, run_id, "qwen3:0.6b", QUESTIONS[1])
    at = open_datasets()
    assert not at.exception and not at.error
    assert len(table(at)) == 6 and "Answers selected: 6." in texts(at)
    at.multiselect(key="datasets.models").select("gemma3:270m").run()
    assert set(table(at)["Model"]) == {"gemma3:270m"} and len(table(at)) == 3
    at.multiselect(key="datasets.models").unselect("gemma3:270m").run()
    at.multiselect(key="datasets.votes").select("up").run()
    shown = table(at)
    assert list(shown["User message"]) == [voted.prompt_text] and list(shown["Vote"]) == ["👍"]
    at.multiselect(key="datasets.votes").unselect("up").select("down").run()
    assert "No answer matches these filters" in texts(at)


def test_a_gold_answer_is_kept_beside_the_original(workbench_env, tmp_path) -> None:
    recorded_run(workbench_env, tmp_path)
    first = stored(tmp_path)[0]
    at = open_datasets()
    at.selectbox(key="datasets.gold_pick").set_value(first.key).run()
    at.text_area(key=f"datasets.gold.{first.key}").input("고친 답: 빛의 산란 때문입니다.").run()
    button(at, "Save gold answer").click().run()
    assert not at.exception and "Gold answer saved." in texts(at)
    again = next(e for e in stored(tmp_path) if e.key == first.key)
    assert (again.gold, again.answer) == ("고친 답: 빛의 산란 때문입니다.", first.answer)
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/datasets.py").run()
    assert "고친 답: 빛의 산란 때문입니다." in list(table(at)["Gold answer"])
    assert at.selectbox(key="datasets.gold_pick").value == first.key
    button(at, "Remove gold answer").click().run()
    assert next(e for e in stored(tmp_path) if e.key == first.key).gold is None
    assert at.text_area(key=f"datasets.gold.{first.key}").value == first.answer


def test_exports_download_valid_files_with_korean_intact(workbench_env, tmp_path, downloads):
    run_id = recorded_run(workbench_env, tmp_path)
    voted = thumbs_up(tmp_path, run_id, "gemma3:270m", QUESTIONS[0])
    at = open_datasets()
    at.toggle(key="datasets.dedupe").set_value(False).run()
    at.slider(key="datasets.share").set_value(0.0).run()
    assert not at.exception
    chat = downloads["train.chat.jsonl"].decode("utf-8")
    assert "\\u" not in chat and "하늘은 왜 파란가요?" in chat
    lines = [json.loads(line) for line in chat.splitlines()]
    assert len(lines) == 6
    assert {"messages": [*voted.messages, {"role": "assistant", "content": voted.answer}]} in lines
    alpaca = json.loads(downloads["train.alpaca.json"].decode("utf-8"))
    assert len(alpaca) == 6 and set(alpaca[0]) == {"instruction", "input", "output"}
    frame = pd.read_parquet(io.BytesIO(downloads["train.parquet"]))
    assert len(frame) == 6 and QUESTIONS[2] in " ".join(map(str, frame.to_numpy().ravel()))
    assert "Read by TRL's SFTTrainer, Unsloth and Axolotl." in texts(at)


def test_dropped_duplicates_and_the_split_are_shown(workbench_env, tmp_path) -> None:
    recorded_run(workbench_env, tmp_path)
    at = open_datasets()
    assert "Dropped as duplicates (3)" in [e.label for e in at.expander]
    dropped = next(d.value for d in at.dataframe if "Why" in d.value.columns)
    assert set(dropped["Why"]) == {"exact duplicate"}
    at.slider(key="datasets.share").set_value(0.5).run()
    counts = {m.label: m.value for m in at.metric}
    assert counts == {
        "Training examples": "1",
        "Validation examples": "2",
        "Dropped duplicates": "3",
    }


def test_an_empty_selection_is_refused_with_the_reason(workbench_env, tmp_path, downloads):
    recorded_run(workbench_env, tmp_path)
    at = open_datasets()
    at.multiselect(key="datasets.votes").select("down").run()
    assert not at.exception
    assert "No answer matches these filters" in texts(at)
    assert len(at.warning) == 4  # one reason per format, and no download button
    assert not at.get("download_button")


def test_before_after_lands_in_compare_with_both_models_and_the_rows(workbench_env, tmp_path):
    recorded_run(workbench_env, tmp_path)
    at = open_datasets()
    at.slider(key="datasets.share").set_value(0.5).run()
    validation = button(at, "Set up the comparison")
    assert validation.disabled and "Pick two different models." in texts(at)
    at.selectbox(key="datasets.base").set_value("gemma3:270m").run()
    at.selectbox(key="datasets.tuned").set_value("qwen3:0.6b").run()
    assert "Validation prompts that become the input rows: 2." in texts(at)
    button(at, "Set up the comparison").click().run()
    assert not at.exception and at.session_state["compare.models"] == list(MODELS)
    assert "Before/after: gemma3:270m vs qwen3:0.6b" in [t.value for t in at.text_input]
    sent = [row["prompt"] for row in at.session_state["compare.rows"]["rows"]]
    assert len(sent) == 2 and set(sent) < set(QUESTIONS)
    at.switch_page("pages/compare.py").run()  # AppTest stays on the page it last ran
    button(at, "Run the comparison").click().run()
    history = History(db_path(tmp_path))
    run = history.load_run(history.run_ids()[0])
    history.close()
    assert run.spec.grid.models == MODELS and len(run.cells) == 4
    answers = {(e.prompt_text, e.target) for e in stored(tmp_path)}
    for cell in run.cells:
        assert (cell.row["prompt"], cell.row[EXPECTED_COLUMN]) in answers
        assert cell.messages[0] == ASK.messages[0]
        assert cell.messages[1] == {"role": "user", "content": cell.row["prompt"]}


def test_rows_with_different_system_messages_carry_their_own() -> None:
    asked = [
        ({"role": "system", "content": "짧게."}, {"role": "user", "content": "하나?"}),
        ({"role": "user", "content": "둘?"},),
    ]
    request = rows_request("전후", MODELS, asked, ["1", "2"])
    assert request["messages"] == [
        {"role": "system", "content": "{{system}}"},
        {"role": "user", "content": "{{prompt}}"},
    ]
    assert request["rows"] == [
        {"prompt": "하나?", "expected": "1", "system": "짧게."},
        {"prompt": "둘?", "expected": "2", "system": ""},
    ]
    assert request["models"] == list(MODELS) and request["fresh"]


def test_the_dataset_builds_without_a_daemon(workbench_env, tmp_path, downloads) -> None:
    recorded_run(workbench_env, tmp_path)
    workbench_env.stop()
    at = open_datasets("ko")
    assert not at.exception and "ollama serve" in at.error[0].value
    assert len(next(d.value for d in at.dataframe if "예상 토큰" in d.value.columns)) == 6
    assert "train.chat.jsonl" in downloads
    assert "Ollama 데몬이 필요합니다" in texts(at)


def test_a_long_selection_is_shown_page_by_page(workbench_env, tmp_path) -> None:
    history, service = History(db_path(tmp_path)), OllamaService(workbench_env.url)
    rows = tuple({"q": f"질문 {n}번: 왜 그런가요?"} for n in range(28))
    spec = CompareSpec(GridSpec(MODELS, (ASK,), rows, cap=100), RunSettings())
    assert start_recorded_run(history, service, spec, expand_grid(spec.grid), "긴 실행")[1].join(60)
    history.close()
    service.close()
    at = open_datasets()
    assert len(table(at)) == 50 and "Answers selected: 56." in texts(at)
    at.number_input(key="datasets.page").set_value(2).run()
    assert len(table(at)) == 6
