"""Compare in Debian's chromium, the Done-when path of structured output: a starter template with
an output schema runs on two models, one of which breaks the schema (the fake's --format-fault),
and the page shows which model's answers validate; History shows the same for the saved run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, idle, pick_models, start_app

TEMPLATE = "Extract a contact card (JSON) (contact-card)"
VALID = "✅ Valid against the schema"
INVALID = "❌ Invalid: 2 violation(s) of the schema"


@pytest.fixture
def faulty_app(tmp_path: Path) -> Iterator[RunningApp]:
    """A fake daemon whose gemma3:270m answers break every output schema, and a workbench."""
    with start_app(tmp_path, daemon_args=["--format-fault", "gemma3:270m=wrong"]) as app:
        yield app


def cell(page: Page, model: str):
    """The bordered box of the finished cell that `model` answered."""
    boxes = page.get_by_test_id("stVerticalBlock")
    return boxes.filter(has_text=f"{model} · contact-card@1").filter(has_text="first token").last


def test_a_template_schema_shows_which_models_answers_validate(
    page: Page, faulty_app: RunningApp, screenshot_dir: Path
) -> None:
    page.goto(f"{faulty_app.url}/compare")
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=20_000)
    pick_models(page, "gemma3:270m", "qwen3:0.6b")
    for left in (1, 0):  # the two example prompts go: only the template is compared
        page.get_by_role("button", name="🗑️").first.click()
        expect(page.get_by_role("button", name="🗑️")).to_have_count(left)
        idle(page)
    page.get_by_role("button", name="Add a template").click()
    idle(page)
    chosen = page.get_by_test_id("stSelectbox").filter(has_text="Template from the library")
    chosen.click()
    page.keyboard.type("contact card")
    page.get_by_role("option", name=TEMPLATE).click()
    expect(page.get_by_text("📐 Answers must match an output schema")).to_be_visible()
    expect(page.get_by_text("2 model(s) × 1 prompt(s) × 1 input(s)")).to_be_visible()
    page.get_by_role("button", name="Run the comparison").click()

    expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=60_000)
    validity = page.get_by_test_id("stDataFrame").filter(has_text="Valid share")
    expect(validity).to_contain_text("gemma3:270m")
    expect(validity).to_contain_text("0 of 1")
    expect(validity).to_contain_text("1 of 1")
    validity.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "compare-schema.png", full_page=True)
    expect(cell(page, "qwen3:0.6b").get_by_text(VALID)).to_be_visible()
    expect(cell(page, "qwen3:0.6b").get_by_text(INVALID)).to_have_count(0)
    expect(cell(page, "gemma3:270m").get_by_text(INVALID)).to_be_visible()
    expect(cell(page, "gemma3:270m").get_by_text("'name' is a required property")).to_be_visible()

    page.get_by_role("link", name="Open in History (re-run, export, leaderboards)").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=20_000)
    saved = page.get_by_test_id("stDataFrame").filter(has_text="Valid share")
    expect(saved).to_contain_text("0 of 1", timeout=20_000)
    expect(cell(page, "gemma3:270m").get_by_text(INVALID)).to_be_visible()
    expect(cell(page, "qwen3:0.6b").get_by_text(VALID)).to_be_visible()
    page.screenshot(path=screenshot_dir / "history-schema.png", full_page=True)
