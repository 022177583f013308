"""Korean input through the browser's IME, in each kind of text field: a text box, a text area
and the chat input. An Enter that confirms a composition submits nothing, and a syllable still
composing when the user clicks a button is kept."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp
from tests.kb_fixtures import embedded_store
from workbench.kb.collections import create_collection
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.ollama import OllamaService

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


def compose_unfinished(page: Page, settled: str, composing: str) -> None:
    """Type `settled` and leave `composing` in the IME, as a Korean typist's last syllable is."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.insertText", {"text": settled})
    cdp.send(
        "Input.imeSetComposition",
        {"text": composing, "selectionStart": len(composing), "selectionEnd": len(composing)},
    )


def test_a_syllable_still_composing_is_sent_from_a_text_area(
    page: Page, app_server: RunningApp
) -> None:
    page.goto(f"{app_server.url}/playground")
    box = page.get_by_role("textbox", name="Message")
    expect(box).to_be_visible(timeout=20_000)
    box.click()
    compose_unfinished(page, "안녕하세", "요")
    page.get_by_role("button", name="Send", exact=True).click()
    question = page.get_by_test_id("stChatMessage").first
    expect(question).to_contain_text("안녕하세요", timeout=20_000)


def test_enter_during_composition_does_not_send_a_chat_input(
    page: Page, app_server: RunningApp
) -> None:
    store = embedded_store(app_server.data_dir)
    service = OllamaService(app_server.daemon_url)
    create_collection(store, service, "규정", "bge-m3")
    rules = SourceFile("rules.txt", data="연차 휴가는 입사 1년 후 15일이 주어집니다.".encode())
    ingest_files(store, service, "규정", [rules])
    page.goto(f"{app_server.url}/document_chat")
    question = page.get_by_test_id("stChatInputTextArea")
    expect(question).to_be_enabled(timeout=20_000)
    question.click()
    compose(page, "연차는 며칠인가요")
    page.wait_for_timeout(1500)
    expect(page.get_by_test_id("stChatMessage")).to_have_count(0)
    expect(question).to_have_value("연차는 며칠인가요")
    question.press("Enter")
    expect(page.get_by_test_id("stChatMessage").first).to_contain_text(
        "연차는 며칠인가요", timeout=20_000
    )
