"""The Knowledge page's web-page form: fetch a URL, show where it ended up, index it."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from workbench.docchat import IngestReport
from workbench.errors import WorkbenchError
from workbench.i18n import format_datetime
from workbench.kb.collections import DocumentInfo
from workbench.kb.store import ChromaStore
from workbench.kb.web import WebLimits, fetch_page
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.knowledge.ingest import ingest_now

FETCHED_KEY = "kb.web.fetched"
URL_KEY = "kb.web.url"
CLEAR_KEY = "kb.web.clear"
LIMITS = WebLimits()


def web_section(store: ChromaStore, collection: str) -> None:
    """A URL box: the page is fetched (http/https, size, redirect and type limits), then
    indexed like an upload; the final address and retrieval time are shown in the same box."""
    if st.session_state.pop(CLEAR_KEY, False):
        st.session_state[URL_KEY] = ""
    with st.container(border=True):
        st.markdown(f"**🌐 {t('knowledge.web_title')}**")
        with st.form("kb.web.form", border=False):
            url = st.text_input(
                t("knowledge.web_url"),
                key=URL_KEY,
                placeholder="https://",
                help=t(
                    "knowledge.web_help",
                    limit_mb=LIMITS.max_bytes // (1024 * 1024),
                    redirects=LIMITS.max_redirects,
                ),
            )
            submitted = st.form_submit_button(t("knowledge.web_fetch"), icon="📥")
        if submitted:
            _fetch_and_ingest(store, collection, url)
        fetched = st.session_state.get(FETCHED_KEY)
        if fetched and fetched["collection"] == collection:
            _fetched_note(fetched)


def _fetch_and_ingest(store: ChromaStore, collection: str, url: str) -> None:
    try:
        with st.spinner(t("knowledge.web_fetching", url=url.strip())):
            page = fetch_page(url, LIMITS)
    except WorkbenchError as exc:
        show_error(exc)
        return
    st.session_state[FETCHED_KEY] = {
        "collection": collection,
        "url": page.url,
        "final_url": page.final_url,
        "name": page.name,
        "retrieved_at": page.retrieved_at,
    }
    ingest_now(store, IngestReport(collection), [page.source()])
    st.session_state[CLEAR_KEY] = True
    st.rerun()


def origin_note(documents: list[DocumentInfo], source: str) -> None:
    """Under a picked document: the web address it was fetched from and when (files: none)."""
    document = next((d for d in documents if d.source == source), None)
    if document is not None and document.url:
        when = _when(document.retrieved_at)
        st.caption(f"🌐 {t('knowledge.web_origin', url=document.url, when=when)}")


def _when(stamp: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(stamp), language())
    except ValueError:
        return stamp


def _fetched_note(fetched: dict[str, str]) -> None:
    """The last page fetched: its final address (and the one asked for, when redirected)."""
    when = _when(fetched["retrieved_at"])
    st.caption(
        t("knowledge.web_fetched", name=fetched["name"], url=fetched["final_url"], when=when)
    )
    if fetched["final_url"] != fetched["url"]:
        st.caption(t("knowledge.web_redirected", asked=fetched["url"], url=fetched["final_url"]))
