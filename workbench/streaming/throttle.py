"""When to redraw a stream: at most once per interval, however fast the tokens come."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic


class Throttle:
    """Says yes at most once per `interval` seconds, the first time at once."""

    def __init__(self, interval: float, clock: Callable[[], float] | None = None) -> None:
        self.interval = interval
        self._clock = clock or monotonic
        self._last: float | None = None

    def due(self) -> bool:
        """True when the last yes is `interval` or more ago; a yes starts a new interval."""
        now = self._clock()
        if self._last is not None and now - self._last < self.interval:
            return False
        self._last = now
        return True
