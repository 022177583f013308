"""Streamed text on the page at a bounded rate: settled blocks drawn once, only the tail redrawn.

Every streaming surface (Playground, its techniques, Document chat, Compare cells) draws through
this module, so that on a CPU machine the browser's redraws do not compete with the model for
the cores once per token (see WORKBENCH_REDRAW_INTERVAL).
"""

from __future__ import annotations

from collections.abc import Callable

from streamlit.delta_generator import DeltaGenerator

from workbench.streaming import Blocks, Throttle
from workbench.ui.context import settings

CURSOR = " ▌"


def redraw_throttle() -> Throttle:
    """A throttle at the configured redraw interval."""
    return Throttle(settings().redraw_interval)


def _as_is(text: str) -> str:
    return text


class LiveText:
    """A growing text in one placeholder: new settled blocks are added, the tail is replaced."""

    def __init__(
        self,
        slot: DeltaGenerator,
        *,
        render: Callable[[str], str] = _as_is,
        cursor: str = CURSOR,
        literal: bool = False,
    ) -> None:
        self._slot, self._render, self._cursor, self._literal = slot, render, cursor, literal
        self.release()

    def release(self) -> None:
        """Forget what was drawn (the slot was given to something else); the next show redraws."""
        self._blocks = Blocks(literal=self._literal)
        self._shown = ""
        self._settled_box: DeltaGenerator | None = None
        self._tail: DeltaGenerator | None = None

    def show(self, text: str) -> None:
        """Draw `text` with the cursor: blocks that settled since the last draw, then the tail."""
        if not text or text == self._shown:
            return
        if self._tail is None or not text.startswith(self._shown[: self._blocks.settled]):
            self.release()
            box = self._slot.container()
            self._settled_box, self._tail = box.container(), box.empty()
        assert self._settled_box is not None and self._tail is not None
        for block in self._blocks.advance(text):
            self._settled_box.markdown(self._render(block))
        self._tail.markdown(self._render(self._blocks.tail(text)) + self._cursor)
        self._shown = text

    def finish(self, text: str) -> None:
        """Draw the whole text as one element without the cursor, or empty the slot."""
        if text:
            self._slot.markdown(self._render(text))
        else:
            self._slot.empty()
        self.release()


class LiveAnswer:
    """An answer and its thinking streaming into the page, redrawn at most once per interval."""

    def __init__(self, body: LiveText, thinking: LiveText | None = None) -> None:
        self._body, self._thinking = body, thinking
        self._throttle = redraw_throttle()

    def update(self, text: str, thinking: str = "") -> None:
        """Take the text so far; draw it if the last draw is an interval old."""
        if not self._throttle.due():
            return
        if self._thinking is not None:
            self._thinking.show(thinking)
        self._body.show(text)

    def finish(self, text: str, thinking: str = "") -> None:
        """Draw the final text (and thinking) once, as whole elements."""
        if self._thinking is not None:
            self._thinking.finish(thinking)
        self._body.finish(text)
