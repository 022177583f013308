"""The selected examples as a paged table: prompt, answer, gold, votes, sizes."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from workbench.datasets import Example, example_stats
from workbench.ui.context import t
from workbench.ui.picker import page_of

PREVIEW = 120
THUMBS = {None: "—", 1: "👍", 0: "👎"}


def short(text: str, limit: int = PREVIEW) -> str:
    """`text` on one line, cut to `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def example_label(item: Example) -> str:
    """`run · model · prompt` for a picker."""
    return f"{item.run_name} · {item.model} · {short(item.prompt_text, 60)}"


def examples_table(items: Sequence[Example]) -> None:
    """One line per example, 50 to a page."""
    rows = []
    for item in page_of(items, "datasets.page"):
        stats = example_stats(item)
        rows.append(
            {
                t("datasets.col.run"): item.run_name,
                t("datasets.col.model"): item.model,
                t("datasets.col.template"): item.template,
                t("datasets.col.prompt"): short(item.prompt_text),
                t("datasets.col.answer"): short(item.answer),
                t("datasets.col.gold"): short(item.gold) if item.gold is not None else "",
                t("datasets.col.vote"): THUMBS.get(item.thumbs, "—"),
                t("datasets.col.score"): item.score,
                t("datasets.col.prompt_chars"): stats["prompt_chars"],
                t("datasets.col.answer_chars"): stats["answer_chars"],
                t("datasets.col.tokens"): stats["total_tokens"],
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
