"""The HTTP server: routing, the request handler, and the FakeOllama daemon object."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from . import routes_embed, routes_generate, routes_models, routes_registry
from .models import FakeModel, default_models
from .names import name_key
from .state import DaemonState, Fault, Settings, Stopped
from .structured import FORMAT_FAULTS
from .transport import Aborted, ApiError, Exchange, try_json

Route = Callable[[Exchange], None]
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/"): routes_models.root,
    ("HEAD", "/"): routes_models.root,
    ("GET", "/api/version"): routes_models.version,
    ("HEAD", "/api/version"): routes_models.version,
    ("GET", "/api/tags"): routes_models.tags,
    ("HEAD", "/api/tags"): routes_models.tags,
    ("GET", "/api/ps"): routes_models.ps,
    ("POST", "/api/show"): routes_models.show,
    ("POST", "/api/copy"): routes_models.copy,
    ("DELETE", "/api/delete"): routes_models.delete,
    ("POST", "/api/pull"): routes_registry.pull,
    ("POST", "/api/create"): routes_registry.create,
    ("POST", "/api/chat"): routes_generate.chat,
    ("POST", "/api/generate"): routes_generate.generate,
    ("POST", "/api/embed"): routes_embed.embed,
    ("POST", "/api/embeddings"): routes_embed.embeddings,
    ("GET", "/_fake/generations"): routes_generate.generations,
}
BLOBS_PREFIX = "/api/blobs/"
DEFAULT_FAILURE = "an error was encountered while running the model: unexpected EOF"


class _Handler(BaseHTTPRequestHandler):
    """Dispatches every request to a route, answering Go-style errors."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        """Disable Nagle so streamed tokens leave immediately."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet unless the server is verbose."""
        if self.server.verbose:
            super().log_message(format, *args)

    def _dispatch(self) -> None:
        state = self.server.state
        path = urlsplit(self.path).path
        ex = Exchange(self, state, path)
        try:
            blob = path.startswith(BLOBS_PREFIX) and self.command in ("HEAD", "POST")
            if blob:
                state.record(self.command, path, None)
            else:
                state.record(self.command, path, try_json(ex.body()))
            if path.startswith("/api/"):
                state.sleep(state.settings.response_delay)
            if blob:
                routes_models.blobs(ex, path[len(BLOBS_PREFIX) :])
                return
            route = ROUTES.get((self.command, path))
            if route is None:
                ex.send_text(404, "404 page not found", "text/plain")
                return
            route(ex)
        except ApiError as error:
            if ex.started:
                self.close_connection = True
            else:
                self._answer(ex, error)
        except (Aborted, Stopped, OSError):
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

    def _answer(self, ex: Exchange, error: ApiError) -> None:
        try:
            ex.send_error(error)
        except Aborted:
            self.close_connection = True

    do_GET = do_POST = do_HEAD = do_DELETE = do_PUT = do_PATCH = do_OPTIONS = _dispatch


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that remembers its open connections so stop() can cut them."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: DaemonState, verbose: bool) -> None:
        self.state, self.verbose = state, verbose
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Track the connection, then serve it on a thread."""
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget the connection as it closes."""
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def cut_connections(self) -> None:
        """Shut down every open connection (the daemon vanished)."""
        with self.connections_lock:
            connections = list(self.connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class FakeOllama:
    """A fake Ollama daemon on a real local HTTP port, for tests, benchmarks and demos."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        models: Iterable[FakeModel] | None = None,
        token_delay: float = 0.0,
        answer_tokens: int | None = None,
        load_delay: float = 0.0,
        max_concurrency: int | None = None,
        max_queue: int | None = None,
        response_delay: float = 0.0,
        version: str = "0.24.0",
        gpu: bool = False,
        burn_ms: float = 0.0,
        burn_workers: int = 1,
        format_faults: Mapping[str, str] | None = None,
        always_call_tools: bool = False,
        scripted_replies: Mapping[str, Sequence[str]] | None = None,
        verbose: bool = False,
    ) -> None:
        settings = Settings(
            version=version,
            token_delay=token_delay,
            answer_tokens=answer_tokens,
            load_delay=load_delay,
            max_concurrency=max_concurrency,
            max_queue=max_queue,
            response_delay=response_delay,
            gpu=gpu,
            burn_ms=burn_ms,
            burn_workers=burn_workers,
            always_call_tools=always_call_tools,
        )
        self.state = DaemonState(settings=settings)
        for model_name, kind in (format_faults or {}).items():
            self.format_fault(model_name, kind)
        for model_name, texts in (scripted_replies or {}).items():
            self.script_replies(model_name, texts)
        for model in default_models() if models is None else models:
            self.state.install(model)
        self.host, self.port, self.verbose = host, port, verbose
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ----- lifecycle ----------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The base URL, e.g. "http://127.0.0.1:54321"."""
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the daemon is accepting connections."""
        return self._server is not None

    def start(self) -> FakeOllama:
        """Bind (a free port when port=0) and serve on a daemon thread."""
        if self._server is not None:
            return self
        self.state.stop_event.clear()
        self.state.start_burner()
        self._server = _Server((self.host, self.port), self.state, self.verbose)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-ollama-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Make the daemon vanish: close the listening socket and every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        self.state.stop_event.set()
        server.shutdown()
        server.server_close()
        server.cut_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.state.stop_burner()

    def __enter__(self) -> FakeOllama:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ----- knobs --------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """The live simulation knobs (token_delay, load_delay, max_concurrency, ...)."""
        return self.state.settings

    @property
    def token_delay(self) -> float:
        """Seconds per generated token."""
        return self.state.settings.token_delay

    @token_delay.setter
    def token_delay(self, value: float) -> None:
        self.state.settings.token_delay = value

    @property
    def response_delay(self) -> float:
        """Seconds added before answering any /api/ request."""
        return self.state.settings.response_delay

    @response_delay.setter
    def response_delay(self, value: float) -> None:
        self.state.settings.response_delay = value

    @property
    def always_call_tools(self) -> bool:
        """Whether a tools model calls a tool on every turn, right after a tool turn too (so
        a tool loop only ends at its step limit)."""
        return self.state.settings.always_call_tools

    @always_call_tools.setter
    def always_call_tools(self, value: bool) -> None:
        self.state.settings.always_call_tools = value

    # ----- fault injection ----------------------------------------------------------------
    def format_fault(self, model: str, kind: str | None) -> None:
        """Break every `format` answer of one model until cleared with None: "malformed" (not
        parseable JSON), "wrong" (JSON that breaks the schema) or "length" (cut off halfway,
        done_reason "length"); see structured.py."""
        if kind is not None and kind not in FORMAT_FAULTS:
            raise ValueError(f"unknown format fault {kind!r}; choose from {FORMAT_FAULTS}")
        key = name_key(model)
        if key is None:
            raise ValueError(f"invalid model name {model!r}")
        faults = self.state.settings.format_faults
        if kind is None:
            faults.pop(key, None)
        else:
            faults[key] = kind

    def script_replies(self, model: str, texts: Sequence[str] | None) -> None:
        """Answer the model's chat and generate requests with these texts in turn, cycling
        (streamed like any answer; `format` is ignored); None or [] restores planned answers."""
        key = name_key(model)
        if key is None:
            raise ValueError(f"invalid model name {model!r}")
        self.state.script(key, list(texts or []))

    def fail_stream_after(self, n_tokens: int, message: str = DEFAULT_FAILURE) -> None:
        """Next chat/generate: n tokens, then an {"error"} line in the 200 stream (500 if not
        streaming)."""
        self.state.arm(Fault("fail", n_tokens, message))

    def drop_stream_after(self, n_tokens: int) -> None:
        """Next chat/generate: n tokens, then the connection is cut without finishing."""
        self.state.arm(Fault("drop", n_tokens))

    # ----- inspection and setup -----------------------------------------------------------
    @property
    def requests(self) -> list[tuple[str, str, Any]]:
        """A snapshot of (method, path, parsed JSON body or None) for every request so far."""
        with self.state.lock:
            return list(self.state.request_log)

    @property
    def generations(self) -> list[dict[str, Any]]:
        """Every finished chat/generate: model, final metrics, start and end (epoch seconds)."""
        with self.state.lock:
            return list(self.state.generations)

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self.state.lock:
            self.state.request_log.clear()

    def add_model(self, model: FakeModel) -> None:
        """Install a model (replacing one with the same name)."""
        self.state.install(model)

    def remove_model(self, name: str) -> bool:
        """Uninstall a model; True if it existed."""
        return self.state.remove(name) is not None

    def model_names(self) -> list[str]:
        """Names of the installed models, as /api/tags lists them."""
        return [m.name for m in self.state.list_models()]

    def loaded_model_names(self) -> list[str]:
        """Names of the models currently in /api/ps."""
        return [entry.model.name for entry in self.state.loaded_entries()]

    def unload_all(self) -> None:
        """Empty /api/ps."""
        with self.state.lock:
            self.state.loaded.clear()
