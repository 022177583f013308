"""Speed checks: bounds on the answer's own total time, time to first token, tokens/second."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.checks.labels import bounds, number
from workbench.checks.model import AnswerUnderCheck
from workbench.checks.verdict import Verdict, judged, unjudged


def run_metric(args: Mapping[str, Any], answer: AnswerUnderCheck) -> Verdict:
    """The metric lies within the bounds; a metric the answer lacks cannot be judged."""
    metric, low, high = args["metric"], args["min"], args["max"]
    value = getattr(answer, metric)
    if value is None:
        return unjudged(f"check_metric_missing_{metric}")
    inside = (low is None or value >= low) and (high is None or value <= high)
    return judged(inside, f"check_metric_{metric}", value=number(value), bounds=bounds(low, high))
