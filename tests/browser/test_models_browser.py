"""The Models page as a person clicks it, in Debian's chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp


def open_models(page: Page, app: RunningApp) -> None:
    page.goto(f"{app.url}/models")
    expect(page.get_by_role("heading", name="Models")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("gemma3:270m")


def test_see_models_and_daemon_status(page: Page, app_server: RunningApp, screenshot_dir: Path):
    open_models(page, app_server)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Answering · Ollama 0.24.0")).to_be_visible()
    expect(sidebar.get_by_text(app_server.daemon_url.removeprefix("http://"))).to_be_visible()
    page.screenshot(path=screenshot_dir / "models-page.png", full_page=True)


def test_pull_a_model_with_progress(page: Page, app_server: RunningApp) -> None:
    open_models(page, app_server)
    page.get_by_label("Model name (from ollama.com/library), e.g. gemma3:270m").fill("smollm2:135m")
    page.get_by_role("button", name="Pull").last.click()
    expect(page.get_by_text("Pulled smollm2:135m.")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("smollm2:135m")


def test_pull_of_an_unknown_name_explains(page: Page, app_server: RunningApp) -> None:
    open_models(page, app_server)
    page.get_by_label("Model name (from ollama.com/library), e.g. gemma3:270m").fill("nope-xyz")
    page.get_by_role("button", name="Pull").last.click()
    expect(page.get_by_text("There is no model called 'nope-xyz' in the registry")).to_be_visible()


def test_delete_a_model_after_confirming(page: Page, app_server: RunningApp) -> None:
    open_models(page, app_server)
    page.get_by_role("tab", name="🗑️ Delete").click()
    page.get_by_test_id("stSelectbox").filter(has_text="Model to delete").click()
    page.get_by_role("option", name="llava:7b").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("button", name="Yes, delete llava:7b").click()
    expect(page.get_by_text("Deleted llava:7b.")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("stDataFrame").first).not_to_contain_text("llava:7b")


def test_switch_to_korean(page: Page, app_server: RunningApp, screenshot_dir: Path) -> None:
    open_models(page, app_server)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="한국어").click()
    expect(page.get_by_role("heading", name="📦 모델")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("tab", name="⬇️ 받기")).to_be_visible()
    page.screenshot(path=screenshot_dir / "models-page-ko.png", full_page=True)


def test_daemon_stopping_while_the_page_is_open(page: Page, app_server: RunningApp) -> None:
    open_models(page, app_server)
    app_server.stop_daemon()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Not answering")).to_be_visible(timeout=20_000)
    page.reload()
    expect(page.get_by_text("No Ollama daemon answers at")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
