"""Where a passage sits in its file (page, rows, sheet, slide, heading, paragraph) and its text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from workbench.i18n import translate

NUMBER_KEYS = ("page", "row_start", "row_end", "slide", "paragraph")
TEXT_KEYS = ("sheet", "heading", "read_by")
MAX_HEADING_CHARS = 60
HEADING_SEPARATOR = " › "
_Record = TypeVar("_Record", bound="Located")


@dataclass(frozen=True, kw_only=True)
class Located:
    """The optional location fields that chunks, search hits and citations all carry."""

    page: int | None = None
    row_start: int | None = None
    row_end: int | None = None
    sheet: str | None = None
    slide: int | None = None
    heading: str | None = None
    paragraph: int | None = None
    read_by: str | None = None


LOCATION_KEYS = tuple(field.name for field in fields(Located))


def location_of(record: Located) -> dict[str, Any]:
    """A record's location fields that are set, as keyword arguments or Chroma metadata."""
    return {key: value for key in LOCATION_KEYS if (value := getattr(record, key)) is not None}


def location_from_metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """The location fields stored in a chunk's metadata; chunks stored before a field existed
    simply lack it."""
    found: dict[str, Any] = {}
    for key in NUMBER_KEYS:
        value = metadata.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[key] = int(value)
    for key in TEXT_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value:
            found[key] = value
    return found


def reading_order(records: Sequence[_Record]) -> list[_Record]:
    """Records in the order a reader meets them: by page, slide, sheet (first seen first),
    paragraph, row, then position within a block."""
    sheets: dict[str | None, int] = {}
    for record in records:
        sheets.setdefault(record.sheet, len(sheets))
    return sorted(
        records,
        key=lambda r: (
            r.page or 0,
            r.slide or 0,
            sheets[r.sheet],
            r.paragraph or 0,
            r.row_start or 0,
            getattr(r, "position", 0),
        ),
    )


def location_text(file: str, where: Located, language: str = "en") -> str:
    """'report.pdf, p. 3', 'budget.xlsx, sheet "Budget" rows 10-20', 'plan.docx, §2 › 2.3, ¶12',
    'scan.pdf, p. 4 (read by llava:7b)' and the Korean forms; the bare file name without one."""
    place = place_text(where, language)
    text = f"{file}, {place}" if place else file
    if where.read_by:
        return translate("location.read_by", language, where=text, model=where.read_by)
    return text


def place_text(where: Located, language: str) -> str:
    """The location without the file name ('p. 3', '§2 › 2.3, ¶12'); empty when there is none."""
    parts = []
    if where.page is not None:
        parts.append(translate("location.page", language, page=where.page))
    if where.slide is not None:
        parts.append(translate("location.slide", language, slide=where.slide))
    rows = _rows_text(where, language)
    if where.sheet is not None:
        sheet = translate("location.sheet", language, sheet=where.sheet)
        parts.append(f"{sheet} {rows}" if rows else sheet)
    elif rows:
        parts.append(rows)
    if where.heading:
        parts.append(translate("location.heading", language, heading=short_heading(where.heading)))
    if where.paragraph is not None:
        parts.append(translate("location.paragraph", language, paragraph=where.paragraph))
    return ", ".join(parts)


def short_heading(heading: str) -> str:
    """A heading path short enough for a label: its last heading after '…' when too long."""
    if len(heading) <= MAX_HEADING_CHARS or HEADING_SEPARATOR not in heading:
        return heading
    return f"…{HEADING_SEPARATOR}{heading.rsplit(HEADING_SEPARATOR, 1)[1]}"


def _rows_text(where: Located, language: str) -> str:
    first, last = where.row_start, where.row_end
    if first is None:
        return ""
    if last is not None and last != first:
        return translate("location.rows", language, first=first, last=last)
    return translate("location.row", language, row=first)
