"""The Playground's "Output & tools" settings: answer format, schema, tools, knowledge bases."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.docchat import knowledge_search
from workbench.ollama import InstalledModel, capability_gaps
from workbench.playground import (
    JSON_MODE,
    NO_FORMAT,
    OUTPUT_MODES,
    SCHEMA,
    OutputSettings,
    needed_capabilities,
)
from workbench.templates import Template
from workbench.tools import Search
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded
from workbench.ui.fleet import embedders
from workbench.ui.kept import keep
from workbench.ui.knowledge import all_collections
from workbench.ui.resources import knowledge_store
from workbench.ui.schema_tools import schema_editor, tools_editor

MODE_KEY = "pg.output_mode"
SCHEMA_KEY = "pg.schema"  # {"round": n, "initial": schema}: a template starts a new editor
TOOLS_KEY = "pg.tools"  # {"round": n, "initial": [ToolSpec, ...]}
KB_KEY = "pg.tools_kb"
SEARCH_TOOL = "search_knowledge"
GAP_MESSAGES = {
    "tools": "capability.missing_tools",
    "thinking": "capability.missing_thinking",
    "vision": "capability.missing_vision",
}


def _editor(key: str) -> dict[str, Any]:
    return st.session_state.setdefault(key, {"round": 0, "initial": None})


def apply_template_output(template: Template) -> None:
    """Fill the format and tools from a template that declares them (others leave them alone)."""
    if template.output_schema is not None:
        st.session_state[MODE_KEY] = SCHEMA
        _restart(SCHEMA_KEY, template.output_schema)
    if template.tools:
        _restart(TOOLS_KEY, list(template.tools))


def _restart(key: str, initial: Any) -> None:
    """A new editor (fresh widget keys) that starts from `initial`."""
    st.session_state[key] = {"round": _editor(key)["round"] + 1, "initial": initial}


def output_settings() -> OutputSettings:
    """The "Output & tools" expander: format (none, JSON mode, JSON Schema) and tools."""
    keep(MODE_KEY, NO_FORMAT)
    schema_state, tools_state = _editor(SCHEMA_KEY), _editor(TOOLS_KEY)
    in_use = st.session_state[MODE_KEY] != NO_FORMAT or bool(tools_state["initial"])
    with st.expander(f"🧾 {t('playground.output_tools')}", expanded=in_use):
        mode = st.radio(
            t("playground.output_format"),
            OUTPUT_MODES,
            format_func=_mode_labels().get,
            key=MODE_KEY,
            horizontal=True,
        )
        schema, problem = None, None
        if mode == JSON_MODE:
            st.caption(t("playground.json_mode_help"))
        elif mode == SCHEMA:
            schema, problem = schema_editor(
                f"pg.schema_editor.{schema_state['round']}", schema_state["initial"]
            )
        st.markdown(f"**🔧 {t('playground.tools')}**", help=t("playground.tools_help"))
        tools, tools_problem = tools_editor(
            f"pg.tools_editor.{tools_state['round']}", tools_state["initial"] or []
        )
        chosen: list[str] = []
        if any(spec.name == SEARCH_TOOL for spec in tools):
            chosen = _knowledge_picker()
    return OutputSettings(mode, schema, tuple(tools), tuple(chosen), problem or tools_problem)


def _mode_labels() -> dict[str, str]:
    """Each answer format's label, translated now (AppTest formats options outside the run)."""
    return {
        NO_FORMAT: t("playground.format_none"),
        JSON_MODE: t("playground.format_json"),
        SCHEMA: t("playground.format_schema"),
    }


def _knowledge_picker() -> list[str]:
    """The knowledge bases search_knowledge searches, each with its documents and model."""
    infos = []
    with guarded():
        infos = all_collections(knowledge_store())
    if not infos:
        st.info(t("playground.no_knowledge_bases"), icon="📚")
        return []
    labels = {
        info.name: t(
            "playground.knowledge_base_line",
            name=info.name,
            documents=info.documents,
            model=info.embedding_model,
        )
        for info in infos
    }
    if KB_KEY in st.session_state:
        st.session_state[KB_KEY] = [n for n in st.session_state[KB_KEY] if n in labels]
    return st.multiselect(
        t("playground.knowledge_bases"),
        list(labels),
        default=None if KB_KEY in st.session_state else list(labels)[:1],
        key=keep(KB_KEY),
        format_func=labels.get,
        help=t("playground.knowledge_bases_help"),
    )


def knowledge(output: OutputSettings) -> Search | None:
    """The search behind search_knowledge over the chosen knowledge bases (None when none)."""
    if not output.knowledge_bases:
        return None
    return knowledge_search(
        knowledge_store(), embedders(), output.knowledge_bases, language=language()
    )


def capability_notes(
    model: InstalledModel, output: OutputSettings, think_wanted: bool, images: bool
) -> list[str]:
    """Say which wanted feature the model cannot do and what to do; the gaps, in order."""
    needs = needed_capabilities(bool(output.tools), think_wanted, images)
    gaps = capability_gaps(model.capabilities, needs)
    for gap in gaps:
        text = t(GAP_MESSAGES[gap], model=model.name)
        if gap == "thinking":
            st.info(text, icon="💭")
        else:
            st.warning(text, icon="⚠️")
    return gaps
