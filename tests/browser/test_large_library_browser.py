"""A team-sized library of 1,000 templates in Debian's chromium: paged, searched, kept fresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, start_app
from tests.workload import team_template, write_templates
from workbench.library.exchange import template_text

TEMPLATES = 1000


@pytest.fixture
def big_library(tmp_path: Path) -> Iterator[RunningApp]:
    """The workbench over a library of 1,000 generated templates."""
    write_templates(tmp_path / "data" / "library", TEMPLATES)
    with start_app(tmp_path) as app:
        yield app


def test_page_search_and_an_outside_add_over_1000_templates(
    page: Page, big_library: RunningApp, screenshot_dir: Path
) -> None:
    page.goto(f"{big_library.url}/templates")
    expect(page.get_by_text("1000 of 1000 templates shown.")).to_be_visible(timeout=30_000)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text("team-00001")
    pager = page.get_by_label("Page (of 20)")
    pager.fill("20")
    pager.press("Enter")
    expect(table).to_contain_text("team-00750", timeout=20_000)
    expect(table).not_to_contain_text("team-00001")
    page.screenshot(path=screenshot_dir / "templates-1000-page-20.png", full_page=True)

    search = page.get_by_role("textbox", name="Search", exact=True)
    search.fill("요약 00995")
    search.press("Enter")
    expect(page.get_by_text("1 of 1000 templates shown.")).to_be_visible(timeout=20_000)
    expect(table).to_contain_text("team-00995")

    added = team_template(TEMPLATES)
    library_dir = big_library.data_dir / "library"
    (library_dir / f"{added.id}.yaml").write_text(template_text(added), encoding="utf-8")
    search.fill("01000")
    search.press("Enter")
    expect(page.get_by_text("1 of 1001 templates shown.")).to_be_visible(timeout=20_000)
    expect(table).to_contain_text("team-01000")

    page.goto(f"{big_library.url}/playground")
    find = page.get_by_label("Find a template")
    expect(find).to_be_visible(timeout=30_000)
    expect(page.get_by_text("best 50 of 1001 matching")).to_be_visible()
    find.fill("summary 00042")
    find.press("Enter")
    expect(page.get_by_text("best 50 of")).to_have_count(0, timeout=20_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Template from the library").click()
    page.get_by_role("option", name="Summary 00042 (team-00042)").click()
    expect(page.get_by_label("topic")).to_be_visible(timeout=20_000)
