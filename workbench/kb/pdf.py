"""Read a PDF page by page with pypdf: passwords, damaged files and pages without text."""

from __future__ import annotations

import io
import re

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError

from workbench.kb import errors
from workbench.kb.documents import LoadedDocument, Section, sha256_hex
from workbench.kb.encoding import normalise_text

_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def load_pdf(name: str, data: bytes, password: str | None = None) -> LoadedDocument:
    """Extract each page's text, keeping page numbers; flag pages that have no text."""
    reader = _open(name, data, password)
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise errors.pdf_corrupt(name, _describe(exc)) from exc
    if not pages:
        raise errors.empty_file(name)
    sections: list[Section] = []
    without_text: list[int] = []
    for number, page in enumerate(pages, start=1):
        text = _page_text(page)
        if text:
            sections.append(Section(text, page=number))
        else:
            without_text.append(number)
    document = LoadedDocument(
        name=name,
        kind="pdf",
        sha256=sha256_hex(data),
        sections=tuple(sections),
        pages=len(pages),
        pages_without_text=tuple(without_text),
    )
    if not sections:
        raise errors.pdf_no_text(document)
    return document


def _open(name: str, data: bytes, password: str | None) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise errors.pdf_corrupt(name, _describe(exc)) from exc
    if not encrypted:
        return reader
    try:
        result = reader.decrypt(password or "")
    except DependencyError as exc:
        raise errors.pdf_needs_cryptography(name) from exc
    except Exception as exc:
        raise errors.pdf_corrupt(name, _describe(exc)) from exc
    if result == PasswordType.NOT_DECRYPTED:
        raise errors.pdf_wrong_password(name) if password else errors.pdf_password_required(name)
    return reader


def _page_text(page: PageObject) -> str:
    try:
        raw = page.extract_text()
    except Exception:
        return ""
    return clean_page_text(raw or "")


def clean_page_text(text: str) -> str:
    """Normalise extracted text: NFC, single spaces, no trailing blanks, at most one empty line."""
    lines = (_SPACES.sub(" ", line).strip() for line in normalise_text(text).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
