"""Start comparison runs that save themselves into the history as they go, and re-runs."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.compare import Cell, CompareRun, CompareSpec, capture_environment
from workbench.fleet import Fleet
from workbench.history.store import History
from workbench.ollama import OllamaService


def start_recorded_run(
    history: History,
    service: OllamaService | Fleet,
    spec: CompareSpec,
    cells: Sequence[Cell],
    name: str = "",
    parent_run_id: str | None = None,
) -> tuple[str, CompareRun]:
    """Record the run (spec, cells, daemon version and digests), then start it; returns both.

    On a Fleet the cells run on several hosts (see CompareRun) and every host's version and
    digests are recorded."""
    models = list(dict.fromkeys(cell.model for cell in cells))
    environment = capture_environment(service, models)
    run_id = history.create_run(spec, cells, environment, name, parent_run_id)
    run = CompareRun(service, cells, spec.settings, spec.grid.repeats, history.sink(run_id))
    return run_id, run.start()


def start_rerun(
    history: History, service: OllamaService | Fleet, run_id: str, name: str = ""
) -> tuple[str, CompareRun]:
    """Run a stored run's cells again with its settings, as a new run whose parent it is."""
    stored = history.load_run(run_id)
    label = name or f"{stored.name or stored.id[:8]} (re-run)"
    return start_recorded_run(history, service, stored.spec, stored.cells, label, stored.id)
