"""Read a Hangul HWPX document (OWPML, a zip of XML): paragraphs and tables of each section in
order, each located by its outline heading path and paragraph number."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from workbench.kb import errors
from workbench.kb.archive import checked_zip, read_member
from workbench.kb.documents import LoadedDocument, Section, SourceFile, sha256_hex
from workbench.kb.encoding import normalise_text
from workbench.kb.location import HEADING_SEPARATOR
from workbench.kb.tables import row_texts

MIMETYPE = "application/hwp+zip"
MANIFEST = "Contents/content.hpf"
HEADER = "Contents/header.xml"
_SECTION_FILE = re.compile(r"section(\d+)\.xml$", re.IGNORECASE)
# Hangul's outline styles: "개요 1" .. "개요 10", in English "Outline 1" ..
_OUTLINE_STYLE = re.compile(r"^(?:개요|outline)\s*(\d+)$", re.IGNORECASE)
_UNSAFE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def load_hwpx(source: SourceFile, data: bytes) -> LoadedDocument:
    """Each non-empty paragraph and each table row of every section, in reading order, under
    the path of the outline headings ("개요 1", ...) above it, numbered ¶1, ¶2, ... across the
    whole document (a table counts as one paragraph)."""
    name = source.name
    with checked_zip(name, data) as archive:
        members = set(archive.namelist())
        if "mimetype" in members and read_member(archive, name, "mimetype").strip() != (
            MIMETYPE.encode()
        ):
            raise errors.not_a_package(name, ".hwpx")
        header = _parse(name, read_member(archive, name, HEADER)) if HEADER in members else None
        levels = _outline_levels(header) if header is not None else {}
        roots = [_parse(name, read_member(archive, name, p)) for p in _sections(name, archive)]
    sections = tuple(_read(roots, levels))
    if not sections:
        raise errors.empty_file(name)
    return LoadedDocument(name=name, kind="hwpx", sha256=sha256_hex(data), sections=sections)


def _sections(name: str, archive: zipfile.ZipFile) -> list[str]:
    """The section parts in reading order: the manifest's spine, else by section number."""
    members = archive.namelist()
    found = [m for m in members if m.startswith("Contents/") and _SECTION_FILE.search(m)]
    if MANIFEST in members:
        manifest = _parse(name, read_member(archive, name, MANIFEST))
        hrefs = {
            item.get("id"): item.get("href", "")
            for item in manifest.iter()
            if _local(item) == "item"
        }
        ordered = []
        for ref in (e for e in manifest.iter() if _local(e) == "itemref"):
            href = hrefs.get(ref.get("idref"), "")
            part = href if href in members else f"Contents/{href}"
            if _SECTION_FILE.search(href) and part in members and part not in ordered:
                ordered.append(part)
        if ordered:
            return ordered
    if not found:
        raise errors.package_corrupt(name, "no Contents/section0.xml")
    return sorted(found, key=lambda m: int(_SECTION_FILE.search(m).group(1)))  # type: ignore[union-attr]


def _parse(name: str, xml: bytes) -> ElementTree.Element:
    """Parse one part; a document type declaration (entities) is refused before parsing."""
    if _UNSAFE.search(xml):
        raise errors.xml_unsafe(name)
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise errors.package_corrupt(name, f"XML: {exc}") from exc


def _outline_levels(header: ElementTree.Element) -> dict[tuple[str, str], int]:
    """Heading level by ("style", id) of an outline style and ("para", id) of a paragraph
    shape whose heading is an outline level."""
    levels: dict[tuple[str, str], int] = {}
    for element in header.iter():
        tag = _local(element)
        if tag == "style":
            for label in (element.get("name", ""), element.get("engName", "")):
                match = _OUTLINE_STYLE.match(label.strip())
                if match:
                    levels[("style", element.get("id", ""))] = int(match.group(1))
        elif tag == "paraPr":
            for heading in _children(element, "heading"):
                level = heading.get("level", "")
                if heading.get("type", "").upper() == "OUTLINE" and level.isdigit():
                    levels[("para", element.get("id", ""))] = int(level) + 1
    return levels


def _read(
    roots: list[ElementTree.Element], levels: dict[tuple[str, str], int]
) -> Iterator[Section]:
    headings: list[tuple[int, str]] = []
    number = 0
    for root in roots:
        for paragraph in _children(root, "p"):
            for kind, content in _blocks(paragraph):
                if kind == "text":
                    level = _level(paragraph, levels)
                    if level is not None:
                        headings = [h for h in headings if h[0] < level] + [(level, content[0])]
                number += 1
                path = HEADING_SEPARATOR.join(text for _, text in headings) or None
                for text in content:
                    yield Section(text, heading=path, paragraph=number)


def _level(paragraph: ElementTree.Element, levels: dict[tuple[str, str], int]) -> int | None:
    style = levels.get(("style", paragraph.get("styleIDRef", "")))
    return style if style is not None else levels.get(("para", paragraph.get("paraPrIDRef", "")))


def _blocks(paragraph: ElementTree.Element) -> Iterator[tuple[str, list[str]]]:
    """A paragraph's text and its tables in order: ("text", [text]) and ("table", rows).
    Only hp:t and hp:tbl are read: memos, footnotes, fields and text boxes (hp:ctrl, drawing
    objects) are not body text."""
    parts: list[str] = []
    for run in _children(paragraph, "run"):
        for child in run:
            tag = _local(child)
            if tag == "t":
                parts.append(_text(child))
            elif tag == "tbl":
                text = _clean("".join(parts))
                if text:
                    yield "text", [text]
                parts = []
                rows = table_rows(child)
                if rows:
                    yield "table", rows
    text = _clean("".join(parts))
    if text:
        yield "text", [text]


def _text(element: ElementTree.Element) -> str:
    """An hp:t's text: tabs and line breaks become spaces, markup such as hidden comments
    drops out."""
    parts = [element.text or ""]
    for child in element:
        if _local(child) in ("tab", "lineBreak"):
            parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)


def table_rows(table: ElementTree.Element) -> list[str]:
    """An hp:tbl's rows (hp:tr > hp:tc) as text."""
    return row_texts([[_cell_text(c) for c in _children(r, "tc")] for r in _children(table, "tr")])


def _cell_text(cell: ElementTree.Element) -> str:
    texts = []
    for sub_list in _children(cell, "subList"):
        for paragraph in _children(sub_list, "p"):
            for _, content in _blocks(paragraph):
                texts.extend(content)
    return " ".join(texts)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", normalise_text(text)).strip()


def _children(element: ElementTree.Element, tag: str) -> Iterator[ElementTree.Element]:
    return (child for child in element if _local(child) == tag)


def _local(element: ElementTree.Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]
