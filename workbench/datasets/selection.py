"""Training examples out of History: finished answers with their prompt, votes and gold answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench.compare import DONE, Attempt, Cell, Rating
from workbench.datasets.errors import DatasetError
from workbench.history import History, StoredRun

VOTES = ("up", "down", "none")


@dataclass(frozen=True)
class Example:
    """One finished attempt as a training example; `gold` is the hand-corrected answer."""

    key: str
    run_id: str
    run_name: str
    created_at: str
    model: str
    template: str
    messages: tuple[dict[str, Any], ...]
    answer: str
    gold: str | None
    thumbs: int | None
    score: float | None

    @property
    def prompt_text(self) -> str:
        """The last user message."""
        users = [m for m in self.messages if m.get("role") == "user"]
        return str(users[-1].get("content", "")) if users else ""

    @property
    def target(self) -> str:
        """The answer to train on: the gold answer when there is one, else the model's."""
        return self.gold if self.gold is not None else self.answer

    @property
    def vote(self) -> str:
        """ "up", "down" or "none", from the cell's latest thumbs."""
        return "none" if self.thumbs is None else ("up" if self.thumbs else "down")


@dataclass(frozen=True)
class ExampleFilter:
    """Which examples to take: empty tuples and None mean any; dates are inclusive ISO dates."""

    models: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    votes: tuple[str, ...] = ()
    min_score: float | None = None
    since: str | None = None
    until: str | None = None
    with_gold_only: bool = False

    def accepts(self, item: Example) -> bool:
        """Whether the example passes every part of the filter."""
        day = item.created_at[:10]
        return (
            (not self.models or item.model in self.models)
            and (not self.templates or item.template in self.templates)
            and (not self.votes or item.vote in self.votes)
            and (
                self.min_score is None or (item.score is not None and item.score >= self.min_score)
            )
            and (self.since is None or day >= _iso_day(self.since))
            and (self.until is None or day <= _iso_day(self.until))
            and (not self.with_gold_only or item.gold is not None)
        )


def _iso_day(value: str) -> str:
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise DatasetError(code="error.dataset_bad_date", value=value) from None


def example_key(run_id: str, cell_id: str, repeat: int) -> str:
    """The stable key of an attempt: `run id/cell id/repeat`."""
    return f"{run_id}/{cell_id}/{repeat}"


def parse_key(key: str) -> tuple[str, str, int]:
    """(run id, cell id, repeat) from an example key; DatasetError when it is not one."""
    parts = key.split("/")
    if len(parts) != 3 or not all(parts) or not parts[2].isdigit():
        raise DatasetError(code="error.dataset_no_answer", key=key)
    return parts[0], parts[1], int(parts[2])


def examples(history: History, chosen: ExampleFilter) -> list[Example]:
    """Finished attempts with text (errors, cancelled and empty answers left out) that pass the
    filter, newest run first, then in the grid's cell order and by repeat."""
    found = []
    for run_id in history.run_ids():
        run = history.load_run(run_id)
        found += [item for item in run_examples(history, run) if chosen.accepts(item)]
    return found


def run_examples(history: History, run: StoredRun) -> list[Example]:
    """Every usable example of one run, unfiltered."""
    gold = history.gold.answers(run.id)
    thumbs, scores = _latest(run.ratings, "thumbs"), _latest(run.ratings, "score")
    order = {cell.id: index for index, cell in enumerate(run.cells)}
    cells = {cell.id: cell for cell in run.cells}
    answered = [a for a in run.attempts if _usable(a) and a.cell_id in cells]
    answered.sort(key=lambda a: (order[a.cell_id], a.repeat))
    return [
        _example(run, cells[a.cell_id], a, gold, thumbs.get(a.cell_id), scores.get(a.cell_id))
        for a in answered
    ]


def _usable(attempt: Attempt) -> bool:
    return attempt.status == DONE and bool(attempt.text.strip())


def _latest(ratings: Sequence[Rating], kind: str) -> dict[str, int]:
    """Each cell's latest rating of one kind (a later vote replaces an earlier one)."""
    return {r.cell_id: r.value for r in ratings if r.kind == kind}


def _example(
    run: StoredRun,
    cell: Cell,
    attempt: Attempt,
    gold: dict[tuple[str, int], str],
    thumbs: int | None,
    score: int | None,
) -> Example:
    return Example(
        key=example_key(run.id, cell.id, attempt.repeat),
        run_id=run.id,
        run_name=run.name,
        created_at=run.created_at,
        model=cell.model,
        template=cell.template_label,
        messages=tuple(dict(m) for m in cell.messages),
        answer=attempt.text,
        gold=gold.get((cell.id, attempt.repeat)),
        thumbs=thumbs,
        score=None if score is None else float(score),
    )


def filter_choices(history: History) -> dict[str, list[str]]:
    """The models and templates that have examples: {"models": [...], "templates": [...]}."""
    found = examples(history, ExampleFilter())
    return {
        "models": sorted({item.model for item in found}),
        "templates": sorted({item.template for item in found}),
    }


def save_gold(history: History, key: str, text: str) -> None:
    """Keep a corrected answer beside the attempt's own (which is never changed)."""
    if not text.strip():
        raise DatasetError(code="error.dataset_gold_empty")
    if not history.gold.save(*parse_key(key), text):
        raise DatasetError(code="error.dataset_no_answer", key=key)


def clear_gold(history: History, key: str) -> None:
    """Drop an example's gold answer, so its own answer is used again."""
    history.gold.clear(*parse_key(key))
