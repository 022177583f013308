"""Preference pairs for DPO from blind A/B votes and from score differences on one prompt."""

from __future__ import annotations

import json

from workbench.compare import BlindPair, Rating
from workbench.datasets import (
    ExampleFilter,
    PreferencePair,
    preference_jsonl,
    preference_pairs,
    save_gold,
)
from workbench.history import History

from .builders import save_run

A, B = "m0-v0-r0-p0", "m1-v0-r0-p0"  # two models, the same question, template 하늘@1
C = "m0-v1-r0-p0"  # the same question with template 하늘@2 (a system message)
OTHER = "m1-v0-r1-p0"  # another question
SKY = ({"role": "user", "content": "하늘은 왜 파란가요?"},)
SCATTER, DUNNO = "파란빛이 더 많이 흩어지기 때문입니다.", "모르겠습니다."


def test_a_blind_vote_gives_a_pair_that_exports_for_dpo(history: History):
    run = save_run(history, {A: DUNNO, B: (SCATTER, "두 번째 반복")})
    history.votes.add_pair_result(run, BlindPair(A, B).decide("second"))
    (pair,) = preference_pairs(history, ExampleFilter())
    assert pair == PreferencePair(SKY, SCATTER, DUNNO, "blind")
    (line,) = preference_jsonl([pair]).decode("utf-8").splitlines()
    assert json.loads(line) == {
        "prompt": [{"role": "user", "content": "하늘은 왜 파란가요?"}],
        "chosen": [{"role": "assistant", "content": SCATTER}],
        "rejected": [{"role": "assistant", "content": DUNNO}],
    }


def test_ties_and_answers_to_different_questions_are_left_out(history: History):
    run = save_run(history, {A: DUNNO, B: SCATTER, OTHER: "노을은 붉어요."})
    history.votes.add_pair_result(run, BlindPair(A, B).decide("tie"))
    history.votes.add_pair_result(run, BlindPair(A, OTHER).decide("first"))
    assert preference_pairs(history, ExampleFilter()) == []


def test_the_winners_gold_answer_is_chosen_and_the_losers_own_answer_rejected(
    history: History,
):
    run = save_run(history, {A: "산란 때문", C: DUNNO})
    save_gold(history, f"{run}/{A}/0", SCATTER)
    save_gold(history, f"{run}/{C}/0", "고친 답")
    history.votes.add_pair_result(run, BlindPair(C, A).decide("second"))
    (pair,) = preference_pairs(history, ExampleFilter())
    assert (pair.chosen, pair.rejected, pair.prompt) == (SCATTER, DUNNO, SKY)


def test_a_template_comparison_pairs_on_the_same_question_with_the_winners_prompt(
    history: History,
):
    run = save_run(history, {A: DUNNO, C: SCATTER})
    history.votes.add_pair_result(run, BlindPair(A, C).decide("second"))
    (pair,) = preference_pairs(history, ExampleFilter())
    assert [m["role"] for m in pair.prompt] == ["system", "user"]
    assert (pair.chosen, pair.rejected) == (SCATTER, DUNNO)


def test_scores_on_the_same_question_give_pairs_across_runs(history: History):
    first = save_run(history, {A: DUNNO, B: "빛 때문입니다."})
    second = save_run(history, {A: SCATTER})
    history.votes.add_rating(first, Rating(A, "score", 1))
    history.votes.add_rating(first, Rating(B, "score", 3))
    history.votes.add_rating(second, Rating(A, "score", 5))
    pairs = preference_pairs(history, ExampleFilter())
    assert {(p.chosen, p.rejected, p.source) for p in pairs} == {
        (SCATTER, "빛 때문입니다.", "scores"),
        (SCATTER, DUNNO, "scores"),
        ("빛 때문입니다.", DUNNO, "scores"),
    }
    assert preference_pairs(history, ExampleFilter(min_score=4)) == [
        p for p in pairs if p.chosen == SCATTER
    ]


def test_equal_scores_give_no_pair(history: History):
    run = save_run(history, {A: DUNNO, B: SCATTER})
    history.votes.add_rating(run, Rating(A, "score", 4))
    history.votes.add_rating(run, Rating(B, "score", 4))
    assert preference_pairs(history, ExampleFilter()) == []


def test_the_filter_picks_the_chosen_side_and_the_selection(history: History):
    run = save_run(history, {A: DUNNO, B: SCATTER})
    history.votes.add_pair_result(run, BlindPair(A, B).decide("second"))
    history.votes.add_rating(run, Rating(A, "thumbs", 0))
    history.votes.add_rating(run, Rating(B, "thumbs", 1))
    assert len(preference_pairs(history, ExampleFilter(votes=("up",)))) == 1
    assert preference_pairs(history, ExampleFilter(votes=("down",))) == []
    assert preference_pairs(history, ExampleFilter(models=("gemma3:270m",))) == []
