"""Exact and near-duplicate prompts, found on folded text with character 3-gram Jaccard.

Prompts are folded first: Unicode NFC (so Hangul typed as separate jamo, as macOS file names
and some IMEs give it, becomes the same syllables), case folding, and every run of whitespace
made one space. Equal folded prompts are exact duplicates. Near duplicates share most of their
character 3-grams: a Jaccard index over sets of 3-grams needs no tokenizer or word spacing, so
it works the same for Korean (one syllable is one character, and spacing is often
inconsistent) as for English. The first item (the newest) of each group is kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.datasets.errors import DatasetError
from workbench.datasets.selection import Example

GRAM = 3


@dataclass(frozen=True)
class Dropped:
    """An example left out: "exact" or "near" duplicate of the kept `duplicate_of` (a key)."""

    example: Example
    reason: str
    duplicate_of: str
    similarity: float


def fold(text: str) -> str:
    """NFC-normalised, case-folded text with whitespace runs made single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def grams(text: str) -> frozenset[str]:
    """The character 3-grams of a folded text (the text itself when shorter)."""
    if len(text) < GRAM:
        return frozenset({text})
    return frozenset(text[i : i + GRAM] for i in range(len(text) - GRAM + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared grams over all grams (1.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def deduplicate(items: Sequence[Example], near: float = 0.9) -> tuple[list[Example], list[Dropped]]:
    """Keep the first of each group of equal or similar prompts (similarity >= `near`); each
    dropped one names the kept example it repeats and how similar they are."""
    if not 0 < near <= 1:
        raise DatasetError(code="error.dataset_near", near=near)
    kept: list[Example] = []
    kept_text: dict[str, str] = {}
    kept_grams: list[tuple[str, frozenset[str]]] = []
    dropped: list[Dropped] = []
    for item in items:
        text = fold(item.prompt_text)
        if text in kept_text:
            dropped.append(Dropped(item, "exact", kept_text[text], 1.0))
            continue
        mine = grams(text)
        best = _most_similar(mine, kept_grams, near)
        if best is not None:
            dropped.append(Dropped(item, "near", best[0], round(best[1], 3)))
            continue
        kept.append(item)
        kept_text[text] = item.key
        kept_grams.append((item.key, mine))
    return kept, dropped


def _most_similar(
    mine: frozenset[str], kept: Sequence[tuple[str, frozenset[str]]], near: float
) -> tuple[str, float] | None:
    """The kept key most similar to `mine` at `near` or above (sizes too far apart are skipped:
    Jaccard can never reach `near` when the smaller set is under `near` times the larger)."""
    best: tuple[str, float] | None = None
    for key, theirs in kept:
        small, large = sorted((len(mine), len(theirs)))
        if small < near * large:
            continue
        similarity = jaccard(mine, theirs)
        if similarity >= near and (best is None or similarity > best[1]):
            best = (key, similarity)
    return best
