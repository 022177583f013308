"""The Templates page's "Checks" section and how a template shows its checks."""

from __future__ import annotations

import streamlit as st

from workbench.checks import CheckSpec, describe
from workbench.errors import WorkbenchError
from workbench.templates import Template
from workbench.ui.cache import installed_models
from workbench.ui.checks_editor import checks_editor
from workbench.ui.context import t
from workbench.ui.daemon import current_status


def checks_section(template: Template, key: str, models: list[str]) -> tuple[list[CheckSpec], bool]:
    """Edit the checks the template's answers should pass (widgets under `key`); returns the
    valid checks and whether every check is valid."""
    with st.expander(f"✅ {t('templates.checks_section')}", expanded=bool(template.checks)):
        st.caption(t("templates.checks_help"))
        return checks_editor(key, template.checks, models, _embedding_models())


def _embedding_models() -> list[str]:
    """The installed embedding models (none when the daemon does not answer)."""
    try:
        return [m.name for m in installed_models(current_status().host) if m.is_embedding]
    except WorkbenchError:
        return []


def checks_view(template: Template) -> None:
    """The template's checks, one line each."""
    if not template.checks:
        return
    st.markdown(f"**✅ {t('templates.view_checks', count=len(template.checks))}**")
    for spec in template.checks:
        label = describe(spec)
        weight = "" if spec.weight == 1 else f" ×{spec.weight:g}"
        st.text(f"• {t(label.code, **label.params)}{weight}")
