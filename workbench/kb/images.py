"""Pictures a vision model reads: image files (PNG, JPEG) and the scans on PDF pages.

A scanned PDF page is one embedded image (a few scanners cut it into strips); pypdf hands
that image over as the scanner stored it (a JPEG scan keeps its own bytes), so the model sees
the original pixels, not a re-rendering, and no PDF renderer (with its own binary) is needed.
The largest image of the page is read. A page without any image (text drawn as outlines) or
with one pypdf cannot decode (JBIG2) is reported as not read; rendering whole pages with
PDFium (pypdfium2) would read those too, at the cost of a new dependency.
"""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from workbench.kb import errors
from workbench.kb.documents import LoadedDocument, SourceFile, sha256_hex

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")
IMAGE_FORMATS = ("PNG", "JPEG")
MAX_PIXELS = 50_000_000
SEND_SIDE = 2048


class PictureMissing(Exception):
    """A PDF page has no image a vision model could be sent; `code` names the reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def load_image(source: SourceFile, data: bytes) -> LoadedDocument:
    """Check a PNG or JPEG file; it has no text layer, so it is refused with the loaded
    document attached, which a vision model can read (see vision.load_for_reading)."""
    check_picture(source.name, data)
    document = LoadedDocument(
        name=source.name,
        kind="image",
        sha256=sha256_hex(data),
        sections=(),
        pages=1,
        pages_without_text=(1,),
    )
    raise errors.image_needs_vision(document)


def check_picture(name: str, data: bytes) -> None:
    """Refuse data that is not a decodable PNG or JPEG, or has more than MAX_PIXELS pixels."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise errors.image_too_large(name, width, height, MAX_PIXELS)
            if kind not in IMAGE_FORMATS:
                raise errors.image_unreadable(name, str(kind))
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise errors.image_unreadable(name, str(exc) or type(exc).__name__) from exc


def fit_picture(data: bytes, side: int = SEND_SIDE) -> bytes:
    """The picture as sent: unchanged up to `side` pixels, else scaled down (as PNG), since
    vision models shrink large pictures anyway and megabytes of base64 only slow the request."""
    with Image.open(io.BytesIO(data)) as image:
        if max(image.size) <= side:
            return data
        image.thumbnail((side, side))
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG")
        return buffer.getvalue()


class ScannedPdf:
    """The page images of one PDF, opened once for all of its pages without text."""

    def __init__(self, data: bytes, password: str | None = None) -> None:
        self._reader = PdfReader(io.BytesIO(data))
        if self._reader.is_encrypted:
            self._reader.decrypt(password or "")

    def picture(self, page: int) -> bytes:
        """The largest image on a page (1-based), as image file bytes."""
        try:
            images = list(self._reader.pages[page - 1].images)
        except Exception as exc:
            raise PictureMissing("vision.picture_unreadable") from exc
        if not images:
            raise PictureMissing("vision.no_picture")
        try:
            return max(images, key=lambda found: len(found.data)).data
        except Exception as exc:
            raise PictureMissing("vision.picture_unreadable") from exc
