"""Helpers shared by the AppTest page tests (tests/pages/).

The autouse fixture that clears Streamlit's caches around every test lives in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pytest
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from tests.fake_ollama import FakeOllama
from workbench.streaming import throttle

HOME = "pages/home.py"

# What `texts` collects when a test does not say: every kind of element that shows a message.
MESSAGE_KINDS = ("markdown", "error", "success", "warning", "caption", "title", "info", "subheader")


def open_page(
    page: str, language: str = "en", timeout: float = 30, *, no_exception: bool = False
) -> AppTest:
    """Run app.py in `language`, then switch to `page` (a path such as "pages/models.py").

    `timeout` is the default for every later `run()` of the returned app; `no_exception` also
    asserts that opening the page raised nothing.
    """
    # AppTest resolves a relative path against the file that calls from_file: this one, in tests/.
    at = AppTest.from_file("../app.py", default_timeout=timeout)
    at.session_state["language"] = language
    at.run()
    if page != HOME:
        at.switch_page(page).run()
    if no_exception:
        assert not at.exception
    return at


def widget(elements: Iterable[Any], label: str) -> Any:
    """The first of `elements` (e.g. `at.text_input`) with exactly this label."""
    return next(e for e in elements if e.label == label)


def button(at: AppTest, label: str) -> Button:
    """The first button with exactly this label."""
    return widget(at.button, label)


def texts(at: AppTest, kinds: Sequence[str] = MESSAGE_KINDS, *, unescape: bool = False) -> str:
    """The values of every element of these kinds (AppTest attributes), kind by kind, one a line.

    `unescape` drops the backslashes that Streamlit's markdown escaping leaves in the values.
    """
    text = "\n".join(str(element.value) for kind in kinds for element in getattr(at, kind))
    return text.replace("\\", "") if unescape else text


def errors(at: AppTest) -> str:
    """The text of every error message, one a line."""
    return texts(at, ("error",))


def chat_bodies(daemon: FakeOllama) -> list[dict[str, Any]]:
    """The body of every /api/chat request the fake daemon received, oldest first."""
    return [body for _, path, body in daemon.requests if path == "/api/chat"]


def count_deltas(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every element the script sends to the page from now on (a one-item list)."""
    sent = [0]
    original = ScriptRunContext.enqueue

    def enqueue(self: ScriptRunContext, msg: Any) -> None:
        sent[0] += msg.WhichOneof("type") == "delta"
        original(self, msg)

    monkeypatch.setattr(ScriptRunContext, "enqueue", enqueue)
    return sent


def clock_per_look(monkeypatch: pytest.MonkeyPatch, step: float) -> Callable[[], float]:
    """Make redraw throttles read a clock that moves `step` seconds each time it is read, so a
    stream looks like one token per `step` whatever the machine's speed."""
    now = [0.0]

    def clock() -> float:
        now[0] += step
        return now[0]

    monkeypatch.setattr(throttle, "monotonic", clock)
    return clock
