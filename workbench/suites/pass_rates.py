"""The pass rate per model × prompt × parameter set, as a table and a heatmap."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workbench.compare import DONE

PASS_RATE_COLUMNS = ["model", "variant", "params", "checked", "passed", "pass_rate", "mean_score"]


def pass_rate_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Per model, prompt and parameter set whose answers were checked (from attempts_frame):
    how many were checked, how many passed every check, the pass rate and the mean score."""
    checked = frame[(frame["status"] == DONE) & (frame["check_verdict"] != "")]
    if checked.empty:
        return pd.DataFrame(columns=PASS_RATE_COLUMNS)
    grouped = checked.assign(ok=checked["check_verdict"] == "pass").groupby(
        ["model", "variant", "params"], sort=False
    )
    table = grouped.agg(
        checked=("ok", "size"), passed=("ok", "sum"), mean_score=("check_score", "mean")
    ).reset_index()
    table["passed"] = table["passed"].astype(int)
    table["pass_rate"] = table["passed"] / table["checked"]
    return table[PASS_RATE_COLUMNS]


def pass_rate_figure(table: pd.DataFrame, title: str = "Pass rate") -> go.Figure:
    """A heatmap of pass rates: a column per model, a row per prompt (and parameter set when
    there are several), each square labelled with its rate and count."""
    several = table["params"].nunique() > 1
    rows = table["variant"] + (" · " + table["params"] if several else "")
    pivot = table.assign(row=rows).pivot_table(
        index="row", columns="model", values="pass_rate", sort=False
    )
    counts = table.assign(row=rows).pivot_table(
        index="row", columns="model", values=["passed", "checked"], sort=False
    )
    labels = [
        [
            _square_label(pivot.at[row, model], counts, row, model)
            for model in pivot.columns.tolist()
        ]
        for row in pivot.index.tolist()
    ]
    figure = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy().tolist(),
            x=[str(model) for model in pivot.columns],
            y=[str(row) for row in pivot.index],
            text=labels,
            texttemplate="%{text}",
            zmin=0,
            zmax=1,
            colorscale="RdYlGn",
            hovertemplate="%{y} · %{x}: %{z:.0%}<extra></extra>",
        )
    )
    figure.update_layout(title=title, yaxis={"autorange": "reversed"})
    return figure


def _square_label(rate: float, counts: pd.DataFrame, row: str, model: str) -> str:
    if pd.isna(rate):
        return ""
    passed, checked = counts.at[row, ("passed", model)], counts.at[row, ("checked", model)]
    return f"{rate:.0%} ({int(passed)}/{int(checked)})"
