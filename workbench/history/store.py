"""The run log: every comparison run with its full spec, cells and attempts, saved as they
finish so a crash mid-run loses nothing already answered."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.compare import (
    DONE,
    ERROR,
    Attempt,
    Cell,
    CompareSpec,
    PairResult,
    Rating,
    SchedulePolicy,
    cell_from_dict,
    cell_to_dict,
)
from workbench.history.db import HistoryDB, HistoryError, now_text
from workbench.history.gold import GoldStore
from workbench.history.votes import VoteStore

RUNNING, FINISHED, CANCELLED = "running", "finished", "cancelled"


@dataclass(frozen=True)
class RunSummary:
    """One line of the run list."""

    id: str
    name: str
    created_at: str
    status: str
    models: list[str]
    cells: int
    answered: int  # attempts that finished with an answer (not errors, not cancelled)
    errors: int
    ratings: int


@dataclass(frozen=True)
class StoredRun:
    """A run read back: spec and cells to run it again, plus everything it produced;
    `host_policies` is each host's policy on a fleet (empty on one daemon and in older runs)."""

    id: str
    name: str
    created_at: str
    finished_at: str | None
    status: str
    spec: CompareSpec
    cells: list[Cell]
    attempts: list[Attempt]
    environment: dict[str, Any]
    policy: SchedulePolicy | None
    parent_run_id: str | None
    ratings: list[Rating] = field(default_factory=list)
    pair_results: list[PairResult] = field(default_factory=list)
    host_policies: dict[str, SchedulePolicy] = field(default_factory=dict)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class History:
    """The history database of comparison runs, ratings, A/B results and gold answers."""

    def __init__(self, path: Path) -> None:
        self.db = HistoryDB(path)
        self.votes = VoteStore(self.db)
        self.gold = GoldStore(self.db)

    def close(self) -> None:
        """Close every connection."""
        self.db.close()

    def create_run(
        self,
        spec: CompareSpec,
        cells: Sequence[Cell],
        environment: dict[str, Any],
        name: str = "",
        parent_run_id: str | None = None,
    ) -> str:
        """Record a new run (status running) with its spec and cells; return its id."""
        run_id = uuid.uuid4().hex
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO runs (id, name, created_at, status, spec_json, environment_json,"
                " parent_run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    name,
                    now_text(),
                    RUNNING,
                    _json(spec.to_dict()),
                    _json(environment),
                    parent_run_id,
                ),
            )
            conn.executemany(
                "INSERT INTO cells (run_id, cell_id, position, model, cell_json)"
                " VALUES (?, ?, ?, ?, ?)",
                [(run_id, c.id, i, c.model, _json(cell_to_dict(c))) for i, c in enumerate(cells)],
            )
        return run_id

    def sink(self, run_id: str) -> HistorySink:
        """A RunSink that saves a runner's results into this run."""
        return HistorySink(self, run_id)

    def set_policy(self, run_id: str, policy: SchedulePolicy) -> None:
        """Record the scheduling policy the run used."""
        self.db.connection().execute(
            "UPDATE runs SET policy_json = ? WHERE id = ?", (_json(policy.to_dict()), run_id)
        )

    def set_host_policies(self, run_id: str, policies: Mapping[str, SchedulePolicy]) -> None:
        """Record each host's policy in the run's environment, under hosts.<label>.policy, and
        the hosts' order under host_order (the JSON's keys are sorted)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT environment_json FROM runs WHERE id = ?", (run_id,)
            ).fetchone()
            if row is None:
                return
            environment = json.loads(row[0])
            hosts = environment.setdefault("hosts", {})
            for label, policy in policies.items():
                hosts.setdefault(label, {})["policy"] = policy.to_dict()
            environment["host_order"] = list(policies)
            conn.execute(
                "UPDATE runs SET environment_json = ? WHERE id = ?", (_json(environment), run_id)
            )

    def save_attempt(self, run_id: str, attempt: Attempt) -> None:
        """Save (or replace) one attempt; committed at once."""
        self.db.connection().execute(
            "INSERT OR REPLACE INTO attempts (run_id, cell_id, repeat, status, attempt_json,"
            " saved_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                run_id,
                attempt.cell_id,
                attempt.repeat,
                attempt.status,
                _json(attempt.to_dict()),
                now_text(),
            ),
        )

    def save_checks(
        self, run_id: str, spec: CompareSpec, cells: Sequence[Cell], attempts: Sequence[Attempt]
    ) -> None:
        """Replace a run's checks (its spec and cells) and its answers' verdicts at once."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE runs SET spec_json = ? WHERE id = ?", (_json(spec.to_dict()), run_id)
            )
            conn.executemany(
                "UPDATE cells SET cell_json = ? WHERE run_id = ? AND cell_id = ?",
                [(_json(cell_to_dict(c)), run_id, c.id) for c in cells],
            )
            conn.executemany(
                "UPDATE attempts SET attempt_json = ? WHERE run_id = ? AND cell_id = ?"
                " AND repeat = ?",
                [(_json(a.to_dict()), run_id, a.cell_id, a.repeat) for a in attempts],
            )

    def finish_run(self, run_id: str, status: str) -> None:
        """Mark a run finished or cancelled."""
        self.db.connection().execute(
            "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (status, now_text(), run_id)
        )

    def run_count(self) -> int:
        """How many runs are stored."""
        return int(self.db.connection().execute("SELECT count(*) FROM runs").fetchone()[0])

    def list_runs(self, limit: int = 100, offset: int = 0) -> list[RunSummary]:
        """Runs newest first, with their counts; `offset` skips the newest ones (for paging)."""
        rows = (
            self.db.connection()
            .execute(
                """
            SELECT r.id, r.name, r.created_at, r.status,
                (SELECT group_concat(model, char(10)) FROM (SELECT DISTINCT model
                    FROM cells WHERE run_id = r.id ORDER BY model)) AS models,
                (SELECT count(*) FROM cells WHERE run_id = r.id) AS cells,
                (SELECT count(*) FROM attempts WHERE run_id = r.id AND status = ?) AS answered,
                (SELECT count(*) FROM attempts WHERE run_id = r.id AND status = ?) AS errors,
                (SELECT count(*) FROM ratings WHERE run_id = r.id) AS ratings
            FROM runs r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ? OFFSET ?
            """,
                (DONE, ERROR, limit, offset),
            )
            .fetchall()
        )
        return [
            RunSummary(
                id=row["id"],
                name=row["name"],
                created_at=row["created_at"],
                status=row["status"],
                models=(row["models"] or "").split("\n") if row["models"] else [],
                cells=row["cells"],
                answered=row["answered"],
                errors=row["errors"],
                ratings=row["ratings"],
            )
            for row in rows
        ]

    def load_run(self, run_id: str) -> StoredRun:
        """Read one run back completely; HistoryError when there is no such run."""
        conn = self.db.connection()
        row = conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise HistoryError(
                code="error.history_no_run",
                run_id=run_id,
            )
        cells = conn.execute(
            "SELECT cell_json FROM cells WHERE run_id = ? ORDER BY position", (run_id,)
        ).fetchall()
        attempts = conn.execute(
            "SELECT attempt_json FROM attempts WHERE run_id = ? ORDER BY cell_id, repeat",
            (run_id,),
        ).fetchall()
        policy = json.loads(row["policy_json"]) if row["policy_json"] else None
        environment = json.loads(row["environment_json"])
        return StoredRun(
            id=run_id,
            name=row["name"],
            created_at=row["created_at"],
            finished_at=row["finished_at"],
            status=row["status"],
            spec=CompareSpec.from_dict(json.loads(row["spec_json"])),
            cells=[cell_from_dict(json.loads(r[0])) for r in cells],
            attempts=[Attempt.from_dict(json.loads(r[0])) for r in attempts],
            environment=environment,
            policy=SchedulePolicy.from_dict(policy) if policy else None,
            parent_run_id=row["parent_run_id"],
            ratings=self.votes.ratings(run_id),
            pair_results=self.votes.pair_results(run_id),
            host_policies=_host_policies(environment),
        )

    def run_ids(self) -> list[str]:
        """Every run id, newest first."""
        rows = (
            self.db.connection()
            .execute("SELECT id FROM runs ORDER BY created_at DESC, rowid DESC")
            .fetchall()
        )
        return [row[0] for row in rows]


