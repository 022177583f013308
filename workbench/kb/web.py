"""Fetch a web page by URL with httpx, within limits, as a file for the knowledge base."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from workbench.kb import errors
from workbench.kb.documents import SourceFile
from workbench.kb.html import page_title

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MEGABYTE
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 20.0
SCHEMES = ("http", "https")
# Content type -> extension of the loader that reads it.
TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
}
MAX_TITLE_CHARS = 80
_REDIRECTS = (301, 302, 303, 307, 308)
_UNSAFE_NAME = re.compile(r"[\x00-\x1f]+")
USER_AGENT = "ollama-workbench (knowledge base)"


@dataclass(frozen=True)
class WebLimits:
    """How much a fetch may download, how many redirects it follows and how long it waits."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class WebPage:
    """A downloaded page: where it was asked for, where it ended up, when, and its bytes."""

    url: str
    final_url: str
    content_type: str
    data: bytes
    retrieved_at: str
    redirects: int = 0

    @property
    def name(self) -> str:
        """The document's name: its title and final URL, ending in its loader's extension."""
        return page_name(self)

    def source(self) -> SourceFile:
        """The page as a file for the loaders, named by title and final URL."""
        return SourceFile(
            self.name, data=self.data, url=self.final_url, retrieved_at=self.retrieved_at
        )


def check_url(url: str) -> str:
    """The URL stripped, or a refusal when it is not http(s) with a host."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise errors.web_bad_url(url)
    return url


def fetch_page(
    url: str, limits: WebLimits = WebLimits(), transport: httpx.BaseTransport | None = None
) -> WebPage:
    """Download a page, following at most `limits.max_redirects` http(s) redirects and
    stopping as soon as it grows past `limits.max_bytes`."""
    current = check_url(url)
    with httpx.Client(
        timeout=limits.timeout,
        follow_redirects=False,
        transport=transport,
        headers={"User-Agent": USER_AGENT},
    ) as client:
        for redirects in range(limits.max_redirects + 1):
            page_or_next = _get(client, current, url, limits, redirects)
            if isinstance(page_or_next, WebPage):
                return page_or_next
            current = page_or_next
    raise errors.web_too_many_redirects(url, limits.max_redirects)


def _get(
    client: httpx.Client, current: str, asked: str, limits: WebLimits, redirects: int
) -> WebPage | str:
    """One request: the page, or the next URL of a redirect."""
    try:
        with client.stream("GET", current) as response:
            if response.status_code in _REDIRECTS and "location" in response.headers:
                return check_url(urljoin(current, response.headers["location"]))
            if response.status_code >= 400:
                raise errors.web_http_status(current, response.status_code, response.reason_phrase)
            kind = content_type(response)
            if kind not in TYPES:
                raise errors.web_wrong_type(current, kind or "?", ", ".join(TYPES))
            data = _body(response, current, limits.max_bytes)
    except httpx.TimeoutException as exc:
        raise errors.web_timeout(current, limits.timeout) from exc
    except httpx.TransportError as exc:
        raise errors.web_unreachable(current, str(exc) or type(exc).__name__) from exc
    return WebPage(asked, current, kind, data, _now(), redirects)


def content_type(response: httpx.Response) -> str:
    """The media type without parameters, lower case."""
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _body(response: httpx.Response, url: str, limit: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise errors.web_too_large(url, limit)
    received = bytearray()
    for piece in response.iter_bytes():
        received += piece
        if len(received) > limit:
            raise errors.web_too_large(url, limit)
    if charset := response.charset_encoding:
        return _as_utf8(bytes(received), charset, response)
    return bytes(received)


def _as_utf8(data: bytes, charset: str, response: httpx.Response) -> bytes:
    """Text re-encoded as UTF-8 with a BOM, so the header's charset outranks a page's meta tag
    (as in browsers); a charset Python does not know leaves the bytes as they are."""
    if content_type(response) == "application/pdf":
        return data
    try:
        return "\ufeff".encode() + data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data


def page_name(page: WebPage) -> str:
    """The title, a middle dot and host/path, ending in the loader's extension (no title: the
    address alone), e.g. "Guide · example.com/docs/guide.html"."""
    parts = urlsplit(page.final_url)
    where = (parts.hostname or "") + (parts.path.rstrip("/") or "")
    if parts.query:
        where += f"?{parts.query}"
    extension = TYPES[page.content_type]
    if not where.lower().endswith(extension):
        where += extension
    title = _title(page.data, where) if extension == ".html" else ""
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return _UNSAFE_NAME.sub(" ", f"{title} · {where}" if title else where)


def _title(data: bytes, name: str) -> str:
    try:
        return page_title(data, name)
    except errors.FileRejected:
        return ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
