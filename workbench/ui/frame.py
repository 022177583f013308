"""Keep every page inside the app frame, even on a process's very first request."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_legacy_pages_mode() -> None:
    """Rerun through app.py when Streamlit started this pages/ file on its own.

    Streamlit treats a `pages/` folder beside the main script as a legacy multipage app until
    the first `st.navigation` call in the process, so a browser that opens /models first would
    get the page without the app's frame (sidebar status, language switch). A browser that
    opens the root first gets app.py run inside Streamlit's legacy frame: the browser then keeps
    asking for the legacy main page, and every widget change on Home (the language switch) was
    dropped. Call this at the top of app.py and of every page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
