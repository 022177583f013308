"""Minimal GGUF header reading (metadata key/values) and writing for tests."""

from __future__ import annotations

import struct
from typing import Any

GGUF_MAGIC = b"GGUF"
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


class _Reader:
    """A cursor over GGUF bytes."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def unpack(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise EOFError
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return value

    def string(self) -> str:
        length = self.unpack("<Q")
        if self.pos + length > len(self.data):
            raise EOFError
        raw = self.data[self.pos : self.pos + length]
        self.pos += length
        return raw.decode("utf-8", "replace")

    def value(self, kind: int) -> Any:
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            item_kind, count = self.unpack("<I"), self.unpack("<Q")
            items = [self.value(item_kind) for _ in range(count)]
            return items if len(items) <= 16 else None
        if kind in _SCALARS:
            return self.unpack(_SCALARS[kind])
        raise ValueError(f"unknown GGUF value type {kind}")


def is_gguf(data: bytes) -> bool:
    """Whether bytes start with the GGUF magic."""
    return data[:4] == GGUF_MAGIC


def read_metadata(data: bytes) -> dict[str, Any]:
    """The metadata key/values of a GGUF file (as much as the bytes hold; {} if unreadable)."""
    reader, metadata = _Reader(data), {}
    try:
        if reader.data[:4] != GGUF_MAGIC:
            return {}
        reader.pos = 4
        reader.unpack("<I")
        reader.unpack("<Q")
        for _ in range(reader.unpack("<Q")):
            key = reader.string()
            metadata[key] = reader.value(reader.unpack("<I"))
    except (EOFError, ValueError, struct.error):
        pass
    return metadata


def _encode_value(value: Any) -> tuple[int, bytes]:
    if isinstance(value, bool):
        return 7, struct.pack("<?", value)
    if isinstance(value, int):
        if 0 <= value < 2**32:
            return 4, struct.pack("<I", value)
        return 11, struct.pack("<q", value)
    if isinstance(value, float):
        return 6, struct.pack("<f", value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _STRING, struct.pack("<Q", len(raw)) + raw
    if isinstance(value, list):
        encoded = [_encode_value(item) for item in value]
        item_kind = encoded[0][0] if encoded else _STRING
        body = b"".join(chunk for _, chunk in encoded)
        return _ARRAY, struct.pack("<IQ", item_kind, len(encoded)) + body
    raise TypeError(f"cannot encode {type(value).__name__} in GGUF")


def build_gguf(metadata: dict[str, Any], padding: int = 64) -> bytes:
    """A tiny valid GGUF v3 file with the given metadata and no tensors (for tests)."""
    out = [GGUF_MAGIC, struct.pack("<IQQ", 3, 0, len(metadata))]
    for key, value in metadata.items():
        raw_key = key.encode("utf-8")
        kind, body = _encode_value(value)
        out += [struct.pack("<Q", len(raw_key)), raw_key, struct.pack("<I", kind), body]
    return b"".join(out) + b"\0" * padding
