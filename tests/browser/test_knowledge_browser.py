"""Knowledge and Document chat as a person uses them: build a knowledge base, ask, see sources."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.browser.conftest import RunningApp, go, idle, pick, start_app

KOREAN_FONT = "HYSMyeongJo-Medium"
PAGES = [
    ("Helvetica", ["Acme employee handbook.", "This handbook explains how we work together."]),
    (
        "Helvetica",
        [
            "Employees get fifteen days of paid leave after their first year.",
            "Unused leave days do not carry over to the next year.",
        ],
    ),
    (KOREAN_FONT, ["연차 휴가는 입사 1년 후 15일이 주어집니다.", "주차장은 아침 7시에 엽니다."]),
]


def handbook_pdf(path: Path) -> Path:
    """A three-page PDF whose last page is Korean, written with reportlab's CID font."""
    pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_FONT))
    pdf = canvas.Canvas(str(path))
    for font, lines in PAGES:
        pdf.setFont(font, 11)
        for number, line in enumerate(lines):
            pdf.drawString(50, 800 - 16 * number, line)
        pdf.showPage()
    pdf.save()
    return path


def test_build_a_knowledge_base_and_ask_it(
    page: Page, app_server: RunningApp, tmp_path: Path, screenshot_dir: Path
) -> None:
    pdf = handbook_pdf(tmp_path / "handbook.pdf")
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{app_server.url}/knowledge")
    expect(page.get_by_role("heading", name="📚 Knowledge", exact=True)).to_be_visible(
        timeout=20_000
    )
    name = page.get_by_label("Name", exact=True)
    name.fill("Handbook")
    name.press("Enter")
    idle(page)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Created the knowledge base 'Handbook'.")).to_be_visible(timeout=20_000)

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(pdf)
    add = page.get_by_role("button", name="Add 1 file(s) to Handbook")
    expect(add).to_be_enabled(timeout=20_000)
    add.click()
    expect(page.get_by_text("Added 3 new passages from 1 file(s).")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("Handbook")
    page.screenshot(path=screenshot_dir / "knowledge-ingested.png")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Document chat").click()
    expect(page.get_by_role("heading", name="Document chat")).to_be_visible(timeout=20_000)
    question = page.get_by_test_id("stChatInputTextArea")
    question.fill("How many days of paid leave do employees get?")
    question.press("Enter")
    first_source = page.get_by_test_id("stExpander").first
    expect(first_source).to_contain_text("[1] 📄 handbook.pdf, p. 2", timeout=30_000)
    expect(page.get_by_role("button", name="Send to Compare")).to_be_visible()
    answers = page.get_by_test_id("stChatMessage")
    expect(answers).to_have_count(2)
    expect(answers.nth(1)).to_contain_text("gemma3:270m")
    first_source.click()
    expect(first_source).to_contain_text("fifteen days of paid leave")
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_dir / "document-chat-answer.png")

    # Set Document chat up, go Home and come back: the model, options and answers are still there.
    pick(page, "Chat model", "qwen3:0.6b")
    page.get_by_test_id("stExpander").filter(has_text="Generation options").click()
    limit = page.get_by_role("spinbutton", name="num_predict")
    limit.fill("64")
    limit.press("Enter")
    idle(page)
    go(page, "Home", "Home")
    go(page, "Document chat", "Document chat")
    expect(page.get_by_role("combobox", name="Chat model")).to_have_value(
        "qwen3:0.6b", timeout=20_000
    )
    page.get_by_test_id("stExpander").filter(has_text="Generation options").click()
    expect(page.get_by_role("spinbutton", name="num_predict")).to_have_value("64")
    expect(page.get_by_test_id("stChatMessage")).to_have_count(2)

    # The Knowledge page keeps its open tab and a half-typed new knowledge base too.
    go(page, "Knowledge", "📚 Knowledge")
    documents = page.get_by_role("tab", name="Documents")
    documents.click()
    expect(documents).to_have_attribute("aria-selected", "true")
    page.get_by_test_id("stExpander").filter(has_text="Create a knowledge base").click()
    name = page.get_by_label("Name", exact=True)
    name.fill("사내 규정")
    name.press("Tab")
    idle(page)
    go(page, "Home", "Home")
    go(page, "Knowledge", "📚 Knowledge")
    expect(page.get_by_role("tab", name="Documents")).to_have_attribute(
        "aria-selected", "true", timeout=20_000
    )
    page.get_by_test_id("stExpander").filter(has_text="Create a knowledge base").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("사내 규정")


