"""History: every comparison run, reopened, re-run, exported; leaderboards from every vote."""

import streamlit as st

from workbench.ui.compare import leaderboards, results_panel, run_caption
from workbench.ui.context import t
from workbench.ui.feedback import guarded
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.history import (
    changes_panel,
    daemon_notice,
    environment,
    export_all,
    export_buttons,
    rerun_section,
    run_picker,
    runs_table,
    spec_panel,
)
from workbench.ui.picker import PAGE_SIZE, pager
from workbench.ui.resources import history_store

leave_legacy_pages_mode()

st.title(f"🕘 {t('history.title')}")
st.caption(t("history.intro"))
reachable = daemon_notice()

with guarded():
    history = history_store()
    total = history.run_count()
    if not total:
        st.info(t("history.none"), icon="📭")
        st.page_link("pages/compare.py", label=t("history.go_compare"), icon="⚖️")
    else:
        st.subheader(t("history.runs"))
        table = st.container()
        runs = history.list_runs(PAGE_SIZE, pager(total, "history.page"))
        with table:
            runs_table(runs)
        run = history.load_run(run_picker(runs) or runs[0].id)
        st.subheader(f"📊 {run.name or run.id[:8]}")
        st.caption(run_caption(run))
        spec_panel(run)
        environment(run)
        export_buttons(run)
        changes_panel(history, run)
        rerun_section(run, reachable)
        results_panel(run, "history")

        st.subheader(f"🏆 {t('history.leaderboards')}")
        st.caption(t("history.leaderboards_help"))
        leaderboards(None)
        st.subheader(f"📦 {t('history.export_everything')}")
        export_all(history)
