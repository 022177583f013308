"""Templates: the shared library of prompt templates, their editor, builders, import and export."""

import streamlit as st

from workbench.playground import chat_models
from workbench.ui.cache import installed_models
from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import kept_tabs
from workbench.ui.resources import library
from workbench.ui.templates import (
    actions,
    browser,
    current_draft,
    deleted_section,
    export_section,
    fields,
    heading,
    history,
    import_section,
    notice,
    opener,
    preview,
    technique_builders,
)

leave_legacy_pages_mode()

st.title(f"📝 {t('templates.title')}")
st.caption(t("templates.intro"))
status = require_daemon()
models: list[str] = []
with guarded():
    models = [m.name for m in chat_models(installed_models(status.host))]
lib = library()
notice()

library_tab, builder_tab, transfer_tab = kept_tabs(
    "templates.tab",
    [
        f"📚 {t('templates.tab_library')}",
        f"🛠️ {t('templates.tab_builders')}",
        f"🔁 {t('templates.tab_transfer')}",
    ],
)
with library_tab:
    found = browser(lib.entries())
    opener(lib, found)
    deleted_section(lib)
with builder_tab:
    technique_builders(lib)
with transfer_tab:
    import_col, export_col = st.columns(2, gap="large")
    with import_col:
        st.subheader(f"📥 {t('templates.import_title')}")
        import_section(lib)
    with export_col:
        st.subheader(f"📤 {t('templates.export_title')}")
        export_section(lib, found)

st.divider()
draft = current_draft()
if draft is None:
    st.info(t("templates.nothing_open"), icon="📂")
    st.stop()

heading(draft)
actions_area = st.container()
edit_col, preview_col = st.columns([3, 2], gap="large")
variables_area = st.container()
with edit_col:
    edited = fields(draft, models, variables_area)
with actions_area:
    actions(lib, draft, edited)
with preview_col:
    preview(edited)
    history(lib, draft)
