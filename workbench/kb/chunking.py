"""Split documents into overlapping chunks at paragraph, sentence and word boundaries."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from workbench.kb.documents import LoadedDocument, Section
from workbench.kb.errors import bad_chunk_settings
from workbench.kb.location import LOCATION_KEYS, Located, location_of

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
_FIRST_KEYS = ("page", "row_start", "row_end")


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
class Chunk(Located):
    """A piece of a document with a stable id and its location."""

    id: str
    text: str
    source: str
    position: int

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata: source, position and whichever location the chunk has."""
        return {"source": self.source, "position": self.position, **location_of(self)}


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
    """All chunks of a document: consecutive sections at the same place (page, sheet, slide,
    heading) are packed up to the chunk size, so a PDF page, a run of CSV rows or the
    paragraphs under one heading share chunks; a chunk starts at its first section's row and
    paragraph and ends at its last section's row."""
    chunks = []
    for group in _packed(document.sections, settings.size):
        text = "\n\n".join(section.text for section in group)
        location = _group_location(group)
        for position, piece in enumerate(split_text(text, settings.size, settings.overlap)):
            chunks.append(_make_chunk(document.name, piece, position, location))
    return chunks


def _place(section: Section) -> tuple[Any, ...]:
    return (section.page, section.sheet, section.slide, section.heading, section.read_by)


def _packed(sections: tuple[Section, ...], size: int) -> list[list[Section]]:
    groups: list[list[Section]] = []
    length = 0
    for section in sections:
        same_place = groups and _place(groups[-1][0]) == _place(section)
        if same_place and length + len(section.text) + 2 <= size:
            groups[-1].append(section)
            length += len(section.text) + 2
        else:
            groups.append([section])
            length = len(section.text)
    return groups


def _group_location(group: list[Section]) -> dict[str, Any]:
    first, last = group[0], group[-1]
    location = {
        "page": first.page,
        "row_start": first.row,
        "row_end": last.row_end if last.row_end is not None else last.row,
        "sheet": first.sheet,
        "slide": first.slide,
        "heading": first.heading,
        "paragraph": first.paragraph,
        "read_by": first.read_by,
    }
    return {key: value for key, value in location.items() if value is not None}


def _make_chunk(source: str, text: str, position: int, location: dict[str, Any]) -> Chunk:
    return Chunk(chunk_id(source, text, position, **location), text, source, position, **location)


def chunk_id(source: str, text: str, position: int, **location: Any) -> str:
    """A stable id from the source name, location, position and a hash of the content; the
    location fields added after page and rows enter only when set, so older ids stay."""
    content = hashlib.sha256(text.encode("utf-8")).hexdigest()
    base = [location.get(key) for key in _FIRST_KEYS]
    newer = [
        f"{k}={v}"
        for k in LOCATION_KEYS
        if k not in _FIRST_KEYS and (v := location.get(k)) is not None
    ]
    key = "\x1f".join(str(v) for v in (source, *base, position, content, *newer))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
