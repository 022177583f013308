"""Ollama Workbench: the router and frame (page config, navigation, sidebar)."""

from pathlib import Path

import streamlit as st

from workbench.errors import SettingsError
from workbench.ui.context import language_picker, settings, t
from workbench.ui.daemon import sidebar_status
from workbench.ui.feedback import show_error

PAGES_DIR = Path(__file__).parent / "pages"
SECTIONS = {
    "nav.start": [("home", "🏠")],
    "nav.run": [("playground", "🧪"), ("compare", "⚖️"), ("document_chat", "💬")],
    "nav.build": [("templates", "📝"), ("modelfiles", "🧱"), ("knowledge", "📚")],
    "nav.manage": [("models", "📦"), ("history", "🕘")],
}

st.set_page_config(page_title="Ollama Workbench", page_icon="🦙", layout="wide")
language_picker()

navigation = st.navigation(
    {
        t(section): [
            st.Page(f"pages/{name}.py", title=t(f"{name}.title"), icon=icon, default=name == "home")
            for name, icon in pages
            if (PAGES_DIR / f"{name}.py").exists()
        ]
        for section, pages in SECTIONS.items()
        if any((PAGES_DIR / f"{name}.py").exists() for name, _ in pages)
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
