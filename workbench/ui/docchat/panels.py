"""The Document chat page: settings, the conversation with its sources, asking, Compare."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.docchat import (
    DEFAULT_K,
    ChatSetup,
    DocTurn,
    conversation_history,
    default_template,
    escape_markdown,
    location_text,
    prompt_messages,
    rag_templates,
    search_collections,
    shorten,
)
from workbench.errors import WorkbenchError
from workbench.fleet import ModelRef
from workbench.i18n import format_duration
from workbench.kb.citations import Citation, build_context
from workbench.kb.collections import CollectionInfo
from workbench.kb.store import ChromaStore
from workbench.ollama import InstalledModel
from workbench.templates import Template
from workbench.ui.compare import open_in_compare
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.fleet import embedders, host_for, model_choices, ref_of, service_of
from workbench.ui.kept import forget, keep
from workbench.ui.knowledge import embedder_notices, language_notice
from workbench.ui.resources import last_models, library, page_requests, starter_library
from workbench.ui.stream_view import LiveAnswer, LiveText

TURNS_KEY = "dc.turns"
COLLECTIONS_KEY = "dc.collections"
MODEL_KEY = "dc.model"
TEMPLATE_KEY = "dc.template"
AUTO = ""  # the template option that follows each question's language
PAGE = "document_chat"
AVATARS = {"user": "🧑", "assistant": "🦙"}
MAX_K = 20


def turns() -> list[DocTurn]:
    """The conversation of this session."""
    return st.session_state.setdefault(TURNS_KEY, [])


def templates() -> list[Template]:
    """RAG templates of the user's library, with the starter ones it lacks."""
    own = [e.template for e in library().entries() if e.template]
    starters = [e.template for e in starter_library().entries() if e.template]
    return rag_templates(own, starters)


def chat_settings(
    store: ChromaStore,
    infos: list[CollectionInfo],
    installed: list[InstalledModel],
    choices: list[Template],
) -> ChatSetup | None:
    """Knowledge bases, chat model, template and k, with each chosen base's language warning;
    None until at least one base is chosen."""
    by_name = {info.display_name: info for info in infos}
    chosen = _collection_picker(by_name)
    model = _model_picker(model_choices([m.name for m in installed if m.is_chat]))
    ids = [template.id for template in choices]
    if st.session_state.get(TEMPLATE_KEY) not in [AUTO, *ids]:
        forget(TEMPLATE_KEY)
    automatic = t("document_chat.template_auto")
    template_id = st.selectbox(
        t("document_chat.template"),
        [AUTO, *ids],
        format_func=lambda i: automatic if i == AUTO else f"{choices[ids.index(i)].name} ({i})",
        key=keep(TEMPLATE_KEY),
        help=t("document_chat.template_help"),
    )
    k = st.slider(
        t("document_chat.k"), 1, MAX_K, DEFAULT_K, key=keep("dc.k"), help=t("document_chat.k_help")
    )
    hybrid = st.toggle(
        t("knowledge.hybrid"), value=True, key=keep("dc.hybrid"), help=t("knowledge.hybrid_help")
    )
    partial = st.toggle(
        t("knowledge.include_partial"),
        key=keep("dc.partial"),
        help=t("knowledge.include_partial_help"),
    )
    options = _options()
    st.button(t("document_chat.clear"), icon="🧹", on_click=turns().clear, width="stretch")
    if not chosen:
        st.warning(t("document_chat.choose_collection"), icon="📚")
        return None
    embedder_notices([by_name[name] for name in chosen], [m.name for m in installed])
    for name in chosen:
        language_notice(store, name)
    by_language = template_id not in ids
    template = choices[
        default_template(choices, language()) if by_language else ids.index(template_id)
    ]
    by_question = tuple(choices) if by_language else ()
    return ChatSetup(
        tuple(chosen), str(model), template, int(k), hybrid, partial, options, by_question
    )


def _options() -> dict[str, Any]:
    """Temperature, output limit and context size; empty means the template's or model's own."""
    with st.expander(f"⚙️ {t('document_chat.options')}"):
        st.caption(t("document_chat.options_help"))
        unset = t("document_chat.unset")
        values = {
            "temperature": st.number_input(
                "temperature", 0.0, 2.0, None, 0.05, key=keep("dc.temperature"), placeholder=unset
            ),
            "num_predict": st.number_input(
                "num_predict", -1, 32768, None, 16, key=keep("dc.num_predict"), placeholder=unset
            ),
            "num_ctx": st.number_input(
                "num_ctx", 256, 262144, None, 1024, key=keep("dc.num_ctx"), placeholder=unset
            ),
        }
    return {name: value for name, value in values.items() if value is not None}


def _model_picker(names: list[str]) -> str | None:
    """The chat model: the one last used here, else the Playground's, else the first listed."""
    if st.session_state.get(MODEL_KEY) not in names:
        forget(MODEL_KEY)
    last = last_models()
    remembered = last.pick(PAGE, names)
    if remembered is None:
        remembered = last.pick("playground", names)
    default = names[remembered or 0] if names else None
    model = st.selectbox(t("document_chat.model"), names, key=keep(MODEL_KEY, default))
    if model:
        last.set(PAGE, model)
    return model


