"""The Compare page in AppTest: build a grid, preview it, run it against the fake daemon, cancel,
errors kept in their cells, pasted rows, templates, votes and every results view."""

from __future__ import annotations

import json
import statistics
from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.pages_support import button
from workbench.compare import compare_request
from workbench.history.store import History, StoredRun
from workbench.i18n import format_duration
from workbench.library.store import STARTER_DIR, Library
from workbench.templates import Message, Template
from workbench.tools import builtin_spec
from workbench.ui.compare import INBOX_KEY
from workbench.ui.compare import live as compare_live
from workbench.ui.compare.text import diff_markdown, escape_markdown

MODELS = ("gemma3:270m", "qwen3:0.6b")
TEMPERATURES = (0.2, 0.7, 1.0)
RUN = "Run the comparison"


open_compare = partial(pages_support.open_page, "pages/compare.py", timeout=60)
texts = partial(
    pages_support.texts,
    kinds=("markdown", "caption", "error", "warning", "info", "success", "subheader"),
)


def choose_models(at: AppTest, *models: str) -> AppTest:
    picker = at.multiselect(key="compare.models")
    for model in models:
        picker.select(model)
    return at.run()


def set_temperatures(at: AppTest, temperatures: tuple[float, ...]) -> AppTest:
    first, *rest = temperatures
    at.session_state["compare.params"] = {
        "edited_rows": {0: {"name": f"t={first}", "temperature": first}},
        "added_rows": [{"name": f"t={t}", "temperature": t} for t in rest],
        "deleted_rows": [],
    }
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def only_run(tmp_path: Path) -> StoredRun:
    store = History(tmp_path / "data" / "history.sqlite3")
    (summary,) = store.list_runs()
    run = store.load_run(summary.id)
    store.close()
    return run


def test_the_page_renders_in_both_languages(workbench_env: FakeOllama) -> None:
    at = open_compare("ko")
    assert not at.exception and not at.error
    assert at.title[0].value.endswith("비교")
    assert "한 줄로 요약" in at.text_area(key="compare.variant.0.user").value
    assert "비교할 모델을 하나 이상 고르세요." in texts(at)
    english = open_compare("en")
    assert "Choose at least one model to compare." in texts(english)
    assert button(english, RUN).disabled


def test_two_models_two_prompts_three_temperatures(workbench_env, tmp_path) -> None:
    at = set_temperatures(choose_models(open_compare(), *MODELS), TEMPERATURES)
    assert (metric(at, "Cells"), metric(at, "Generations")) == ("12", "12")
    assert "2 model(s) × 2 prompt(s) × 1 input(s) × 3 parameter set(s) = 12 cells" in texts(at)
    button(at, RUN).click().run()
    assert not at.exception and not at.error
    run = only_run(tmp_path)
    assert run.status == "finished" and len(run.cells) == 12
    assert {c.options["temperature"] for c in run.cells} == set(TEMPERATURES)
    assert all(a.status == "done" and a.text and a.output_tokens for a in run.attempts)
    shown = texts(at)
    assert shown.count("first token") == 12 and shown.count("tokens/s") >= 12
    for attempt in run.attempts:
        assert attempt.text.split(".")[0].replace("-", "\\-") in shown
        tokens = f"prompt {attempt.prompt_tokens} · output {attempt.output_tokens} tokens"
        assert tokens in shown
    assert "Input 1" in shown and "**t\\=0\\.7 \\(temperature\\=0\\.7\\)**" in shown


def test_repeats_give_mean_and_spread(workbench_env, tmp_path) -> None:
    workbench_env.token_delay = 0.002
    at = choose_models(open_compare(), "gemma3:270m")
    at.number_input(key="compare.repeats").set_value(3).run()
    assert (metric(at, "Cells"), metric(at, "Generations")) == ("2", "6")
    button(at, RUN).click().run()
    run = only_run(tmp_path)
    assert sorted(a.repeat for a in run.attempts) == [0, 0, 1, 1, 2, 2]
    shown = texts(at)
    assert shown.count("n=3 · first token") == 2
    assert "prompt 50 · output 24 tokens" in shown
    table = next(d.value for d in at.dataframe if "Total time" in d.value.columns)
    assert list(table["n"]) == [3, 3]
    for cell, shown_total in zip(run.cells, table["Total time"], strict=True):
        totals = [a.total_time for a in run.attempts if a.cell_id == cell.id]
        mean, spread = format_duration(statistics.fmean(totals), "en"), statistics.stdev(totals)
        assert shown_total.split(" ± ")[0] == mean
        assert (" ± " in shown_total) == (format_duration(spread, "en") != "0 ms")
    assert any(e.label.startswith("All 3 repeats") for e in at.expander)


