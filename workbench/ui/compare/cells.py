"""The grid of cells, drawn the same way while streaming and afterwards, and a finished cell."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import pandas as pd
import streamlit as st

from workbench.compare import DONE, ERROR, Attempt, Cell, Rating, RatingKind
from workbench.errors import WorkbenchError
from workbench.ui.compare.checks_view import checks_block
from workbench.ui.compare.shapes import answer_view
from workbench.ui.compare.text import (
    STATUS_ICONS,
    attempt_error,
    cell_label,
    escape_markdown,
    seconds,
    spread,
)
from workbench.ui.context import t
from workbench.ui.feedback import show_error
from workbench.ui.resources import history_store

MAX_COLUMNS = 4
VALUE_PREVIEW = 80
VOTE_ERROR_KEY = "compare.vote_error"
VOTE_WIDGETS: tuple[tuple[RatingKind, Literal["thumbs", "stars"], int], ...] = (
    ("thumbs", "thumbs", 0),
    ("score", "stars", 1),
)


def _groups(cells: Sequence[Cell]) -> list[list[Cell]]:
    groups: dict[tuple[int, str], list[Cell]] = {}
    for cell in cells:
        groups.setdefault((cell.row_index, cell.params_name), []).append(cell)
    return list(groups.values())


def _group_title(cell: Cell) -> str:
    values = [
        f"{escape_markdown(str(name))} = “{escape_markdown(_short(str(value)))}”"
        for name, value in cell.row.items()
    ]
    row = t("compare.row_n", n=cell.row_index + 1)
    return " · ".join([f"**{row}**", *values, f"**{escape_markdown(cell.params_label)}**"])


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= VALUE_PREVIEW else flat[: VALUE_PREVIEW - 1] + "…"


def cell_grid(cells: Sequence[Cell], draw: Callable[[Cell], None]) -> None:
    """One band per (variable row, parameter set), its cells side by side in bordered boxes."""
    for group in _groups(cells):
        st.markdown(_group_title(group[0]))
        for start in range(0, len(group), MAX_COLUMNS):
            chunk = group[start : start + MAX_COLUMNS]
            for column, cell in zip(st.columns(min(len(group), MAX_COLUMNS)), chunk, strict=False):
                with column.container(border=True):
                    st.markdown(
                        f"**{escape_markdown(cell.model)}** · {escape_markdown(cell.variant)}"
                    )
                    draw(cell)


def _cell_title(cell: Cell) -> str:
    return f"**{escape_markdown(cell.model)}** · {escape_markdown(cell.variant)}"


def first_text(attempts: Sequence[Attempt]) -> str:
    """The first finished answer of a cell (empty when none finished)."""
    return next((a.text for a in attempts if a.status == DONE), "")


def finished_cell(
    cell: Cell,
    attempts: Sequence[Attempt],
    summary: pd.DataFrame,
    vote: Callable[[Cell], None] | None,
) -> None:
    """A finished cell: status, answer (its check against the schema, its tool calls), metrics
    (mean ± spread), thinking, repeats and votes."""
    done = [a for a in attempts if a.status == DONE]
    failed = [a for a in attempts if a.status == ERROR]
    if not attempts:
        st.caption(f"{STATUS_ICONS['queued']} {t('compare.status.missing')}")
    elif done:
        icon = STATUS_ICONS["done"] if not failed else "⚠️"
        hosts = sorted({a.host for a in done if a.host})
        where = f"🖥️ {', '.join(hosts)} · " if hosts else ""
        st.caption(f"{icon} {where}{metric_lines(summary, cell.id)}")
        answer_view(cell, done)
        checks_block(done)
    elif failed:
        st.error(attempt_error(failed[-1]), icon="❌")
    else:
        st.caption(f"{STATUS_ICONS['cancelled']} {t('compare.status.cancelled')}")
        partial = attempts[-1].text
        if partial:
            st.markdown(escape_markdown(partial) + " …")
    for attempt in failed if done else []:
        st.caption(f"❌ {t('compare.repeat_n', n=attempt.repeat + 1)}: {attempt_error(attempt)}")
    _thinking(done)
    _repeats(done)
    if vote is not None and done:
        vote(cell)


def metric_lines(summary: pd.DataFrame, cell_id: str) -> str:
    """TTFT, total, load, queue wait, tokens in and out and tokens/s: mean ± spread."""
    if cell_id not in summary.index:
        return ""
    row = summary.loc[cell_id]

    def stat(metric: str, unit: str = "", decimals: int = 1) -> str:
        return spread(row[f"{metric}_mean"], row[f"{metric}_std"], unit, decimals)

    timing = t(
        "compare.metrics_time",
        n=int(row["n"]),
        ttft=stat("time_to_first_token", "s"),
        total=stat("total_time", "s"),
        load=stat("load_time", "s"),
        wait=stat("queue_wait", "s"),
    )
    tokens = t(
        "compare.metrics_tokens",
        prompt=stat("prompt_tokens", decimals=0),
        output=stat("output_tokens", decimals=0),
        speed=stat("tokens_per_second"),
    )
    return f"{timing}  \n{tokens}"


def _thinking(done: Sequence[Attempt]) -> None:
    thinking = done[0].thinking if done else ""
    if thinking:
        with st.expander(t("compare.thinking"), icon="💭"):
            st.markdown(escape_markdown(thinking))


def _repeats(done: Sequence[Attempt]) -> None:
    if len(done) < 2:
        return
    with st.expander(t("compare.all_repeats", n=len(done)), icon="🔁"):
        for attempt in done:
            st.caption(
                f"{t('compare.repeat_n', n=attempt.repeat + 1)} · {seconds(attempt.total_time)}"
            )
            st.markdown(escape_markdown(attempt.text))


def latest_ratings(ratings: Sequence[Rating]) -> dict[str, Rating]:
    """Each cell's latest rating."""
    return {rating.cell_id: rating for rating in ratings}


