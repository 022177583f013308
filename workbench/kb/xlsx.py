"""Read an Excel workbook with openpyxl: each sheet's rows as "header: value" lines."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from workbench.kb import errors
from workbench.kb.archive import checked_zip
from workbench.kb.documents import LoadedDocument, Section, SourceFile, sha256_hex
from workbench.kb.encoding import normalise_text


def load_xlsx(source: SourceFile, data: bytes) -> LoadedDocument:
    """Every non-empty row of every sheet, located by sheet and row (formulas by cached value)."""
    checked_zip(source.name, data).close()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = workbook.worksheets
            sections = [
                section
                for sheet in sheets
                for section in sheet_sections(sheet.title, sheet.iter_rows(values_only=True))
            ]
        finally:
            workbook.close()
    except Exception as exc:
        raise errors.package_corrupt(source.name, str(exc) or type(exc).__name__) from exc
    if not sections:
        raise errors.empty_file(source.name)
    return LoadedDocument(
        name=source.name,
        kind="xlsx",
        sha256=sha256_hex(data),
        sections=tuple(sections),
        pages=len(sheets),
    )


def sheet_sections(sheet: str, rows: Iterable[tuple[Any, ...]]) -> Iterator[Section]:
    """One section per row under the sheet's header (its first non-empty row), numbered as in
    Excel; a sheet with only a header row gives that row."""
    headers: list[str] | None = None
    header_row = 0
    for number, values in enumerate(rows, start=1):
        cells = [cell_text(value) for value in values]
        if not any(cells):
            continue
        if headers is None:
            headers = [cell or get_column_letter(i) for i, cell in enumerate(cells, start=1)]
            header_row = number
            continue
        lines = [
            f"{headers[i] if i < len(headers) else get_column_letter(i + 1)}: {cell}"
            for i, cell in enumerate(cells)
            if cell
        ]
        yield Section("\n".join(lines), row=number, sheet=sheet)
        header_row = 0
    if headers is not None and header_row:
        yield Section(" | ".join(h for h in headers if h), row=header_row, sheet=sheet)


def cell_text(value: Any) -> str:
    """A cell's value as text: whole floats without ".0", dates without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return normalise_text(str(value)).strip()
