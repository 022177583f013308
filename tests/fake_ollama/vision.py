"""What a fake vision model "sees": text hidden in a picture, so tests can check transcriptions.

A PNG's tEXt or iTXt chunk with the keyword "Text" (iTXt carries UTF-8, e.g. Korean) or a
JPEG's comment segment (COM) is the text written on the picture; a picture without one has
none, and the model answers as it answers any image. Bytes that are no image are refused the
way the daemon refuses them.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8"
IMAGE_MAGIC = (PNG_SIGNATURE, JPEG_START, b"GIF87a", b"GIF89a", b"RIFF", b"BM")
KEYWORD = b"Text"
UNKNOWN_FORMAT = "failed to process inputs: image: unknown format"
_PIECE = re.compile(r"\s*\S+|\s+$")


def image_bytes(image: object) -> bytes | None:
    """The bytes of a base64 image from a request, or None when it is not base64."""
    try:
        return base64.b64decode(str(image), validate=True)
    except (binascii.Error, ValueError):
        return None


def is_image(data: bytes) -> bool:
    """Whether the bytes start like an image format the daemon decodes."""
    return data.startswith(IMAGE_MAGIC)


def written_text(data: bytes) -> str | None:
    """The text written on a picture (see the module docstring), or None."""
    if data.startswith(PNG_SIGNATURE):
        return _png_text(data)
    if data.startswith(JPEG_START):
        return _jpeg_comment(data)
    return None


def transcription_pieces(text: str) -> list[str]:
    """The streamed pieces of a transcription: each word with the spacing before it."""
    return _PIECE.findall(text)


def _png_text(data: bytes) -> str | None:
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        offset += 12 + length
        if kind == b"tEXt" and body.startswith(KEYWORD + b"\0"):
            return body[len(KEYWORD) + 1 :].decode("latin-1")
        if kind == b"iTXt" and body.startswith(KEYWORD + b"\0"):
            return _itxt(body[len(KEYWORD) + 1 :])
        if kind == b"IEND":
            break
    return None


def _itxt(rest: bytes) -> str:
    compressed = rest[0] == 1
    _language, _translated, text = rest[2:].split(b"\0", 2)
    return (zlib.decompress(text) if compressed else text).decode("utf-8")


def _jpeg_comment(data: bytes) -> str | None:
    offset = 2
    while offset + 4 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        length = struct.unpack(">H", data[offset + 2 : offset + 4])[0]
        if marker == 0xFE:
            return data[offset + 4 : offset + 2 + length].decode("utf-8", "replace")
        if marker == 0xDA:
            break
        offset += 2 + length
    return None
