"""Compare a re-run with the original run, cell by cell: output changed? metric deltas."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from workbench.compare import DONE, METRICS, Attempt
from workbench.history.store import StoredRun


@dataclass(frozen=True)
class CellChange:
    """How one cell differs between two runs: status, output text and metric means."""

    cell_id: str
    model: str
    status_before: str
    status_after: str
    text_before: str
    text_after: str
    deltas: dict[str, float | None]

    @property
    def output_changed(self) -> bool:
        """Whether the first answer's text (or the cell's status) differs."""
        return self.text_before != self.text_after or self.status_before != self.status_after


class _CellSummary(NamedTuple):
    status: str
    text: str
    means: dict[str, float | None]


def _summary(attempts: Sequence[Attempt]) -> _CellSummary:
    ordered = sorted(attempts, key=lambda a: a.repeat)
    done = [a for a in ordered if a.status == DONE]
    status = ordered[0].status if ordered and not done else (DONE if done else "missing")
    means: dict[str, float | None] = {}
    for metric in METRICS:
        values = [float(v) for a in done if (v := getattr(a, metric)) is not None]
        means[metric] = statistics.fmean(values) if values else None
    return _CellSummary(status, done[0].text if done else "", means)


def compare_runs(original: StoredRun, rerun: StoredRun) -> list[CellChange]:
    """Per cell of the original (in its order): statuses, first answers, metric deltas."""
    changes = []
    for cell in original.cells:
        before = _summary([a for a in original.attempts if a.cell_id == cell.id])
        after = _summary([a for a in rerun.attempts if a.cell_id == cell.id])
        deltas = {
            metric: None if old is None or new is None else new - old
            for metric, old, new in ((m, before.means[m], after.means[m]) for m in METRICS)
        }
        changes.append(
            CellChange(
                cell.id, cell.model, before.status, after.status, before.text, after.text, deltas
            )
        )
    return changes
