"""The Home page's sections: the most recent compare runs."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.ui.context import t
from workbench.ui.feedback import show_error
from workbench.ui.history import runs_table
from workbench.ui.resources import history_store

RECENT_RUNS = 5


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
