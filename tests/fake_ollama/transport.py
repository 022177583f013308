"""HTTP plumbing for one exchange: reading bodies, Go-style JSON binding, and writing JSON,
empty, text and NDJSON-streamed responses."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

from .gofmt import JSON_CT, NDJSON_CT, go_json
from .state import DaemonState

_KINDS = {str: "string", bool: "bool", int: "number", float: "number", list: "array"}
_DECODE_ERRORS = {
    "Expecting value": "looking for beginning of value",
    "Expecting property name enclosed in double quotes": "looking for beginning of object key "
    "string",
    "Expecting ':' delimiter": "after object key",
    "Expecting ',' delimiter": "after object key:value pair",
}


class ApiError(Exception):
    """An error answered as {"error": message} with an HTTP status."""

    def __init__(self, status: int, message: str, content_type: str = JSON_CT) -> None:
        super().__init__(message)
        self.status, self.message, self.content_type = status, message, content_type


class Aborted(Exception):
    """The connection was closed without (completing) a response."""


def _kind(value: Any) -> str:
    return "object" if isinstance(value, dict) else _KINDS.get(type(value), "value")


def _type_ok(value: Any, go_type: str) -> bool:
    if value is None or go_type == "any":
        return True
    if go_type == "string":
        return isinstance(value, str)
    if go_type == "bool":
        return isinstance(value, bool)
    if go_type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if go_type.startswith("map["):
        return isinstance(value, dict)
    if go_type.startswith("[]"):
        return isinstance(value, list)
    return True


def bind_json(raw: bytes, struct: str, fields: dict[str, str]) -> dict[str, Any]:
    """Decode a request body like gin's ShouldBindJSON into api.<struct>; raise ApiError 400."""
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        raise ApiError(400, "missing request body")
    try:
        value, _ = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text):
            raise ApiError(400, "unexpected EOF") from None
        context = _DECODE_ERRORS.get(exc.msg, "looking for beginning of value")
        raise ApiError(400, f"invalid character {text[exc.pos]!r} {context}") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        message = f"json: cannot unmarshal {_kind(value)} into Go value of type api.{struct}"
        raise ApiError(400, message)
    for key, go_type in fields.items():
        field_value = value.get(key)
        if not _type_ok(field_value, go_type):
            shown = _kind(field_value)
            if go_type == "int" and isinstance(field_value, float):
                shown = f"number {field_value:g}"
            raise ApiError(
                400,
                f"json: cannot unmarshal {shown} into Go struct field {struct}.{key} "
                f"of type {go_type}",
            )
    return value


def try_json(raw: bytes) -> Any:
    """The parsed JSON body for the request log, or None."""
    try:
        return json.loads(raw) if raw.strip() else None
    except (ValueError, UnicodeDecodeError):
        return None


class Exchange:
    """One request and its response, on top of a BaseHTTPRequestHandler."""

    def __init__(self, handler: BaseHTTPRequestHandler, state: DaemonState, path: str) -> None:
        self.handler, self.state, self.path = handler, state, path
        self.method = handler.command
        self.started = False
        self._body: bytes | None = None

    # ----- request body -------------------------------------------------------------------
    def iter_body(self) -> Iterator[bytes]:
        """Yield the raw body in pieces (Content-Length or chunked)."""
        headers, rfile = self.handler.headers, self.handler.rfile
        if "chunked" in headers.get("Transfer-Encoding", "").lower():
            while True:
                size_line = rfile.readline(65537)
                if not size_line:
                    raise Aborted
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return
                chunk = rfile.read(size)
                rfile.readline(65537)
                yield chunk
        else:
            remaining = int(headers.get("Content-Length") or 0)
            while remaining > 0:
                chunk = rfile.read(min(remaining, 1 << 16))
                if not chunk:
                    raise Aborted
                remaining -= len(chunk)
                yield chunk

    def body(self) -> bytes:
        """The whole request body (read once)."""
        if self._body is None:
            self._body = b"".join(self.iter_body())
        return self._body

    def json(self, struct: str, fields: dict[str, str]) -> dict[str, Any]:
        """The body bound to api.<struct> with Go's error texts."""
        return bind_json(self.body(), struct, fields)

    # ----- responses ----------------------------------------------------------------------
    def _head(self, status: int, headers: dict[str, str]) -> None:
        handler = self.handler
        handler.log_request(status)
        handler.send_response_only(status)
        handler.send_header("Date", handler.date_time_string())
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        self.started = True

    def _write(self, data: bytes) -> None:
        try:
            self.handler.wfile.write(data)
            self.handler.wfile.flush()
        except OSError:
            raise Aborted from None

    def send_bytes(self, status: int, data: bytes, content_type: str | None) -> None:
        """Send a complete response (headers only for HEAD)."""
        headers = {"Content-Type": content_type} if content_type else {}
        headers["Content-Length"] = str(len(data))
        try:
            self._head(status, headers)
        except OSError:
            raise Aborted from None
        if self.method != "HEAD" and data:
            self._write(data)

    def send_json(self, status: int, payload: Any, content_type: str = JSON_CT) -> None:
        """Send a JSON body encoded the way Go does."""
        self.send_bytes(status, go_json(payload), content_type)

    def send_error(self, error: ApiError) -> None:
        """Send {"error": ...} with the error's status."""
        self.send_json(error.status, {"error": error.message}, error.content_type)

    def send_empty(self, status: int) -> None:
        """Send a body-less response with no Content-Type."""
        self.send_bytes(status, b"", None)

    def send_text(self, status: int, text: str, content_type: str) -> None:
        """Send a plain text body."""
        self.send_bytes(status, text.encode("utf-8"), content_type)

    def stream(self) -> NdjsonStream:
        """Start a 200 application/x-ndjson chunked stream."""
        try:
            self._head(200, {"Content-Type": NDJSON_CT, "Transfer-Encoding": "chunked"})
        except OSError:
            raise Aborted from None
        return NdjsonStream(self)

    def abort(self) -> None:
        """Close the connection abruptly, mid-response or before it."""
        self.handler.close_connection = True
        with contextlib.suppress(OSError):
            self.handler.connection.shutdown(socket.SHUT_RDWR)
        raise Aborted


class NdjsonStream:
    """A chunked NDJSON response body."""

    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange

    def send(self, payload: Any) -> None:
        """Write one JSON line as one chunk."""
        line = go_json(payload) + b"\n"
        self.exchange._write(b"%x\r\n%s\r\n" % (len(line), line))

    def end(self) -> None:
        """Terminate the chunked body."""
        self.exchange._write(b"0\r\n\r\n")
