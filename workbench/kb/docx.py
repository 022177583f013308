"""Read a Word document (.docx) with python-docx: paragraphs and tables in document order,
each located by its heading path and paragraph number."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.styles.style import BaseStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from workbench.kb import errors
from workbench.kb.archive import checked_zip
from workbench.kb.documents import LoadedDocument, Section, SourceFile, sha256_hex
from workbench.kb.encoding import normalise_text
from workbench.kb.location import HEADING_SEPARATOR
from workbench.kb.tables import row_texts

# "Heading 2" (python-docx gives built-in styles their English names, also in a Korean Word),
# "제목 2" (a style named in Korean).
_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*(\d)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def load_docx(source: SourceFile, data: bytes) -> LoadedDocument:
    """Each non-empty paragraph and each table row as a section, under the path of the headings
    above it; paragraphs and tables are numbered together (¶1, ¶2, ...) in reading order."""
    checked_zip(source.name, data).close()
    document = _open(source.name, data)
    try:
        sections = tuple(_sections(document))
    except Exception as exc:
        raise errors.package_corrupt(source.name, str(exc) or type(exc).__name__) from exc
    if not sections:
        raise errors.empty_file(source.name)
    return LoadedDocument(name=source.name, kind="docx", sha256=sha256_hex(data), sections=sections)


def _open(name: str, data: bytes) -> Document:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise errors.package_corrupt(name, str(exc) or type(exc).__name__) from exc


def _sections(document: Document) -> Iterator[Section]:
    headings: list[tuple[int, str]] = []
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _clean(block.text)
            if not text:
                continue
            level = heading_level(block)
            if level is not None:
                headings = [h for h in headings if h[0] < level] + [(level, text)]
            number += 1
            yield Section(text, heading=_path(headings), paragraph=number)
        elif isinstance(block, Table):
            rows = table_rows(block)
            if rows:
                number += 1
            for row in rows:
                yield Section(row, heading=_path(headings), paragraph=number)


def heading_level(paragraph: Paragraph) -> int | None:
    """The paragraph's heading level (1 is the top), from its style or its outline level."""
    outline = _outline_level(paragraph._p.pPr)
    if outline is not None:
        return outline
    style: BaseStyle | None = paragraph.style
    while style is not None:
        match = _HEADING_STYLE.match((style.name or "").strip())
        if match:
            return int(match.group(1))
        outline = _outline_level(getattr(style.element, "pPr", None))
        if outline is not None:
            return outline
        style = style.base_style
    return None


def _outline_level(ppr: object) -> int | None:
    """Word's outline level (w:outlineLvl 0-8 is heading 1-9; 9 is body text)."""
    found = getattr(ppr, "xpath", None)
    values = found("./w:outlineLvl/@w:val") if found else []
    if values and str(values[0]).isdigit() and int(values[0]) < 9:
        return int(values[0]) + 1
    return None


def table_rows(table: Table) -> list[str]:
    """The table's rows as text; a merged cell counts once (python-docx repeats it in each
    column it spans)."""
    return row_texts([_cells(row) for row in table.rows])


def _cells(row: _Row) -> list[str]:
    texts: list[str] = []
    previous = None
    for cell in row.cells:
        texts.append("" if cell._tc is previous else _clean(cell.text))
        previous = cell._tc
    return texts


def _clean(text: str) -> str:
    return _SPACES.sub(" ", normalise_text(text)).strip()


def _path(headings: list[tuple[int, str]]) -> str | None:
    return HEADING_SEPARATOR.join(text for _, text in headings) or None
