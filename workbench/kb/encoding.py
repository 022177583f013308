"""Decode uploaded text: BOMs, UTF-8, CP949/EUC-KR Korean, UTF-16, others; refuse binaries."""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from workbench.kb.errors import binary_file

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Format names only: the catalogs phrase them ("a PNG file", "PNG 파일").
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"RIFF", "RIFF (WebP, WAV, AVI)"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (Office, HWPX)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "HWP/Office"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"\x7fELF", "ELF"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"GGUF", "GGUF"),
)
_SAMPLE = 64 * 1024
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")
MAX_NOISE_RATIO = 0.02


def hangul_ratio(text: str) -> float:
    """Share of Hangul among the letters of `text` (0.0 when it has no letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _is_hangul(ch)) / len(letters)


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes to normalised text and name the encoding; binary data is refused."""
    encoding = detect_encoding(data, file)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise binary_file(file) from None
    if _noise_ratio(text) > MAX_NOISE_RATIO:
        raise binary_file(file)
    return normalise_text(text), encoding


def detect_encoding(data: bytes, file: str) -> str:
    """The codec that decodes `data`: BOM, UTF-8, UTF-16 without BOM, CP949, else a guess."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise binary_file(file, kind)
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return _utf16_without_bom(sample, file)
    if _decodes(data, "utf-8"):
        return "utf-8"
    if _decodes(data, "cp949") and _mostly_hangul(data.decode("cp949")):
        return "cp949"
    return _guess(data, file)


def _utf16_without_bom(sample: bytes, file: str) -> str:
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    name = "utf-16-le" if odd > even else "utf-16-be"
    if _decodes(sample[: len(sample) // 2 * 2], name):
        return name
    raise binary_file(file)


def _mostly_hangul(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return bool(wide) and sum(1 for ch in wide if _is_hangul(ch)) >= len(wide) / 2


def _guess(data: bytes, file: str) -> str:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise binary_file(file)
    if _decodes(data, "cp1252") and _is_latin(data.decode(best.encoding, errors="replace")):
        return "cp1252"
    return best.encoding


def _is_latin(text: str) -> bool:
    return all(ch <= "\u024f" for ch in text if ch.isalpha())


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _noise_ratio(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    noise = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or (unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in _ALLOWED_CONTROLS)
    )
    return noise / len(sample)


def normalise_text(text: str) -> str:
    """NFC (Korean from macOS arrives decomposed), Unix newlines, no NULs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)
