"""The Playground as a person clicks it, in Debian's chromium."""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, pick


def open_playground(page: Page, app: RunningApp) -> None:
    page.goto(f"{app.url}/playground")
    expect(page.get_by_role("heading", name="Playground")).to_be_visible(timeout=20_000)


def test_fill_a_template_send_and_see_the_answer_and_stats(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    open_playground(page, app_server)
    page.get_by_test_id("stSelectbox").filter(has_text="Model").first.click()
    page.get_by_role("option", name="gemma3:270m").click()
    pick(page, "Template from the library", "Structured prompt (structured-prompt)")
    topic = page.get_by_role("textbox", name="topic")
    expect(topic).to_be_visible(timeout=20_000)
    topic.fill("tide pools")
    topic.press("Enter")
    page.get_by_role("button", name="Send the filled-in template").click()

    conversation = page.get_by_test_id("stChatMessage")
    sent = conversation.filter(has_text="Write a blog post about tide pools.").last
    expect(sent).to_be_visible(timeout=20_000)
    stats = page.get_by_text("first token")
    expect(stats).to_be_visible(timeout=20_000)
    expect(stats).to_contain_text("output tokens")
    expect(stats).to_contain_text("tokens/s")
    assistant = conversation.filter(has_text="gemma3:270m · first token")
    expect(assistant).to_have_count(1)
    page.screenshot(path=screenshot_dir / "playground-template.png", full_page=True)


ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_attach_an_image_for_a_vision_model(page: Page, app_server: RunningApp, tmp_path: Path):
    image = tmp_path / "dot.png"
    image.write_bytes(ONE_PIXEL_PNG)
    open_playground(page, app_server)
    page.get_by_test_id("stSelectbox").filter(has_text="Model").first.click()
    page.get_by_role("option", name="llava:7b").click()
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(image)
    expect(page.get_by_text("dot.png")).to_be_visible(timeout=20_000)
    page.get_by_role("textbox", name="Message").fill("What is in this picture?")
    page.get_by_role("button", name="Send", exact=True).click()
    asked = page.get_by_test_id("stChatMessage").filter(has_text="What is in this picture?")
    expect(asked.get_by_test_id("stImage")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("llava:7b · first token")).to_be_visible(timeout=20_000)


def test_the_playground_in_korean(page: Page, app_server: RunningApp, screenshot_dir: Path):
    open_playground(page, app_server)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="한국어").click()
    expect(page.get_by_role("heading", name="🧪 플레이그라운드")).to_be_visible(timeout=20_000)
    send = page.get_by_role("button", name="보내기")
    expect(send).to_be_visible()
    page.get_by_role("textbox", name="메시지").fill("하늘은 왜 파란가요?")
    send.click()
    expect(page.get_by_text("첫 토큰")).to_be_visible(timeout=20_000)
    page.screenshot(path=screenshot_dir / "playground-ko.png", full_page=True)
