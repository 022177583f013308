"""Checks added to a stored run and evaluated on its answers, without generating again."""

from __future__ import annotations

import streamlit as st

from workbench.checks import DaemonCheckModels
from workbench.history import StoredRun
from workbench.suites import missing_check_models, recheck, with_checks
from workbench.ui.compare.variant_checks import installed, variant_checks
from workbench.ui.context import t
from workbench.ui.feedback import guarded
from workbench.ui.resources import history_store, service


def recheck_panel(run: StoredRun, key: str) -> None:
    """Edit each prompt's checks, then score the stored answers again with them."""
    with st.expander(t("compare_checks.recheck_title"), icon="🧪"):
        st.caption(t("compare_checks.recheck_help"))
        checks, valid = {}, True
        for variant in run.spec.grid.variants:
            st.markdown(f"**{variant.name}**")
            edited, ok = variant_checks(
                f"{key}.recheck.{run.id}.{variant.name}", variant, variant.checks
            )
            checks[variant.name], valid = edited.checks, valid and ok
        spec, cells = with_checks(run.spec, run.cells, checks)
        missing = missing_check_models(spec.grid, [m.name for m in installed()])
        if missing:
            st.warning(t("compare_checks.missing_models", models=", ".join(missing)), icon="🧪")
        clicked = st.button(
            t("compare_checks.recheck_run"),
            icon="🧪",
            key=f"{key}.recheck.{run.id}.run",
            disabled=not valid or bool(missing),
        )
        if clicked:
            with guarded(), st.spinner(t("compare_checks.rechecking")):
                attempts = recheck(cells, run.attempts, DaemonCheckModels(service()))
                history_store().save_checks(run.id, spec, cells, attempts)
                st.rerun()
