"""The Knowledge page's reading sections: documents and their chunks, and a retrieval preview."""

from __future__ import annotations

import streamlit as st

from workbench.docchat import DEFAULT_K, chunk_rows, document_rows, hit_label
from workbench.kb.collections import delete_document, document_chunks, list_documents
from workbench.kb.pending import forget
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded
from workbench.ui.fleet import embedders
from workbench.ui.knowledge.common import confirmed, done, language_notice, pending_root
from workbench.ui.knowledge.partial import partial_documents
from workbench.ui.knowledge.web import origin_note

MAX_K = 20


def documents_section(store: ChromaStore, collection: str) -> None:
    """The files of a knowledge base; pick one to read its chunks or delete it."""
    with guarded():
        documents = list_documents(store, collection)
        if not documents:
            st.info(t("knowledge.no_documents"), icon="📭")
            return
        partial_documents(store, collection, documents)
        st.dataframe(document_rows(documents, language()), hide_index=True, width="stretch")
        source = st.selectbox(
            t("knowledge.document_pick"), [d.source for d in documents], key="kb.document"
        )
        if source is not None:
            origin_note(documents, source)
            _chunks(store, collection, source)
            _delete_document(store, collection, source)


def _chunks(store: ChromaStore, collection: str, source: str) -> None:
    chunks = document_chunks(store, collection, source)
    st.caption(t("knowledge.chunks_of", count=len(chunks), file=source))
    event = st.dataframe(
        chunk_rows(chunks, language()),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"kb.chunks.{collection}.{source}",
    )
    rows = event.selection.rows if event else []
    if rows:
        st.text(chunks[rows[0]].text)
    else:
        st.caption(t("knowledge.chunk_pick_hint"))


def _delete_document(store: ChromaStore, collection: str, source: str) -> None:
    if confirmed(
        f"kb.delete.{collection}.{source}",
        t("knowledge.delete_document", file=source),
        t("knowledge.delete_document_confirm", file=source, name=collection),
        t("knowledge.delete_document_yes", file=source),
    ):
        with guarded():
            removed = delete_document(store, collection, source)
            forget(pending_root(), collection, source)
            done(t("knowledge.document_deleted", file=source, chunks=removed))


def retrieval_preview(store: ChromaStore, collection: str) -> None:
    """A question gives the top-k chunks with score, source and page, hybrid or vector-only."""
    st.caption(t("knowledge.preview_help"))
    language_notice(store, collection)
    query = st.text_input(
        t("knowledge.query"), key="kb.query", placeholder=t("knowledge.query_placeholder")
    )
    k_col, mode_col = st.columns(2)
    k = k_col.number_input(t("knowledge.top_k"), 1, MAX_K, DEFAULT_K, key="kb.k")
    hybrid = mode_col.toggle(
        t("knowledge.hybrid"), value=True, key="kb.hybrid", help=t("knowledge.hybrid_help")
    )
    partial = mode_col.toggle(
        t("knowledge.include_partial"), key="kb.partial", help=t("knowledge.include_partial_help")
    )
    if not query.strip():
        return
    with guarded():
        hits = search(
            store, embedders(), collection, query, int(k), hybrid=hybrid, include_partial=partial
        )
        st.markdown(f"**{t('knowledge.mode_hybrid' if hybrid else 'knowledge.mode_vector')}**")
        if not hits:
            st.info(t("knowledge.no_hits"), icon="🔍")
        for rank, hit in enumerate(hits, start=1):
            with st.container(border=True):
                st.markdown(hit_label(rank, hit, hybrid, language()))
                st.text(hit.text)
