"""Office and Hangul documents for the tests, written in code: DOCX (python-docx), HWPX
(zipfile, laid out like Hangul's own files), encrypted Office files and zip bombs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from msoffcrypto.format.ooxml import OOXMLFile

# A block of a document: ("h1".."h9", text), ("p", text), ("outline2", text) for a paragraph
# made a heading by its outline level, ("제목 1", text) for a style named in Korean, or
# ("table", rows of cells).
Block = tuple[str, object]


def make_docx(blocks: Sequence[Block]) -> bytes:
    """A Word document with these headings, paragraphs and tables, in this order."""
    document = docx.Document()
    for kind, content in blocks:
        if kind.startswith("h"):
            document.add_heading(str(content), level=int(kind[1:]))
        elif kind.startswith("outline"):
            paragraph = document.add_paragraph(str(content))
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(int(kind.removeprefix("outline")) - 1))
            paragraph._p.get_or_add_pPr().append(level)
        elif kind.startswith("제목"):
            names = [style.name for style in document.styles]
            if kind not in names:
                document.styles.add_style(kind, WD_STYLE_TYPE.PARAGRAPH)
            document.add_paragraph(str(content), style=kind)
        elif kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for cells, row in zip(rows, table.rows, strict=True):
                for text, cell in zip(cells, row.cells, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(str(content))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypt_office(data: bytes, password: str = "s3cret") -> bytes:
    """An Office file saved with a password, as Word and Excel write it (an OLE compound file)."""
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, encrypted)
    return encrypted.getvalue()


def zip_bomb(member: str, size: int, others: dict[str, bytes] | None = None) -> bytes:
    """A zip holding `member` as `size` zero bytes, highly compressed, next to `others`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (others or {}).items():
            archive.writestr(name, content)
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return buffer.getvalue()


_HWPX_NS = (
    'xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"'
)
# Hangul's default styles: 바탕글 (Normal), 본문 (Body), 개요 1.. (Outline 1..).
_HWPX_STYLES = ["바탕글|Normal", "본문|Body", *(f"개요 {n}|Outline {n}" for n in range(1, 8))]
_SECTION_PROPERTIES = (
    '<hp:run charPrIDRef="0"><hp:secPr id="" textDirection="HORIZONTAL">'
    '<hp:pagePr landscape="WIDELY" width="59528" height="84186" gutterType="LEFT_ONLY"/>'
    '</hp:secPr><hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1"/>'
    "</hp:ctrl></hp:run>"
)


def make_hwpx(sections: Sequence[Sequence[Block]], mimetype: str = "application/hwp+zip") -> bytes:
    """A Hangul HWPX file laid out as Hangul writes one: mimetype stored first, version.xml,
    META-INF/container.xml, the OPF manifest Contents/content.hpf (spine order), header.xml
    with the default styles and section0.xml, section1.xml, ... Blocks: ("개요 N", text) for an
    outline heading style, ("outline N", text) for a paragraph shape with outline level N,
    ("p", text), ("memo", text) for a paragraph carrying a memo, ("table", rows of cells)."""
    parts = {
        "version.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
        'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="1" buildNumber="0"/>',
        "META-INF/container.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" '
        'media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>',
        "Contents/content.hpf": _content_hpf(len(sections)),
        "Contents/header.xml": _hwpx_header(),
        "settings.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<ha:HWPApplicationSetting xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app"/>',
    }
    for number, blocks in enumerate(sections):
        parts[f"Contents/section{number}.xml"] = _hwpx_section(blocks)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _content_hpf(sections: int) -> str:
    items = "".join(
        f'<opf:item id="section{n}" href="Contents/section{n}.xml" media-type="application/xml"/>'
        for n in range(sections)
    )
    refs = "".join(f'<opf:itemref idref="section{n}" linear="yes"/>' for n in range(sections))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/" version="" unique-identifier="" '
        'id=""><opf:metadata><opf:title>시험 문서</opf:title><opf:language>ko</opf:language>'
        '</opf:metadata><opf:manifest><opf:item id="header" href="Contents/header.xml" '
        f'media-type="application/xml"/>{items}<opf:item id="settings" href="settings.xml" '
        'media-type="application/xml"/></opf:manifest><opf:spine>'
        f'<opf:itemref idref="header" linear="yes"/>{refs}</opf:spine></opf:package>'
    )


def _hwpx_header() -> str:
    styles = "".join(
        f'<hh:style id="{n}" type="PARA" name="{name.split("|")[0]}" '
        f'engName="{name.split("|")[1]}" paraPrIDRef="{n}" charPrIDRef="0" '
        f'nextStyleIDRef="{n}" langID="1042" lockForm="0"/>'
        for n, name in enumerate(_HWPX_STYLES)
    )
    shapes = (
        '<hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/></hh:paraPr>'
        + "".join(
            f'<hh:paraPr id="{20 + level}">'
            f'<hh:heading type="OUTLINE" idRef="1" level="{level - 1}"/></hh:paraPr>'
            for level in range(1, 4)
        )
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        f'<hh:head {_HWPX_NS} version="1.4" secCnt="1"><hh:refList>'
        f'<hh:paraProperties itemCnt="4">{shapes}</hh:paraProperties>'
        f'<hh:styles itemCnt="{len(_HWPX_STYLES)}">{styles}</hh:styles>'
        "</hh:refList></hh:head>"
    )


def _hwpx_section(blocks: Sequence[Block]) -> str:
    paragraphs = [f'<hp:p id="0" paraPrIDRef="0" styleIDRef="0">{_SECTION_PROPERTIES}</hp:p>']
    for kind, content in blocks:
        style, shape, run = 0, 0, ""
        if kind.startswith("개요"):
            style = _HWPX_STYLES.index(f"{kind}|Outline {kind.split()[1]}")
        elif kind.startswith("outline"):
            shape = 20 + int(kind.split()[1])
        if kind == "table":
            run = _hwpx_table(content)  # type: ignore[arg-type]
        elif kind == "memo":
            run = (
                '<hp:ctrl><hp:fieldBegin type="MEMO"><hp:subList><hp:p><hp:run>'
                "<hp:t>메모는 본문이 아니다</hp:t></hp:run></hp:p></hp:subList></hp:fieldBegin>"
                f"</hp:ctrl><hp:t>{escape(str(content))}</hp:t>"
            )
        else:
            run = f"<hp:t>{escape(str(content)).replace(chr(10), '<hp:lineBreak/>')}</hp:t>"
        paragraphs.append(
            f'<hp:p id="{len(paragraphs)}" paraPrIDRef="{shape}" styleIDRef="{style}" '
            f'pageBreak="0" columnBreak="0" merged="0"><hp:run charPrIDRef="0">{run}</hp:run>'
            "</hp:p>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
        f"<hs:sec {_HWPX_NS}>{''.join(paragraphs)}</hs:sec>"
    )


def _hwpx_table(rows: Sequence[Sequence[str]]) -> str:
    cells = "".join(
        "<hp:tr>"
        + "".join(
            f'<hp:tc><hp:subList><hp:p paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">'
            f"<hp:t>{escape(text)}</hp:t></hp:run></hp:p></hp:subList>"
            f'<hp:cellAddr colAddr="{c}" rowAddr="{r}"/><hp:cellSpan colSpan="1" rowSpan="1"/>'
            "</hp:tc>"
            for c, text in enumerate(row)
        )
        + "</hp:tr>"
        for r, row in enumerate(rows)
    )
    return f'<hp:tbl rowCnt="{len(rows)}" colCnt="{len(rows[0])}">{cells}</hp:tbl>'
