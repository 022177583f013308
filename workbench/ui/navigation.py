"""The one page table: every page's file, icon, section and purpose, for navigation and Home."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from workbench.ui.context import t

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"


@dataclass(frozen=True)
class PageEntry:
    """One page: `pages/<name>.py`, its icon and section; title and purpose come from catalogs."""

    name: str
    icon: str
    section: str

    @property
    def path(self) -> str:
        """The page file, relative to the app's folder."""
        return f"pages/{self.name}.py"

    @property
    def title_key(self) -> str:
        """Catalog key of the page's title."""
        return f"{self.name}.title"

    @property
    def purpose_key(self) -> str:
        """Catalog key of the page's one-line purpose, shown on Home."""
        return f"home.job.{self.name}"


PAGES = (
    PageEntry("home", "🏠", "nav.start"),
    PageEntry("playground", "🧪", "nav.run"),
    PageEntry("compare", "⚖️", "nav.run"),
    PageEntry("document_chat", "💬", "nav.run"),
    PageEntry("templates", "📝", "nav.build"),
    PageEntry("modelfiles", "🧱", "nav.build"),
    PageEntry("knowledge", "📚", "nav.build"),
    PageEntry("models", "📦", "nav.manage"),
    PageEntry("history", "🕘", "nav.manage"),
    PageEntry("datasets", "🗂️", "nav.manage"),
)
JOBS = tuple(page for page in PAGES if page.name != "home")


def navigation() -> StreamlitPage:
    """The app's navigation, sections in table order (a missing page file fails loudly)."""
    sections: dict[str, list[StreamlitPage]] = {}
    for page in PAGES:
        sections.setdefault(t(page.section), []).append(
            st.Page(page.path, title=t(page.title_key), icon=page.icon, default=page is PAGES[0])
        )
    return st.navigation(sections)


def job_links() -> None:
    """A link with a one-line purpose for every job, four to a row."""
    columns = st.columns(4)
    for index, page in enumerate(JOBS):
        with columns[index % 4].container(border=True):
            st.page_link(page.path, label=t(page.title_key), icon=page.icon)
            st.caption(t(page.purpose_key))
