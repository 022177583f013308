"""Two Ollama daemons in Debian's chromium: both in the sidebar and on the Models page, one grid
whose cells run on both at once, each cell naming its host in Compare and in History, and a
daemon stopped mid-run costing no finished answer."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import go, idle, pick_models, start_app, stop

LABELS = ("gpu", "cpu")


def test_one_grid_over_two_daemons(page: Page, tmp_path: Path, screenshot_dir: Path) -> None:
    slow = ["--token-delay", "0.05", "--answer-tokens", "40"]
    with start_app(tmp_path, slow, labels=LABELS) as app:
        page.goto(f"{app.url}/models")
        expect(page.get_by_text("Ollama daemons (2)")).to_be_visible(timeout=30_000)
        sidebar = page.get_by_test_id("stSidebar")
        for label in LABELS:
            expect(sidebar.get_by_text(label, exact=True).first).to_be_visible()
        table = page.get_by_test_id("stDataFrame").first
        expect(table).to_contain_text("gpu")
        expect(table).to_contain_text("cpu")
        expect(table).to_contain_text("same weights")
        page.screenshot(path=screenshot_dir / "fleet-models.png")

        go(page, "Compare", "Compare")
        pick_models(page, "gemma3:270m@gpu", "gemma3:270m@cpu")
        idle(page)
        expect(page.get_by_text("2 model(s) × 2 prompt(s) × 1 input(s)")).to_be_visible()
        page.get_by_role("button", name="Run the comparison").click()
        running = page.get_by_text("🖥️ gpu").or_(page.get_by_text("🖥️ cpu"))
        expect(page.get_by_text("🖥️ gpu").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("🖥️ cpu").first).to_be_visible(timeout=30_000)
        expect(running.first).to_be_visible()
        page.screenshot(path=screenshot_dir / "fleet-running.png")
        expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=90_000)
        expect(page.get_by_text("n=1 · first token")).to_have_count(4)

        page.get_by_role("link", name="Open in History (re-run, export, leaderboards)").click()
        expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=20_000)
        expect(page.get_by_text("🖥️ gpu")).to_have_count(2, timeout=20_000)
        expect(page.get_by_text("🖥️ cpu")).to_have_count(2)
        page.screenshot(path=screenshot_dir / "fleet-history.png")

        go(page, "Compare", "Compare")
        idle(page)
        page.get_by_role("button", name="Run the comparison").click()
        on_cpu = page.get_by_text(re.compile(r"Answering · waited .* · 🖥️ cpu"))
        expect(on_cpu.first).to_be_visible(timeout=30_000)
        stop(app.daemons[1])  # the cpu daemon goes away mid-run
        expect(page.get_by_role("tab", name="🧩 Side by side")).to_be_visible(timeout=90_000)
        expect(page.get_by_text("n=1 · first token")).to_have_count(2, timeout=20_000)
        expect(
            page.get_by_role("heading", name="📊 gemma3:270m@gpu vs gemma3:270m@cpu")
        ).to_be_visible()
        page.screenshot(path=screenshot_dir / "fleet-host-stopped.png")
