"""Requests each daemon is answering right now for the pages (Playground, Document chat), so
placing a model name alone can prefer the daemon with the fewest."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager


class InFlight:
    """A thread-safe count of requests in flight per daemon label, shared by every session."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def counts(self) -> dict[str, int]:
        """Requests in flight per label (labels with none are left out)."""
        with self._lock:
            return {label: n for label, n in self._counts.items() if n > 0}

    @contextmanager
    def track(self, label: str | None) -> Iterator[None]:
        """Count one request on `label` while the block runs (nothing for None: one daemon)."""
        if label is None:
            yield
            return
        with self._lock:
            self._counts[label] += 1
        try:
            yield
        finally:
            with self._lock:
                self._counts[label] -= 1
