"""Set a page up, go Home and come back: everything typed or chosen is still there."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import RunningApp, go, pick

USER_BOX = "User message — {{name}} marks a variable"
SYSTEM = "너는 간결하게 답하는 비서야."


def model_box(page: Page) -> Locator:
    return page.get_by_role("combobox", name="Model", exact=True)


def test_playground_settings_survive_going_home_and_a_reload_keeps_the_model(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    page.goto(f"{app_server.url}/playground")
    expect(page.get_by_role("heading", name="Playground")).to_be_visible(timeout=20_000)
    pick(page, "Model", "qwen3:0.6b")
    num_predict = page.get_by_role("spinbutton", name="num_predict")
    num_predict.fill("60")
    num_predict.press("Enter")
    system = page.get_by_role("textbox", name="System prompt")
    system.fill(SYSTEM)
    system.press("Tab")
    draft = page.get_by_role("textbox", name="Message")
    draft.fill("아직 보내지 않은 초안")
    draft.press("Tab")
    expect(page.get_by_text("num_predict=60")).to_be_visible(timeout=20_000)

    go(page, "Home", "Home")
    go(page, "Playground", "Playground")
    expect(model_box(page)).to_have_value("qwen3:0.6b", timeout=20_000)
    expect(page.get_by_role("spinbutton", name="num_predict")).to_have_value("60")
    expect(page.get_by_role("textbox", name="System prompt")).to_have_value(SYSTEM)
    expect(page.get_by_role("textbox", name="Message")).to_have_value("아직 보내지 않은 초안")
    page.screenshot(path=screenshot_dir / "playground-kept.png", full_page=True)

    page.reload()  # a new session: the last model used comes back from the data directory
    expect(model_box(page)).to_have_value("qwen3:0.6b", timeout=20_000)


def test_modelfile_editor_text_survives_going_home(page: Page, app_server: RunningApp) -> None:
    page.goto(f"{app_server.url}/modelfiles")
    expect(page.get_by_role("heading", name="Modelfiles")).to_be_visible(timeout=20_000)
    editor = page.get_by_role("textbox", name="Modelfile", exact=True)
    editor.fill(f'FROM gemma3:270m\nSYSTEM "{SYSTEM}"\nPARAMETER num_ctx 4096\n')
    editor.press("Tab")
    expect(page.get_by_text("num_ctx")).not_to_have_count(0, timeout=20_000)
    go(page, "Home", "Home")
    go(page, "Modelfiles", "Modelfiles")
    expect(page.get_by_role("textbox", name="Modelfile", exact=True)).to_have_value(
        f'FROM gemma3:270m\nSYSTEM "{SYSTEM}"\nPARAMETER num_ctx 4096\n'
    )


def test_unsaved_template_edits_survive_going_home(page: Page, app_server: RunningApp) -> None:
    page.goto(f"{app_server.url}/templates")
    expect(page.get_by_role("heading", name="Templates")).to_be_visible(timeout=20_000)
    pick(page, "Template to open", "Zero-shot: classify sentiment (zero-shot)")
    open_button = page.get_by_test_id("stBaseButton-secondary").filter(has_text="Open").first
    expect(open_button).to_be_enabled(timeout=20_000)
    open_button.click()
    message = page.get_by_role("textbox", name="Message 1")
    expect(message).to_be_visible(timeout=20_000)
    message.fill("{{instruction}}\n\n한 문장으로 답하세요.")
    message.press("Tab")
    go(page, "Home", "Home")
    go(page, "Templates", "Templates")
    expect(page.get_by_role("textbox", name="Message 1")).to_have_value(
        "{{instruction}}\n\n한 문장으로 답하세요.", timeout=20_000
    )


def test_compare_setup_survives_going_home(page: Page, app_server: RunningApp) -> None:
    page.goto(f"{app_server.url}/compare")
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=20_000)
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Models to compare")
    for model in ("gemma3:270m", "qwen3:0.6b"):
        picker.click()
        page.get_by_role("option", name=model).click()
    page.keyboard.press("Escape")
    user = page.get_by_role("textbox", name=USER_BOX).first
    user.fill("{{topic}}에 대해 세 문장으로 설명해 줘.")
    user.press("Tab")
    go(page, "Home", "Home")
    go(page, "Compare", "Compare")
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Models to compare")
    expect(picker).to_contain_text("gemma3:270m", timeout=20_000)
    expect(picker).to_contain_text("qwen3:0.6b")
    expect(page.get_by_role("textbox", name=USER_BOX).first).to_have_value(
        "{{topic}}에 대해 세 문장으로 설명해 줘."
    )


def test_the_open_tab_stays_open_after_a_copy_and_a_page_switch(
    page: Page, app_server: RunningApp
) -> None:
    page.goto(f"{app_server.url}/models")
    expect(page.get_by_role("heading", name="Models")).to_be_visible(timeout=20_000)
    copy_tab = page.get_by_role("tab", name="Copy")
    copy_tab.click()
    expect(copy_tab).to_have_attribute("aria-selected", "true")
    name = page.get_by_role("textbox", name="New name")
    name.fill("tab-copy:latest")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_text("tab-copy").first).to_be_visible(timeout=20_000)
    expect(page.get_by_role("tab", name="Copy")).to_have_attribute("aria-selected", "true")

    go(page, "Home", "Home")
    go(page, "Models", "Models")
    expect(page.get_by_role("tab", name="Copy")).to_have_attribute(
        "aria-selected", "true", timeout=20_000
    )


def test_the_templates_builders_tab_survives_going_home(page: Page, app_server: RunningApp) -> None:
    page.goto(f"{app_server.url}/templates")
    expect(page.get_by_role("heading", name="Templates")).to_be_visible(timeout=20_000)
    builders = page.get_by_role("tab", name="Technique builders")
    builders.click()
    expect(builders).to_have_attribute("aria-selected", "true")
    go(page, "Home", "Home")
    go(page, "Templates", "Templates")
    expect(page.get_by_role("tab", name="Technique builders")).to_have_attribute(
        "aria-selected", "true", timeout=20_000
    )
