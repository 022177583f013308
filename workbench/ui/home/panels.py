"""The Home page's sections: one click to each job, and the most recent compare runs."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.ui.context import t
from workbench.ui.feedback import show_error
from workbench.ui.history import runs_table
from workbench.ui.resources import history_store

PAGES_DIR = Path(__file__).resolve().parents[3] / "pages"
JOBS = (
    ("playground", "🧪"),
    ("compare", "⚖️"),
    ("document_chat", "💬"),
    ("templates", "📝"),
    ("modelfiles", "🧱"),
    ("knowledge", "📚"),
    ("models", "📦"),
    ("history", "🕘"),
)
RECENT_RUNS = 5


def job_links() -> None:
    """A link with a one-line purpose for every page that exists, four to a row."""
    jobs = [(name, icon) for name, icon in JOBS if (PAGES_DIR / f"{name}.py").exists()]
    columns = st.columns(4)
    for index, (name, icon) in enumerate(jobs):
        with columns[index % 4].container(border=True):
            st.page_link(f"pages/{name}.py", label=t(f"{name}.title"), icon=icon)
            st.caption(t(f"home.job.{name}"))


def recent_runs() -> None:
    """The latest compare runs, with a link to History."""
    try:
        runs = history_store().list_runs(limit=RECENT_RUNS)
    except WorkbenchError as exc:
        show_error(exc)
        return
    if not runs:
        st.caption(t("home.no_runs"))
        return
    runs_table(runs)
    st.page_link("pages/history.py", label=t("home.all_runs"), icon="🕘")
