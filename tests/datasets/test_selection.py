"""Examples out of History: what is left out, their order, each filter, and gold answers."""

from __future__ import annotations

import pytest

from workbench.compare import Rating
from workbench.datasets import (
    DatasetError,
    ExampleFilter,
    clear_gold,
    examples,
    filter_choices,
    save_gold,
)
from workbench.history import History
from workbench.i18n import error_text

from .builders import save_run

A, B = "m0-v0-r0-p0", "m1-v0-r0-p0"  # both models, template 하늘@1, first question
C, D = "m0-v1-r1-p0", "m1-v1-r1-p0"  # both models, template 하늘@2 (with system), second


ANY = ExampleFilter()


def keys(history: History, chosen: ExampleFilter = ANY) -> list[str]:
    return [item.key for item in examples(history, chosen)]


def test_only_finished_answers_with_text_newest_run_first(history: History):
    old = save_run(history, {A: "산란 때문입니다.", B: ("첫째", "둘째")}, "예전")
    new = save_run(
        history,
        {A: "오류", B: "", C: "   \n", D: "취소됨", "m0-v0-r1-p0": "노을은 빛이 길게 지나서요."},
        "새 실행",
        status={A: "error", D: "cancelled"},
    )
    assert keys(history) == [
        f"{new}/m0-v0-r1-p0/0",
        f"{old}/{A}/0",
        f"{old}/{B}/0",
        f"{old}/{B}/1",
    ]
    first = examples(history, ExampleFilter())[0]
    assert (first.run_id, first.run_name, first.model, first.template) == (
        new,
        "새 실행",
        "gemma3:270m",
        "하늘@1",
    )
    assert first.messages == ({"role": "user", "content": "노을은 왜 붉은가요?"},)
    assert (first.prompt_text, first.answer, first.target) == (
        "노을은 왜 붉은가요?",
        "노을은 빛이 길게 지나서요.",
        "노을은 빛이 길게 지나서요.",
    )
    assert first.created_at == history.load_run(new).created_at
    assert (first.gold, first.thumbs, first.score) == (None, None, None)


def test_the_prompt_is_the_system_and_user_turns_and_the_last_user_message(history: History):
    save_run(history, {C: "파장이 짧은 빛이 더 많이 흩어지기 때문이에요."})
    (item,) = examples(history, ExampleFilter())
    assert [m["role"] for m in item.messages] == ["system", "user"]
    assert item.messages[0]["content"] == "친절한 과학 선생님처럼 답하세요."
    assert (item.prompt_text, item.template) == ("노을은 왜 붉은가요?", "하늘@2")


def test_model_and_template_filters(history: History):
    run = save_run(history, {A: "가", B: "나", C: "다", D: "라"})
    assert keys(history, ExampleFilter(models=("qwen3:0.6b",))) == [f"{run}/{B}/0", f"{run}/{D}/0"]
    assert keys(history, ExampleFilter(templates=("하늘@2",))) == [f"{run}/{C}/0", f"{run}/{D}/0"]
    both = ExampleFilter(models=("gemma3:270m",), templates=("하늘@2",))
    assert keys(history, both) == [f"{run}/{C}/0"]
    assert keys(history, ExampleFilter(models=("없는 모델",))) == []
    assert filter_choices(history) == {
        "models": ["gemma3:270m", "qwen3:0.6b"],
        "templates": ["하늘@1", "하늘@2"],
    }


def test_vote_filters_follow_each_cells_latest_thumbs(history: History):
    run = save_run(history, {A: "가", B: "나", C: "다"})
    history.votes.add_rating(run, Rating(A, "thumbs", 0))
    history.votes.add_rating(run, Rating(A, "thumbs", 1))  # changed their mind: up
    history.votes.add_rating(run, Rating(B, "thumbs", 0, "틀림"))
    assert keys(history, ExampleFilter(votes=("up",))) == [f"{run}/{A}/0"]
    assert keys(history, ExampleFilter(votes=("down",))) == [f"{run}/{B}/0"]
    assert keys(history, ExampleFilter(votes=("none",))) == [f"{run}/{C}/0"]
    assert keys(history, ExampleFilter(votes=("up", "none"))) == [f"{run}/{A}/0", f"{run}/{C}/0"]
    thumbs = {item.key: item.thumbs for item in examples(history, ExampleFilter())}
    assert thumbs == {f"{run}/{A}/0": 1, f"{run}/{B}/0": 0, f"{run}/{C}/0": None}


