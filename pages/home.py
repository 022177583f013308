"""Home: where am I, what is installed, what to do next."""

import streamlit as st

from workbench.i18n import localized_help
from workbench.settings import SETTINGS, setting_text
from workbench.ui.cache import installed_models
from workbench.ui.context import language, settings, t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.home import recent_runs
from workbench.ui.navigation import job_links

leave_legacy_pages_mode()

st.title(f"🦙 {t('home.title')}")
st.caption(t("home.tagline"))

status = require_daemon()
with guarded():
    models = installed_models(status.host)
    chat_models = [m for m in models if m.is_chat]
    embedding_models = [m for m in models if m.is_embedding]

    cols = st.columns(4)
    cols[0].metric(t("home.daemon_version"), status.version)
    cols[1].metric(t("home.chat_models"), len(chat_models))
    cols[2].metric(t("home.embedding_models"), len(embedding_models))
    cols[3].metric(t("home.loaded_models"), len(status.running))

    st.subheader(t("home.next_steps"))
    if not chat_models:
        st.warning(t("home.need_chat_model"), icon="💬")
        st.code("ollama pull gemma3:270m", language="bash")
    if not embedding_models:
        st.warning(t("home.need_embedding_model"), icon="🧭")
        st.code("ollama pull bge-m3", language="bash")
    if chat_models and embedding_models:
        st.success(t("home.ready"), icon="✅")

st.subheader(t("home.jobs"))
job_links()
st.subheader(t("home.recent_runs"))
recent_runs()

with st.expander(t("home.settings")):
    current = settings()
    st.dataframe(
        [
            {
                t("home.setting"): spec.env,
                t("home.value"): setting_text(getattr(current, spec.field), language()),
                t("home.default"): spec.default,
                t("home.help"): localized_help(f"settings.{spec.field}", spec.help, language()),
            }
            for spec in SETTINGS
        ],
        hide_index=True,
        width="stretch",
    )
