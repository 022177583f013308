"""Ratings of cells, blind A/B pairs, and how both become pairwise matches for Elo.

Rule for turning ratings into matches: two rated cells are compared when they answered the same
variable row with the same parameter set, and either used the same prompt variant (a match
between models) or the same model (a match between prompt variants / template versions). Each
cell's latest rating counts, normalised to 0..1 (thumbs down 0, up 1; score s as (s - 1) / 4);
the higher one wins, equal values tie. Matches come in the order of the later rating.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from workbench.compare.elo import Match
from workbench.compare.grid import Cell
from workbench.errors import WorkbenchError

RatingKind = Literal["thumbs", "score"]
Winner = Literal["a", "b", "tie"]
PlayerAxis = Literal["model", "template"]


class VoteError(WorkbenchError):
    """A rating or A/B choice that does not fit the rules."""

    code = "error.compare_vote"


@dataclass(frozen=True)
class Rating:
    """A person's rating of one cell: thumbs (0 down, 1 up) or a 1-5 score, plus a note."""

    cell_id: str
    kind: RatingKind
    value: int
    note: str = ""

    def __post_init__(self) -> None:
        """Reject values outside the kind's range."""
        allowed = (0, 1) if self.kind == "thumbs" else (1, 2, 3, 4, 5)
        if self.kind not in ("thumbs", "score") or self.value not in allowed:
            raise VoteError(
                code="error.compare_rating",
                kind=self.kind,
                value=self.value,
                allowed=", ".join(str(v) for v in allowed),
            )

    @property
    def normalised(self) -> float:
        """The rating on a 0..1 scale."""
        return float(self.value) if self.kind == "thumbs" else (self.value - 1) / 4


@dataclass(frozen=True)
class PairResult:
    """The outcome of comparing two cells: which one won, or a tie."""

    cell_a: str
    cell_b: str
    winner: Winner

    @property
    def score_a(self) -> float:
        """1 when a won, 0 when b won, 0.5 for a tie."""
        return {"a": 1.0, "b": 0.0, "tie": 0.5}[self.winner]


@dataclass(frozen=True)
class BlindPair:
    """Two cells shown as "1" and "2" with names hidden; `first` is shown on the left."""

    first: str
    second: str

    def decide(self, choice: Literal["first", "second", "tie"]) -> PairResult:
        """Turn the person's choice into a result between the two hidden cells."""
        if choice not in ("first", "second", "tie"):
            raise VoteError(
                code="error.compare_ab_choice",
                choice=choice,
            )
        winner: Winner = "a" if choice == "first" else "b" if choice == "second" else "tie"
        return PairResult(self.first, self.second, winner)


def blind_pair(cell_ids: Sequence[str], rng: random.Random) -> BlindPair:
    """Pick two different cells at random, in random order."""
    if len(set(cell_ids)) < 2:
        raise VoteError(code="error.compare_ab_cells")
    first, second = rng.sample(sorted(set(cell_ids)), 2)
    return BlindPair(first, second)


def _comparable(a: Cell, b: Cell) -> bool:
    same_input = a.row_index == b.row_index and a.params_name == b.params_name
    return same_input and (a.variant == b.variant) != (a.model == b.model)


def ratings_to_results(ratings: Iterable[Rating], cells: Mapping[str, Cell]) -> list[PairResult]:
    """Pairwise results implied by ratings, following the rule in this module's docstring."""
    latest: dict[str, Rating] = {}
    for rating in ratings:
        if rating.cell_id in cells:
            latest.pop(rating.cell_id, None)
            latest[rating.cell_id] = rating
    ordered = list(latest.values())
    results: list[PairResult] = []
    for index, rating in enumerate(ordered):
        for other in ordered[:index]:
            if _comparable(cells[rating.cell_id], cells[other.cell_id]):
                diff = rating.normalised - other.normalised
                winner: Winner = "a" if diff > 0 else "b" if diff < 0 else "tie"
                results.append(PairResult(rating.cell_id, other.cell_id, winner))
    return results


def player_matches(
    results: Iterable[PairResult], cells: Mapping[str, Cell], by: PlayerAxis
) -> list[Match]:
    """Elo matches between models or template labels; pairs of the same player are dropped."""

    def player(cell: Cell) -> str:
        return cell.model if by == "model" else cell.template_label

    matches = []
    for result in results:
        a, b = cells.get(result.cell_a), cells.get(result.cell_b)
        if a is not None and b is not None and player(a) != player(b):
            matches.append(Match(player(a), player(b), result.score_a))
    return matches
