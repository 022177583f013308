"""The sections of the History page: the run list, one run reopened, re-runs with what changed,
exports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import streamlit as st

from workbench.history import (
    CellChange,
    History,
    RunSummary,
    StoredRun,
    all_runs_to_csv,
    all_runs_to_json,
    compare_runs,
    run_to_csv,
    run_to_json,
)
from workbench.i18n import error_text, format_datetime, format_number
from workbench.ui.compare import (
    diff_markdown,
    escape_markdown,
    finished_run,
    forget,
    is_running,
    labels,
    shape_details,
    start_live_rerun,
    stream,
)
from workbench.ui.context import language, t
from workbench.ui.daemon import current_status
from workbench.ui.download import QUIET_DOWNLOAD
from workbench.ui.feedback import guarded
from workbench.ui.kept import keep

RUN_KEY = "history.run"
LIVE_KEY = "history.live"
CSV, JSON = "text/csv", "application/json"
DELTAS = {  # metric: (in seconds, decimals)
    "total_time": (True, 2),
    "time_to_first_token": (True, 2),
    "tokens_per_second": (False, 1),
    "output_tokens": (False, 0),
}


def daemon_notice(offline_key: str = "history.offline") -> bool:
    """Whether the daemon answers; if not, say so, then what still works here (the catalog text
    `offline_key`), and offer a retry."""
    status = current_status()
    if status.reachable:
        return True
    assert status.error is not None
    st.error(error_text(status.error, language()), icon="🔌")
    st.caption(t(offline_key))
    if st.button(t("daemon.retry"), icon="🔄"):
        st.rerun()
    return False


def _when(text: str) -> str:
    return format_datetime(datetime.fromisoformat(text), language())


def runs_table(runs: Sequence[RunSummary]) -> None:
    """Every run, newest first, with its models and counts."""
    rows = [
        {
            t("history.col.created"): _when(run.created_at),
            t("history.col.name"): run.name or "—",
            t("history.col.status"): t(f"compare.run_status.{run.status}"),
            t("history.col.models"): ", ".join(run.models),
            t("history.col.cells"): run.cells,
            t("history.col.attempts"): run.answered,
            t("history.col.errors"): run.errors,
            t("history.col.ratings"): run.ratings,
        }
        for run in runs
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def run_picker(runs: Sequence[RunSummary]) -> str | None:
    """Choose the run to open (a re-run that just finished is opened for you)."""
    finished = finished_run(LIVE_KEY)
    if finished is not None:
        forget(LIVE_KEY)
        st.session_state[RUN_KEY] = finished
    names = {run.id: _run_label(run) for run in runs}
    return st.selectbox(t("history.open"), list(names), format_func=names.get, key=keep(RUN_KEY))


def _run_label(run: RunSummary) -> str:
    name = run.name or run.id[:8]
    return t("history.run_label", created=_when(run.created_at), name=name, cells=run.cells)


def export_buttons(run: StoredRun) -> None:
    """Download this run as CSV (opens in spreadsheets, Korean included) or JSON; each file is
    built when its button is pressed, not on every rerun."""
    stem = f"compare-{run.created_at[:10]}-{run.id[:8]}"
    csv_col, json_col, _ = st.columns([1, 1, 3])
    csv_col.download_button(
        t("history.export_csv"),
        lambda: run_to_csv(run),
        f"{stem}.csv",
        CSV,
        key="history.csv",
        **QUIET_DOWNLOAD,
    )
    json_col.download_button(
        t("history.export_json"), lambda: run_to_json(run), f"{stem}.json", JSON, **QUIET_DOWNLOAD
    )


def export_all(history: History) -> None:
    """Download every run in one file; built only when the button is pressed (no rerun, which
    would drop the file before the browser fetches it)."""
    csv_col, json_col, _ = st.columns([1, 1, 3])
    csv_col.download_button(
        t("history.export_all_csv"),
        lambda: all_runs_to_csv(history),
        "compare-history.csv",
        CSV,
        **QUIET_DOWNLOAD,
    )
    json_col.download_button(
        t("history.export_all_json"),
        lambda: all_runs_to_json(history),
        "compare-history.json",
        JSON,
        **QUIET_DOWNLOAD,
    )


def rerun_section(run: StoredRun, reachable: bool) -> None:
    """Run the same cells again with the same settings; the new run opens when it ends."""
    if not is_running(LIVE_KEY):
        st.caption(t("history.rerun_help"))
        clicked = st.button(
            t("history.rerun"),
            icon="🔁",
            disabled=not reachable,
            help=None if reachable else t("history.rerun_needs_daemon"),
        )
        if not clicked:
            return
        with guarded():
            label = t("history.rerun_name", name=run.name or run.id[:8])
            start_live_rerun(LIVE_KEY, run.id, label)
    if is_running(LIVE_KEY):
        stream(LIVE_KEY)


def changes_panel(history: History, run: StoredRun) -> None:
    """For a re-run: per cell, whether the answer changed and how the numbers moved."""
    if run.parent_run_id is None:
        return
    with guarded():
        original = history.load_run(run.parent_run_id)
        st.subheader(f"🔀 {t('history.changes', name=original.name or original.id[:8])}")
        changes = compare_runs(original, run)
        names = labels(run.cells)
        changed = [c for c in changes if c.output_changed]
        st.caption(t("history.changes_count", changed=len(changed), cells=len(changes)))
        st.dataframe([_change_row(c, names) for c in changes], hide_index=True, width="stretch")
        for change in changed:
            with st.expander(f"✏️ {names.get(change.cell_id, change.cell_id)}"):
                st.caption(t("compare.diff_legend"))
                st.markdown(diff_markdown(change.text_before, change.text_after))


def _change_row(change: CellChange, names: dict[str, str]) -> dict[str, object]:
    row: dict[str, object] = {
        t("history.col.cell"): names.get(change.cell_id, change.cell_id),
        t("history.col.before"): t(f"compare.status.{change.status_before}"),
        t("history.col.after"): t(f"compare.status.{change.status_after}"),
        t("history.col.changed"): "✏️" if change.output_changed else "=",
    }
    for metric, (in_seconds, decimals) in DELTAS.items():
        row[t("history.delta", metric=t(f"compare.col.{metric}"))] = _delta(
            change.deltas.get(metric), in_seconds, decimals
        )
    return row


def _delta(delta: float | None, in_seconds: bool, decimals: int) -> str:
    if delta is None:
        return "—"
    rounded = round(delta, decimals) + 0.0
    sign = "+" if rounded > 0 else ""
    unit = t("format.s") if in_seconds else ""
    return f"{sign}{format_number(rounded, language(), decimals)}{unit}"


def spec_panel(run: StoredRun) -> None:
    """What was run: models, every prompt as sent (with its output schema and tools), inputs,
    parameter sets, seed and repeats."""
    grid, run_settings = run.spec.grid, run.spec.settings
    with st.expander(t("history.spec"), icon="📋"):
        seed = run_settings.seed if run_settings.lock_seed else t("history.seed_free")
        st.markdown(
            t(
                "history.spec_line",
                models=", ".join(grid.models),
                repeats=grid.repeats,
                cap=grid.cap,
                seed=seed,
            )
        )
        for variant in grid.variants:
            label = variant.name or "—"
            if variant.template_id:
                label += f" · {variant.template_id}@{variant.template_version}"
            st.markdown(f"**{escape_markdown(label)}**")
            for message in variant.messages:
                st.caption(message.get("role", ""))
                st.text(str(message.get("content", "")))
            shape_details(variant)
        if grid.param_sets:
            st.markdown(f"**{t('history.param_sets')}**")
            st.dataframe(
                [
                    {"": p.name, **{k: str(v) for k, v in p.options.items()}}
                    for p in grid.param_sets
                ],
                hide_index=True,
            )
        if grid.rows:
            st.markdown(f"**{t('history.inputs')}**")
            st.dataframe([dict(row) for row in grid.rows], hide_index=True)


def environment(run: StoredRun) -> None:
    """The daemon and model digests the run used, and the scheduling policy."""
    with st.expander(t("history.environment"), icon="🧾"):
        st.json({**run.environment, "policy": run.policy.to_dict() if run.policy else None})
    if run.parent_run_id:
        st.caption(t("history.rerun_of", id=escape_markdown(run.parent_run_id[:8])))
