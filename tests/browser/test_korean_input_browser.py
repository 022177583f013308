"""Korean input: an Enter that confirms an IME composition must not submit the form early."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp

PULL_LABEL = "Model name (from ollama.com/library), e.g. gemma3:270m"


def compose(page: Page, text: str) -> None:
    """Type `text` through the browser's IME and press Enter while it is still composing."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": 1, "selectionEnd": 1})
    for kind in ("rawKeyDown", "keyUp"):
        cdp.send(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 229},
        )
    cdp.send("Input.insertText", {"text": text})


def test_enter_during_composition_does_not_submit(page: Page, app_server: RunningApp) -> None:
    page.goto(f"{app_server.url}/models")
    box = page.get_by_label(PULL_LABEL)
    box.click()
    compose(page, "한")
    page.wait_for_timeout(1500)
    expect(page.get_by_text("is not a valid model name")).to_have_count(0)
    expect(box).to_have_value("한")
    box.press("Enter")
    expect(page.get_by_text("'한' is not a valid model name")).to_be_visible(timeout=20_000)
