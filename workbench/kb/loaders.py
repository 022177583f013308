"""Turn an uploaded file into a LoadedDocument with the loader registered for its extension."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePath

import pandas as pd

from workbench.kb import errors
from workbench.kb.documents import LoadedDocument, Section, SourceFile, sha256_hex
from workbench.kb.docx import load_docx
from workbench.kb.encoding import decode_text
from workbench.kb.html import load_html
from workbench.kb.hwpx import load_hwpx
from workbench.kb.images import IMAGE_EXTENSIONS, load_image
from workbench.kb.pdf import load_pdf
from workbench.kb.pptx import load_pptx
from workbench.kb.xlsx import load_xlsx

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_DELIMITERS = ",;\t|"
PDF_HEADER = b"%PDF-"
HEADER_WINDOW = 1024
Loader = Callable[[SourceFile, bytes], LoadedDocument]


def load_pdf_file(source: SourceFile, data: bytes) -> LoadedDocument:
    """A PDF, page by page, opened with the source's password."""
    if PDF_HEADER not in data[:HEADER_WINDOW]:
        raise errors.not_a_pdf(source.name)
    return load_pdf(source.name, data, source.password)


def load_text(source: SourceFile, data: bytes) -> LoadedDocument:
    """Plain text or Markdown as one section."""
    text, encoding = decode_text(data, source.name)
    if not text.strip():
        raise errors.empty_file(source.name)
    return LoadedDocument(
        source.name, "text", sha256_hex(data), (Section(text.strip()),), 0, (), encoding
    )


def load_csv(source: SourceFile, data: bytes) -> LoadedDocument:
    """A CSV or TSV table, one section per row."""
    text, encoding = decode_text(data, source.name)
    if not text.strip():
        raise errors.empty_file(source.name)
    sections = csv_rows(text, source.name)
    return LoadedDocument(source.name, "csv", sha256_hex(data), sections, 0, (), encoding)


# The loader of each extension (lower case); a new format adds one line.
LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf_file,
    ".txt": load_text,
    ".text": load_text,
    ".md": load_text,
    ".markdown": load_text,
    ".csv": load_csv,
    ".tsv": load_csv,
    ".xlsx": load_xlsx,
    ".pptx": load_pptx,
    ".html": load_html,
    ".htm": load_html,
    ".docx": load_docx,
    ".hwpx": load_hwpx,
    **dict.fromkeys(IMAGE_EXTENSIONS, load_image),
}
SUPPORTED_EXTENSIONS = tuple(LOADERS)


def loader_for(name: str) -> Loader:
    """The loader for a file name's extension; other extensions are refused (HWP 5 with how to
    save it as HWPX or PDF)."""
    extension = PurePath(name).suffix.lower()
    if extension in LOADERS:
        return LOADERS[extension]
    if extension == ".hwp":
        raise errors.hwp_binary(name)
    raise errors.unsupported_type(name, extension, SUPPORTED_EXTENSIONS)


def load_document(source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Check type and size, read the file and extract its located text sections."""
    loader = loader_for(source.name)
    size = source.size()
    if size > max_bytes:
        raise errors.file_too_large(source.name, size, max_bytes)
    data = source.read()
    if not data.strip():
        raise errors.empty_file(source.name)
    document = loader(source, data)
    if source.url:
        document = replace(document, url=source.url, retrieved_at=source.retrieved_at)
    return document


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
