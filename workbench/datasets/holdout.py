"""Train and validation split: each example's place comes from a hash of the seed and its key.

Hashing (not shuffling) keeps a split stable: the same seed puts an example on the same side
whatever order the examples come in, and adding examples moves few of the old ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from workbench.datasets.errors import DatasetError
from workbench.datasets.selection import Example

MAX_VALIDATION_SHARE = 0.5


def split(
    items: Sequence[Example], validation_share: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """(train, validation), each in the input's order; the validation side holds the share
    rounded, at least one example when the share is above 0 and there are two or more."""
    if not 0 <= validation_share <= MAX_VALIDATION_SHARE:
        raise DatasetError(
            code="error.dataset_share", share=validation_share, limit=MAX_VALIDATION_SHARE
        )
    count = round(len(items) * validation_share)
    if validation_share > 0 and len(items) >= 2:
        count = max(count, 1)
    ranked = sorted(items, key=lambda item: _rank(seed, item.key))
    chosen = {item.key for item in ranked[:count]}
    train = [item for item in items if item.key not in chosen]
    return train, [item for item in items if item.key in chosen]


def _rank(seed: int, key: str) -> tuple[str, str]:
    return hashlib.sha256(f"{seed}\n{key}".encode()).hexdigest(), key
