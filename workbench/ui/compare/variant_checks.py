"""Checks on Compare's prompts: an editor per prompt, and the models the checks need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import streamlit as st

from workbench.checks import CheckSpec
from workbench.compare import GridSpec, PromptVariant
from workbench.errors import WorkbenchError
from workbench.library import Library
from workbench.ollama import InstalledModel
from workbench.suites import missing_check_models
from workbench.ui.checks_editor import checks_editor
from workbench.ui.context import t
from workbench.ui.feedback import show_error
from workbench.ui.fleet import installed_everywhere
from workbench.ui.resources import service


def installed() -> list[InstalledModel]:
    """The daemon's models, or none while it does not answer (stored runs still show)."""
    try:
        return installed_everywhere(service().host)
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


def template_checks_save(lib: Library, variant: PromptVariant, version_key: str) -> None:
    """When a template prompt's checks were changed here, offer to save them in the template
    as its next version (so they travel with it); `version_key` is its version picker's key."""
    if variant.template_id is None or variant.template_version is None:
        return
    outcome = st.session_state.pop(f"{version_key}.saved", None)
    if isinstance(outcome, WorkbenchError):
        show_error(outcome)
    elif outcome is not None:
        st.success(t("compare_checks.saved_to_template", version=outcome), icon="💾")
    saved = lib.version(variant.template_id, int(variant.template_version)).checks
    if tuple(saved) == variant.checks:
        return
    st.button(
        t("compare_checks.save_to_template", template=variant.template_id),
        icon="💾",
        key=f"{version_key}.save_checks",
        on_click=_save_checks,
        args=(lib, variant, version_key),
    )


def _save_checks(lib: Library, variant: PromptVariant, version_key: str) -> None:
    assert variant.template_id is not None and variant.template_version is not None
    number = int(variant.template_version)
    try:
        template = lib.version(variant.template_id, number)
        saved = lib.save(replace(template, checks=list(variant.checks)), number)
    except WorkbenchError as exc:
        st.session_state[f"{version_key}.saved"] = exc
        return
    st.session_state[version_key] = saved
    st.session_state[f"{version_key}.saved"] = saved
