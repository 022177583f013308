"""A DOCX, an HWPX and an XLSX in one knowledge base, each cited with its place in Document chat."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, idle
from tests.office_fixtures import make_docx, make_hwpx


def office_files(folder: Path) -> list[Path]:
    """A Word plan, a Hangul report and an Excel budget, in English and Korean."""
    docx = folder / "plan.docx"
    docx.write_bytes(
        make_docx([("h1", "2. Budget"), ("h2", "2.3 Costs"), ("p", "Travel costs are capped.")])
    )
    hwpx = folder / "보고서.hwpx"
    hwpx.write_bytes(make_hwpx([[("개요 1", "1. 출장 규정"), ("p", "출장비는 한도가 있다.")]]))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    for row in (["Item", "Cost"], ["Travel costs", 500], ["Food costs", 120]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = folder / "budget.xlsx"
    xlsx.write_bytes(buffer.getvalue())
    return [docx, hwpx, xlsx]


def test_office_documents_are_cited_by_section_and_sheet(
    page: Page, app_server: RunningApp, tmp_path: Path, screenshot_dir: Path
) -> None:
    files = office_files(tmp_path)
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{app_server.url}/knowledge")
    expect(page.get_by_role("heading", name="📚 Knowledge", exact=True)).to_be_visible(
        timeout=20_000
    )
    name = page.get_by_label("Name", exact=True)
    name.fill("Office")
    name.press("Enter")
    idle(page)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Created the knowledge base 'Office'.")).to_be_visible(timeout=20_000)

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files)
    add = page.get_by_role("button", name="Add 3 file(s) to Office")
    expect(add).to_be_enabled(timeout=20_000)
    add.click()
    expect(page.get_by_text("from 3 file(s).")).to_be_visible(timeout=30_000)
    page.screenshot(path=screenshot_dir / "office-ingested.png")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Document chat").click()
    expect(page.get_by_role("heading", name="Document chat")).to_be_visible(timeout=20_000)
    question = page.get_by_test_id("stChatInputTextArea")
    question.fill("What are the travel costs? 출장비는?")
    question.press("Enter")
    sources = page.get_by_test_id("stExpander")
    expect(sources.filter(has_text="plan.docx, §2. Budget › 2.3 Costs, ¶2")).to_have_count(
        1, timeout=30_000
    )
    expect(sources.filter(has_text="보고서.hwpx, §1. 출장 규정, ¶1")).to_have_count(1)
    expect(sources.filter(has_text='budget.xlsx, sheet "Budget" rows 2-3')).to_have_count(1)
    costs = sources.filter(has_text="plan.docx, §2. Budget › 2.3 Costs, ¶2")
    costs.click()
    expect(costs).to_contain_text("Travel costs are capped.")
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_dir / "office-cited.png")
