"""Ollama Workbench: the router and frame (page config, navigation, sidebar)."""

import streamlit as st

from workbench.errors import SettingsError
from workbench.ui.context import language_picker, settings
from workbench.ui.daemon import sidebar_status
from workbench.ui.feedback import show_error
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import restore_kept
from workbench.ui.navigation import navigation
from workbench.ui.typography import korean_line_breaking

st.set_page_config(page_title="Ollama Workbench", page_icon="🦙", layout="wide")
leave_legacy_pages_mode()
korean_line_breaking()
language_picker()

pages = navigation()
restore_kept(pages.url_path)

try:
    settings()
except SettingsError as exc:
    show_error(exc)
    st.stop()

with st.sidebar:
    sidebar_status()

pages.run()
