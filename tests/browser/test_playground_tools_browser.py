"""Structured output and tool calling in the Playground, as a person clicks them in chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, pick


def open_playground(page: Page, app: RunningApp) -> None:
    page.goto(f"{app.url}/playground")
    expect(page.get_by_role("heading", name="Playground")).to_be_visible(timeout=20_000)


def test_a_template_with_a_schema_gives_a_validated_table(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    open_playground(page, app_server)
    pick(page, "Model", "gemma3:270m")
    pick(page, "Template from the library", "Extract a contact card (JSON) (contact-card)")
    expect(page.get_by_role("radio", name="JSON schema")).to_be_checked(timeout=20_000)
    page.get_by_role("button", name="Send the filled-in template").click()

    answer = page.get_by_test_id("stChatMessage").filter(has_text="Valid against the schema.")
    expect(answer).to_be_visible(timeout=20_000)
    table = answer.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    expect(table).to_contain_text("email")
    expect(table).to_contain_text("company")
    answer.get_by_role("tab", name="JSON").click()
    expect(answer.get_by_test_id("stCode")).to_contain_text('"name":')
    page.screenshot(path=screenshot_dir / "playground-schema.png", full_page=True)


def test_a_calculator_round_trip_ends_in_a_final_answer(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    open_playground(page, app_server)
    pick(page, "Model", "qwen3:0.6b")
    pick(page, "Template from the library", "Calculate with a tool (calculator-tool)")
    expect(page.get_by_role("textbox", name="Tool 1: name")).to_have_value(
        "calculator", timeout=20_000
    )
    message = page.get_by_role("textbox", name="Message")
    message.fill("A recipe for 4 needs 350 g of flour. For 7 people: 350 * 7 / 4 grams?")
    page.get_by_role("button", name="Send", exact=True).click()

    card = page.get_by_test_id("stChatMessage").filter(has_text="The model calls calculator with:")
    expect(card.last).to_be_visible(timeout=20_000)
    expect(card.last).to_contain_text('"expression": "350 * 7 / 4"')
    expect(card.last).to_contain_text("Result of the built-in tool")
    expect(card.last).to_contain_text("612.5")
    final = page.get_by_test_id("stChatMessage").filter(has_text="qwen3:0.6b · first token")
    expect(final).to_have_count(2, timeout=20_000)  # the call, then the answer
    expect(page.get_by_role("button", name="Stop", exact=True)).to_have_count(0, timeout=20_000)
    expect(final.last).to_contain_text("612.5")
    page.screenshot(path=screenshot_dir / "playground-tools.png", full_page=True)
