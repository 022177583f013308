"""The streaming surfaces of bench_streaming.py: how a person starts one answer in the browser,
and the same generations sent by a bare `ollama` client loop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ollama
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

SOLO = "llava:7b"  # a chat model without a num_predict of its own
PAIR = ("llava:7b", "qwen3:0.6b")
QUESTION = "Tell me everything about tide pools."
DOC_QUESTION = "What does the handbook say about paid leave?"
TEXT = "Employees get fifteen days of paid leave after their first year."
PROMPTS = (
    "Summarize this in one line:\n\n" + TEXT,
    "You write crisp one-line summaries. Give the single most important point of the text "
    "below in one sentence.\n\n" + TEXT,
)
LONG = 300_000  # ms: the slowest surface run (4 x 1,000 tokens at half speed) fits easily
Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Surface:
    """A page that streams: open and prepare it, start one run, see it finish; and the bare
    client's equivalent requests (model and messages, sent one after another)."""

    name: str
    prepare: Callable[[Page, str], None]
    start: Callable[[Page], None]
    finished: Callable[[Page], None]
    requests: Sequence[tuple[str, Messages]]


def _pick(page: Page, label: str, option: str) -> None:
    """Choose `option`; after a daemon restart the page may still list no models, so reload
    and try again a few times."""
    for attempt in range(4):
        page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.click(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")
            page.wait_for_timeout(3_000)
            page.reload()


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)


def _playground(page: Page, url: str) -> None:
    _open(page, f"{url}/playground", "Playground")
    _pick(page, "Model", SOLO)
    page.get_by_role("textbox", name="Message").fill(QUESTION)


def _send(page: Page) -> None:
    page.get_by_role("button", name="Send", exact=True).click()


def _stats_shown(page: Page) -> None:
    expect(page.get_by_text("first token")).to_be_visible(timeout=LONG)


def _document_chat(page: Page, url: str) -> None:
    _open(page, f"{url}/document_chat", "Document chat")
    _pick(page, "Chat model", SOLO)
    page.get_by_test_id("stChatInputTextArea").fill(DOC_QUESTION)


def _ask(page: Page) -> None:
    page.get_by_test_id("stChatInputTextArea").press("Enter")


def _sources_shown(page: Page) -> None:
    expect(page.get_by_role("button", name="Send to Compare")).to_be_visible(timeout=LONG)


def _compare(models: Sequence[str], prompts: int) -> Callable[[Page, str], None]:
    def prepare(page: Page, url: str) -> None:
        _open(page, f"{url}/compare", "Compare")
        picker = page.get_by_test_id("stMultiSelect").filter(has_text="Models to compare")
        for model in models:
            picker.click()
            page.get_by_role("option", name=model).click()
        page.keyboard.press("Escape")
        if prompts == 1:
            page.get_by_role("button", name="🗑️").nth(1).click()
        cells = len(models) * prompts
        formula = f"{len(models)} model(s) × {prompts} prompt(s) × 1 input(s)"
        expect(page.get_by_text(formula)).to_be_visible(timeout=60_000)
        expect(page.get_by_text(f"= {cells} cells")).to_be_visible()

    return prepare


def _run_compare(page: Page) -> None:
    page.get_by_role("button", name="Run the comparison").click()


def _results_shown(page: Page) -> None:
    expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=LONG)


def _user(text: str) -> Messages:
    return [{"role": "user", "content": text}]


SURFACES = (
    Surface("Playground", _playground, _send, _stats_shown, [(SOLO, _user(QUESTION))]),
    Surface("Document chat", _document_chat, _ask, _sources_shown, [(SOLO, _user(DOC_QUESTION))]),
    Surface(
        "Compare, 1 cell",
        _compare([SOLO], 1),
        _run_compare,
        _results_shown,
        [(SOLO, _user(PROMPTS[0]))],
    ),
    Surface(
        "Compare, 4 cells",
        _compare(PAIR, 2),
        _run_compare,
        _results_shown,
        [(model, _user(prompt)) for model in PAIR for prompt in PROMPTS],
    ),
)


def bare_loop(client: ollama.Client, requests: Sequence[tuple[str, Messages]]) -> None:
    """Stream every answer into a string, one request after another, as a script would."""
    for model, messages in requests:
        text = ""
        part: Any
        for part in client.chat(model=model, messages=messages, stream=True):
            text += part.message.content or ""
        assert text
