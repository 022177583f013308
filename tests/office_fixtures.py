"""Office and Hangul documents for the tests, written in code: DOCX (python-docx), HWPX
(zipfile, laid out like Hangul's own files), encrypted Office files and zip bombs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from msoffcrypto.format.ooxml import OOXMLFile

# A block of a document: ("h1".."h9", text), ("p", text), ("outline2", text) for a paragraph
# made a heading by its outline level, ("제목 1", text) for a style named in Korean, or
# ("table", rows of cells).
Block = tuple[str, object]


def make_docx(blocks: Sequence[Block]) -> bytes:
    """A Word document with these headings, paragraphs and tables, in this order."""
    document = docx.Document()
    for kind, content in blocks:
        if kind.startswith("h"):
            document.add_heading(str(content), level=int(kind[1:]))
        elif kind.startswith("outline"):
            paragraph = document.add_paragraph(str(content))
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(int(kind.removeprefix("outline")) - 1))
            paragraph._p.get_or_add_pPr().append(level)
        elif kind.startswith("제목"):
            names = [style.name for style in document.styles]
            if kind not in names:
                document.styles.add_style(kind, WD_STYLE_TYPE.PARAGRAPH)
            document.add_paragraph(str(content), style=kind)
        elif kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for cells, row in zip(rows, table.rows, strict=True):
                for text, cell in zip(cells, row.cells, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(str(content))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypt_office(data: bytes, password: str = "s3cret") -> bytes:
    """An Office file saved with a password, as Word and Excel write it (an OLE compound file)."""
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, encrypted)
    return encrypted.getvalue()


def zip_bomb(member: str, size: int, others: dict[str, bytes] | None = None) -> bytes:
    """A zip holding `member` as `size` zero bytes, highly compressed, next to `others`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (others or {}).items():
            archive.writestr(name, content)
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return buffer.getvalue()
