"""Playground: one model, a system prompt, parameters, templates and a streamed chat."""

import streamlit as st

from workbench.playground import chat_models
from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.fleet import installed_everywhere, url_of
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import kept_tabs
from workbench.ui.playground import (
    answer_if_pending,
    chain_panel,
    compose,
    context_meter,
    finish_interrupted,
    history,
    run_settings,
    template_form,
    template_picker,
    tree_panel,
)
from workbench.ui.resources import library

leave_legacy_pages_mode()

st.title(f"🧪 {t('playground.title')}")
st.caption(t("playground.intro"))
status = require_daemon()
finish_interrupted()

models = []
with guarded():
    models = chat_models(installed_everywhere(status.host))
if not models:
    st.warning(t("playground.no_chat_models"), icon="💬")
    st.code("ollama pull gemma3:270m", language="bash")
    st.page_link("pages/models.py", label=t("playground.go_models"), icon="📦")
    st.stop()
lib = library()
entries = lib.entries()

chat_col, settings_col = st.columns([5, 2], gap="large")
with chat_col:
    chat_tab, chain_tab, tree_tab = kept_tabs(
        "playground.tab",
        [
            f"💬 {t('playground.tab_chat')}",
            f"🔁 {t('playground.tab_chain')}",
            f"🌳 {t('playground.tab_tree')}",
        ],
    )
with chat_tab:
    template_box = st.container(border=True)
    output_box = st.container()  # the chat's output format and tools, filled by run_settings
with settings_col:
    st.subheader(f"🎛️ {t('playground.settings')}")
    run = run_settings(models, status.host, output_box)

with chat_tab:
    with template_box:
        template = template_picker(entries, [m.name for m in models])
        if template is not None:
            template_form(template, run)
    history(run)
    answer_slot = st.container()
    context_meter(run, url_of(run.host, status.host))
    compose(run)
    answer_if_pending(answer_slot, run)
with chain_tab:
    chain_panel(lib, entries, run)
with tree_tab:
    tree_panel(run)
