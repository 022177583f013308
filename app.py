"""Ollama Workbench: the router and frame (page config, navigation, sidebar)."""

import streamlit as st

from workbench.errors import SettingsError
from workbench.ui.context import language_picker, settings, t
from workbench.ui.daemon import sidebar_status
from workbench.ui.feedback import show_error

st.set_page_config(page_title="Ollama Workbench", page_icon="🦙", layout="wide")
language_picker()

navigation = st.navigation(
    {
        t("nav.start"): [
            st.Page("pages/home.py", title=t("home.title"), icon="🏠", default=True),
        ],
        t("nav.build"): [
            st.Page("pages/modelfiles.py", title=t("modelfiles.title"), icon="🧱"),
        ],
        t("nav.manage"): [
            st.Page("pages/models.py", title=t("models.title"), icon="📦"),
        ],
    }
)

try:
    settings()
except SettingsError as exc:
    show_error(exc)
    st.stop()

with st.sidebar:
    sidebar_status()

navigation.run()
