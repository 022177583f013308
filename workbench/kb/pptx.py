"""Read a PowerPoint deck with python-pptx: each slide's text, tables and speaker notes."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape
from pptx.slide import Slide

from workbench.kb import errors
from workbench.kb.archive import checked_zip
from workbench.kb.documents import LoadedDocument, Section, SourceFile, sha256_hex
from workbench.kb.pdf import clean_page_text

NOTES_MARK = "[Speaker notes]"
_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)


def load_pptx(source: SourceFile, data: bytes) -> LoadedDocument:
    """One section per slide with text: titles first, then shapes top to bottom, left to
    right, then the speaker notes after a mark; located by slide number."""
    checked_zip(source.name, data).close()
    try:
        slides = list(Presentation(io.BytesIO(data)).slides)
        texts = [slide_text(slide) for slide in slides]
    except Exception as exc:
        raise errors.package_corrupt(source.name, str(exc) or type(exc).__name__) from exc
    sections = tuple(
        Section(text, slide=number) for number, text in enumerate(texts, start=1) if text
    )
    if not sections:
        raise errors.empty_file(source.name)
    return LoadedDocument(
        name=source.name,
        kind="pptx",
        sha256=sha256_hex(data),
        sections=sections,
        pages=len(slides),
    )


def slide_text(slide: Slide) -> str:
    """The slide's text in reading order, then its notes marked as such."""
    parts = [text for shape in reading_order(slide.shapes) if (text := shape_text(shape))]
    notes = _notes(slide)
    if notes:
        parts.append(f"{NOTES_MARK}\n{notes}")
    return clean_page_text("\n\n".join(parts))


def reading_order(shapes: Iterable[BaseShape]) -> list[BaseShape]:
    """Title placeholders first, then the rest by position (top, then left)."""
    return sorted(shapes, key=lambda s: (not _is_title(s), s.top or 0, s.left or 0))


def shape_text(shape: BaseShape) -> str:
    """A text box's paragraphs, a table's rows as cells joined by " | ", a group's members."""
    if isinstance(shape, GroupShape):
        inner = (shape_text(member) for member in reading_order(shape.shapes))
        return "\n".join(text for text in inner if text)
    if getattr(shape, "has_table", False):
        return "\n".join(_table_rows(shape.table))  # type: ignore[attr-defined]
    if getattr(shape, "has_text_frame", False):
        return shape.text_frame.text.strip()  # type: ignore[attr-defined]
    return ""


def _table_rows(table: object) -> Iterator[str]:
    for row in table.rows:  # type: ignore[attr-defined]
        cells = [cell.text.strip() for cell in row.cells]
        if any(cells):
            yield " | ".join(cells)


def _is_title(shape: BaseShape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type in _TITLES


def _notes(slide: Slide) -> str:
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    return frame.text.strip() if frame is not None else ""
