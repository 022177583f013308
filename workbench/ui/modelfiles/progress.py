"""Progress of a model create (hashing, upload, daemon status lines) at a bounded redraw rate."""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from workbench.i18n import format_bytes
from workbench.modelfile import CreateEvent
from workbench.ui.context import language, t
from workbench.ui.stream_view import redraw_throttle


class CreateProgress:
    """Hashing, upload and status progress of a create, drawn at most once per interval."""

    def __init__(self, bar: DeltaGenerator, status: DeltaGenerator) -> None:
        self._bar, self._status = bar, status
        self._throttle = redraw_throttle()
        self._bar_at: tuple[float, str] | None = None
        self._log: list[str] = []
        self._log_drawn = 0

    def __call__(self, event: CreateEvent) -> None:
        """Take one event; draw what changed if the last draw is an interval old."""
        if event.total:
            lang = language()
            sizes = f"{format_bytes(event.completed, lang)} / {format_bytes(event.total, lang)}"
            text = t(f"modelfiles.phase_{event.phase}", label=event.label, sizes=sizes)
            self._bar_at = (min(event.completed / event.total, 1.0), text)
        if event.phase == "status" and (not self._log or self._log[-1] != event.label):
            self._log.append(event.label)
        if self._throttle.due():
            self.draw()

    def draw(self) -> None:
        """Draw the latest bar position and the status lines not drawn yet."""
        if self._bar_at is not None:
            self._bar.progress(*self._bar_at)
            self._bar_at = None
        if len(self._log) > self._log_drawn:
            self._status.code("\n".join(self._log), language=None)
            self._log_drawn = len(self._log)
