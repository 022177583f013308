"""Elo ratings: known sequences, ties, symmetry and the leaderboard."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.compare.elo import Match, Standing, elo_ratings, expected_score, leaderboard


@pytest.mark.parametrize(
    ("matches", "expected"),
    [
        ([], {}),
        ([Match("a", "b", 1.0)], {"a": 1016.0, "b": 984.0}),
        ([Match("a", "b", 0.0)], {"a": 984.0, "b": 1016.0}),
        ([Match("a", "b", 0.5)], {"a": 1000.0, "b": 1000.0}),
        ([Match("a", "b", 1.0), Match("a", "b", 1.0)], {"a": 1030.5304, "b": 969.4696}),
        ([Match("a", "b", 1.0), Match("a", "b", 0.5)], {"a": 1014.5304, "b": 985.4696}),
        (
            [Match("a", "b", 1.0), Match("b", "c", 1.0)],
            {"a": 1016.0, "b": 1000.7363, "c": 983.2637},
        ),
        ([Match("a", "a", 1.0)], {}),
    ],
)
def test_known_sequences(matches, expected):
    ratings = elo_ratings(matches)
    assert ratings.keys() == expected.keys()
    for player, rating in expected.items():
        assert ratings[player] == pytest.approx(rating, abs=1e-3)


@pytest.mark.parametrize(("a", "b", "expected"), [(1000, 1000, 0.5), (1400, 1000, 0.9090909)])
def test_expected_score(a, b, expected):
    assert expected_score(a, b) == pytest.approx(expected)
    assert expected_score(b, a) == pytest.approx(1 - expected)


results = st.lists(
    st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd"), st.sampled_from([0.0, 0.5, 1.0])),
    max_size=30,
)


@given(results)
def test_swapping_sides_changes_nothing_and_points_are_conserved(rows):
    matches = [Match(a, b, s) for a, b, s in rows]
    swapped = [Match(b, a, 1.0 - s) for a, b, s in rows]
    ratings, mirrored = elo_ratings(matches), elo_ratings(swapped)
    assert ratings.keys() == mirrored.keys()
    for player in ratings:
        assert ratings[player] == pytest.approx(mirrored[player])
    assert sum(ratings.values()) == pytest.approx(1000.0 * len(ratings))


def test_custom_k_and_start():
    assert elo_ratings([Match("x", "y", 1.0)], k=16, start=1500) == {"x": 1508.0, "y": 1492.0}


def test_leaderboard_orders_by_rating_and_counts_results():
    matches = [Match("a", "b", 1.0), Match("b", "c", 0.5), Match("c", "a", 1.0), Match("a", "a", 1)]
    board = leaderboard(matches)
    assert [s.player for s in board] == sorted("abc", key=lambda p: -elo_ratings(matches)[p])
    lines = {s.player: (s.wins, s.losses, s.ties, s.games) for s in board}
    assert lines == {"a": (1, 1, 0, 2), "b": (0, 1, 1, 2), "c": (1, 0, 1, 2)}
    assert leaderboard([Match("q", "p", 0.5)]) == [
        Standing("p", 1000.0, 0, 0, 1),
        Standing("q", 1000.0, 0, 0, 1),
    ]