def _collection_picker(by_name: dict[str, CollectionInfo]) -> list[str]:
    """The knowledge bases to search, each with its document count and embedding model."""
    if COLLECTIONS_KEY in st.session_state:
        kept = [name for name in st.session_state[COLLECTIONS_KEY] if name in by_name]
        st.session_state[COLLECTIONS_KEY] = kept
    chosen = st.multiselect(
        t("document_chat.collections"),
        list(by_name),
        default=None if COLLECTIONS_KEY in st.session_state else list(by_name)[:1],
        key=keep(COLLECTIONS_KEY),
        help=t("document_chat.collections_help"),
    )
    for name in chosen:
        info = by_name[name]
        line = t(
            "document_chat.collection_line",
            name=name,
            documents=info.documents,
            model=info.embedding_model,
        )
        st.caption(line)
    return chosen


def conversation(asking: bool = False) -> None:
    """Every question and answer so far, answers with their sources (a hint when empty)."""
    if not turns() and not asking:
        st.info(t("document_chat.empty"), icon="💬")
    for index, turn in enumerate(turns()):
        draw_turn(turn, index)


def draw_turn(turn: DocTurn, index: int) -> None:
    """One chat bubble; an answer adds its error, timing, sources and Send to Compare."""
    with st.chat_message(turn.role, avatar=AVATARS[turn.role]):
        if turn.content:
            st.markdown(turn.content)
        if turn.role == "user":
            return
        if turn.error is not None:
            show_error(turn.error)
        if turn.stats is not None:
            st.caption(f"⏱️ {turn.model} · {format_duration(turn.stats.wall_time, language())}")
        sources(turn)
        if turn.messages:
            compare_button(turn, index)


def sources(turn: DocTurn) -> None:
    """The numbered sources given to the model, each expandable; those the answer cites marked."""
    if not turn.messages:
        return
    if not turn.citations:
        st.caption(t("document_chat.no_passages"))
        return
    used = [c.n for c in turn.used]
    if used:
        st.caption(t("document_chat.cites", numbers=", ".join(f"[{n}]" for n in used)))
    elif turn.content:
        st.caption(t("document_chat.cites_none"))
    for citation in turn.citations:
        with st.expander(citation_label(citation, citation.n in used)):
            st.text(citation.text)


def citation_label(citation: Citation, used: bool) -> str:
    """'[2] 📄 report.pdf, p. 3 · ✅ cited' for a source's expander."""
    where = location_text(citation.file, citation, language())
    label = f"\\[{citation.n}\\] 📄 {escape_markdown(where)}"
    return f"{label} · ✅ {t('document_chat.used')}" if used else label


def compare_button(turn: DocTurn, index: int) -> None:
    """Put this answer's exact prompt into the Compare page's inbox and go there."""
    if not st.button(t("document_chat.send_to_compare"), icon="⚖️", key=f"dc.compare.{index}"):
        return
    name = t("document_chat.compare_name", question=shorten(turn.question))
    open_in_compare(name, turn.messages, [turn.model] if turn.model else [], turn.options)


def ask(
    store: ChromaStore, setup: ChatSetup, question: str, slot: st.delta_generator.DeltaGenerator
) -> None:
    """Retrieve for the question, stream the answer into `slot`, keep both in the conversation."""
    history = conversation_history(turns())
    turns().append(DocTurn("user", question))
    answer = DocTurn("assistant", question=question, model=setup.model)
    try:
        with slot:
            draw_turn(turns()[-1], len(turns()) - 1)
            with st.chat_message("assistant", avatar=AVATARS["assistant"]):
                _answer(store, setup, answer, history)
    finally:
        turns().append(answer)
    st.rerun()


def _answer(
    store: ChromaStore, setup: ChatSetup, answer: DocTurn, history: list[dict[str, str]]
) -> None:
    body = st.empty()
    try:
        with st.spinner(t("document_chat.searching")):
            chunks = search_collections(
                store,
                embedders(),
                setup.collections,
                answer.question,
                setup.k,
                setup.hybrid,
                setup.include_partial,
            )
        context, answer.citations = build_context(chunks)
        template = setup.template_for(answer.question)
        answer.messages = prompt_messages(template, context, answer.question, history)
        body.caption(t("document_chat.waiting", model=setup.model))
        answer.options = setup.options_for(template) or {}
        ref = ref_of(setup.model)
        placed = host_for(ref)
        answer.model = ModelRef(ref.name, placed).text
        live = LiveAnswer(LiveText(body))
        with page_requests().track(placed):
            options = answer.options or None
            stream = service_of(placed).chat(ref.name, answer.messages, options=options)
            for text in stream:
                answer.content += text
                live.update(answer.content)
        answer.stats = stream.stats
        live.finish(answer.content)
    except WorkbenchError as exc:
        answer.error = exc
