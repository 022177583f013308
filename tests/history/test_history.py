"""The run history: migrations, saving as cells finish, loading, listing, re-runs and votes."""

from __future__ import annotations

import sqlite3
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.compare.elo import leaderboard
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.runner import CompareRun
from workbench.compare.schedule import CPU_SAFE, FREE
from workbench.compare.spec import CompareSpec
from workbench.compare.votes import PairResult, Rating
from workbench.history.db import MIGRATIONS, HistoryDB, HistoryError, Migration
from workbench.history.diff import compare_runs
from workbench.history.runs import start_recorded_run, start_rerun
from workbench.history.store import History
from workbench.ollama.client import OllamaService

ASK = PromptVariant("ask", ({"role": "user", "content": "하늘은 왜 {{color}}?"},), "sky", "2")
GRID = GridSpec(("gemma3:270m", "llava:7b"), (ASK,), ({"color": "파란색"}, {"color": "빨간색"}))
ALL = [m.name for m in MIGRATIONS]
CELL_IDS = ["m0-v0-r0-p0", "m1-v0-r0-p0", "m0-v1-r0-p0", "m1-v1-r0-p0"]


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def record_run(history: History, service: OllamaService, settings: RunSettings, name: str = ""):
    spec = CompareSpec(GRID, settings)
    run_id, run = start_recorded_run(history, service, spec, expand_grid(GRID), name)
    assert run.join(20)
    return run_id


def test_migrations_apply_on_an_empty_db_then_never_again(tmp_path: Path):
    path = tmp_path / "deep" / "history.sqlite3"
    first = HistoryDB(path)
    assert first.applied == ALL
    assert {"runs", "cells", "attempts", "ratings", "pair_results"} <= tables(path)
    assert first.connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first.close()
    again = HistoryDB(path)
    assert again.applied == []
    recorded = again.connection().execute("SELECT name FROM schema_migrations ORDER BY rowid")
    assert [row[0] for row in recorded] == ALL
    again.close()


