"""Document chat: questions about knowledge bases, answers that cite the file and page."""

import streamlit as st

from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.docchat import ask, chat_settings, conversation, templates
from workbench.ui.feedback import guarded
from workbench.ui.fleet import installed_everywhere
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.knowledge import all_collections, open_store

leave_legacy_pages_mode()

st.title(f"💬 {t('document_chat.title')}")
st.caption(t("document_chat.intro"))
status = require_daemon()
store = open_store()

installed = []
with guarded():
    installed = installed_everywhere(status.host)
infos = all_collections(store)
if not infos:
    st.info(t("document_chat.no_collections"), icon="📚")
    st.page_link("pages/knowledge.py", label=t("document_chat.go_knowledge"), icon="📚")
    st.stop()
if not any(m.is_chat for m in installed):
    st.warning(t("document_chat.no_chat_models"), icon="💬")
    st.code("ollama pull gemma3:270m", language="bash")
    st.page_link("pages/models.py", label=t("document_chat.go_models"), icon="📦")
    st.stop()

chat_col, settings_col = st.columns([2, 1], gap="large")
with settings_col:
    st.subheader(f"🎛️ {t('document_chat.settings')}")
    setup = chat_settings(store, infos, installed, templates())
question = st.chat_input(t("document_chat.ask"), key="dc.question", disabled=setup is None)
with chat_col:
    conversation(asking=bool(question))
    answer_slot = st.container()
if question and setup is not None:
    ask(store, setup, question, answer_slot)
