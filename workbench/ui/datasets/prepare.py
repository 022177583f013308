"""Deduplicate the selected prompts, then split them into training and validation parts."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from workbench.datasets import MAX_VALIDATION_SHARE, Dropped, Example, deduplicate, split
from workbench.ui.context import t
from workbench.ui.datasets.table import short
from workbench.ui.kept import keep


def deduplicated(items: Sequence[Example]) -> tuple[list[Example], list[Dropped]]:
    """A toggle and a near-duplicate threshold; the examples kept and those dropped, and why."""
    toggle, threshold = st.columns(2, vertical_alignment="bottom")
    on = toggle.toggle(
        t("datasets.dedupe"), key=keep("datasets.dedupe", True), help=t("datasets.dedupe_help")
    )
    near = threshold.slider(
        t("datasets.near"),
        0.5,
        1.0,
        key=keep("datasets.near", 0.9),
        step=0.05,
        disabled=not on,
        help=t("datasets.near_help"),
    )
    if not on:
        return list(items), []
    kept, dropped = deduplicate(items, near)
    if dropped:
        _dropped_table(items, dropped)
    else:
        st.caption(t("datasets.no_dropped"))
    return kept, dropped


def _dropped_table(items: Sequence[Example], dropped: Sequence[Dropped]) -> None:
    prompts = {item.key: item.prompt_text for item in items}
    reasons = {"exact": t("datasets.reason_exact"), "near": t("datasets.reason_near")}
    rows = [
        {
            t("datasets.col.prompt"): short(drop.example.prompt_text),
            t("datasets.col.model"): drop.example.model,
            t("datasets.col.reason"): reasons.get(drop.reason, drop.reason),
            t("datasets.col.similarity"): round(drop.similarity, 2),
            t("datasets.col.duplicate_of"): short(prompts.get(drop.duplicate_of, "")),
        }
        for drop in dropped
    ]
    with st.expander(t("datasets.dropped", count=len(dropped)), icon="🧹"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def split_parts(items: Sequence[Example], dropped: int) -> tuple[list[Example], list[Example]]:
    """The validation share and seed; the training and validation parts, counted."""
    share_col, seed_col = st.columns(2)
    share = share_col.slider(
        t("datasets.validation_share"),
        0.0,
        MAX_VALIDATION_SHARE,
        key=keep("datasets.share", 0.1),
        step=0.05,
        help=t("datasets.validation_help"),
    )
    seed = seed_col.number_input(
        t("datasets.seed"),
        0,
        2**31 - 1,
        key=keep("datasets.seed", 42),
        help=t("datasets.seed_help"),
    )
    train, validation = split(items, share, int(seed))
    counts = st.columns(3)
    counts[0].metric(t("datasets.train_count"), len(train))
    counts[1].metric(t("datasets.validation_count"), len(validation))
    counts[2].metric(t("datasets.dropped_count"), dropped)
    return train, validation
