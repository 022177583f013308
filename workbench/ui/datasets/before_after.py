"""Before/after: one click sets up Compare with the base and the fine-tuned model on the
validation part, each row's expected answer beside the cells."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.compare import rows_request
from workbench.datasets import Example
from workbench.ui.cache import installed_models
from workbench.ui.compare import send_to_compare
from workbench.ui.context import t
from workbench.ui.daemon import current_status
from workbench.ui.feedback import guarded
from workbench.ui.kept import forget, keep

BASE_KEY, TUNED_KEY = "datasets.base", "datasets.tuned"


def _model(column: DeltaGenerator, label: str, key: str, names: list[str]) -> str | None:
    if st.session_state.get(key) not in names:
        forget(key)
    return column.selectbox(
        label, names, index=None, key=keep(key), placeholder=t("datasets.choose_model")
    )


def before_after_panel(validation: Sequence[Example], reachable: bool) -> None:
    """Pick the base and the fine-tuned model; hand the grid to Compare."""
    st.caption(t("datasets.ba_intro"))
    names = (
        [m.name for m in installed_models(current_status().host) if m.is_chat] if reachable else []
    )
    if not names:
        st.info(t("datasets.ba_offline"), icon="🔌")
        return
    left, right = st.columns(2)
    base = _model(left, t("datasets.base"), BASE_KEY, names)
    tuned = _model(right, t("datasets.tuned"), TUNED_KEY, names)
    problem = None
    if not validation:
        problem = t("datasets.ba_empty")
    elif base is None or tuned is None or base == tuned:
        problem = t("datasets.ba_same")
    st.caption(problem or t("datasets.ba_rows", count=len(validation)))
    if st.button(t("datasets.ba_go"), icon="⚖️", type="primary", disabled=problem is not None):
        with guarded():
            request = rows_request(
                t("datasets.ba_name", base=base, tuned=tuned),
                [str(base), str(tuned)],
                [item.messages for item in validation],
                [item.target for item in validation],
            )
            send_to_compare(request)
