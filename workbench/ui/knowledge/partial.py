"""Unfinished work the Knowledge page never hides: partial documents and orphan passages."""

from __future__ import annotations

import streamlit as st

from workbench.docchat import IngestReport
from workbench.kb.collections import DocumentInfo, delete_orphans, orphan_chunks
from workbench.kb.pending import kept
from workbench.kb.store import ChromaStore
from workbench.ui.context import t
from workbench.ui.feedback import guarded
from workbench.ui.knowledge.common import confirmed, done, pending_root
from workbench.ui.knowledge.ingest import ingest_now


def partial_documents(store: ChromaStore, collection: str, documents: list[DocumentInfo]) -> None:
    """Each document whose ingest did not finish, with Resume (when its upload was kept)."""
    for doc in (d for d in documents if d.partial):
        with st.container(border=True):
            st.warning(
                t("knowledge.partial_notice", file=doc.source, stored=doc.stored, total=doc.chunks),
                icon="⚠️",
            )
            source = kept(pending_root(), collection, doc.source)
            if source is None:
                st.caption(t("knowledge.resume_upload", file=doc.source))
            elif st.button(
                t("knowledge.resume", file=doc.source), icon="▶️", key=f"kb.resume.{doc.source}"
            ):
                ingest_now(store, IngestReport(collection), [source])
                st.rerun()


def repair_section(store: ChromaStore, collection: str) -> None:
    """Find passages whose file the knowledge base does not list and offer to delete them."""
    st.markdown(f"#### 🩹 {t('knowledge.repair_title')}")
    st.caption(t("knowledge.repair_help"))
    if not st.toggle(t("knowledge.repair_check"), key=f"kb.repair.{collection}"):
        return
    with guarded():
        orphans = orphan_chunks(store, collection)
        if not orphans:
            st.success(t("knowledge.repair_none"), icon="✅")
            return
        for source, ids in sorted(orphans.items()):
            st.warning(t("knowledge.orphans_of", file=source or "?", count=len(ids)), icon="🧩")
        total = sum(len(ids) for ids in orphans.values())
        if confirmed(
            f"kb.orphans.{collection}",
            t("knowledge.repair_delete", count=total),
            t("knowledge.repair_confirm", count=total, name=collection),
            t("knowledge.repair_yes", count=total),
        ):
            done(t("knowledge.repaired", count=delete_orphans(store, collection)))
