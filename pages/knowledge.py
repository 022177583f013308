"""Knowledge: knowledge bases on Chroma; create, add files, browse, preview retrieval, re-index."""

import streamlit as st

from workbench.ui.cache import installed_models
from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.knowledge_browse import documents_section, retrieval_preview
from workbench.ui.knowledge_common import all_collections, notice, open_store
from workbench.ui.knowledge_ingest import upload_section
from workbench.ui.knowledge_panels import (
    collection_picker,
    collections_table,
    create_form,
    delete_section,
    language_notice,
    reindex_section,
)

leave_legacy_pages_mode()

st.title(f"📚 {t('knowledge.title')}")
st.caption(t("knowledge.intro"))
status = require_daemon()
notice()
store = open_store()

embedders = []
with guarded():
    embedders = [m for m in installed_models(status.host) if m.is_embedding]
infos = all_collections(store)
collections_table(infos)
with st.expander(f"➕ {t('knowledge.create_title')}", expanded=not infos):
    create_form(store, embedders)
if not infos:
    st.stop()

st.divider()
info = collection_picker(infos)
language_notice(store, info)
add_tab, documents_tab, preview_tab, manage_tab = st.tabs(
    [
        f"📥 {t('knowledge.tab_add')}",
        f"📄 {t('knowledge.tab_documents')}",
        f"🔎 {t('knowledge.tab_preview')}",
        f"🛠️ {t('knowledge.tab_manage')}",
    ]
)
with add_tab:
    upload_section(store, info.display_name)
with documents_tab:
    documents_section(store, info.display_name)
with preview_tab:
    retrieval_preview(store, info.display_name)
with manage_tab:
    reindex_section(store, info, embedders)
    st.divider()
    delete_section(store, info)
