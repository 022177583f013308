"""Knowledge bases over several daemons: where one embeds, where it was embedded, refusals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from workbench.docchat import missing_embedders
from workbench.errors import WorkbenchError
from workbench.i18n import error_text
from workbench.kb.collections import CollectionInfo
from workbench.kb.origin import short_digest
from workbench.kb.placement import embedding_refusals
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.fleet import host_for, host_states, ref_of, several

EmbeddingTarget = tuple[str, str | None]


def embedding_target(choice: str) -> EmbeddingTarget | None:
    """The model name and daemon label (None with one daemon) a picker's option embeds with,
    said under the picker; None when no daemon can (the reason shown)."""
    ref = ref_of(choice)
    try:
        label = host_for(ref)
    except WorkbenchError as exc:
        show_error(exc)
        return None
    if label is not None:
        st.caption(f"🖥️ {t('knowledge_fleet.embeds_on', host=label)}")
    return ref.name, label


def origin_text(info: CollectionInfo) -> str:
    """'gpu · 0123456789ab': the daemon a knowledge base was embedded on and its model's digest."""
    host = info.origin.host or info.origin.url or t("kb_fleet.unknown_host")
    return f"{host} · {short_digest(info.origin.digest)}"


def with_origins(rows: list[dict[str, Any]], infos: Sequence[CollectionInfo]) -> None:
    """With several daemons, add to each knowledge base's row where it was embedded."""
    if several():
        column = t("knowledge_fleet.col_embedded_on")
        for row, info in zip(rows, infos, strict=True):
            row[column] = origin_text(info)


def origin_caption(info: CollectionInfo) -> None:
    """With several daemons, say where the chosen knowledge base was embedded."""
    if several():
        st.caption(f"🖥️ {t('knowledge_fleet.embedded_on', origin=origin_text(info))}")


def embedder_notices(infos: Sequence[CollectionInfo], installed: Sequence[str]) -> None:
    """Warn about chosen knowledge bases nothing can embed for: an embedding model that is not
    installed; with several daemons, each refusal's reason (no daemon has the model, or only
    with other weights)."""
    if not several():
        for missing in missing_embedders(infos, installed):
            st.warning(t("document_chat.embedder_missing", model=missing), icon="🧮")
        return
    for refusal in embedding_refusals(infos, host_states()).values():
        st.warning(error_text(refusal, language()), icon="🧮")
