"""Turn an uploaded file into a LoadedDocument: PDF, plain text, Markdown or CSV."""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

import pandas as pd

from workbench.kb import errors
from workbench.kb.documents import LoadedDocument, Section, SourceFile, sha256_hex
from workbench.kb.encoding import decode_text
from workbench.kb.pdf import load_pdf

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
TABLE_EXTENSIONS = (".csv", ".tsv")
SUPPORTED_EXTENSIONS = (".pdf", *TEXT_EXTENSIONS, *TABLE_EXTENSIONS)
_DELIMITERS = ",;\t|"
PDF_HEADER = b"%PDF-"
HEADER_WINDOW = 1024


def file_kind(name: str) -> str:
    """'pdf', 'text' or 'csv' from the file name; other extensions are refused."""
    extension = PurePath(name).suffix.lower()
    if extension == ".pdf":
        return "pdf"
    if extension in TEXT_EXTENSIONS:
        return "text"
    if extension in TABLE_EXTENSIONS:
        return "csv"
    raise errors.unsupported_type(name, extension, SUPPORTED_EXTENSIONS)


def load_document(source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Check type and size, read the file and extract its located text sections."""
    kind = file_kind(source.name)
    size = source.size()
    if size > max_bytes:
        raise errors.file_too_large(source.name, size, max_bytes)
    data = source.read()
    if not data.strip():
        raise errors.empty_file(source.name)
    if kind == "pdf":
        if PDF_HEADER not in data[:HEADER_WINDOW]:
            raise errors.not_a_pdf(source.name)
        return load_pdf(source.name, data, source.password)
    text, encoding = decode_text(data, source.name)
    if not text.strip():
        raise errors.empty_file(source.name)
    sections = csv_rows(text, source.name) if kind == "csv" else (Section(text.strip()),)
    return LoadedDocument(
        name=source.name,
        kind=kind,
        sha256=sha256_hex(data),
        sections=sections,
        encoding=encoding,
    )


def csv_rows(text: str, name: str) -> tuple[Section, ...]:
    """Each row as 'header: value' lines, located by its spreadsheet row (the header is row 1)."""
    separator = "\t" if name.lower().endswith(".tsv") else _sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, engine="python"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        raise errors.csv_unreadable(name, str(exc).strip() or type(exc).__name__) from exc
    headers = [str(column).strip() for column in frame.columns]
    sections = []
    for row_number, values in enumerate(frame.itertuples(index=False), start=2):
        lines = [
            f"{h}: {str(v).strip()}" for h, v in zip(headers, values, strict=True) if str(v).strip()
        ]
        if lines:
            sections.append(Section("\n".join(lines), row=row_number))
    if not sections:
        raise errors.empty_file(name)
    return tuple(sections)


def _sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","
