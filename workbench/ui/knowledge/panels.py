"""The Knowledge page's collection sections: table, create, pick, warnings, re-index, delete."""

from __future__ import annotations

import streamlit as st

from workbench.docchat import collection_rows, preferred_embedder
from workbench.errors import WorkbenchError
from workbench.kb.chunking import (
    DEFAULT_CHUNK_OVERLAP,
    DEFAULT_CHUNK_SIZE,
    MAX_CHUNK_SIZE,
    MIN_CHUNK_SIZE,
    ChunkSettings,
)
from workbench.kb.collections import (
    CollectionInfo,
    create_collection,
    delete_collection,
    language_warning,
)
from workbench.kb.embedding import same_model
from workbench.kb.language import MULTILINGUAL_MODEL, is_english_only
from workbench.kb.reindex import reindex_collection
from workbench.kb.store import ChromaStore
from workbench.ollama import InstalledModel
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded, show_error
from workbench.ui.fleet import model_choices, service_of
from workbench.ui.kept import forget, keep
from workbench.ui.knowledge.common import confirmed, done, language_notice
from workbench.ui.knowledge.fleet import embedding_target, origin_caption, with_origins

SELECTED_KEY = "kb.selected"
SELECT_NEXT_KEY = "kb.select_next"


def collections_table(store: ChromaStore, infos: list[CollectionInfo]) -> None:
    """Every knowledge base with its counts, model and chunking, and a language warning."""
    st.subheader(f"🗂️ {t('knowledge.collections')}")
    if infos:
        with guarded():
            flagged = {i.display_name for i in infos if language_warning(store, i.display_name)}
            rows = collection_rows(infos, language(), flagged)
            with_origins(rows, infos)
            st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.info(t("knowledge.none_yet"), icon="📭")


def no_embedding_models() -> None:
    """Explain that an embedding model must be pulled first."""
    st.warning(t("knowledge.no_embedding_models"), icon="🧮")
    st.code(f"ollama pull {MULTILINGUAL_MODEL}", language="bash")
    st.page_link("pages/models.py", label=t("knowledge.go_models"), icon="📦")


def english_only_notice(model: str) -> None:
    """Warn, before it is used, that a model understands English only."""
    if is_english_only(model):
        st.warning(
            t("knowledge.english_only_model", model=model, suggestion=MULTILINGUAL_MODEL),
            icon="🌐",
        )


def create_form(store: ChromaStore, embedders: list[InstalledModel]) -> None:
    """Name, embedding model and chunking of a new knowledge base, then Create."""
    if not embedders:
        no_embedding_models()
        return
    name = st.text_input(
        t("knowledge.name"), key=keep("kb.new_name"), placeholder=t("knowledge.name_placeholder")
    )
    names = model_choices([m.name for m in embedders])
    if st.session_state.get("kb.new_model") not in names:
        forget("kb.new_model")
    model = st.selectbox(
        t("knowledge.embedding_model"),
        names,
        key=keep("kb.new_model", names[preferred_embedder(names)]),
        help=t("knowledge.embedding_model_help"),
    )
    target = embedding_target(model)
    english_only_notice(target[0] if target else model)
    size_col, overlap_col = st.columns(2)
    size = size_col.number_input(
        t("knowledge.chunk_size"),
        min_value=MIN_CHUNK_SIZE,
        max_value=MAX_CHUNK_SIZE,
        value=DEFAULT_CHUNK_SIZE,
        step=50,
        key="kb.new_size",
        help=t("knowledge.chunk_size_help"),
    )
    overlap = overlap_col.number_input(
        t("knowledge.chunk_overlap"),
        min_value=0,
        max_value=MAX_CHUNK_SIZE // 2,
        value=DEFAULT_CHUNK_OVERLAP,
        step=10,
        key="kb.new_overlap",
        help=t("knowledge.chunk_overlap_help"),
    )
    clicked = st.button(t("knowledge.create"), icon="➕", type="primary", disabled=not target)
    if not clicked or target is None:
        return
    model_name, label = target
    try:
        chunking = ChunkSettings(int(size), int(overlap))
        info = create_collection(
            store, service_of(label), name, model_name, chunking, host=label or ""
        )
    except WorkbenchError as exc:
        show_error(exc)
        return
    st.session_state[SELECT_NEXT_KEY] = info.display_name
    done(t("knowledge.created", name=info.display_name))


def collection_picker(infos: list[CollectionInfo]) -> CollectionInfo:
    """Which knowledge base the sections below work on."""
    names = [info.display_name for info in infos]
    wanted = st.session_state.pop(SELECT_NEXT_KEY, None)
    if wanted in names:
        st.session_state[SELECTED_KEY] = wanted
    elif st.session_state.get(SELECTED_KEY) not in names:
        forget(SELECTED_KEY)
    name = st.selectbox(t("knowledge.pick"), names, key=keep(SELECTED_KEY))
    info = infos[names.index(name)] if name in names else infos[0]
    origin_caption(info)
    return info


def reindex_section(
    store: ChromaStore, info: CollectionInfo, embedders: list[InstalledModel]
) -> None:
    """Re-embed every chunk with another embedding model, with a progress bar."""
    st.markdown(f"#### 🔁 {t('knowledge.reindex_title')}")
    st.caption(t("knowledge.reindex_help", model=info.embedding_model))
    others = model_choices(
        [m.name for m in embedders if not same_model(m.name, info.embedding_model)]
    )
    if not others:
        st.info(t("knowledge.reindex_no_models"), icon="🧮")
        return
    model = st.selectbox(
        t("knowledge.reindex_model"), others, index=preferred_embedder(others), key="kb.reindex"
    )
    target = embedding_target(model)
    language_notice(store, info.display_name, target[0] if target else model)
    clicked = st.button(t("knowledge.reindex", model=model), icon="🔁", disabled=not target)
    if not clicked or target is None:
        return
    model_name, label = target
    bar = st.progress(0.0, text=t("knowledge.reindex_starting"))

    def show(copied: int, total: int) -> None:
        text = t("knowledge.progress_chunks", done=copied, total=total)
        bar.progress(copied / total if total else 1.0, text=text)

    with guarded():
        reindex_collection(
            store,
            service_of(label),
            info.display_name,
            model_name,
            on_progress=show,
            host=label or "",
        )
        done(t("knowledge.reindexed", name=info.display_name, model=model))


def delete_section(store: ChromaStore, info: CollectionInfo) -> None:
    """Delete the whole knowledge base after a confirmation."""
    st.markdown(f"#### 🗑️ {t('knowledge.delete_title')}")
    name = info.display_name
    if confirmed(
        f"kb.drop.{name}",
        t("knowledge.delete_collection"),
        t("knowledge.delete_collection_confirm", name=name, documents=info.documents),
        t("knowledge.delete_collection_yes", name=name),
    ):
        with guarded():
            delete_collection(store, name)
            done(t("knowledge.collection_deleted", name=name))