def rating_text(rating: Rating) -> str:
    """A rating as people read it: 👍/👎 or stars, then the note."""
    if rating.kind == "thumbs":
        shown = "👍" if rating.value else "👎"
    else:
        shown = "★" * rating.value + "☆" * (5 - rating.value)
    note = f" · “{escape_markdown(rating.note)}”" if rating.note else ""
    return t("compare.your_vote", vote=shown) + note


def vote_box(run_id: str, cell: Cell, current: Rating | None, key: str) -> None:
    """Thumbs or a 1-5 score plus a note, saved to the history as soon as it is given."""
    note_key = f"{key}.note.{run_id}.{cell.id}"
    with st.popover(t("compare.vote"), icon="🗳️"):
        st.text_input(t("compare.note"), key=note_key, help=t("compare.note_help"))
        votes: tuple[tuple[RatingKind, str, int], ...] = (
            ("thumbs", "thumbs", 0),
            ("score", "stars", 1),
        )
        for kind, shape, offset in votes:
            widget_key = f"{key}.{kind}.{run_id}.{cell.id}"
            default = current.value - offset if current and current.kind == kind else None
            st.caption(t(f"compare.vote_{kind}"))
            st.feedback(
                shape,
                key=widget_key,
                default=default,
                on_change=_save_rating,
                args=(run_id, cell.id, kind, widget_key, note_key),
            )
    if current is not None:
        st.caption(rating_text(current))


def _save_rating(
    run_id: str, cell_id: str, kind: RatingKind, widget_key: str, note_key: str
) -> None:
    value = st.session_state.get(widget_key)
    if value is None:
        return
    offset = 1 if kind == "score" else 0
    note = str(st.session_state.get(note_key) or "").strip()
    try:
        rating = Rating(cell_id, kind, int(value) + offset, note)
        history_store().votes.add_rating(run_id, rating)
    except WorkbenchError as exc:
        st.session_state[VOTE_ERROR_KEY] = exc


def vote_notice() -> None:
    """Show, once, an error raised while saving a vote."""
    error = st.session_state.pop(VOTE_ERROR_KEY, None)
    if error is not None:
        show_error(error)


def attempts_by_cell(attempts: Sequence[Attempt]) -> Mapping[str, list[Attempt]]:
    """A run's attempts grouped per cell, in repeat order."""
    grouped: dict[str, list[Attempt]] = {}
    for attempt in sorted(attempts, key=lambda a: (a.cell_id, a.repeat)):
        grouped.setdefault(attempt.cell_id, []).append(attempt)
    return grouped


def labels(cells: Sequence[Cell]) -> dict[str, str]:
    """Cell id -> readable label, with row numbers only when the grid has several rows."""
    many = len({cell.row_index for cell in cells}) > 1
    return {cell.id: cell_label(cell, many) for cell in cells}
