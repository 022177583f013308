"""The Knowledge page's upload section: ingest with live progress, the report, PDF passwords."""

from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st

from workbench.docchat import (
    IngestReport,
    failure_text,
    ingest_rows,
    ingest_summary,
    progress_text,
)
from workbench.errors import WorkbenchError
from workbench.i18n import format_duration, format_number
from workbench.kb.documents import SourceFile, sha256_hex
from workbench.kb.ingest import IngestEstimate, estimate_ingest, ingest_files
from workbench.kb.pending import forget, keep
from workbench.kb.progress import FileStatus, IngestProgress
from workbench.kb.store import ChromaStore
from workbench.ui.context import language, t
from workbench.ui.daemon import STATUS_REFRESH_SECONDS, refresh_sidebar_status
from workbench.ui.feedback import show_error
from workbench.ui.fleet import embedders
from workbench.ui.knowledge.common import pending_root
from workbench.ui.knowledge.vision import reading_text, vision_estimate, vision_reader

GENERATION_KEY = "kb.upload_generation"
REPORT_KEY = "kb.report"
LOCKED_KEY = "kb.locked"
RUNNING_KEY = "kb.running"
ESTIMATE_KEY = "kb.estimate"
CONFIRM_SECONDS = 10 * 60
REDRAW_SECONDS = 0.25


def upload_section(store: ChromaStore, collection: str) -> None:
    """Upload files, index them with a progress bar, then show what happened to each."""
    if st.session_state.pop(RUNNING_KEY, None) == collection:
        st.warning(t("knowledge.stopped"), icon="⏹️")
    generation = st.session_state.setdefault(GENERATION_KEY, 0)
    uploads = st.file_uploader(
        t("knowledge.upload"),
        accept_multiple_files=True,
        key=f"kb.upload.{generation}",
        help=t("knowledge.upload_help"),
    )
    files = [SourceFile(upload.name, data=upload.getvalue()) for upload in uploads or []]
    identity = tuple((f.name, sha256_hex(f.read())) for f in files)
    agreed = _estimate(store, collection, files, identity, generation)
    vision_estimate(store, collection, files, identity)
    label = (
        t("knowledge.ingest", count=len(files), name=collection)
        if files
        else t("knowledge.ingest_none", name=collection)
    )
    if st.button(label, icon="📥", type="primary", disabled=not files or not agreed):
        st.session_state[LOCKED_KEY] = {f.name: f.read() for f in files}
        ingest_now(store, IngestReport(collection), files)
        st.session_state[GENERATION_KEY] = generation + 1
        st.rerun()
    report = st.session_state.get(REPORT_KEY)
    if isinstance(report, IngestReport) and report.collection == collection and report.files:
        _report(store, report)


def _estimate(
    store: ChromaStore,
    collection: str,
    files: Sequence[SourceFile],
    identity: tuple[tuple[str, str], ...],
    generation: int,
) -> bool:
    """Show how many passages the files add and how long that takes; above the threshold the
    user must agree first. True when the ingest may start. `identity` is each file's (name,
    sha256), computed once per run for this and the vision estimate."""
    if not files:
        return True
    key = (collection, identity)
    cached = st.session_state.get(ESTIMATE_KEY)
    if cached is None or cached[0] != key:
        try:
            cached = (key, estimate_ingest(store, collection, files))
        except WorkbenchError as exc:
            show_error(exc)
            return False
        st.session_state[ESTIMATE_KEY] = cached
    estimate: IngestEstimate = cached[1]
    duration = format_duration(estimate.seconds, language())
    rate = format_number(estimate.rate, language(), 1)
    how = t("knowledge.rate_measured" if estimate.measured else "knowledge.rate_assumed")
    st.caption(
        t("knowledge.estimate", passages=estimate.passages, time=duration, rate=rate, how=how)
    )
    if estimate.seconds <= CONFIRM_SECONDS:
        return True
    return st.checkbox(t("knowledge.confirm_long", time=duration), key=f"kb.agree.{generation}")


def ingest_now(store: ChromaStore, report: IngestReport, files: Sequence[SourceFile]) -> None:
    """Run the ingest on this thread with a Stop button, redrawing the bar and table, and keep
    the outcome. Stop, leaving the page or closing the tab end it after the current batch;
    the document stays listed as partial and the upload is kept so it can resume."""
    for source in files:
        keep(pending_root(), report.collection, source)
    st.session_state[RUNNING_KEY] = report.collection
    st.session_state.pop(ESTIMATE_KEY, None)
    reader = vision_reader(store, report.collection)
    st.button(t("knowledge.stop"), icon="⏹️", key="kb.stop", help=t("knowledge.stop_help"))
    bar = st.progress(0.0, text=t("knowledge.ingest_starting"))
    table = st.empty()
    last_draw = last_status = time.monotonic()

    def show(progress: IngestProgress) -> None:
        nonlocal last_draw, last_status
        if time.monotonic() - last_draw < REDRAW_SECONDS and not progress.finished:
            return
        last_draw = time.monotonic()
        if last_draw - last_status >= STATUS_REFRESH_SECONDS:
            last_status = last_draw
            refresh_sidebar_status()
        text = reading_text(progress, reader) or progress_text(progress, language())
        bar.progress(progress.fraction, text=text)
        table.dataframe(ingest_rows(progress.files, language()), hide_index=True)

    try:
        final = ingest_files(
            store, embedders(), report.collection, files, on_progress=show, vision=reader
        )
    except WorkbenchError as exc:
        show_error(exc)
        st.stop()
    st.session_state.pop(RUNNING_KEY, None)
    for file in final.files:
        if not (file.status is FileStatus.FAILED and file.chunks_done):
            forget(pending_root(), report.collection, file.name)
    report = report.merged(final)
    st.session_state[REPORT_KEY] = report
    waiting = {f.name for f in report.locked}
    locked = st.session_state.get(LOCKED_KEY, {})
    st.session_state[LOCKED_KEY] = {k: v for k, v in locked.items() if k in waiting}


def _report(store: ChromaStore, report: IngestReport) -> None:
    """The last upload: a status table, each failure's reason, password boxes for PDFs."""
    summary = ingest_summary(report, language())
    if summary:
        st.success(summary, icon="✅")
    st.dataframe(ingest_rows(report.files, language()), hide_index=True, width="stretch")
    locked = {f.name for f in report.locked}
    for file in report.failed:
        st.error(failure_text(file, language()), icon="❌")
        if file.name in locked:
            _password_box(store, report, file.name)


def _password_box(store: ChromaStore, report: IngestReport, name: str) -> None:
    """Ask for an encrypted PDF's password and index just that file again."""
    data = st.session_state.get(LOCKED_KEY, {}).get(name)
    if data is None:
        return
    with st.container(border=True):
        password = st.text_input(
            t("knowledge.password_for", file=name), type="password", key=f"kb.password.{name}"
        )
        if st.button(t("knowledge.unlock"), icon="🔓", key=f"kb.unlock.{name}"):
            ingest_now(store, report, [SourceFile(name, data=data, password=password)])
            st.rerun()
