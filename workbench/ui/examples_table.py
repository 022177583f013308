"""The editable table of input/output example pairs shared by few-shot widgets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from workbench.playground import rows_to_examples
from workbench.ui.context import t

BLANK_ROW = {"input": "", "output": ""}


def examples_editor(start: Sequence[dict[str, Any]], key: str) -> list[dict[str, str]]:
    """Edit example pairs (one row each, rows can be added); returns the filled-in pairs."""
    rows = st.data_editor(
        list(start) or [dict(BLANK_ROW)],
        num_rows="dynamic",
        key=key,
        width="stretch",
        column_config={
            "input": st.column_config.TextColumn(t("templates.example_input")),
            "output": st.column_config.TextColumn(t("templates.example_output")),
        },
    )
    return rows_to_examples(rows)