def test_a_missing_model_fails_only_its_cells(workbench_env, tmp_path) -> None:
    at = choose_models(open_compare(), *MODELS)
    workbench_env.remove_model("qwen3:0.6b")
    button(at, RUN).click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 2 and all("qwen3:0.6b" in e and "not found" in e for e in errors)
    by_model = {a.model: a.status for a in only_run(tmp_path).attempts}
    assert by_model == {"gemma3:270m": "done", "qwen3:0.6b": "error"}
    assert texts(at).count("first token") == 2


def test_exceeding_the_cap_is_explained_and_blocks_the_run(workbench_env) -> None:
    at = choose_models(open_compare(), *MODELS)
    at.number_input(key="compare.cap").set_value(3).run()
    assert "4 generations, more than the limit of 3" in at.error[0].value
    assert button(at, RUN).disabled
    at.number_input(key="compare.cap").set_value(4).run()
    assert not at.error and not button(at, RUN).disabled


def test_cancel_stops_every_cell(workbench_env, tmp_path, monkeypatch) -> None:
    workbench_env.token_delay = 0.05
    monkeypatch.setattr(compare_live, "BUDGET_SECONDS", 0.4)
    at = set_temperatures(choose_models(open_compare(), *MODELS), TEMPERATURES)
    button(at, RUN).click().run()
    live = at.session_state["compare.live"]
    assert live.board.finished is None and any(b.label == "Cancel every cell" for b in at.button)
    button(at, "Cancel every cell").click().run()
    assert live.run.cancelled and live.run.finished.is_set()
    run = only_run(tmp_path)
    statuses = [a.status for a in run.attempts]
    assert run.status == "cancelled" and len(statuses) == 12 and "cancelled" in statuses
    assert statuses.count("done") < 12
    assert "Cancelled" in texts(at) and not at.exception


def test_pasted_korean_rows_become_inputs(workbench_env, tmp_path) -> None:
    at = choose_models(open_compare(), "gemma3:270m")
    at.text_area(key="compare.paste").input('text\n첫 번째 글입니다\n"두 번째, 글"\n').run()
    button(at, "Use these rows").click().run()
    assert metric(at, "Cells") == "4"
    button(at, RUN).click().run()
    run = only_run(tmp_path)
    assert sorted({c.row["text"] for c in run.cells}) == ["두 번째, 글", "첫 번째 글입니다"]
    assert any("첫 번째 글입니다" in c.messages[-1]["content"] for c in run.cells)


def test_a_bad_paste_is_explained(workbench_env) -> None:
    at = open_compare()
    at.text_area(key="compare.paste").input("text\n").run()
    button(at, "Use these rows").click().run()
    assert "has a header line but no rows" in at.error[0].value


def test_a_library_template_is_a_prompt(workbench_env, tmp_path) -> None:
    library = Library(tmp_path / "data" / "library")
    starter = Library(STARTER_DIR).load("zero-shot-ko")
    library.import_templates([starter])
    at = choose_models(open_compare("ko"), "gemma3:270m")
    button(at, "템플릿 추가").click().run()
    assert at.selectbox(key="compare.variant.2.template").value == "zero-shot-ko"
    assert metric(at, "칸") == "3"
    button(at, "비교 실행").click().run()
    assert not at.exception
    cell = next(c for c in only_run(tmp_path).cells if c.template_id)
    assert cell.template_label == "zero-shot-ko@1"
    assert starter.variables[0].default in cell.messages[-1]["content"]


def test_bad_parameter_values_are_explained(workbench_env) -> None:
    at = choose_models(open_compare(), "gemma3:270m")
    at.session_state["compare.params"] = {
        "edited_rows": {},
        "added_rows": [{"name": "default", "top_k": 2.5}],
        "deleted_rows": [],
    }
    at.run()
    assert "Line 2 of the parameter sets has top_k = '2.5'" in at.error[0].value
    at.session_state["compare.params"] = {
        "edited_rows": {},
        "added_rows": [{"name": "default", "top_k": 2}],
        "deleted_rows": [],
    }
    at.run()
    assert "Two parameter sets are called 'default'" in at.error[0].value
    assert button(at, RUN).disabled


