"""The page table: every page file is listed once, and every listed page has a file and texts."""

from pathlib import Path

import pytest

from workbench.i18n import LANGUAGES, catalog
from workbench.ui.navigation import JOBS, PAGES, PAGES_DIR

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_lists_every_page_file_exactly_once() -> None:
    names = [page.name for page in PAGES]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(p.stem for p in PAGES_DIR.glob("*.py"))
    assert PAGES_DIR == ROOT / "pages"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_listed_page_has_its_file(page) -> None:
    assert (ROOT / page.path).is_file()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_has_a_title_section_and_purpose(page, language: str) -> None:
    keys = [page.title_key, page.section] + ([page.purpose_key] if page in JOBS else [])
    assert all(catalog(language).get(key) for key in keys), (keys, language)
