"""Gold answers: an attempt's answer corrected by hand, kept beside the original in SQLite."""

from __future__ import annotations

from workbench.compare import DONE
from workbench.history.db import HistoryDB, now_text

AttemptKey = tuple[str, int]  # (cell id, repeat) within a run


class GoldStore:
    """Corrected answers, one per attempt; the attempt's own answer is never touched."""

    def __init__(self, db: HistoryDB) -> None:
        self.db = db

    def save(self, run_id: str, cell_id: str, repeat: int, text: str) -> bool:
        """Save (or replace) the gold answer of a finished attempt; False when there is none."""
        cursor = self.db.connection().execute(
            "INSERT OR REPLACE INTO gold_answers (run_id, cell_id, repeat, text, saved_at)"
            " SELECT run_id, cell_id, repeat, ?, ? FROM attempts"
            " WHERE run_id = ? AND cell_id = ? AND repeat = ? AND status = ?",
            (text, now_text(), run_id, cell_id, repeat, DONE),
        )
        return cursor.rowcount > 0

    def clear(self, run_id: str, cell_id: str, repeat: int) -> None:
        """Remove an attempt's gold answer (nothing happens when it has none)."""
        self.db.connection().execute(
            "DELETE FROM gold_answers WHERE run_id = ? AND cell_id = ? AND repeat = ?",
            (run_id, cell_id, repeat),
        )

    def answers(self, run_id: str) -> dict[AttemptKey, str]:
        """A run's gold answers by (cell id, repeat)."""
        rows = (
            self.db.connection()
            .execute("SELECT cell_id, repeat, text FROM gold_answers WHERE run_id = ?", (run_id,))
            .fetchall()
        )
        return {(row["cell_id"], row["repeat"]): row["text"] for row in rows}
