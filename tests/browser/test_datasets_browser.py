"""Datasets in Debian's chromium, the issue's done-when path: vote in Compare, build a dataset
on the Datasets page, download chat JSONL and find the voted answer in it with Korean intact;
then the same page in Korean."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, go, pick, pick_models
from tests.browser.test_compare_browser import vote
from workbench.datasets import ExampleFilter, examples
from workbench.history import History

QUESTION = "하늘은 왜 파란가요? {{text}}"


def voted_examples(app: RunningApp) -> list:
    history = History(app.data_dir / "history.sqlite3")
    try:
        return examples(history, ExampleFilter(votes=("up",)))
    finally:
        history.close()


def test_vote_build_a_dataset_and_download_chat_jsonl(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    page.goto(f"{app_server.url}/compare")
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=20_000)
    pick_models(page, "gemma3:270m", "qwen3:0.6b")
    first_prompt = page.get_by_label("User message").first
    first_prompt.fill(QUESTION)
    first_prompt.blur()
    page.get_by_text("Everything at once").click()
    expect(page.get_by_text("2 model(s) × 2 prompt(s) × 1 input(s)")).to_be_visible()
    page.get_by_role("button", name="Run the comparison").click()
    expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=60_000)
    vote(page, 0, "Thumbs up")

    go(page, "Datasets", "Datasets")
    votes = page.get_by_test_id("stMultiSelect").filter(has_text="Votes")
    votes.click()
    page.get_by_role("option", name="👍 Thumbs up").click()
    page.keyboard.press("Escape")
    expect(page.get_by_text("Answers selected: 1.")).to_be_visible(timeout=20_000)
    (voted,) = voted_examples(app_server)
    assert "하늘은 왜 파란가요?" in voted.prompt_text
    page.screenshot(path=screenshot_dir / "datasets.png", full_page=True)

    chat = page.get_by_test_id("stDownloadButton").first  # the formats' order: chat JSONL first
    chat.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "datasets-export.png")
    with page.expect_download() as info:
        chat.click()
    raw = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "train.chat.jsonl"
    assert "하늘은 왜 파란가요?".encode() in raw and b"\\u" not in raw
    lines = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert lines == [
        {"messages": [*voted.messages, {"role": "assistant", "content": voted.answer}]}
    ]

    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="한국어").click()
    expect(page.get_by_text("답변 1개를 골랐습니다.")).to_be_visible(timeout=20_000)  # kept filter
    page.screenshot(path=screenshot_dir / "datasets-ko.png")
    for number, heading in enumerate(("중복 프롬프트 빼기", "전후 비교"), start=1):
        page.get_by_role("heading", name=heading).first.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / f"datasets-ko-{number}.png")


def test_before_after_sets_up_compare_on_the_validation_rows(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    page.goto(f"{app_server.url}/compare")
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=20_000)
    pick_models(page, "gemma3:270m", "qwen3:0.6b")
    page.get_by_role("button", name="Run the comparison").click()
    expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=60_000)

    go(page, "Datasets", "Datasets")
    expect(page.get_by_text("Dropped as duplicates (2)")).to_be_visible(timeout=20_000)
    share = page.get_by_test_id("stSlider").filter(has_text="Validation share")
    share.get_by_role("slider").press("End")
    expect(page.get_by_text("Pick two different models.")).to_be_visible()
    pick(page, "Base model", "gemma3:270m")
    pick(page, "Fine-tuned model", "qwen3:0.6b")
    expect(page.get_by_text("Validation prompts that become the input rows: 1.")).to_be_visible()
    page.get_by_role("button", name="Set up the comparison").click()
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("1 input(s)")).to_be_visible()
    page.get_by_role("button", name="Run the comparison").click()
    expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("expected = ").first).to_be_visible()
    page.get_by_role("tab", name="🧩 Side by side").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "datasets-before-after.png")


def test_the_datasets_page_in_korean(page: Page, app_server: RunningApp, screenshot_dir: Path):
    page.goto(app_server.url)
    expect(page.get_by_role("heading", name="Home").first).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="한국어").click()
    expect(page.get_by_role("heading", name="홈").first).to_be_visible(timeout=20_000)
    page.screenshot(path=screenshot_dir / "datasets-home-ko.png", full_page=True)
    go(page, "데이터셋", "데이터셋")
    expect(page.get_by_text("아직 실행한 비교가 없어")).to_be_visible()
    page.get_by_role("link", name="비교 시작하기").click()
    expect(page.get_by_role("heading", name="비교").first).to_be_visible(timeout=20_000)
