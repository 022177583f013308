"""A template gets an output schema in the browser, is saved, exported and imported back."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp
from tests.browser.test_templates_browser import open_template, open_zero_shot
from workbench.library.exchange import parse_templates

SENTIMENT = {
    "type": "object",
    "properties": {"sentiment": {"type": "string", "description": "positive, negative or neutral"}},
    "required": ["sentiment"],
}


def fill(page: Page, label: str, text: str) -> None:
    """Type into the text box labelled `label` and commit it (Enter), as a person does."""
    box = page.get_by_role("textbox", name=label)
    box.fill(text)
    box.press("Enter")


def test_a_schema_given_in_the_form_survives_save_export_and_import(
    page: Page, app_server: RunningApp, screenshot_dir: Path, tmp_path: Path
) -> None:
    open_zero_shot(page, app_server)
    page.get_by_test_id("stExpander").filter(has_text="Output schema & tools").first.click()
    page.get_by_role("button", name="Add a field").click()
    fill(page, "Field 1: name", "sentiment")
    view = page.get_by_test_id("stCode").filter(has_text='"sentiment"')
    expect(view).to_be_visible(timeout=20_000)
    fill(page, "Field 1: description", "positive, negative or neutral")
    expect(view).to_contain_text("positive, negative or neutral", timeout=20_000)
    page.get_by_role("button", name="Add this built-in tool").click()
    expect(page.get_by_role("textbox", name="Tool 1: name")).to_have_value("calculator")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("as version 2.")).to_be_visible(timeout=20_000)
    page.get_by_test_id("stExpander").filter(
        has_text="Output schema & tools"
    ).first.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "templates-output-schema.png", full_page=True)

    page.get_by_role("tab", name="Import and export").click()
    page.get_by_test_id("stMultiSelect").filter(has_text="Templates to export").click()
    page.keyboard.type("zero-shot")
    page.get_by_role("option", name="zero-shot", exact=True).click()
    page.keyboard.press("Escape")
    with page.expect_download(timeout=20_000) as download:
        page.get_by_role("button", name="Download 1 template(s)").click()
    exported = tmp_path / "zero-shot.yaml"
    download.value.save_as(exported)
    [template] = parse_templates(exported.read_text("utf-8"))
    assert template.output_schema == SENTIMENT
    assert [tool.name for tool in template.tools] == ["calculator"]

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(exported)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported zero-shot as zero-shot-2 (version 1).")).to_be_visible(
        timeout=20_000
    )
    page.get_by_role("tab", name="Library").click()
    open_template(page, "Zero-shot: classify sentiment (zero-shot-2)")
    expect(page.get_by_text("(zero-shot-2) · editing version 1")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("textbox", name="Field 1: name")).to_have_value("sentiment")
    expect(page.get_by_test_id("stCode").filter(has_text='"sentiment"').first).to_be_visible()
    saved = app_server.data_dir / "library" / "zero-shot-2.yaml"
    assert parse_templates(saved.read_text("utf-8"))[0].output_schema == SENTIMENT
