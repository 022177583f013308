"""Ratings, blind A/B pairs, and turning both into Elo matches per model or template."""

from __future__ import annotations

import random

import pytest

from workbench.compare.elo import Match
from workbench.compare.grid import GridSpec, ParamSet, PromptVariant, expand_grid
from workbench.compare.votes import (
    BlindPair,
    PairResult,
    Rating,
    VoteError,
    blind_pair,
    player_matches,
    ratings_to_results,
)

V1 = PromptVariant("v1", ({"role": "user", "content": "{{q}}"},), "sky", "1")
V2 = PromptVariant("v2", ({"role": "user", "content": "{{q}}!"},), "sky", "2")
CELLS = {
    c.id: c
    for c in expand_grid(
        GridSpec(
            ("a", "b"),
            (V1, V2),
            ({"q": "1"}, {"q": "2"}),
            (ParamSet("cold", {"temperature": 0}), ParamSet("hot", {"temperature": 1})),
        )
    )
}


def cell(model: int, variant: int, row: int = 0, params: int = 0) -> str:
    return f"m{model}-v{variant}-r{row}-p{params}"


@pytest.mark.parametrize(
    ("kind", "value", "normalised"),
    [
        ("thumbs", 0, 0.0),
        ("thumbs", 1, 1.0),
        ("score", 1, 0.0),
        ("score", 3, 0.5),
        ("score", 5, 1.0),
    ],
)
def test_ratings_normalise_to_zero_one(kind, value, normalised):
    assert Rating("c", kind, value).normalised == normalised


@pytest.mark.parametrize(
    ("kind", "value"), [("thumbs", 2), ("thumbs", -1), ("score", 0), ("score", 6), ("stars", 3)]
)
def test_bad_ratings_are_refused(kind, value):
    with pytest.raises(VoteError) as raised:
        Rating("c", kind, value)
    assert raised.value.code == "error.compare_rating"


@pytest.mark.parametrize(
    ("ratings", "results"),
    [
        # same variant, row and params, different models: a model match
        (
            [Rating(cell(0, 0), "thumbs", 1), Rating(cell(1, 0), "thumbs", 0)],
            [PairResult(cell(1, 0), cell(0, 0), "b")],
        ),
        # same model, different variants: a template match
        (
            [Rating(cell(0, 0), "score", 2), Rating(cell(0, 1), "score", 4)],
            [PairResult(cell(0, 1), cell(0, 0), "a")],
        ),
        # thumbs up and a 5 are the same on the 0..1 scale
        (
            [Rating(cell(0, 0), "thumbs", 1), Rating(cell(1, 0), "score", 5)],
            [PairResult(cell(1, 0), cell(0, 0), "tie")],
        ),
        # different model AND variant, different row, different params: never paired
        ([Rating(cell(0, 0), "thumbs", 1), Rating(cell(1, 1), "thumbs", 0)], []),
        ([Rating(cell(0, 0, row=0), "thumbs", 1), Rating(cell(1, 0, row=1), "thumbs", 0)], []),
        (
            [Rating(cell(0, 0, params=0), "thumbs", 1), Rating(cell(1, 0, params=1), "thumbs", 0)],
            [],
        ),
        # the latest rating of a cell replaces the earlier one
        (
            [
                Rating(cell(0, 0), "thumbs", 1),
                Rating(cell(1, 0), "thumbs", 0),
                Rating(cell(0, 0), "thumbs", 0),
            ],
            [PairResult(cell(0, 0), cell(1, 0), "tie")],
        ),
        ([Rating("unknown", "thumbs", 1), Rating(cell(0, 0), "thumbs", 0)], []),
    ],
)
def test_ratings_to_results(ratings, results):
    assert ratings_to_results(ratings, CELLS) == results


def test_player_matches_per_model_and_per_template_version():
    results = [
        PairResult(cell(0, 0), cell(1, 0), "a"),
        PairResult(cell(0, 0), cell(0, 1), "b"),
        PairResult(cell(0, 0), cell(1, 1), "tie"),
    ]
    assert player_matches(results, CELLS, "model") == [
        Match("a", "b", 1.0),
        Match("a", "b", 0.5),
    ]
    assert player_matches(results, CELLS, "template") == [
        Match("sky@1", "sky@2", 0.0),
        Match("sky@1", "sky@2", 0.5),
    ]


def test_blind_pairs_are_random_but_reproducible_and_decide_to_results():
    ids = sorted(CELLS)
    pairs = [blind_pair(ids, random.Random(seed)) for seed in range(10)]
    assert all(p.first != p.second for p in pairs)
    assert len({(p.first, p.second) for p in pairs}) > 1
    assert blind_pair(ids, random.Random(4)) == pairs[4]
    pair = BlindPair("x", "y")
    assert pair.decide("first") == PairResult("x", "y", "a")
    assert pair.decide("second").score_a == 0.0
    assert pair.decide("tie").score_a == 0.5


@pytest.mark.parametrize(
    ("ids", "code"), [([], "error.compare_ab_cells"), (["x", "x"], "error.compare_ab_cells")]
)
def test_blind_pair_needs_two_cells(ids, code):
    with pytest.raises(VoteError) as raised:
        blind_pair(ids, random.Random(0))
    assert raised.value.code == code


def test_blind_choice_must_be_known():
    with pytest.raises(VoteError) as raised:
        BlindPair("x", "y").decide("left")  # type: ignore[arg-type]
    assert raised.value.code == "error.compare_ab_choice"
