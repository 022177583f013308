"""Compare in Debian's chromium: two models x two prompts stream at once, a vote, then the run and
the leaderboard on the History page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, pick_models, start_app

TOKEN_DELAY = "0.02"
LONG_ANSWERS = ("--answer-tokens", "80")


@pytest.fixture
def slow_app(tmp_path: Path) -> Iterator[RunningApp]:
    """A fake daemon that streams 80-token answers at 20 ms a token, and a workbench on it."""
    with start_app(tmp_path, daemon_args=["--token-delay", TOKEN_DELAY, *LONG_ANSWERS]) as app:
        yield app


def vote(page: Page, index: int, thumb: str) -> None:
    page.get_by_role("button", name="Vote").nth(index).click()
    page.get_by_test_id("stPopoverBody").get_by_role("radio", name=thumb).click()
    shown = "Your vote: 👍" if thumb == "Thumbs up" else "Your vote: 👎"
    expect(page.get_by_text(shown)).to_be_visible(timeout=20_000)
    page.keyboard.press("Escape")


def test_compare_two_models_on_two_prompts(page: Page, slow_app: RunningApp, screenshot_dir):
    page.goto(f"{slow_app.url}/compare")
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=20_000)
    pick_models(page, "gemma3:270m", "qwen3:0.6b")
    page.get_by_text("Everything at once").click()
    expect(page.get_by_text("2 model(s) × 2 prompt(s) × 1 input(s)")).to_be_visible()
    page.get_by_role("button", name="Run the comparison").click()

    running = page.get_by_text("Answering · waited")
    expect(running).to_have_count(4, timeout=20_000)
    page.get_by_role("button", name="Cancel every cell").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "compare.png")

    expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("n=1 · first token")).to_have_count(4)
    vote(page, 0, "Thumbs up")
    vote(page, 1, "Thumbs down")
    page.get_by_role("tab", name="🧩 Side by side").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "compare-results.png")

    page.get_by_role("link", name="Open in History (re-run, export, leaderboards)").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=20_000)
    runs = page.get_by_test_id("stDataFrame").first
    expect(runs).to_contain_text("gemma3:270m vs qwen3:0.6b")
    boards = page.get_by_test_id("stDataFrame").filter(has_text="Elo")
    expect(boards.first).to_contain_text("gemma3:270m")
    expect(boards.first).to_contain_text("1,016")
    page.get_by_role("heading", name="Leaderboards of every run").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "history.png")
