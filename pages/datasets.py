"""Datasets: training data out of History (select, correct, deduplicate, split, export) and a
before/after comparison of a fine-tuned model with its base."""

import streamlit as st

from workbench.datasets import examples, filter_choices
from workbench.ui.context import t
from workbench.ui.datasets import (
    before_after_panel,
    deduplicated,
    example_filter,
    examples_table,
    export_section,
    gold_editor,
    split_parts,
)
from workbench.ui.feedback import guarded
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.history import daemon_notice
from workbench.ui.resources import history_store

leave_legacy_pages_mode()

st.title(f"🗂️ {t('datasets.title')}")
st.caption(t("datasets.intro"))
reachable = daemon_notice("datasets.offline")

with guarded():
    history = history_store()
    if not history.run_count():
        st.info(t("datasets.none"), icon="📭")
        st.page_link("pages/compare.py", label=t("datasets.go_compare"), icon="⚖️")
        st.stop()

    st.subheader(f"1️⃣ {t('datasets.step_select')}")
    chosen = example_filter(filter_choices(history))
    items = examples(history, chosen)
    if items:
        st.caption(t("datasets.selected", count=len(items)))
        examples_table(items)
    else:
        st.info(t("datasets.nothing"), icon="🔍")

    st.subheader(f"2️⃣ {t('datasets.step_edit')}")
    gold_editor(history, items)

    st.subheader(f"3️⃣ {t('datasets.step_dedupe')}")
    kept, dropped = deduplicated(items)

    st.subheader(f"4️⃣ {t('datasets.step_split')}")
    train, validation = split_parts(kept, len(dropped))

    st.subheader(f"5️⃣ {t('datasets.step_export')}")
    export_section(history, chosen, train, validation)

    st.subheader(f"6️⃣ {t('datasets.step_before_after')}")
    before_after_panel(validation, reachable)
