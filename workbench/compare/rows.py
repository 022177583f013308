"""Rows of variable values for a comparison, parsed from pasted CSV (or spreadsheet TSV) text."""

from __future__ import annotations

import csv
import io

import pandas as pd

from workbench.errors import WorkbenchError

MAX_ROWS = 1000


class RowsError(WorkbenchError):
    """Pasted variable rows that cannot be read."""

    code = "error.compare_csv"


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return "\t" if "\t" in header else ","


def rows_from_csv(text: str) -> list[dict[str, str]]:
    """Parse CSV/TSV text whose first line names the variables; every value stays a string."""
    cleaned = text.lstrip("\ufeff").strip("\r\n")
    if not cleaned.strip():
        raise RowsError(
            code="error.compare_csv_empty",
        )
    try:
        table = pd.read_csv(
            io.StringIO(cleaned),
            sep=_delimiter(cleaned),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise RowsError(
            detail=str(exc).strip(),
        ) from exc
    headers = [str(h).strip() for h in table.iloc[0].tolist()]
    _check_headers(headers)
    body = table.iloc[1:]
    if body.empty:
        raise RowsError(
            code="error.compare_csv_no_rows",
        )
    if len(body) > MAX_ROWS:
        raise RowsError(
            code="error.compare_csv_rows",
            rows=len(body),
            limit=MAX_ROWS,
        )
    return [dict(zip(headers, values, strict=True)) for values in body.values.tolist()]


def _check_headers(headers: list[str]) -> None:
    missing = [i + 1 for i, name in enumerate(headers) if not name]
    if missing:
        raise RowsError(
            code="error.compare_csv_header",
            column=missing[0],
        )
    seen: set[str] = set()
    for name in headers:
        if name in seen:
            raise RowsError(
                code="error.compare_csv_duplicate",
                name=name,
            )
        seen.add(name)
