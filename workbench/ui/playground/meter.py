"""The Playground's context meter: the prompt's size against the model's context."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import format_number
from workbench.playground import (
    context_size,
    conversation_messages,
    estimate_prompt_tokens,
    probably_cut,
)
from workbench.ui.cache import model_details, running_models
from workbench.ui.context import language, t
from workbench.ui.playground.panels import MESSAGE_KEY
from workbench.ui.playground.settings import RunSettings
from workbench.ui.playground.state import turns

SOURCES = {
    "option": "playground.meter_source_option",
    "model": "playground.meter_source_model",
    "loaded": "playground.meter_source_loaded",
    "automatic": "playground.meter_source_automatic",
}


def _number(value: int) -> str:
    return format_number(value, language())


def context_meter(run: RunSettings, host: str) -> None:
    """Before sending: the estimated prompt against the context; after: the daemon's count."""
    try:
        own = model_details(host, run.model.name).parameters
        loaded = next(
            (m.context_length for m in running_models(host) if m.name == run.model.name), None
        )
    except WorkbenchError:
        own, loaded = {}, None
    size = context_size(run.options, own, loaded, run.model.context_length)
    messages = conversation_messages(run.system, turns())
    draft = str(st.session_state.get(MESSAGE_KEY) or "")
    if draft.strip():
        messages.append({"role": "user", "content": draft})
    estimate = estimate_prompt_tokens(messages)
    st.progress(
        min(estimate / size.tokens, 1.0),
        text=t(
            "playground.meter",
            estimate=_number(estimate),
            size=_number(size.tokens),
            source=t(SOURCES[size.source]),
        ),
    )
    st.caption(t("playground.meter_how"))
    if estimate > size.tokens:
        st.warning(t("playground.meter_too_long", size=_number(size.tokens)), icon="✂️")
    counts = [turn.stats.prompt_tokens for turn in turns() if turn.stats is not None]
    if counts:
        counted = counts[-1]
        st.caption(
            t("playground.meter_counted", tokens=_number(counted), size=_number(size.tokens))
        )
        if probably_cut(counted, size.tokens):
            st.warning(t("playground.meter_cut", tokens=_number(counted)), icon="✂️")
