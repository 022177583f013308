"""The metadata of a GGUF file's header, read in pure Python without loading any tensor."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any, BinaryIO

from workbench.modelfile.syntax import ModelfileError

MAGIC = b"GGUF"
_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING, _ARRAY = 8, 9
_MAX_STRING = 1 << 24  # a longer key or value means a broken header, not a real one
_MAX_KEPT_ITEMS = 64  # longer arrays (vocabularies) are skipped, not kept


class _Truncated(Exception):
    """The header ends before what it announces."""


def read_gguf_metadata(path: Path) -> dict[str, Any]:
    """The key/value metadata of a GGUF file (short arrays kept, long ones skipped); a
    ModelfileError for a file that is not GGUF, an unsupported version or a cut-off header."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        if handle.read(4) != MAGIC:
            raise ModelfileError(code="error.gguf_bad_magic", path=str(path))
        try:
            return _read(handle, size)
        except (_Truncated, struct.error, UnicodeDecodeError):
            raise ModelfileError(code="error.gguf_truncated", path=str(path)) from None
        except ValueError as exc:
            raise ModelfileError(
                code="error.gguf_bad_header", path=str(path), reason=str(exc)
            ) from None


def _read(handle: BinaryIO, size: int) -> dict[str, Any]:
    version = _unpack(handle, "<I")
    if version not in (2, 3):
        raise ValueError(f"GGUF version {version} (2 or 3 expected)")
    _unpack(handle, "<Q")  # tensor count
    count = _unpack(handle, "<Q")
    if count > size:
        raise _Truncated
    metadata: dict[str, Any] = {}
    for _ in range(count):
        key = _string(handle)
        metadata[key] = _value(handle, _unpack(handle, "<I"), size)
    return metadata


def _unpack(handle: BinaryIO, fmt: str) -> Any:
    raw = handle.read(struct.calcsize(fmt))
    if len(raw) < struct.calcsize(fmt):
        raise _Truncated
    return struct.unpack(fmt, raw)[0]


def _string(handle: BinaryIO) -> str:
    length = _unpack(handle, "<Q")
    if length > _MAX_STRING:
        raise _Truncated
    raw = handle.read(length)
    if len(raw) < length:
        raise _Truncated
    return raw.decode("utf-8")


def _value(handle: BinaryIO, kind: int, size: int) -> Any:
    if kind == _STRING:
        return _string(handle)
    if kind in _SCALARS:
        return _unpack(handle, _SCALARS[kind])
    if kind != _ARRAY:
        raise ValueError(f"unknown value type {kind}")
    item_kind, count = _unpack(handle, "<I"), _unpack(handle, "<Q")
    if count > size:
        raise _Truncated
    if item_kind in _SCALARS and count > _MAX_KEPT_ITEMS:
        handle.seek(struct.calcsize(_SCALARS[item_kind]) * count, 1)
        if handle.tell() > size:
            raise _Truncated
        return None
    items = [_value(handle, item_kind, size) for _ in range(count)]
    return items if count <= _MAX_KEPT_ITEMS else None
