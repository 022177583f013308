"""Pass-rate standings over stored runs: models or template versions ranked by their answers'
checks."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.compare import DONE, Attempt, PlayerAxis, cell_from_dict, verdict
from workbench.history import History

_CHECKED = (
    "SELECT a.attempt_json, c.cell_json FROM attempts a JOIN cells c"
    " ON c.run_id = a.run_id AND c.cell_id = a.cell_id"
    " WHERE a.status = ? AND json_array_length(a.attempt_json, '$.checks') > 0"
)


@dataclass(frozen=True)
class CheckStanding:
    """A model's or template version's checked answers, how many passed, and the rate."""

    player: str
    checked: int
    passed: int

    @property
    def rate(self) -> float:
        """The share of checked answers that passed every check."""
        return self.passed / self.checked if self.checked else 0.0


def check_standings(
    history: History, axis: PlayerAxis, run_ids: Iterable[str] | None = None
) -> list[CheckStanding]:
    """Players by pass rate (then by answers checked) over the chosen runs (default all)."""
    query, params = _CHECKED, [DONE]
    if run_ids is not None:
        ids = list(run_ids)
        query += f" AND a.run_id IN ({', '.join('?' * len(ids))})"
        params += ids
    tally: dict[str, list[int]] = {}
    for attempt_json, cell_json in history.db.connection().execute(query, params):
        cell = cell_from_dict(json.loads(cell_json))
        player = cell.model if axis == "model" else cell.template_label
        counts = tally.setdefault(player, [0, 0])
        counts[0] += 1
        counts[1] += verdict(Attempt.from_dict(json.loads(attempt_json))) == "pass"
    standings = [CheckStanding(p, checked, passed) for p, (checked, passed) in tally.items()]
    return sorted(standings, key=lambda s: (-s.rate, -s.checked, s.player))