def test_a_version_one_db_is_upgraded_keeping_its_runs(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    old = HistoryDB(path, MIGRATIONS[:1])
    old.connection().execute(
        "INSERT INTO runs (id, name, created_at, status, spec_json, environment_json)"
        " VALUES ('old', '예전 실행', '2026-01-01T00:00:00+00:00', 'finished', ?, '{}')",
        (
            '{"grid": {"models": ["a"], "variants": [{"name": "v", "messages": []}]},'
            ' "settings": {}}',
        ),
    )
    old.close()
    assert "ratings" not in tables(path)
    history = History(path)
    assert history.db.applied == ALL[1:]
    (summary,) = history.list_runs()
    assert (summary.id, summary.name, summary.ratings) == ("old", "예전 실행", 0)
    history.votes.add_rating("old", Rating("c", "score", 4))
    assert history.load_run("old").ratings == [Rating("c", "score", 4)]
    history.close()


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    broken = Migration("0004_broken", "CREATE TABLE half (x INTEGER);\nCREATE TABLE oops (;\n")
    with pytest.raises(HistoryError) as raised:
        HistoryDB(path, (*MIGRATIONS, broken))
    assert raised.value.code == "error.history"
    assert "half" not in tables(path)
    assert HistoryDB(path).applied == []


def test_unusable_path_raises_a_clear_error(tmp_path: Path):
    (tmp_path / "dir.sqlite3").mkdir()
    with pytest.raises(HistoryError) as raised:
        History(tmp_path / "dir.sqlite3")
    assert str(tmp_path / "dir.sqlite3") in str(raised.value)


def test_a_run_is_saved_and_loaded_back_whole(tmp_path, fake_daemon, service):
    history = History(tmp_path / "h.sqlite3")
    run_id = record_run(history, service, RunSettings(seed=9), name="첫 실행")
    stored = history.load_run(run_id)
    assert (stored.name, stored.status) == ("첫 실행", "finished")
    assert stored.finished_at and stored.policy == CPU_SAFE
    assert stored.spec == CompareSpec(GRID, RunSettings(seed=9))
    assert stored.cells == expand_grid(GRID)
    assert len(stored.attempts) == 4 and {a.status for a in stored.attempts} == {"done"}
    assert all(a.options["seed"] == 9 and a.tokens_per_second for a in stored.attempts)
    assert stored.environment["ollama_version"] == "0.24.0"
    assert all(len(d) == 64 for d in stored.environment["digests"].values())
    with pytest.raises(HistoryError) as raised:
        history.load_run("nope")
    assert raised.value.code == "error.history_no_run"
    history.close()


def test_runs_are_listed_newest_first_with_counts(tmp_path, fake_daemon, service):
    history = History(tmp_path / "h.sqlite3")
    first = record_run(history, service, RunSettings(), "one")
    cells = expand_grid(GridSpec(("gemma3:270m", "nope:1b"), (ASK,)))
    second = history.create_run(CompareSpec(GRID, RunSettings()), cells, {}, "two")
    run = CompareRun(service, cells, RunSettings(policy=FREE), sink=history.sink(second))
    assert run.start().join(10)
    history.votes.add_rating(second, Rating(cells[0].id, "thumbs", 1))
    summaries = history.list_runs()
    assert [s.id for s in summaries] == [second, first]
    assert (summaries[0].cells, summaries[0].answered, summaries[0].errors) == (2, 1, 1)
    assert summaries[0].models == ["gemma3:270m", "nope:1b"] and summaries[0].ratings == 1
    assert (summaries[1].cells, summaries[1].errors) == (4, 0)
    assert [s.id for s in history.list_runs(limit=1)] == [second]
    assert [s.id for s in history.list_runs(limit=1, offset=1)] == [first]
    assert history.run_count() == 2
    history.close()


def test_finished_cells_survive_a_crash_mid_run(tmp_path, fake_daemon, service):
    fake_daemon.token_delay = 0.02
    path = tmp_path / "h.sqlite3"
    history = History(path)
    cells = expand_grid(GRID)
    run_id = history.create_run(CompareSpec(GRID, RunSettings()), cells, {})
    run = CompareRun(service, cells, RunSettings(policy=CPU_SAFE), sink=history.sink(run_id))
    run.start()
    deadline = time.monotonic() + 5
    while not any(e.kind == "done" for e in run.events.wait(0.05)):
        assert time.monotonic() < deadline
    other_process = History(path)
    stored = other_process.load_run(run_id)
    assert stored.status == "running"
    assert 1 <= len(stored.attempts) < 4 and stored.attempts[0].status == "done"
    run.cancel()
    assert other_process.load_run(run_id).status == "cancelled"
    assert {a.status for a in other_process.load_run(run_id).attempts} == {"done", "cancelled"}
    final = other_process.load_run(run_id).attempts
    summary = other_process.list_runs()[0]
    assert 1 <= summary.answered == sum(a.status == "done" for a in final) < len(cells)
    other_process.close()
    history.close()


def test_a_rerun_matches_the_original_and_changes_are_reported(tmp_path, fake_daemon, service):
    history = History(tmp_path / "h.sqlite3")
    original_id = record_run(history, service, RunSettings(seed=4), "base")
    rerun_id, rerun = start_rerun(history, service, original_id)
    assert rerun.join(20)
    original = history.load_run(original_id)
    assert [s.id for s in history.list_runs()] == [rerun_id, original_id]
    again = history.load_run(rerun_id)
    assert again.parent_run_id == original_id and again.name == "base (re-run)"
    changes = compare_runs(original, again)
    assert [c.cell_id for c in changes] == [c.id for c in original.cells]
    assert not any(c.output_changed for c in changes)
    assert all(c.deltas["output_tokens"] == 0 for c in changes)
    assert all(isinstance(c.deltas["total_time"], float) for c in changes)
    edited = {
        "m0-v0-r0-p0": lambda a: replace(a, text=a.text + " 끝"),
        "m1-v0-r1-p0": lambda a: replace(a, status="error", text=""),
    }
    attempts = [edited.get(a.cell_id, lambda a: a)(a) for a in again.attempts]
    changes = compare_runs(original, replace(again, attempts=attempts))
    assert {c.cell_id for c in changes if c.output_changed} == set(edited)
    failed = next(c for c in changes if c.cell_id == "m1-v0-r1-p0")
    assert (failed.status_after, failed.deltas["total_time"]) == ("error", None)
    history.close()


def test_votes_feed_the_leaderboards(tmp_path: Path):
    history = History(tmp_path / "h.sqlite3")
    variants = (ASK, replace(ASK, name="ask2", template_version="3"))
    cells = expand_grid(GridSpec(("a", "b"), variants))
    run_id = history.create_run(CompareSpec(GRID, RunSettings()), cells, {})
    history.votes.add_pair_result(run_id, PairResult("m0-v0-r0-p0", "m1-v0-r0-p0", "a"))
    history.votes.add_rating(run_id, Rating("m1-v1-r0-p0", "score", 2, "장황함"))
    history.votes.add_rating(run_id, Rating("m1-v0-r0-p0", "score", 4))
    assert history.votes.ratings(run_id)[0].note == "장황함"
    models = history.votes.leaderboard("model")
    assert [(s.player, s.wins) for s in models] == [("a", 1), ("b", 0)]
    templates = history.votes.leaderboard("template")
    assert [(s.player, s.wins, s.losses) for s in templates] == [("sky@2", 1, 0), ("sky@3", 0, 1)]
    assert history.votes.leaderboard("model", run_ids=[]) == []
    history.close()


def test_each_thread_gets_its_own_connection(tmp_path: Path):
    history = History(tmp_path / "h.sqlite3")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(history.db.connection()))
    thread.start()
    thread.join()
    assert seen[0] is not history.db.connection()
    history.close()


VOTE = st.one_of(
    st.builds(Rating, st.sampled_from(CELL_IDS), st.just("thumbs"), st.sampled_from([0, 1])),
    st.builds(Rating, st.sampled_from(CELL_IDS), st.just("score"), st.integers(1, 5)),
    st.builds(
        PairResult,
        st.sampled_from(CELL_IDS),
        st.sampled_from(CELL_IDS),
        st.sampled_from(["a", "b", "tie"]),
    ),
    st.just("new run"),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(VOTE, max_size=12))
def test_the_cached_leaderboard_equals_a_full_recomputation(votes: list) -> None:
    with tempfile.TemporaryDirectory() as root:
        history = History(Path(root) / "h.sqlite3")
        cells = expand_grid(GridSpec(("a", "b"), (ASK, replace(ASK, template_version="3"))))
        run_ids = [history.create_run(CompareSpec(GRID, RunSettings()), cells, {})]
        for vote in votes:
            if vote == "new run":
                run_ids.append(history.create_run(CompareSpec(GRID, RunSettings()), cells, {}))
            elif isinstance(vote, Rating):
                history.votes.add_rating(run_ids[-1], vote)
            else:
                history.votes.add_pair_result(run_ids[0], vote)
            for axis in ("model", "template"):
                for chosen in (None, run_ids[:1]):
                    expected = leaderboard(history.votes.matches(axis, chosen))
                    assert history.votes.leaderboard(axis, chosen) == expected
        history.close()
