"""Ratings and blind A/B results in the history database, and leaderboards built from them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import get_args

from workbench.compare import (
    Cell,
    Match,
    PairResult,
    PlayerAxis,
    Rating,
    Standing,
    cell_from_dict,
    leaderboard,
    player_matches,
    ratings_to_results,
)
from workbench.history.db import HistoryDB, now_text

RunIds = tuple[str, ...] | None
Boards = dict[PlayerAxis, list[Standing]]
_STAMP = (
    "SELECT (SELECT count(*) FROM runs), (SELECT max(rowid) FROM runs),"
    " (SELECT count(*) FROM ratings), (SELECT max(id) FROM ratings),"
    " (SELECT count(*) FROM pair_results), (SELECT max(id) FROM pair_results)"
)


class VoteStore:
    """Ratings and A/B results, each tied to a run and a cell id within it."""

    def __init__(self, db: HistoryDB) -> None:
        self.db = db
        self._boards: dict[tuple[RunIds, tuple[int, ...]], Boards] = {}

    def add_rating(self, run_id: str, rating: Rating) -> int:
        """Save a rating; returns its id."""
        cursor = self.db.connection().execute(
            "INSERT INTO ratings (run_id, cell_id, kind, value, note, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (run_id, rating.cell_id, rating.kind, rating.value, rating.note, now_text()),
        )
        return int(cursor.lastrowid or 0)

    def add_pair_result(self, run_id: str, result: PairResult) -> int:
        """Save a blind A/B result; returns its id."""
        cursor = self.db.connection().execute(
            "INSERT INTO pair_results (run_id, cell_a, cell_b, winner, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (run_id, result.cell_a, result.cell_b, result.winner, now_text()),
        )
        return int(cursor.lastrowid or 0)

    def ratings(self, run_id: str) -> list[Rating]:
        """A run's ratings, oldest first."""
        rows = (
            self.db.connection()
            .execute(
                "SELECT cell_id, kind, value, note FROM ratings WHERE run_id = ? ORDER BY id",
                (run_id,),
            )
            .fetchall()
        )
        return [Rating(r["cell_id"], r["kind"], r["value"], r["note"]) for r in rows]

    def pair_results(self, run_id: str) -> list[PairResult]:
        """A run's A/B results, oldest first."""
        rows = (
            self.db.connection()
            .execute(
                "SELECT cell_a, cell_b, winner FROM pair_results WHERE run_id = ? ORDER BY id",
                (run_id,),
            )
            .fetchall()
        )
        return [PairResult(r["cell_a"], r["cell_b"], r["winner"]) for r in rows]

    def matches(self, by: PlayerAxis, run_ids: Iterable[str] | None = None) -> list[Match]:
        """Elo matches from A/B results and ratings, run by run (oldest run first)."""
        return [
            match
            for results, cells in self._results(run_ids)
            for match in player_matches(results, cells, by)
        ]

    def leaderboard(self, by: PlayerAxis, run_ids: Iterable[str] | None = None) -> list[Standing]:
        """Elo standings of models or template versions over the chosen runs (default all).

        Both axes are computed in one read and kept until a run or vote is added.
        """
        key = (None if run_ids is None else tuple(run_ids), self._stamp())
        boards = self._boards.get(key)
        if boards is None:
            per_run = list(self._results(key[0]))
            boards = {
                axis: leaderboard(m for r, c in per_run for m in player_matches(r, c, axis))
                for axis in get_args(PlayerAxis)
            }
            kept = {k: v for k, v in self._boards.items() if k[1] == key[1]}
            self._boards = kept | {key: boards}
        return list(boards[by])

    def _stamp(self) -> tuple[int, ...]:
        """Changes whenever a run, cell, rating or A/B result is added (by any process)."""
        row = self.db.connection().execute(_STAMP).fetchone()
        return tuple(-1 if v is None else int(v) for v in row)

    def _results(
        self, run_ids: Iterable[str] | None
    ) -> Iterator[tuple[list[PairResult], dict[str, Cell]]]:
        conn = self.db.connection()
        if run_ids is None:
            rows = conn.execute("SELECT id FROM runs ORDER BY created_at, rowid").fetchall()
            run_ids = [row[0] for row in rows]
        for run_id in run_ids:
            cells = self._cells(run_id)
            yield self.pair_results(run_id) + ratings_to_results(self.ratings(run_id), cells), cells

    def _cells(self, run_id: str) -> dict[str, Cell]:
        rows = (
            self.db.connection()
            .execute("SELECT cell_json FROM cells WHERE run_id = ?", (run_id,))
            .fetchall()
        )
        return {cell.id: cell for cell in (cell_from_dict(json.loads(r[0])) for r in rows)}
