"""The Knowledge page's vision setting: which model reads scanned pages, and what it costs."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import format_duration
from workbench.kb.documents import SourceFile
from workbench.kb.loaders import DEFAULT_MAX_BYTES
from workbench.kb.progress import FileStatus, IngestProgress
from workbench.kb.store import ChromaStore
from workbench.kb.vision import VisionReader, count_pages_to_read
from workbench.kb.vision_setting import VisionSetting, choose_vision_model, vision_setting
from workbench.ui.cache import installed_models
from workbench.ui.context import language, settings, t
from workbench.ui.feedback import guarded, show_error
from workbench.ui.resources import service

SUGGESTED_MODEL = "llava:7b"
PLAN_KEY = "kb.vision_plan"
SAVED_KEY = "kb.vision_saved"


def vision_models() -> list[str]:
    """The installed models that can see images (none when the daemon cannot say)."""
    with guarded():
        return [m.name for m in installed_models(service().host) if "vision" in m.capabilities]
    return []


def vision_section(store: ChromaStore, collection: str) -> None:
    """Choose the model that reads this knowledge base's scanned pages (or none), with its speed;
    without any vision model installed, say how to get one."""
    with st.expander(f"🖼️ {t('vision.title')}", expanded=True):
        st.caption(t("vision.help"))
        models = vision_models()
        try:
            setting = vision_setting(store, collection)
        except WorkbenchError as exc:
            show_error(exc)
            return
        if not models:
            st.info(t("vision.none_installed"), icon="🖼️")
            st.code(f"ollama pull {SUGGESTED_MODEL}", language="bash")
            return
        if setting.model and setting.model not in models:
            st.warning(t("vision.model_gone", model=setting.model), icon="⚠️")
        key = f"kb.vision.{collection}"
        options = ["", *models]
        if st.session_state.get(key) not in options:
            st.session_state[key] = setting.model if setting.model in options else ""
        off = t("vision.off")
        st.selectbox(
            t("vision.model"),
            options,
            key=key,
            format_func=lambda name: name or off,
            help=t("vision.model_help"),
            on_change=_save,
            args=(store, collection, key),
        )
        saved = st.session_state.pop(SAVED_KEY, None)
        if saved:
            st.success(saved, icon="✅")
        if setting.model in models:
            st.caption(_speed(setting))


def _save(store: ChromaStore, collection: str, key: str) -> None:
    model = str(st.session_state.get(key) or "")
    try:
        choose_vision_model(store, collection, model)
    except WorkbenchError as exc:
        show_error(exc)
        return
    st.session_state.pop(PLAN_KEY, None)
    message = t("vision.saved", name=collection, model=model) if model else None
    st.session_state[SAVED_KEY] = message or t("vision.turned_off", name=collection)


def _speed(setting: VisionSetting) -> str:
    how = t("vision.rate_measured" if setting.measured else "vision.rate_assumed")
    duration = format_duration(setting.seconds_per_page, language())
    return t("vision.speed", model=setting.model, time=duration, how=how)


def vision_reader(store: ChromaStore, collection: str) -> VisionReader | None:
    """The reader an ingest into this knowledge base uses: its vision model while installed."""
    try:
        model = vision_setting(store, collection).model
    except WorkbenchError:
        return None
    if not model or model not in vision_models():
        return None
    cache = settings().data_dir / "kb-vision"
    return VisionReader(service(), model, cache, language())


def vision_estimate(
    store: ChromaStore,
    collection: str,
    files: Sequence[SourceFile],
    identity: tuple[tuple[str, str], ...],
) -> None:
    """Before an ingest: how many scanned pages and images the files hold, and the time their
    reading takes (or that they stay flagged when no vision model is chosen). `identity` is
    each file's (name, sha256), as the passage estimate keys its cache."""
    if not files:
        return
    reader = vision_reader(store, collection)
    model = reader.model if reader else ""
    key = (collection, model, identity)
    cached = st.session_state.get(PLAN_KEY)
    if cached is None or cached[0] != key:
        cached = (key, count_pages_to_read(files, DEFAULT_MAX_BYTES, reader))
        st.session_state[PLAN_KEY] = cached
    pages = cached[1]
    if not pages:
        return
    if reader is None:
        st.info(t("vision.estimate_off", pages=pages), icon="🖼️")
        return
    setting = vision_setting(store, collection)
    duration = format_duration(pages * setting.seconds_per_page, language())
    st.caption(t("vision.estimate", pages=pages, model=model, time=duration))


def reading_text(progress: IngestProgress, reader: VisionReader | None) -> str | None:
    """'Reading scan.pdf with llava:7b: page 2 of 5' while a file's pages are being read."""
    for file in progress.files:
        reading = file.status is FileStatus.READING and file.pages_read < file.pages_to_read
        if reader is not None and reading:
            page, total = file.pages_read + 1, file.pages_to_read
            return t("vision.progress", file=file.name, model=reader.model, page=page, total=total)
    return None
