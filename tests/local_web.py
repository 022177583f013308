"""A local HTTP server in a thread that serves the web-page cases (never the internet)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KOREAN_PAGE = """<!DOCTYPE html><html><head><meta charset="euc-kr"><title>2026년 예산 안내</title>
<script>var secret = "비밀";</script></head><body><nav>홈 | 메뉴</nav>
<main><h1>2026년 예산</h1><p>총 예산은 3억 원입니다.</p><h2>비용</h2><p>인건비가 가장 큽니다.</p>
</main><footer>저작권 2026</footer></body></html>"""
ENGLISH_PAGE = """<html><head><title>Release notes</title></head><body>
<h1>Release 2.0</h1><p>The workbench now reads web pages.</p></body></html>"""
SLOW_SECONDS = 3.0


class _Handler(BaseHTTPRequestHandler):
    """Routes for each case; `/redirect/N` redirects N more times before the English page."""

    def do_GET(self) -> None:
        path = self.path
        if path == "/ko":
            self._send(200, "text/html", KOREAN_PAGE.encode("cp949"))
        elif path == "/ko-header-charset":
            page = KOREAN_PAGE.replace('<meta charset="euc-kr">', '<meta charset="utf-8">')
            self._send(200, "text/html; charset=euc-kr", page.encode("cp949"))
        elif path == "/en":
            self._send(200, "text/html; charset=utf-8", ENGLISH_PAGE.encode())
        elif path == "/notes.txt":
            self._send(200, "text/plain; charset=utf-8", "회의록: 예산 승인\nMinutes".encode())
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect("/en" if left <= 1 else f"/redirect/{left - 1}")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/image.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        elif path == "/big-declared":
            self._send(200, "text/html", b"<p>" + b"x" * 4096 + b"</p>")
        elif path == "/big-streamed":
            self._stream_big()
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, "text/html", b"<p>late</p>")
        else:
            self._send(404, "text/html", b"<h1>Not found</h1>")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream_big(self) -> None:
        """No Content-Length: the client must count and stop by itself."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(64):
                self.wfile.write(b"<p>" + b"y" * 1024 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        """Quiet."""


@contextmanager
def local_server() -> Iterator[str]:
    """A local HTTP server in a thread; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
