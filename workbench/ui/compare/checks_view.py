"""Check verdicts on screen: a cell's badge and reasons, and the pass-rate matrix with its
heatmap."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from workbench.checks import CheckResult, Status, result_from_dict, summarize
from workbench.compare import Attempt
from workbench.suites import check_standings, pass_rate_figure, pass_rate_frame
from workbench.ui.compare.text import escape_markdown
from workbench.ui.context import t
from workbench.ui.resources import history_store

STATUS_MARKS = {Status.PASS: "✅", Status.FAIL: "❌", Status.ERROR: "⚠️"}


def _results(attempt: Attempt) -> list[CheckResult]:
    return [result_from_dict(data) for data in attempt.checks]


def check_badge(attempt: Attempt) -> str:
    """`✅ 3/3 · 1.00` when every check passed, `❌ 1/3 · 0.42` otherwise ("" when unchecked);
    errors are counted apart."""
    summary = summarize(_results(attempt))
    if summary.passed is None:
        return ""
    mark = STATUS_MARKS[Status.PASS if summary.passed else Status.FAIL]
    total = summary.passes + summary.fails + summary.errors
    line = t("compare_checks.badge", mark=mark, passed=summary.passes, total=total)
    line += f" · {summary.score:.2f}"
    if summary.errors:
        line += f" · {STATUS_MARKS[Status.ERROR]} {t('compare_checks.errors', n=summary.errors)}"
    return line


def result_line(result: CheckResult) -> str:
    """One verdict as people read it: mark, check type and reason."""
    kind = t(f"kind.{result.kind}")
    reason = t(result.reason.code, **result.reason.params)
    return f"{STATUS_MARKS.get(result.status, '')} **{kind}**: {escape_markdown(reason)}"


def checks_block(done: Sequence[Attempt]) -> None:
    """A finished cell's check badge (per repeat when it ran several times) and the reasons."""
    checked = [a for a in done if a.checks]
    if not checked:
        return
    badges = [check_badge(a) for a in checked]
    if len(checked) > 1:
        passed = sum(summarize(_results(a)).passed is True for a in checked)
        st.markdown(t("compare_checks.repeats_passed", passed=passed, total=len(checked)))
    st.markdown(badges[0] if len(checked) == 1 else "  \n".join(badges))
    with st.expander(t("compare_checks.reasons"), icon="🧪"):
        st.markdown("  \n".join(result_line(r) for r in _results(checked[0])))


def pass_rate_panel(frame: pd.DataFrame, key: str) -> None:
    """The pass rate per model × prompt × parameter set: a heatmap, the numbers beside it."""
    table = pass_rate_frame(frame)
    if table.empty:
        return
    st.markdown(f"**🧪 {t('compare_checks.matrix')}**")
    figure = pass_rate_figure(table, "")
    rows = len(figure.data[0].y)
    figure.update_layout(height=140 + 60 * rows, margin={"t": 20, "b": 40})
    chart, numbers = st.columns(2)
    chart.plotly_chart(figure, key=f"{key}.pass_rate")
    if table["params"].nunique() == 1:
        table = table.drop(columns="params")
    passed = [f"{p}/{c}" for p, c in zip(table["passed"], table["checked"], strict=True)]
    table = table.drop(columns="checked").assign(passed=passed, pass_rate=table["pass_rate"] * 100)
    shown = table.rename(
        columns={column: t(f"compare_checks.col.{column}") for column in table.columns}
    )
    numbers.dataframe(
        shown,
        hide_index=True,
        column_config={
            t("compare_checks.col.pass_rate"): st.column_config.ProgressColumn(
                format="%.0f%%", min_value=0, max_value=100
            ),
            t("compare_checks.col.mean_score"): st.column_config.NumberColumn(format="%.2f"),
        },
    )


def pass_rate_standings(run_ids: Sequence[str] | None) -> None:
    """Models and template versions ranked by the pass rate of their checked answers."""
    left, right = st.columns(2)
    for column, axis in ((left, "model"), (right, "template")):
        standings = check_standings(history_store(), axis, run_ids)
        if not standings:
            continue
        column.markdown(f"**🧪 {t(f'compare_checks.standings_{axis}')}**")
        rows = [
            {
                t("compare.col.rank"): rank,
                t(f"compare.col.player_{axis}"): s.player,
                t("compare_checks.col.pass_rate"): s.rate * 100,
                t("compare_checks.col.passed"): f"{s.passed}/{s.checked}",
            }
            for rank, s in enumerate(standings, start=1)
        ]
        column.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            column_config={
                t("compare_checks.col.pass_rate"): st.column_config.ProgressColumn(
                    format="%.0f%%", min_value=0, max_value=100
                )
            },
        )
