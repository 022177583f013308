"""The Templates page as a person clicks it, in Debian's chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import RunningApp


def open_templates(page: Page, app: RunningApp) -> None:
    page.goto(f"{app.url}/templates")
    expect(page.get_by_role("heading", name="Templates")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("few-shot")


def open_template(page: Page, option: str) -> None:
    """Pick `option` in "Template to open" (typed, since the list shows only its first rows)."""
    page.get_by_test_id("stSelectbox").filter(has_text="Template to open").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).click()
    page.get_by_test_id("stBaseButton-secondary").filter(has_text="Open").click()


def test_edit_a_starter_template_and_see_version_2(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    open_templates(page, app_server)
    open_template(page, "Zero-shot: classify sentiment (zero-shot)")
    expect(page.get_by_text("editing version 1")).to_be_visible(timeout=20_000)

    message = page.get_by_role("textbox", name="Message 1")
    message.fill("{{instruction}}\n\nAnswer in one word.")
    message.press("Control+Enter")
    preview = page.get_by_test_id("stChatMessage").filter(has_text="Answer in one word.")
    expect(preview).to_be_visible(timeout=20_000)

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("as version 2.")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("editing version 2")).to_be_visible()
    history = page.get_by_test_id("stExpander").filter(has_text="Compare version")
    expect(history.get_by_test_id("stDataFrame")).to_contain_text("2")
    expect(history.get_by_test_id("stCode")).to_contain_text("Answer in one word.")
    history.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "templates-version-2.png", full_page=True)
    saved = app_server.data_dir / "library" / ".history" / "zero-shot" / "2.yaml"
    assert "Answer in one word." in saved.read_text("utf-8")


def open_zero_shot(page: Page, app: RunningApp) -> None:
    open_templates(page, app)
    open_template(page, "Zero-shot: classify sentiment (zero-shot)")
    expect(page.get_by_text("editing version 1")).to_be_visible(timeout=20_000)


def edit_message(page: Page, text: str) -> None:
    message = page.get_by_role("textbox", name="Message 1")
    message.fill(text)
    message.press("Control+Enter")
    expect(
        page.get_by_test_id("stChatMessage").filter(has_text=text.split("\n")[-1])
    ).to_be_visible(timeout=20_000)


def test_two_sessions_save_the_same_template_and_the_second_is_refused(
    page: Page, browser: Browser, app_server: RunningApp, screenshot_dir: Path
) -> None:
    teammate = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_zero_shot(page, app_server)
    open_zero_shot(teammate, app_server)
    edit_message(teammate, "{{instruction}}\n\n한 단어로 답하세요.")
    teammate.get_by_role("button", name="Save").click()
    expect(teammate.get_by_text("as version 2.")).to_be_visible(timeout=20_000)

    edit_message(page, "{{instruction}}\n\nAnswer in one word.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("was changed by someone else")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Nothing was overwritten")).to_be_visible()
    page.screenshot(path=screenshot_dir / "templates-stale-save.png", full_page=True)
    saved = app_server.data_dir / "library" / ".history" / "zero-shot"
    assert sorted(p.name for p in saved.glob("*.yaml")) == ["1.yaml", "2.yaml"]
    assert "한 단어로" in (saved / "2.yaml").read_text("utf-8")
    expect(
        page.get_by_test_id("stCode").filter(has_text="한 단어로 답하세요.").first
    ).to_be_visible()
    page.get_by_role("button", name="Discard my edits and open the library's version").click()
    expect(page.get_by_text("editing version 2")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("textbox", name="Message 1")).to_have_value(
        "{{instruction}}\n\n한 단어로 답하세요."
    )
    teammate.context.close()