def test_votes_and_blind_pairs_are_saved(workbench_env, tmp_path) -> None:
    at = choose_models(open_compare(), *MODELS)
    button(at, RUN).click().run()
    run = only_run(tmp_path)
    first, second = run.cells[0], run.cells[1]
    at.text_input(key=f"compare.note.{run.id}.{first.id}").input("짧고 정확함").run()
    at.feedback(key=f"compare.thumbs.{run.id}.{first.id}").set_value(1).run()
    at.feedback(key=f"compare.score.{run.id}.{second.id}").set_value(0).run()
    assert "Your vote: 👍 · “짧고 정확함”" in texts(at)
    assert "Your vote: ★☆☆☆☆" in texts(at)
    board = next(d.value for d in at.dataframe if "Elo" in d.value.columns)
    assert list(board["Model"]) == ["gemma3:270m", "qwen3:0.6b"]
    assert list(board["Elo"]) == ["1,016", "984"]
    button(at, "New blind pair").click().run()
    button(at, "1 is better").click().run()
    assert "Saved: answer 1 won." in texts(at) and "This was:" in texts(at)
    stored = only_run(tmp_path)
    assert [(r.kind, r.value, r.note) for r in stored.ratings] == [
        ("thumbs", 1, "짧고 정확함"),
        ("score", 1, ""),
    ]
    assert len(stored.pair_results) == 1


def test_the_diff_view_colours_words(workbench_env) -> None:
    at = choose_models(open_compare(), *MODELS)
    button(at, RUN).click().run()
    diff = "\n".join(m.value for m in at.markdown if "-background[" in m.value)
    assert ":red-background[~~" in diff and ":green-background[" in diff


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("*bold* _x_", "\\*bold\\* \\_x\\_"),
        (":red[x] :material/home:", "\\:red\\[x\\] \\:material\\/home\\:"),
        ("$x$ <b>&amp;</b>", "\\$x\\$ \\<b\\>\\&amp;\\<\\/b\\>"),
        ("# 제목\n    code", "\\# 제목  \n\u00a0\u00a0\u00a0\u00a0code"),
    ],
)
def test_model_text_is_shown_literally(text: str, shown: str) -> None:
    assert escape_markdown(text) == shown


def test_word_diffs_colour_only_changed_words_and_escape_them() -> None:
    diff = diff_markdown("하늘은 [파랗다] 오늘", "하늘은 *붉다* 오늘")
    assert diff == ("하늘은 :red-background[~~\\[파랗다\\]~~]:green-background[\\*붉다\\*] 오늘")


def test_changed_lines_are_coloured_line_by_line() -> None:
    diff = diff_markdown("a b\nc d", "x")
    assert diff == ":red-background[~~a b~~]  \n:red-background[~~c d~~]:green-background[x]"


def test_a_concurrency_cap_and_the_daemons_slots_reach_the_run(workbench_env, tmp_path) -> None:
    at = choose_models(open_compare(), "gemma3:270m", "qwen3:0.6b")
    at.radio(key="compare.policy").set_value("gpu").run()
    at.number_input(key="compare.parallel").set_value(2).run()
    at.number_input(key="compare.max_concurrency").set_value(1).run()
    button(at, RUN).click().run()
    settings = only_run(tmp_path).spec.settings
    assert settings.parallel == 2 and settings.max_concurrency == 1
    assert settings.policy is not None and settings.policy.per_model == 2
    policy = only_run(tmp_path).policy
    assert policy is not None and policy.max_in_flight == 1


def test_a_new_session_starts_with_the_models_compared_last(workbench_env) -> None:
    choose_models(open_compare(), "qwen3:0.6b", "gemma3:270m")
    assert open_compare().multiselect(key="compare.models").value == ["qwen3:0.6b", "gemma3:270m"]


# ----- output schemas and tools per prompt ----------------------------------------------------
CITY_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
    "required": ["city", "population"],
}


