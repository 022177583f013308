"""Elo ratings from pairwise results: K=32, everyone starts at 1000, a tie scores 0.5."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

K_FACTOR = 32.0
START_RATING = 1000.0


@dataclass(frozen=True)
class Match:
    """One pairwise result: `score_a` is 1 when a won, 0 when b won, 0.5 for a tie."""

    a: str
    b: str
    score_a: float


@dataclass(frozen=True)
class Standing:
    """A player's line on the leaderboard."""

    player: str
    rating: float
    wins: int
    losses: int
    ties: int

    @property
    def games(self) -> int:
        """How many matches the player played."""
        return self.wins + self.losses + self.ties


def expected_score(rating_a: float, rating_b: float) -> float:
    """The chance that a beats b (a tie counting half) under the Elo model."""
    return 1.0 / (1.0 + 10.0 ** ((rating_b - rating_a) / 400.0))


def elo_ratings(
    matches: Iterable[Match], k: float = K_FACTOR, start: float = START_RATING
) -> dict[str, float]:
    """Play the matches in order and return every player's final rating."""
    ratings: dict[str, float] = {}
    for match in matches:
        if match.a == match.b:
            continue
        ra, rb = ratings.setdefault(match.a, start), ratings.setdefault(match.b, start)
        change = k * (match.score_a - expected_score(ra, rb))
        ratings[match.a], ratings[match.b] = ra + change, rb - change
    return ratings


def leaderboard(
    matches: Iterable[Match], k: float = K_FACTOR, start: float = START_RATING
) -> list[Standing]:
    """Standings sorted by rating (highest first), with win/loss/tie counts."""
    played = [m for m in matches if m.a != m.b]
    ratings = elo_ratings(played, k, start)
    record = {player: [0, 0, 0] for player in ratings}
    for match in played:
        for player, score in ((match.a, match.score_a), (match.b, 1.0 - match.score_a)):
            record[player][0 if score > 0.5 else 1 if score < 0.5 else 2] += 1
    standings = [Standing(p, ratings[p], *record[p]) for p in ratings]
    return sorted(standings, key=lambda s: (-s.rating, s.player))
