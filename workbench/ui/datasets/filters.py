"""The Datasets page's filters: models, prompts, votes, lowest score, dates, gold only."""

from __future__ import annotations

from datetime import date

import streamlit as st

from workbench.datasets import VOTES, ExampleFilter
from workbench.ui.context import t
from workbench.ui.kept import keep


def _vote_labels() -> dict[str, str]:
    return {
        "up": t("datasets.vote_up"),
        "down": t("datasets.vote_down"),
        "none": t("datasets.vote_none"),
    }


def _chosen(key: str, options: list[str]) -> str:
    """`key`, its chosen values that are no longer among `options` dropped."""
    st.session_state[key] = [name for name in st.session_state.get(key, []) if name in options]
    return key


def example_filter(choices: dict[str, list[str]]) -> ExampleFilter:
    """The filters, side by side; what they select."""
    models, templates, votes = st.columns(3)
    chosen_models = models.multiselect(
        t("datasets.models"),
        choices["models"],
        key=keep(_chosen("datasets.models", choices["models"])),
        placeholder=t("datasets.any"),
    )
    chosen_templates = templates.multiselect(
        t("datasets.templates"),
        choices["templates"],
        key=keep(_chosen("datasets.templates", choices["templates"])),
        placeholder=t("datasets.any"),
    )
    labels = _vote_labels()
    chosen_votes = votes.multiselect(
        t("datasets.votes"),
        list(VOTES),
        format_func=labels.__getitem__,
        key=keep(_chosen("datasets.votes", list(VOTES))),
        placeholder=t("datasets.any"),
    )
    score, since, until, gold = st.columns(4, vertical_alignment="bottom")
    lowest = score.number_input(
        t("datasets.min_score"),
        1.0,
        5.0,
        None,
        step=1.0,
        key=keep("datasets.min_score"),
        placeholder=t("datasets.any"),
    )
    first = since.date_input(t("datasets.since"), None, key=keep("datasets.since"))
    last = until.date_input(t("datasets.until"), None, key=keep("datasets.until"))
    gold_only = gold.checkbox(t("datasets.gold_only"), key=keep("datasets.gold_only", False))
    return ExampleFilter(
        models=tuple(chosen_models),
        templates=tuple(chosen_templates),
        votes=tuple(chosen_votes),
        min_score=lowest,
        since=_iso(first),
        until=_iso(last),
        with_gold_only=gold_only,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if isinstance(day, date) else None
