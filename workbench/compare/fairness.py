"""Fair runs: settings for seed, warm-up, repeats order and shuffling; the options each request
sends."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from workbench.compare.grid import Cell, GridSpec
from workbench.compare.schedule import SchedulePolicy


@dataclass(frozen=True)
class RunSettings:
    """How a grid runs: `policy` None means choose from /api/ps after the warm-up."""

    seed: int = 42
    lock_seed: bool = True
    shuffle: bool = False
    warmup: bool = True
    max_concurrency: int | None = None
    parallel: int = 1  # the daemon's OLLAMA_NUM_PARALLEL: requests one model answers at once
    policy: SchedulePolicy | None = None
    think: bool | None = None
    keep_alive: float | str | None = None


@dataclass(frozen=True)
class Job:
    """One generation: a cell and which repeat of it this is (0-based)."""

    cell: Cell
    repeat: int = 0

    @property
    def key(self) -> str:
        """`cell_id#repeat`, unique within a run."""
        return f"{self.cell.id}#{self.repeat}"


def run_order(cells: Sequence[Cell], repeats: int, shuffle: bool, seed: int) -> list[Job]:
    """Every repeat of every cell, repeat by repeat; shuffled within each repeat with `seed`."""
    rng = random.Random(seed)
    jobs: list[Job] = []
    for repeat in range(max(repeats, 1)):
        batch = [Job(cell, repeat) for cell in cells]
        if shuffle:
            rng.shuffle(batch)
        jobs.extend(batch)
    return jobs


def request_options(cell: Cell, settings: RunSettings, policy: SchedulePolicy) -> dict[str, Any]:
    """The cell's options, plus the policy's extras it does not set, plus the locked seed."""
    options = {**policy.extra_options, **cell.options}
    if settings.lock_seed:
        options["seed"] = settings.seed
    return options


def seeded_grid(grid: GridSpec, settings: RunSettings) -> GridSpec:
    """The grid with the run's locked seed in every parameter set, as its requests send it (for
    exports that must ask for the same answers)."""
    if not settings.lock_seed:
        return grid
    sets = tuple(
        replace(p, options={**p.options, "seed": settings.seed}) for p in grid.effective_param_sets
    )
    return replace(grid, param_sets=sets)
