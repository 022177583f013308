"""The history database: one SQLite file in WAL mode, one connection per thread, and named,
ordered migrations recorded in schema_migrations."""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench.errors import WorkbenchError

BUSY_TIMEOUT_MS = 10_000


class HistoryError(WorkbenchError):
    """The history database cannot be opened or used."""

    code = "error.history"


@dataclass(frozen=True)
class Migration:
    """One schema step: a unique name (applied in tuple order) and its SQL script."""

    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_runs_cells_attempts",
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            environment_json TEXT NOT NULL,
            policy_json TEXT,
            parent_run_id TEXT
        );
        CREATE TABLE cells (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            cell_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            model TEXT NOT NULL,
            cell_json TEXT NOT NULL,
            PRIMARY KEY (run_id, cell_id)
        );
        CREATE TABLE attempts (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            cell_id TEXT NOT NULL,
            repeat INTEGER NOT NULL,
            status TEXT NOT NULL,
            attempt_json TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (run_id, cell_id, repeat)
        );
        """,
    ),
    Migration(
        "0002_ratings_and_pairs",
        """
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            cell_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('thumbs', 'score')),
            value INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE pair_results (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            cell_a TEXT NOT NULL,
            cell_b TEXT NOT NULL,
            winner TEXT NOT NULL CHECK (winner IN ('a', 'b', 'tie')),
            created_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        "0003_lookup_indexes",
        """
        CREATE INDEX runs_by_created ON runs (created_at);
        CREATE INDEX ratings_by_run ON ratings (run_id, id);
        CREATE INDEX pair_results_by_run ON pair_results (run_id, id);
        """,
    ),
    Migration(
        "0004_gold_answers",
        """
        CREATE TABLE gold_answers (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            cell_id TEXT NOT NULL,
            repeat INTEGER NOT NULL,
            text TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (run_id, cell_id, repeat)
        );
        """,
    ),
)


def now_text() -> str:
    """The current UTC time as ISO 8601 text with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class _Connection(sqlite3.Connection):
    """A connection that can be weakly referenced (so finished threads release theirs)."""


class HistoryDB:
    """Connections to one history file: each thread gets its own, created on first use."""

    def __init__(self, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = Path(path)
        self._migrations = tuple(migrations)
        self._local = threading.local()
        self._open: weakref.WeakSet[_Connection] = weakref.WeakSet()
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.applied = apply_migrations(self.connection(), self._migrations)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise HistoryError(
                path=str(self.path),
                detail=str(exc),
            ) from exc

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit mode; use transaction() to group writes)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path,
                factory=_Connection,
                isolation_level=None,
                check_same_thread=False,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
            with self._lock:
                self._open.add(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block's statements as one write transaction on this thread's connection."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close every connection this object opened, in any thread."""
        with self._lock:
            connections = list(self._open)
            self._open.clear()
        for conn in connections:
            conn.close()
        self._local = threading.local()


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied, in the order they were applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    rows = conn.execute("SELECT name FROM schema_migrations ORDER BY rowid").fetchall()
    return [row[0] for row in rows]


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> list[str]:
    """Apply, each in its own transaction, the migrations not yet recorded; return their names."""
    applied: list[str] = []
    for migration in migrations:
        if migration.name in applied_migrations(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = conn.execute(
                "SELECT 1 FROM schema_migrations WHERE name = ?", (migration.name,)
            ).fetchone()
            if done is None:
                for statement in _statements(migration.sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, now_text()),
                )
                applied.append(migration.name)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return applied


def _statements(script: str) -> list[str]:
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
