"""Checks on Compare's prompts: an editor per prompt, and the models the checks need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import streamlit as st

from workbench.checks import CheckSpec
from workbench.compare import GridSpec, PromptVariant
from workbench.errors import WorkbenchError
from workbench.ollama import InstalledModel
from workbench.suites import missing_check_models
from workbench.ui.cache import installed_models
from workbench.ui.checks_editor import checks_editor
from workbench.ui.context import t
from workbench.ui.resources import service


def installed() -> list[InstalledModel]:
    """The daemon's models, or none while it does not answer (stored runs still show)."""
    try:
        return installed_models(service().host)
    except WorkbenchError:
        return []


def _model_names() -> tuple[list[str], list[str]]:
    """Installed chat models (judges) and embedding models (similarity)."""
    models = installed()
    return [m.name for m in models if m.is_chat], [m.name for m in models if m.is_embedding]


def variant_checks(
    key: str, variant: PromptVariant, initial: Sequence[CheckSpec] = ()
) -> tuple[PromptVariant, bool]:
    """The prompt with the checks edited in its expander (starting from `initial`, e.g. its
    template's), and whether every check is valid."""
    chat, embed = _model_names()
    with st.expander(t("compare_checks.editor_title"), icon="🧪"):
        checks, valid = checks_editor(key, initial, chat, embed)
    return replace(variant, checks=tuple(checks)), valid


def check_models_ready(spec: GridSpec) -> bool:
    """False (with the names) when a check needs a judge or embedding model not installed."""
    missing = missing_check_models(spec, [m.name for m in installed()])
    if missing:
        st.warning(t("compare_checks.missing_models", models=", ".join(missing)), icon="🧪")
    return not missing
