"""The Playground's hand-offs as a person clicks them: the context meter, Save to History and
Compare."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp

QUESTION = "조수 웅덩이에 사는 생물을 알려 줘"


def ask(page: Page, app: RunningApp) -> None:
    page.goto(f"{app.url}/playground")
    message = page.get_by_role("textbox", name="Message")
    expect(message).to_be_visible(timeout=20_000)
    message.fill(QUESTION)
    expect(page.get_by_text("tokens of context")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("counted by the model")).to_be_visible(timeout=20_000)


def test_save_to_history_then_find_it_there(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    ask(page, app_server)
    page.get_by_role("button", name="Save to History").click()
    expect(page.get_by_text("Saved as 'Playground · gemma3:270m'")).to_be_visible(timeout=20_000)
    page.screenshot(path=screenshot_dir / "playground-saved.png", full_page=True)
    page.get_by_role("link", name="Open History").click()
    expect(page.get_by_role("heading", name="Playground · gemma3:270m")).to_be_visible(
        timeout=20_000
    )
    expect(page.get_by_text(QUESTION).first).to_be_attached()


def test_compare_opens_with_the_prompt_and_the_model(page: Page, app_server: RunningApp) -> None:
    ask(page, app_server)
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page.get_by_role("heading", name="Compare").first).to_be_visible(timeout=20_000)
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Models to compare")
    expect(picker).to_contain_text("gemma3:270m", timeout=20_000)
    name = f"Playground: {QUESTION}"
    expect(page.get_by_role("textbox", name="Name", exact=True).first).to_have_value(name)