def save_city_template(tmp_path: Path) -> None:
    message = Message("user", "Give the facts about Seoul as JSON.")
    template = Template("city-facts", "City facts", [message], output_schema=CITY_SCHEMA)
    Library(tmp_path / "data" / "library").save(template, None)


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_a_template_schema_shows_which_models_answers_validate(workbench_env, tmp_path) -> None:
    save_city_template(tmp_path)
    workbench_env.format_fault("gemma3:270m", "wrong")
    at = choose_models(open_compare(), *MODELS)
    button(at, "Add a template").click().run()
    assert at.selectbox(key="compare.variant.2.template").value == "city-facts"
    assert "📐 Answers must match an output schema" in texts(at)
    button(at, RUN).click().run()
    assert not at.exception
    run = only_run(tmp_path)
    shaped = [c for c in run.cells if c.template_id == "city-facts"]
    assert len(shaped) == 2 and all(c.output_schema == CITY_SCHEMA for c in shaped)
    validity = frame_with(at, "Valid share")
    rows = {
        r["Model"]: (r["Valid against the schema"], r["Valid share"])
        for _, r in validity.iterrows()
    }
    assert rows == {"gemma3:270m": ("0 of 1", 0.0), "qwen3:0.6b": ("1 of 1", 1.0)}
    shown = texts(at)
    assert shown.count(":green-background[✅ Valid against the schema]") == 1
    assert shown.count(":red-background[❌ Invalid: 2 violation(s) of the schema]") == 1
    assert "\\$ — 'city' is a required property" in shown
    assert "\\$\\.population — 'many' is not of type 'integer'" in shown
    table = frame_with(at, "Total time")
    assert sorted(table["Valid against the schema"]) == ["0 of 1", "1 of 1", "—", "—", "—", "—"]


def test_an_invalid_typed_schema_is_refused_at_the_field(workbench_env) -> None:
    at = choose_models(open_compare(), "gemma3:270m")
    at.radio(key="compare.variant.0.schema.mode").set_value("json").run()
    at.text_area(key="compare.variant.0.schema.json").input('{"type": "object",').run()
    assert at.error, "the schema's problem is shown at the field"
    assert "Prompt A" in next(w.value for w in at.warning if "not valid" in w.value)
    assert button(at, RUN).disabled
    at.text_area(key="compare.variant.0.schema.json").input(json.dumps(CITY_SCHEMA)).run()
    assert not at.error and not button(at, RUN).disabled


def test_tools_on_a_model_without_tools_are_flagged_and_the_rest_runs(
    workbench_env, tmp_path
) -> None:
    at = choose_models(open_compare(), *MODELS)
    at.button(key="compare.variant.0.tools.add_builtin").click().run()
    flagged = [w.value.replace("\\", "") for w in at.warning if "will be refused" in w.value]
    assert len(flagged) == 1 and "gemma3:270m" in flagged[0] and "Prompt A" in flagged[0]
    assert not button(at, RUN).disabled
    button(at, RUN).click().run()
    assert not at.exception
    run = only_run(tmp_path)
    by_cell = {
        (a.model, c.variant): a for c in run.cells for a in run.attempts if a.cell_id == c.id
    }
    assert by_cell[("gemma3:270m", "Prompt A")].status == "error"
    assert "does not support tools" in at.error[0].value
    assert by_cell[("gemma3:270m", "Prompt B")].status == "done"
    calls = by_cell[("qwen3:0.6b", "Prompt A")].tool_calls
    assert [c["name"] for c in calls] == ["calculator"]
    assert "🛠️ Called **calculator** with:" in texts(at)
    table = frame_with(at, "Tool calls")
    assert any(str(v).startswith("calculator(") for v in table["Tool calls"])


def test_a_prompt_handed_over_keeps_its_schema_and_tools(workbench_env, tmp_path) -> None:
    at = open_compare()
    tool = builtin_spec("calculator")
    messages = [{"role": "user", "content": "What is 6 x 7?"}]
    at.session_state[INBOX_KEY] = compare_request(
        "From the Playground", messages, ["qwen3:0.6b"], None, CITY_SCHEMA, [tool]
    )
    at.run()
    assert "🛠️ Tools: calculator" in texts(at)
    button(at, RUN).click().run()
    cell = next(c for c in only_run(tmp_path).cells if c.variant == "From the Playground")
    assert cell.output_schema == CITY_SCHEMA and cell.tools == (tool,)
