"""Knowledge: knowledge bases on Chroma; create, add files, browse, preview retrieval, re-index."""

import streamlit as st

from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.fleet import installed_everywhere
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import kept_tabs
from workbench.ui.knowledge import (
    all_collections,
    collection_picker,
    collections_table,
    create_form,
    delete_section,
    documents_section,
    language_notice,
    notice,
    open_store,
    reindex_section,
    repair_section,
    retrieval_preview,
    upload_section,
    vision_section,
    web_section,
)

leave_legacy_pages_mode()

st.title(f"📚 {t('knowledge.title')}")
st.caption(t("knowledge.intro"))
status = require_daemon()
notice()
store = open_store()

embedders = []
with guarded():
    embedders = [m for m in installed_everywhere(status.host) if m.is_embedding]
infos = all_collections(store)
collections_table(store, infos)
with st.expander(f"➕ {t('knowledge.create_title')}", expanded=not infos):
    create_form(store, embedders)
if not infos:
    st.stop()

st.divider()
info = collection_picker(infos)
language_notice(store, info.display_name)
add_tab, documents_tab, preview_tab, manage_tab = kept_tabs(
    "knowledge.tab",
    [
        f"📥 {t('knowledge.tab_add')}",
        f"📄 {t('knowledge.tab_documents')}",
        f"🔎 {t('knowledge.tab_preview')}",
        f"🛠️ {t('knowledge.tab_manage')}",
    ],
)
with add_tab:
    vision_section(store, info.display_name)
    upload_section(store, info.display_name)
    web_section(store, info.display_name)
with documents_tab:
    documents_section(store, info.display_name)
with preview_tab:
    retrieval_preview(store, info.display_name)
with manage_tab:
    reindex_section(store, info, embedders)
    st.divider()
    repair_section(store, info.display_name)
    st.divider()
    delete_section(store, info)
