"""Split documents into overlapping chunks at paragraph, sentence and word boundaries."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from workbench.kb.documents import LoadedDocument, Section
from workbench.kb.errors import bad_chunk_settings

DEFAULT_CHUNK_SIZE = 800
DEFAULT_CHUNK_OVERLAP = 100
MIN_CHUNK_SIZE = 50
MAX_CHUNK_SIZE = 20_000

# Cut positions, best first: paragraph break, sentence end (Korean 다. 요. and CJK 。 too),
# line break, space between words.
_BOUNDARIES = (
    (re.compile(r"\n[ \t]*\n"), "start"),
    (
        re.compile(
            r"[.!?…]+[\"'”’)\]」』]*(?=\s|$)|[。！？]+[」』”’)]*"
            r"|(?<=[\uac00-\ud7a3])[.!?](?=[\uac00-\ud7a3])"
        ),
        "end",
    ),
    (re.compile(r"\n"), "start"),
    (re.compile(r"\s+"), "start"),
)
_WORD_START = re.compile(r"(?<!\S)\S")


@dataclass(frozen=True)
class ChunkSettings:
    """Chunk size and overlap, in characters."""

    size: int = DEFAULT_CHUNK_SIZE
    overlap: int = DEFAULT_CHUNK_OVERLAP

    def __post_init__(self) -> None:
        """Refuse sizes the splitter cannot honour."""
        if not MIN_CHUNK_SIZE <= self.size <= MAX_CHUNK_SIZE or not (
            0 <= self.overlap <= self.size // 2
        ):
            raise bad_chunk_settings(self.size, self.overlap, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE)


@dataclass(frozen=True)
class Chunk:
    """A piece of a document with a stable id and its location."""

    id: str
    text: str
    source: str
    position: int
    page: int | None = None
    row_start: int | None = None
    row_end: int | None = None

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata: source, position and whichever location the chunk has."""
        meta: dict[str, Any] = {"source": self.source, "position": self.position}
        for key in ("page", "row_start", "row_end"):
            if getattr(self, key) is not None:
                meta[key] = getattr(self, key)
        return meta


def split_text(text: str, size: int, overlap: int) -> list[str]:
    """Cut text into pieces of at most `size` characters, preferring the best boundary."""
    text = text.strip()
    if len(text) <= size:
        return [text] if text else []
    cuts = [_cut_positions(text, pattern, side) for pattern, side in _BOUNDARIES]
    word_starts = [m.start() for m in _WORD_START.finditer(text)]
    sentence_starts = _starts_after(word_starts, cuts[0] + cuts[1])
    pieces: list[str] = []
    start, floor = 0, 0
    while start < len(text):
        cut = len(text) if start + size >= len(text) else _best_cut(cuts, start, floor, size)
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        if cut >= len(text):
            break
        start = _next_start(text, (sentence_starts, word_starts), cut, overlap)
        floor = cut
    return pieces


def _cut_positions(text: str, pattern: re.Pattern[str], side: str) -> list[int]:
    return [m.start() if side == "start" else m.end() for m in pattern.finditer(text)]


def _best_cut(cuts: list[list[int]], start: int, floor: int, size: int) -> int:
    end = start + size
    for level, positions in enumerate(cuts):
        low = max(start, floor) + 1 if level == len(cuts) - 1 else max(start + size // 2, floor + 1)
        index = bisect_right(positions, end) - 1
        if index >= 0 and positions[index] >= low:
            return positions[index]
    return end


def _starts_after(word_starts: list[int], boundaries: list[int]) -> list[int]:
    found = {bisect_left(word_starts, position) for position in boundaries}
    return [word_starts[index] for index in sorted(found) if index < len(word_starts)]


def _next_start(text: str, candidates: tuple[list[int], ...], cut: int, overlap: int) -> int:
    """Where the next chunk begins: a sentence, else a word, within the overlap before `cut`."""
    for starts in candidates if overlap else ():
        index = bisect_left(starts, cut - overlap)
        if index < len(starts) and starts[index] < cut:
            return starts[index]
    while cut < len(text) and text[cut].isspace():
        cut += 1
    return cut


def chunk_document(document: LoadedDocument, settings: ChunkSettings) -> list[Chunk]:
    """All chunks of a document: per page for PDFs, packed rows for CSV, else the whole text."""
    if document.kind == "csv":
        return _chunk_rows(document.name, document.sections, settings)
    chunks = []
    for section in document.sections:
        for position, piece in enumerate(split_text(section.text, settings.size, settings.overlap)):
            chunks.append(_make_chunk(document.name, piece, position, page=section.page))
    return chunks


def _chunk_rows(name: str, rows: tuple[Section, ...], settings: ChunkSettings) -> list[Chunk]:
    groups: list[list[Section]] = []
    length = 0
    for row in rows:
        if groups and length + len(row.text) + 2 <= settings.size:
            groups[-1].append(row)
            length += len(row.text) + 2
        else:
            groups.append([row])
            length = len(row.text)
    chunks = []
    for group in groups:
        text = "\n\n".join(row.text for row in group)
        first, last = group[0].row, group[-1].row
        for position, piece in enumerate(split_text(text, settings.size, settings.overlap)):
            chunks.append(_make_chunk(name, piece, position, row_start=first, row_end=last))
    return chunks


def _make_chunk(source: str, text: str, position: int, **location: int | None) -> Chunk:
    return Chunk(chunk_id(source, text, position, **location), text, source, position, **location)


def chunk_id(
    source: str,
    text: str,
    position: int,
    page: int | None = None,
    row_start: int | None = None,
    row_end: int | None = None,
) -> str:
    """A stable id from the source name, location, position and a hash of the content."""
    content = hashlib.sha256(text.encode("utf-8")).hexdigest()
    key = "\x1f".join(str(v) for v in (source, page, row_start, row_end, position, content))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
