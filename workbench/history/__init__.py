"""The run log in SQLite: runs, cell results, votes, leaderboards, diffs and exports."""

from workbench.history.diff import CellChange, compare_runs
from workbench.history.export import all_runs_to_csv, all_runs_to_json, run_to_csv, run_to_json
from workbench.history.runs import start_recorded_run, start_rerun
from workbench.history.store import History, RunSummary, StoredRun
