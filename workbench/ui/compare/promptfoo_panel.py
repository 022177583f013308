"""A comparison grid as a promptfoo config, and a promptfoo config read into the grid."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.checks import check_to_dict
from workbench.compare import GridSpec, compare_request
from workbench.suites import Unmapped, export_promptfoo, import_promptfoo
from workbench.ui.compare.setup import send_to_compare
from workbench.ui.compare.variant_checks import installed
from workbench.ui.context import t
from workbench.ui.feedback import guarded

LEFT_OUT_KEY = "compare.promptfoo.left_out"


def _unmapped_lines(unmapped: Sequence[Unmapped]) -> str:
    return "\n".join(
        f"- {t(u.where.code, **u.where.params)}: `{u.what}` — {t(u.reason.code, **u.reason.params)}"
        for u in unmapped
    )


def promptfoo_export(grid: GridSpec, key: str) -> None:
    """A download of the grid as promptfooconfig.yaml, with what promptfoo cannot hold."""
    with guarded():
        export = export_promptfoo(grid)
        st.download_button(
            t("compare_promptfoo.export"),
            export.text.encode("utf-8"),
            file_name="promptfooconfig.yaml",
            mime="application/yaml",
            icon="📤",
            key=f"{key}.promptfoo_export",
            help=t("compare_promptfoo.export_help"),
        )
        if export.unmapped:
            st.caption(t("compare_promptfoo.export_left_out"))
            st.markdown(_unmapped_lines(export.unmapped))


def promptfoo_import() -> None:
    """Upload a promptfoo config: its models, prompts with checks, rows and parameter sets
    replace the grid; whatever the grid cannot hold is listed, never dropped silently."""
    with st.expander(t("compare_promptfoo.import_title"), icon="📥"):
        st.caption(t("compare_promptfoo.import_help"))
        upload = st.file_uploader(
            t("compare_promptfoo.import_file"), type=["yaml", "yml"], key="compare.promptfoo.file"
        )
        if upload is not None and st.button(t("compare_promptfoo.import_run"), icon="📥"):
            with guarded():
                _receive(upload.getvalue().decode("utf-8-sig"))
    left_out = st.session_state.get(LEFT_OUT_KEY)
    if left_out:
        st.warning(t("compare_promptfoo.import_left_out"), icon="📥")
        st.markdown(left_out)
        if st.button(t("compare_promptfoo.dismiss"), key=f"{LEFT_OUT_KEY}.dismiss"):
            st.session_state.pop(LEFT_OUT_KEY)
            st.rerun()


def _receive(text: str) -> None:
    imported = import_promptfoo(text)
    prompts = [
        {
            **compare_request(variant.name, variant.messages),
            "checks": [check_to_dict(check) for check in variant.checks],
        }
        for variant in imported.variants
    ]
    request = {
        "fresh": True,
        "models": list(imported.models),
        "variants": prompts,
        "rows": [dict(row) for row in imported.rows],
        "param_sets": [{"name": p.name, "options": dict(p.options)} for p in imported.param_sets],
    }
    have = {m.name for m in installed()}
    missing = [
        f"- {t('compare_promptfoo.model_missing', model=model)}"
        for model in imported.models
        if model not in have
    ]
    lines = "\n".join([*missing, _unmapped_lines(imported.unmapped)]).strip()
    st.session_state[LEFT_OUT_KEY] = lines
    send_to_compare(request)
