"""Pictures with text for the vision tests: PNGs written with zlib and struct (the text in an
iTXt chunk the fake daemon "reads"), JPEGs with a comment, and PDFs whose pages are only scans."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.fake_ollama.vision import KEYWORD, PNG_SIGNATURE
from tests.kb_fixtures import make_pdf

A4 = (595, 842)


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_with_text(text: str | None, width: int = 64, height: int = 48) -> bytes:
    """A white grey-scale PNG; `text` (UTF-8, Korean too) sits in an iTXt chunk "Text". A huge
    one gets a single row of pixels: its header is what a size check reads."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    count = height if width * height <= 4_000_000 else 1
    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(count))
    chunks = [_chunk(b"IHDR", header)]
    if text is not None:
        chunks.append(_chunk(b"iTXt", KEYWORD + b"\x00\x00\x00\x00\x00" + text.encode("utf-8")))
    chunks += [_chunk(b"IDAT", zlib.compress(rows)), _chunk(b"IEND", b"")]
    return PNG_SIGNATURE + b"".join(chunks)


def jpeg_with_text(text: str | None, size: tuple[int, int] = (120, 160)) -> bytes:
    """A white JPEG; `text` sits in its comment segment (COM), which PDFs keep as it is."""
    buffer = io.BytesIO()
    extra = {"comment": text.encode("utf-8")} if text is not None else {}
    Image.new("RGB", size, "white").save(buffer, format="JPEG", **extra)
    return buffer.getvalue()


def scanned_pdf(pages: Sequence[str | bytes]) -> bytes:
    """A PDF with one page per item: a str is a page of real text, bytes a page that is only
    that picture (a scan) drawn over the whole page."""
    if all(isinstance(page, str) for page in pages):
        return make_pdf([str(page) for page in pages])
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in pages:
        if isinstance(page, bytes):
            pdf.drawImage(ImageReader(io.BytesIO(page)), 0, 0, *A4)
        else:
            pdf.setFont("Helvetica", 11)
            pdf.drawString(40, 800, page)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