def big_text(path: Path, passages: int = 300) -> Path:
    """A text file of `passages` distinct paragraphs, one passage each."""
    words = "Zorblax lies beyond the river and its capital is Quenthar. " * 12
    path.write_text("\n\n".join(f"Paragraph {i}. {words}" for i in range(passages)))
    return path


def test_stop_a_large_ingest_then_resume_it(tmp_path: Path, page: Page, screenshot_dir: Path):
    big = big_text(tmp_path / "big.txt")
    with start_app(tmp_path, ["--token-delay", "0.03"]) as app:
        page.set_viewport_size({"width": 1400, "height": 1600})
        page.goto(f"{app.url}/knowledge")
        name = page.get_by_label("Name", exact=True)
        name.fill("Big")
        name.press("Enter")
        idle(page)
        page.get_by_role("button", name="Create").click()
        expect(page.get_by_text("Created the knowledge base 'Big'.")).to_be_visible(timeout=20_000)

        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(big)
        expect(page.get_by_text("300 new passages to embed")).to_be_visible(timeout=20_000)
        page.get_by_role("button", name="Add 1 file(s) to Big").click()
        expect(page.get_by_text("/300 passages").first).to_be_visible(timeout=20_000)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_contain_text("bge-m3:latest", timeout=15_000)  # refreshed mid-run
        page.get_by_test_id("stButton").filter(has_text="Stop").click()
        expect(page.get_by_text("The last ingest was stopped")).to_be_visible(timeout=20_000)
        idle(page)

        remaining = page.get_by_text("new passages to embed")
        expect(remaining).not_to_contain_text("300 new passages", timeout=20_000)
        page.get_by_role("tab", name="📄 Documents").click()
        expect(page.get_by_text("big.txt was not finished")).to_be_visible(timeout=20_000)
        page.screenshot(path=screenshot_dir / "knowledge-partial.png", full_page=True)
        page.get_by_role("button", name="Resume big.txt").click()
        done = page.get_by_text("new passages from 1 file(s).")
        expect(done).to_be_attached(timeout=60_000)
        idle(page)
        expect(page.get_by_text("big.txt was not finished")).to_have_count(0)
        page.get_by_role("tab", name="📥 Add files").click()
        expect(done).to_be_visible()
        page.screenshot(path=screenshot_dir / "knowledge-resumed.png", full_page=True)


def test_leaving_the_page_mid_ingest_leaves_a_partial_document_to_resume(
    tmp_path: Path, page: Page, screenshot_dir: Path
):
    big = big_text(tmp_path / "big.txt")
    with start_app(tmp_path, ["--token-delay", "0.03"]) as app:
        page.set_viewport_size({"width": 1400, "height": 1600})
        page.goto(f"{app.url}/knowledge")
        name = page.get_by_label("Name", exact=True)
        name.fill("Away")
        name.press("Enter")
        idle(page)
        page.get_by_role("button", name="Create").click()
        expect(page.get_by_text("Created the knowledge base 'Away'.")).to_be_visible(timeout=20_000)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(big)
        page.get_by_role("button", name="Add 1 file(s) to Away").click()
        expect(page.get_by_text("/300 passages").first).to_be_visible(timeout=20_000)

        nav = page.get_by_test_id("stSidebarNav")
        nav.get_by_role("link", name="Home").click()
        expect(page.get_by_role("heading", name="Home")).to_be_visible(timeout=20_000)
        nav.get_by_role("link", name="Knowledge").click()
        expect(page.get_by_role("heading", name="📚 Knowledge", exact=True)).to_be_visible(
            timeout=20_000
        )
        page.get_by_role("tab", name="📄 Documents").click()
        expect(page.get_by_text("big.txt was not finished")).to_be_visible(timeout=20_000)
        page.get_by_role("button", name="Resume big.txt").click()
        expect(page.get_by_text("new passages from 1 file(s).")).to_be_attached(timeout=60_000)
        expect(page.get_by_text("big.txt was not finished")).to_have_count(0)
        page.screenshot(path=screenshot_dir / "knowledge-left-and-resumed.png")
