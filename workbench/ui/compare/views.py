"""A finished run, on Compare and History alike: side by side with votes, a table, a word diff,
charts, blind A/B votes and the leaderboards."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.compare import (
    DONE,
    METRICS,
    BlindPair,
    Cell,
    PlayerAxis,
    attempts_frame,
    blind_pair,
    calls_text,
    latency_figure,
    output_length_figure,
    seeded_grid,
    summary_frame,
    tokens_per_second_figure,
    validity_frame,
)
from workbench.history import StoredRun
from workbench.i18n import format_datetime, format_number
from workbench.ui.compare.cells import (
    attempts_by_cell,
    cell_grid,
    finished_cell,
    first_text,
    labels,
    latest_ratings,
    vote_box,
    vote_notice,
)
from workbench.ui.compare.checks_view import pass_rate_panel, pass_rate_standings
from workbench.ui.compare.promptfoo_panel import promptfoo_export
from workbench.ui.compare.recheck import recheck_panel
from workbench.ui.compare.shapes import validity_table
from workbench.ui.compare.text import diff_markdown, escape_markdown, policy_text, spread
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded
from workbench.ui.kept import kept_tabs
from workbench.ui.resources import history_store

LATENCY_METRICS = ("total_time", "time_to_first_token", "queue_wait", "load_time")
SUMMARY_METRICS = {metric: ("s" if metric in LATENCY_METRICS else "") for metric in METRICS}
Choice = Literal["first", "second", "tie"]


def results_panel(run: StoredRun, key: str) -> None:
    """Every view of a run; `key` keeps widgets apart when two pages show runs."""
    vote_notice()
    frame = attempts_frame(run.cells, run.attempts)
    summary = summary_frame(frame).set_index("cell_id")
    validity_table(validity_frame(frame))
    pass_rate_panel(frame, f"{key}.{run.id}")
    recheck_panel(run, key)
    promptfoo_export(seeded_grid(run.spec.grid, run.spec.settings), f"{key}.{run.id}")
    names = ["side", "table", "diff", "charts", "blind", "leaderboard"]
    side, table, diff, charts, blind, board = kept_tabs(
        f"{key}.view", [t(f"compare.view.{n}") for n in names]
    )
    with side:
        side_by_side(run, summary, key)
    with table:
        metrics_table(frame, summary, run.cells)
    with diff:
        diff_view(run, key)
    with charts:
        charts_view(frame, f"{key}.{run.id}")
    with blind:
        blind_view(run, key)
    with board:
        leaderboards([run.id])


def run_caption(run: StoredRun) -> str:
    """When the run started, its status, the daemon it ran against and its scheduling (each
    host's on a fleet)."""
    created = format_datetime(datetime.fromisoformat(run.created_at), language())
    hosts = {label: policy.name for label, policy in run.host_policies.items()}
    policy = policy_text(run.policy.name if run.policy else "—", hosts)
    return t(
        "compare.run_caption",
        created=created,
        status=t(f"compare.run_status.{run.status}"),
        version=run.environment.get("ollama_version") or "?",
        policy=policy,
    )


def side_by_side(run: StoredRun, summary: pd.DataFrame, key: str) -> None:
    """Every cell in the grid layout, with its answer, metrics and a vote box."""
    grouped = attempts_by_cell(run.attempts)
    ratings = latest_ratings(run.ratings)

    def vote(cell: Cell) -> None:
        vote_box(run.id, cell, ratings.get(cell.id), key)

    cell_grid(run.cells, lambda cell: finished_cell(cell, grouped.get(cell.id, []), summary, vote))


def metrics_table(frame: pd.DataFrame, summary: pd.DataFrame, cells: Sequence[Cell]) -> None:
    """One row per cell (mean ± spread over repeats; with schemas or tools, the valid answers
    and the tool calls), then every attempt in an expander."""
    if summary.empty:
        st.caption(t("compare.no_answers"))
    else:
        rows = _summary_rows(summary)
        after_n = rows.columns.get_loc(t("compare.col.n")) + 1
        if any(cell.tools for cell in cells):
            calls = _first_calls(frame)
            shown = [calls.get(i, "") for i in summary.index]
            rows.insert(after_n, t("compare.col.tool_calls"), shown)
        if any(cell.output_schema is not None for cell in cells):
            valid = [
                t("compare.valid_of", valid=v, checked=c) if c else "—"
                for v, c in zip(summary["valid"], summary["checked"], strict=True)
            ]
            rows.insert(after_n, t("compare.col.valid_answers"), valid)
        st.dataframe(rows, hide_index=True, width="stretch")
    with st.expander(t("compare.all_attempts"), icon="🧾"):
        shown = frame.assign(status=frame["status"].map(lambda s: t(f"compare.status.{s}")))
        st.dataframe(shown.rename(columns=_column_names(frame.columns)), hide_index=True)


def _summary_rows(summary: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, row in summary.reset_index().iterrows():
        line = {t(f"compare.col.{c}"): row[c] for c in ("model", "variant", "template", "params")}
        line[t("compare.col.row_index")] = int(row["row_index"]) + 1
        line[t("compare.col.n")] = int(row["n"])
        for metric, unit in SUMMARY_METRICS.items():
            decimals = 0 if metric.endswith("_tokens") else 1
            stats = (row[f"{metric}_mean"], row[f"{metric}_std"])
            line[t(f"compare.col.{metric}")] = spread(*stats, unit, decimals)
        rows.append(line)
    return pd.DataFrame(rows)


def _first_calls(frame: pd.DataFrame) -> dict[str, str]:
    """Each cell's tool calls in its first finished answer, as people read them."""
    done = frame[frame["status"] == DONE].drop_duplicates("cell_id")
    return {
        row.cell_id: calls_text(json.loads(row.tool_calls)) if row.tool_calls else "—"
        for row in done.itertuples()
    }


def _column_names(columns: Iterable[str]) -> dict[str, str]:
    return {column: t(f"compare.col.{column}") for column in columns}


def diff_view(run: StoredRun, key: str) -> None:
    """A word-level diff between the answers of any two cells."""
    grouped = attempts_by_cell(run.attempts)
    names = labels(run.cells)
    answered = [c.id for c in run.cells if first_text(grouped.get(c.id, []))]
    if len(answered) < 2:
        st.caption(t("compare.diff_needs_two"))
        return
    left, right = st.columns(2)
    a = left.selectbox(t("compare.diff_a"), answered, 0, names.get, key=f"{key}.diff_a.{run.id}")
    b = right.selectbox(t("compare.diff_b"), answered, 1, names.get, key=f"{key}.diff_b.{run.id}")
    st.caption(t("compare.diff_legend"))
    with st.container(border=True):
        st.markdown(diff_markdown(first_text(grouped[a]), first_text(grouped[b])))


def charts_view(frame: pd.DataFrame, key: str) -> None:
    """Speed, latency and output length per model (mean and spread over every answer)."""
    if not (frame["status"] == DONE).any():
        st.caption(t("compare.no_answers"))
        return
    speed = tokens_per_second_figure(frame)
    st.plotly_chart(_titled(speed, "chart_speed", "tokens_per_second"), key=f"{key}.speed")
    names = {m: t(f"compare.col.{m}") for m in LATENCY_METRICS}
    metric = st.radio(
        t("compare.latency_metric"),
        list(names),
        format_func=names.__getitem__,
        horizontal=True,
        key=f"{key}.latency",
    )
    latency = _titled(latency_figure(frame, metric), "chart_latency", metric)
    st.plotly_chart(latency, key=f"{key}.latency_chart")
    length = output_length_figure(frame)
    st.plotly_chart(_titled(length, "chart_length", "output_tokens"), key=f"{key}.length")


def _titled(figure: go.Figure, title: str, y_column: str) -> go.Figure:
    return figure.update_layout(
        title=t(f"compare.{title}"),
        xaxis_title=t("compare.col.model"),
        yaxis_title=t(f"compare.col.{y_column}"),
    )


def blind_view(run: StoredRun, key: str) -> None:
    """Two answers to the same input with names hidden; the vote reveals them."""
    state_key = f"{key}.blind.{run.id}"
    grouped = attempts_by_cell(run.attempts)
    answered = [c for c in run.cells if first_text(grouped.get(c.id, []))]
    st.caption(t("compare.blind_intro"))
    if st.button(t("compare.blind_new"), icon="🎲", key=f"{state_key}.new"):
        with guarded():
            st.session_state[state_key] = (_pick_pair(answered), None)
    pair, choice = st.session_state.get(state_key, (None, None))
    if pair is None:
        return
    names = labels(run.cells)
    cells = (pair.first, pair.second)
    for column, cell_id, number in zip(st.columns(2), cells, (1, 2), strict=True):
        with column.container(border=True):
            st.markdown(f"**{t('compare.blind_answer', n=number)}**")
            st.markdown(escape_markdown(first_text(grouped[cell_id])))
            if choice is not None:
                st.caption(t("compare.blind_was", name=escape_markdown(names[cell_id])))
    if choice is None:
        _blind_buttons(run.id, pair, state_key)
    else:
        st.success(t(f"compare.blind_saved_{choice}"), icon="✅")


def _pick_pair(cells: Sequence[Cell]) -> BlindPair:
    rng = random.Random()
    by_row: dict[int, list[str]] = {}
    for cell in cells:
        by_row.setdefault(cell.row_index, []).append(cell.id)
    rows = [ids for ids in by_row.values() if len(ids) > 1]
    return blind_pair(rng.choice(rows) if rows else [c.id for c in cells], rng)


def _blind_buttons(run_id: str, pair: BlindPair, state_key: str) -> None:
    choices: tuple[Choice, ...] = ("first", "tie", "second")
    for column, choice in zip(st.columns(3), choices, strict=True):
        if column.button(
            t(f"compare.blind_{choice}"), key=f"{state_key}.{choice}", width="stretch"
        ):
            with guarded():
                history_store().votes.add_pair_result(run_id, pair.decide(choice))
                st.session_state[state_key] = (pair, choice)
                st.rerun()


def leaderboards(run_ids: Sequence[str] | None) -> None:
    """Elo standings per model and per template version (over `run_ids`, or every run), then
    the same players ranked by the pass rate of their checked answers."""
    _elo_boards(run_ids)
    pass_rate_standings(run_ids)


def _elo_boards(run_ids: Sequence[str] | None) -> None:
    left, right = st.columns(2)
    axes: tuple[tuple[DeltaGenerator, PlayerAxis], ...] = ((left, "model"), (right, "template"))
    for column, axis in axes:
        with column:
            st.markdown(f"**{t(f'compare.leaderboard_{axis}')}**")
            standings = history_store().votes.leaderboard(axis, run_ids)
            if not standings:
                st.caption(t("compare.leaderboard_empty"))
                continue
            rows = [
                {
                    t("compare.col.rank"): rank,
                    t(f"compare.col.player_{axis}"): s.player,
                    t("compare.col.elo"): format_number(s.rating, language()),
                    t("compare.col.record"): f"{s.wins}-{s.losses}-{s.ties}",
                }
                for rank, s in enumerate(standings, start=1)
            ]
            st.dataframe(rows, hide_index=True, width="stretch")
