"""Checks in Debian's chromium: a 2 x 2 grid with three checks (one typed in a prompt's checks
editor, two pasted as row columns) shows a badge on every cell and the pass-rate matrix, and
the History page shows them again after the app restarts ("the next day")."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import go, idle, pick_models, start_app

ROWS = "text\texpected\t__expect_language\n하늘빛시는 바다 옆의 도시입니다.\t하늘빛시\tko\n"


def test_a_grid_with_checks_shows_badges_and_pass_rates_then_in_history(
    page: Page, tmp_path: Path, screenshot_dir: Path
) -> None:
    with start_app(tmp_path) as app:
        page.goto(f"{app.url}/compare")
        expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=20_000)
        pick_models(page, "gemma3:270m", "qwen3:0.6b")

        idle(page)
        page.get_by_text("Checks").first.click()
        page.get_by_role("button", name="Add a check").first.click()
        idle(page)
        texts = page.get_by_role("textbox", name="Texts, one per line").first
        texts.fill("바다")
        texts.press("Tab")
        idle(page)

        page.get_by_text("Paste a table (CSV or from a spreadsheet)").click()
        paste = page.get_by_role("textbox", name="First line: the variable names")
        paste.fill(ROWS)
        paste.press("Tab")
        idle(page)
        page.get_by_role("button", name="Use these rows").click()
        idle(page)
        expect(page.get_by_text("2 model(s) × 2 prompt(s) × 1 input(s)")).to_be_visible()
        page.screenshot(path=screenshot_dir / "checks-setup.png", full_page=True)

        page.get_by_role("button", name="Run the comparison").click()
        expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=60_000)
        badges = page.get_by_text("checks pass")
        expect(badges).to_have_count(4, timeout=20_000)
        expect(
            page.get_by_text("3/3 checks pass").or_(page.get_by_text("2/3 checks pass")).first
        ).to_be_visible()
        expect(page.get_by_text("Pass rate per model × prompt").first).to_be_visible()
        heatmap = page.get_by_test_id("stPlotlyChart").first
        expect(heatmap).to_be_visible()
        page.get_by_text("Pass rate per model × prompt").first.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / "checks-results.png", full_page=True)

    with start_app(tmp_path) as app:  # the next day: a new app process on the same data
        page.goto(f"{app.url}/history")
        expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=20_000)
        expect(page.get_by_text("checks pass")).to_have_count(4, timeout=30_000)
        expect(page.get_by_text("Pass rate per model × prompt").first).to_be_visible()
        go(page, "Models", "Models")
        go(page, "History", "History")
        expect(page.get_by_text("checks pass")).to_have_count(4, timeout=30_000)
        page.screenshot(path=screenshot_dir / "checks-history.png", full_page=True)
