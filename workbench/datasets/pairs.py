"""Preference pairs for DPO: from blind A/B votes and from differing scores on one prompt.

A pair's two answers must answer the same question (the same last user message, folded as for
deduplication); the prompt is the chosen answer's messages. The chosen side takes its gold
answer when it has one; the rejected side is always what the model said. The whole filter
applies to the chosen side; the rejected side only has to match the models, templates and
dates (a vote or score filter would otherwise drop every loser).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from workbench.compare import PairResult
from workbench.datasets.dedupe import fold
from workbench.datasets.selection import Example, ExampleFilter, run_examples
from workbench.history import History

BLIND, SCORES = "blind", "scores"


@dataclass(frozen=True)
class PreferencePair:
    """A prompt with a preferred and a rejected answer; `source` is "blind" or "scores"."""

    prompt: tuple[dict[str, Any], ...]
    chosen: str
    rejected: str
    source: str


def preference_pairs(history: History, chosen: ExampleFilter) -> list[PreferencePair]:
    """Pairs from blind A/B votes (ties left out), newest run first, then from score
    differences between answers to the same prompt across the selected runs."""
    loose = replace(chosen, votes=(), min_score=None, with_gold_only=False)
    pairs: list[PreferencePair] = []
    candidates: list[Example] = []
    for run_id in history.run_ids():
        run = history.load_run(run_id)
        found = [item for item in run_examples(history, run) if loose.accepts(item)]
        first = {}
        for item in found:
            first.setdefault(item.key.rsplit("/", 1)[0], item)
        pairs += _blind(run.pair_results, run_id, first, chosen)
        candidates += found
    pairs += _scored(candidates, chosen)
    return _unique(pairs)


def _blind(
    results: Sequence[PairResult], run_id: str, first: dict[str, Example], chosen: ExampleFilter
) -> Iterator[PreferencePair]:
    """A/B results between each cell's first finished answer (the one the blind view shows)."""
    for result in results:
        if result.winner == "tie":
            continue
        a, b = first.get(f"{run_id}/{result.cell_a}"), first.get(f"{run_id}/{result.cell_b}")
        if a is None or b is None:
            continue
        winner, loser = (a, b) if result.winner == "a" else (b, a)
        if chosen.accepts(winner) and _same_question(winner, loser):
            yield PreferencePair(winner.messages, winner.target, loser.answer, BLIND)


def _scored(items: Sequence[Example], chosen: ExampleFilter) -> Iterator[PreferencePair]:
    """Every two scored answers to one question whose scores differ, higher one chosen."""
    groups: dict[str, list[Example]] = {}
    for item in items:
        if item.score is not None:
            groups.setdefault(fold(item.prompt_text), []).append(item)
    for group in groups.values():
        for one, other in combinations(group, 2):
            if one.score == other.score:
                continue
            high, low = (one, other) if (one.score or 0) > (other.score or 0) else (other, one)
            if chosen.accepts(high):
                yield PreferencePair(high.messages, high.target, low.answer, SCORES)


def _same_question(one: Example, other: Example) -> bool:
    return fold(one.prompt_text) == fold(other.prompt_text)


def _unique(pairs: Sequence[PreferencePair]) -> list[PreferencePair]:
    """Pairs with two different answers, each pair once (the first kept)."""
    seen: set[str] = set()
    kept = []
    for pair in pairs:
        mark = repr((pair.prompt, pair.chosen, pair.rejected))
        if pair.chosen != pair.rejected and mark not in seen:
            seen.add(mark)
            kept.append(pair)
    return kept