def test_min_score_uses_the_latest_score_and_drops_unscored(history: History):
    run = save_run(history, {A: "가", B: "나", C: "다"})
    history.votes.add_rating(run, Rating(A, "score", 2))
    history.votes.add_rating(run, Rating(A, "score", 5))
    history.votes.add_rating(run, Rating(B, "score", 3))
    assert keys(history, ExampleFilter(min_score=4)) == [f"{run}/{A}/0"]
    assert keys(history, ExampleFilter(min_score=3)) == [f"{run}/{A}/0", f"{run}/{B}/0"]
    assert examples(history, ExampleFilter(min_score=4))[0].score == 5.0


def test_date_filters_are_inclusive_days(history: History, monkeypatch: pytest.MonkeyPatch):
    days = {}
    for day in ("2026-11-30", "2026-12-01", "2026-12-02"):
        monkeypatch.setattr("workbench.history.store.now_text", lambda d=day: f"{d}T10:00:00+00:00")
        days[day] = save_run(history, {A: f"{day}의 답"})
    runs = [item.run_id for item in examples(history, ExampleFilter(since="2026-12-01"))]
    assert runs == [days["2026-12-02"], days["2026-12-01"]]
    runs = [item.run_id for item in examples(history, ExampleFilter(until="2026-12-01"))]
    assert runs == [days["2026-12-01"], days["2026-11-30"]]
    one_day = ExampleFilter(since="2026-12-01", until="2026-12-01")
    assert [item.answer for item in examples(history, one_day)] == ["2026-12-01의 답"]
    with pytest.raises(DatasetError) as raised:
        examples(history, ExampleFilter(since="12월 1일"))
    assert raised.value.code == "error.dataset_bad_date"
    assert "YYYY-MM-DD" in error_text(raised.value, "ko")


def test_gold_is_kept_beside_the_original_answer(history: History):
    run = save_run(history, {A: "모릅니다.", B: "빛의 산란 때문입니다."})
    key = f"{run}/{A}/0"
    save_gold(history, key, "햇빛 중 파란빛이 공기에 더 많이 흩어지기 때문입니다.")
    item = examples(history, ExampleFilter())[0]
    assert (item.answer, item.gold) == (
        "모릅니다.",
        "햇빛 중 파란빛이 공기에 더 많이 흩어지기 때문입니다.",
    )
    assert item.target == item.gold
    assert history.load_run(run).attempts[0].text == "모릅니다."
    assert keys(history, ExampleFilter(with_gold_only=True)) == [key]
    save_gold(history, key, "고친 답을 다시 고쳤습니다.")
    assert (
        examples(history, ExampleFilter(with_gold_only=True))[0].gold
        == "고친 답을 다시 고쳤습니다."
    )
    clear_gold(history, key)
    item = examples(history, ExampleFilter())[0]
    assert (item.gold, item.target) == (None, "모릅니다.")
    assert keys(history, ExampleFilter(with_gold_only=True)) == []


def test_gold_survives_reopening_the_database(history: History):
    run = save_run(history, {A: "원래 답"})
    save_gold(history, f"{run}/{A}/0", "고친 답")
    again = History(history.db.path)
    assert examples(again, ExampleFilter())[0].gold == "고친 답"
    again.close()


@pytest.mark.parametrize(
    ("key", "text", "code"),
    [
        ("{run}/m0-v0-r0-p0/0", "  \n", "error.dataset_gold_empty"),
        ("{run}/m1-v0-r0-p0/0", "고친 답", "error.dataset_no_answer"),  # an error attempt
        ("{run}/m0-v0-r0-p0/7", "고친 답", "error.dataset_no_answer"),
        ("없는실행/m0-v0-r0-p0/0", "고친 답", "error.dataset_no_answer"),
        ("열쇠가 아님", "고친 답", "error.dataset_no_answer"),
    ],
)
def test_gold_for_a_missing_answer_or_blank_text_is_refused(
    history: History, key: str, text: str, code: str
):
    run = save_run(history, {A: "원래 답", B: "오류"}, status={B: "error"})
    with pytest.raises(DatasetError) as raised:
        save_gold(history, key.format(run=run), text)
    assert raised.value.code == code
    assert examples(history, ExampleFilter())[0].gold is None
