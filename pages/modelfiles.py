"""Modelfiles: write or fill a Modelfile, validate it like Ollama does, create the model."""

import streamlit as st

from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import kept_tabs
from workbench.ui.modelfiles import (
    TEXT_KEY,
    adapter_import,
    adapter_report,
    create_section,
    current_text,
    diff_with_base,
    form_view,
    gguf_files,
    gguf_import,
    installed_names,
    save_section,
    show_checks,
    source_picker,
    validate,
)

leave_legacy_pages_mode()

st.title(f"🧱 {t('modelfiles.title')}")
st.caption(t("modelfiles.intro"))
status = require_daemon()
installed = installed_names(status.host)

with st.expander(t("modelfiles.source"), expanded=True):
    source_picker(installed)
with st.expander(t("modelfiles.gguf_title")):
    gguf_import()
with st.expander(t("modelfiles.adapter_title")):
    adapter_import()

modelfile = validate(current_text())
if modelfile is not None:
    show_checks(modelfile, installed)
    adapter_report(modelfile, installed)
text_tab, form_tab, diff_tab = kept_tabs(
    "modelfiles.tab",
    [
        f"✏️ {t('modelfiles.tab_text')}",
        f"🧩 {t('modelfiles.tab_form')}",
        f"🔍 {t('modelfiles.tab_diff')}",
    ],
)
with text_tab:
    st.text_area(t("modelfiles.editor"), key=TEXT_KEY, height=420, help=t("modelfiles.editor_help"))
with form_tab:
    if modelfile is None:
        st.info(t("modelfiles.form_needs_valid_text"), icon="✏️")
    else:
        form_view(modelfile, installed, gguf_files())
with diff_tab:
    if modelfile is not None:
        diff_with_base(modelfile, installed)

if modelfile is not None:
    st.divider()
    create_col, save_col = st.columns(2)
    with create_col:
        st.subheader(t("modelfiles.create_title"))
        create_section(modelfile)
    with save_col:
        st.subheader(t("modelfiles.save_title"))
        save_section(st.session_state[TEXT_KEY])
