"""The records loaders produce: a source file, its text sections and the loaded document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest, as a path on disk or the bytes of an upload; a web page also has its
    final URL and retrieval time (UTC, ISO 8601)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    password: str | None = None
    url: str = ""
    retrieved_at: str = ""

    @classmethod
    def from_path(cls, path: Path, password: str | None = None) -> SourceFile:
        """A file on disk, named by its file name."""
        return cls(name=path.name, path=path, password=password)

    def size(self) -> int:
        """Size in bytes, without reading a file on disk."""
        if self.data is not None:
            return len(self.data)
        return self.path.stat().st_size if self.path else 0

    def read(self) -> bytes:
        """The file's bytes."""
        if self.data is not None:
            return self.data
        return self.path.read_bytes() if self.path else b""


@dataclass(frozen=True)
class Section:
    """A run of text with its location (None where it does not apply): a PDF page, a CSV or
    sheet's rows, a slide, a heading path ("2. Budget › 2.3 Costs") and paragraph number, and
    the vision model that transcribed it."""

    text: str
    page: int | None = None
    row: int | None = None
    row_end: int | None = None
    sheet: str | None = None
    slide: int | None = None
    heading: str | None = None
    paragraph: int | None = None
    read_by: str | None = None


@dataclass(frozen=True)
class LoadedDocument:
    """A file's text, split into located sections, with what the loader noticed (and, for a
    web page, its final URL and retrieval time)."""

    name: str
    kind: str
    sha256: str
    sections: tuple[Section, ...]
    pages: int = 0
    pages_without_text: tuple[int, ...] = ()
    encoding: str = ""
    url: str = ""
    retrieved_at: str = ""


def sha256_hex(data: bytes) -> str:
    """The sha256 hex digest of some bytes."""
    return hashlib.sha256(data).hexdigest()
