"""Read an HTML page or saved web page: its readable text by heading, without boilerplate.

The extractor is lxml.html with our own boilerplate rules, not trafilatura or a readability
port. lxml is already installed (python-docx and python-pptx require it), so this adds no
dependency; trafilatura would bring courlan, htmldate, justext and their date and URL packages,
and its scoring drops short pages and most headings, while the heading path is our location.
The rules are explicit and testable: scripts, styles, forms, navigation, headers, footers,
asides and hidden elements are dropped; a page's <main> (or its only <article>) is read when
it has one; headings h1-h6 open sections located by their path ("Budget › Costs").
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from workbench.kb import errors
from workbench.kb.documents import LoadedDocument, Section, SourceFile, sha256_hex
from workbench.kb.encoding import decode_text, normalise_text

HEADING_SEPARATOR = " › "
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_DROPPED = frozenset(
    (
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "math",
        "button",
        "select",
        "textarea",
        "canvas",
        "object",
        "embed",
        "dialog",
        "head",
    )
)
_DROPPED_ROLES = frozenset(
    ("navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar")
)
_BLOCKS = frozenset(
    (
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "li",
        "dt",
        "dd",
        "tr",
        "pre",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "ul",
        "ol",
        "dl",
        "address",
        "details",
        "summary",
        "caption",
        "hr",
        "body",
    )
)
_CELLS = frozenset(("td", "th"))
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_SNIFF_BYTES = 4096


def load_html(source: SourceFile, data: bytes) -> LoadedDocument:
    """The page's readable text in sections under their heading paths."""
    text, encoding = decode_html(data, source.name)
    root = readable_root(parse_html(text, source.name))
    sections = tuple(html_sections(root))
    if not sections:
        raise errors.empty_file(source.name)
    return LoadedDocument(
        name=source.name,
        kind="html",
        sha256=sha256_hex(data),
        sections=sections,
        encoding=encoding,
    )


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Decode by BOM, then the meta charset, then the bytes themselves."""
    declared = meta_charset(data)
    if declared and not data.startswith(_BOMS):
        try:
            return normalise_text(data.decode(declared)), declared
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_text(data, name)


def meta_charset(data: bytes) -> str | None:
    """The charset a <meta> tag near the top declares, by its Python codec name."""
    found = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    label = {"ks_c_5601-1987": "cp949", "euc-kr": "cp949", "x-windows-949": "cp949"}.get(
        label, label
    )
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def parse_html(text: str, name: str) -> lxml.html.HtmlElement:
    """The document tree; lxml recovers from broken markup, so only no markup at all fails."""
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise errors.empty_file(name) from exc


def readable_root(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The part worth reading: boilerplate removed, then <main>, the only <article>, or body."""
    for element in list(tree.iter()):
        if _is_boilerplate(element) and element.getparent() is not None:
            element.drop_tree()
    for path in ("//main", "//*[@role='main']", "//article"):
        found = tree.xpath(path)
        if len(found) == 1:
            return found[0]
    body = tree.find("body")
    return body if body is not None else tree


def _is_boilerplate(element: lxml.html.HtmlElement) -> bool:
    if not isinstance(element.tag, str):
        return True
    tag = element.tag.lower()
    if tag in _DROPPED:
        return True
    if tag == "header" and not _inside(element, ("article", "main")):
        return True
    attributes = element.attrib
    return (
        attributes.get("role", "").lower() in _DROPPED_ROLES
        or "hidden" in attributes
        or attributes.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(attributes.get("style", "")))
    )


def _inside(element: lxml.html.HtmlElement, tags: tuple[str, ...]) -> bool:
    return any(isinstance(a.tag, str) and a.tag.lower() in tags for a in element.iterancestors())


@dataclass
class _Reader:
    """Walks the tree once, collecting paragraphs under the current heading path."""

    path: list[tuple[int, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    done: list[Section] = field(default_factory=list)

    def walk(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            self.heading(_HEADINGS[tag], _clean(element.text_content()))
            return
        if tag == "br":
            self.end_line()
        elif tag in _CELLS and self.line:
            self.line.append(" | ")
        if tag in _BLOCKS:
            self.end_line()
        if tag == "li":
            self.line.append("- ")
        if element.text:
            self.line.append(element.text if tag == "pre" else _SPACES.sub(" ", element.text))
        for child in element:
            self.walk(child)
            if child.tail:
                self.line.append(_SPACES.sub(" ", child.tail))
        if tag in _BLOCKS:
            self.end_line()

    def end_line(self) -> None:
        text = normalise_text("".join(self.line)).strip()
        self.line.clear()
        if text and text != "-":
            self.paragraphs.append(text)

    def heading(self, level: int, text: str) -> None:
        self.flush()
        if not text:
            return
        self.path = [(lvl, name) for lvl, name in self.path if lvl < level] + [(level, text)]
        self.paragraphs.append(text)

    def flush(self) -> None:
        self.end_line()
        body = [p for p in self.paragraphs if p]
        heading = HEADING_SEPARATOR.join(name for _, name in self.path) or None
        if body and (len(body) > 1 or not self.path or body[0] != self.path[-1][1]):
            self.done.append(Section("\n\n".join(body), heading=heading))
        self.paragraphs = []


def html_sections(root: lxml.html.HtmlElement) -> Iterator[Section]:
    """Sections in document order, each under the heading path it sits below."""
    reader = _Reader()
    reader.walk(root)
    reader.flush()
    yield from reader.done


def _clean(text: str) -> str:
    return normalise_text(_SPACES.sub(" ", text)).strip()


def page_title(data: bytes, name: str) -> str:
    """The <title> of a page, or "" when it has none."""
    text, _ = decode_html(data, name)
    titles = parse_html(text, name).xpath("//title")
    return _clean(titles[0].text_content()) if titles else ""