def _host_policies(environment: Mapping[str, Any]) -> dict[str, SchedulePolicy]:
    """Each host's policy saved by set_host_policies, in the hosts' order (none before a
    fleet run chose them)."""
    hosts = environment.get("hosts") or {}
    order = [*environment.get("host_order", ()), *hosts]
    return {
        label: SchedulePolicy.from_dict(hosts[label]["policy"])
        for label in dict.fromkeys(order)
        if isinstance(hosts.get(label), Mapping) and hosts[label].get("policy")
    }


class HistorySink:
    """Saves a running comparison into the history as each attempt finishes."""

    def __init__(self, history: History, run_id: str) -> None:
        self.history, self.run_id = history, run_id

    def policy_chosen(self, policy: SchedulePolicy) -> None:
        """Record the policy the runner decided on."""
        self.history.set_policy(self.run_id, policy)

    def host_policies_chosen(self, policies: Mapping[str, SchedulePolicy]) -> None:
        """Record each host's policy (on a fleet)."""
        self.history.set_host_policies(self.run_id, policies)

    def attempt_finished(self, attempt: Attempt) -> None:
        """Save one attempt (runs in a worker thread on that thread's connection)."""
        self.history.save_attempt(self.run_id, attempt)

    def run_finished(self, status: str) -> None:
        """Mark the run finished or cancelled."""
        self.history.finish_run(self.run_id, status)
