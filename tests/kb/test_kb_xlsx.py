"""XLSX: each sheet's rows as "header: value" lines, located by sheet and row; bad workbooks."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from workbench.kb.chunking import ChunkSettings, chunk_document
from workbench.kb.documents import SourceFile
from workbench.kb.errors import FileRejected
from workbench.kb.loaders import load_document
from workbench.kb.xlsx import cell_text

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _budget() -> bytes:
    """Sheet "예산" (Korean), an empty sheet, and sheet "Notes" (English) starting at row 3."""
    workbook = Workbook()
    budget = workbook.active
    budget.title = "예산"
    budget.append(["항목", "금액", "비고"])
    budget.append(["인건비", 100_000_000, "정규직 2명"])
    budget.append([None, None, None])
    budget.append(["장비", 50_000_000.0, None])
    workbook.create_sheet("빈 시트")
    notes = workbook.create_sheet("Notes")
    notes.append([])
    notes.append([])
    notes.append(["Date", "Note"])
    notes.append([dt.datetime(2026, 3, 1), "Budget approved"])
    return _workbook_bytes(workbook)


def _load(data: bytes, name: str = "budget.xlsx"):
    return load_document(SourceFile(name, data=data))


def test_rows_become_header_value_lines_located_by_sheet_and_row() -> None:
    document = _load(_budget())
    assert document.kind == "xlsx"
    located = [(s.sheet, s.row, s.text) for s in document.sections]
    assert located == [
        ("예산", 2, "항목: 인건비\n금액: 100000000\n비고: 정규직 2명"),
        ("예산", 4, "항목: 장비\n금액: 50000000"),
        ("Notes", 4, "Date: 2026-03-01\nNote: Budget approved"),
    ]


def test_chunks_pack_rows_of_one_sheet_and_never_mix_sheets() -> None:
    chunks = chunk_document(_load(_budget()), ChunkSettings(800, 100))
    assert [(c.sheet, c.row_start, c.row_end) for c in chunks] == [("예산", 2, 4), ("Notes", 4, 4)]


def test_formulas_give_their_cached_values() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Totals"
    sheet.append(["Item", "Qty", "Price", "Total"])
    sheet.append(["Laptop", 2, 1500, "=B2*C2"])
    data = _workbook_bytes(workbook)
    # openpyxl writes no cached value; put in the one Excel would have saved.
    data = _rewrite(
        data, "xl/worksheets/sheet1.xml", b"<f>B2*C2</f><v></v>", b"<f>B2*C2</f><v>3000</v>"
    )
    section = _load(data).sections[0]
    assert "Total: 3000" in section.text
    assert "B2*C2" not in section.text


def test_a_sheet_with_only_a_header_row_keeps_it() -> None:
    workbook = Workbook()
    workbook.active.append(["이름", "부서"])
    [section] = _load(_workbook_bytes(workbook)).sections
    assert (section.text, section.row) == ("이름 | 부서", 1)


def test_blank_header_cells_are_named_by_column_letter() -> None:
    workbook = Workbook()
    workbook.active.append(["Name", None])
    workbook.active.append(["Kim", "extra"])
    assert _load(_workbook_bytes(workbook)).sections[0].text == "Name: Kim\nB: extra"


def test_cell_values_are_written_as_people_read_them() -> None:
    assert cell_text(3.0) == "3"
    assert cell_text(2.5) == "2.5"
    assert cell_text(True) == "TRUE"
    assert cell_text(dt.datetime(2026, 1, 2, 9, 30)) == "2026-01-02T09:30:00"
    assert cell_text(None) == ""
    assert cell_text("  한글  ") == "한글"


def test_a_workbook_without_values_is_refused_as_empty() -> None:
    workbook = Workbook()
    workbook.create_sheet("Second")
    with pytest.raises(FileRejected) as excinfo:
        _load(_workbook_bytes(workbook))
    assert excinfo.value.code == "error.kb_empty_file"


def test_an_encrypted_workbook_is_refused_as_password_protected() -> None:
    data = OLE_HEADER + b"\x00" * 2048
    with pytest.raises(FileRejected) as excinfo:
        _load(data, "잠긴 예산.xlsx")
    assert excinfo.value.code == "error.kb_office_encrypted"


def test_a_csv_named_xlsx_is_refused_as_not_a_workbook() -> None:
    with pytest.raises(FileRejected) as excinfo:
        _load("항목,금액\n인건비,100\n".encode(), "really.xlsx")
    assert excinfo.value.code == "error.kb_not_a_package"


def test_a_damaged_workbook_is_refused() -> None:
    data = _budget()
    broken = _rewrite(data, "xl/workbook.xml", b"<sheets>", b"<sheets><<<")
    with pytest.raises(FileRejected) as excinfo:
        _load(broken)
    assert excinfo.value.code == "error.kb_package_corrupt"


def test_a_truncated_workbook_is_refused() -> None:
    with pytest.raises(FileRejected) as excinfo:
        _load(_budget()[:300])
    assert excinfo.value.code in {"error.kb_not_a_package", "error.kb_package_corrupt"}


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (64 * 1024 * 1024))
    with pytest.raises(FileRejected) as excinfo:
        _load(buffer.getvalue(), "bomb.xlsx")
    assert excinfo.value.code in {"error.kb_archive_too_large", "error.kb_archive_ratio"}


def test_an_oversized_workbook_is_refused() -> None:
    source = SourceFile("big.xlsx", data=_budget())
    with pytest.raises(FileRejected) as excinfo:
        load_document(source, max_bytes=1000)
    assert excinfo.value.code == "error.kb_file_too_large"


def _rewrite(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """The package with one member's bytes edited."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                assert old in content
                content = content.replace(old, new)
            target.writestr(item, content)
    return buffer.getvalue()
