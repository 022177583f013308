"""Models: what is installed and running; pull, copy, delete; details of one model."""

import streamlit as st

from workbench.ui.cache import installed_models
from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.fleet import host_states, service_of, several, up_labels, url_of
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import kept_tabs
from workbench.ui.models import (
    action_host,
    copy_form,
    delete_form,
    details_panel,
    details_picker,
    fleet_table,
    installed_table,
    notice,
    pull_form,
    running_section,
)

leave_legacy_pages_mode()

st.title(f"📦 {t('models.title')}")
status = require_daemon()
notice()

target = None
if several():
    fleet_table(host_states())
    target = action_host(up_labels())
host, daemon = url_of(target, status.host), service_of(target)
models = []
with guarded():
    models = installed_models(host)
if target is None:
    installed_table(models)
selected = details_picker(models)
if selected:
    details_panel(selected, host)
    st.divider()
running_section(daemon)

pull_tab, copy_tab, delete_tab = kept_tabs(
    "models.tab", [f"⬇️ {t('models.pull')}", f"📄 {t('models.copy')}", f"🗑️ {t('models.delete')}"]
)
with pull_tab:
    pull_form(daemon)
with copy_tab:
    copy_form(models, daemon)
with delete_tab:
    delete_form(models, daemon)
