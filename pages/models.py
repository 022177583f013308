"""Models: what is installed and running; pull, copy, delete; details of one model."""

import streamlit as st

from workbench.ui.cache import installed_models
from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import kept_tabs
from workbench.ui.models import (
    copy_form,
    delete_form,
    details_panel,
    installed_table,
    notice,
    pull_form,
    running_section,
)

leave_legacy_pages_mode()

st.title(f"📦 {t('models.title')}")
status = require_daemon()
notice()

models = []
with guarded():
    models = installed_models(status.host)
selected = installed_table(models)
if selected:
    details_panel(selected)
    st.divider()
running_section()

pull_tab, copy_tab, delete_tab = kept_tabs(
    "models.tab", [f"⬇️ {t('models.pull')}", f"📄 {t('models.copy')}", f"🗑️ {t('models.delete')}"]
)
with pull_tab:
    pull_form()
with copy_tab:
    copy_form(models)
with delete_tab:
    delete_form(models)
