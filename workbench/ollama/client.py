"""A thin wrapper over the official `ollama.Client`: real timeouts, typed records, our errors."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import ollama

from workbench.errors import BadRequest, DaemonBusy
from workbench.ollama.errors import ollama_errors
from workbench.ollama.generation import TextStream, ToolCall
from workbench.ollama.models import (
    InstalledModel,
    ModelDetails,
    PullProgress,
    RunningModel,
    installed_model_from_tags,
    model_details_from_show,
    running_model_from_ps,
)
from workbench.settings import Settings

EMBED_BATCH = 32
BUSY_RETRIES = 4
UPLOAD_CHUNK = 1 << 20


class OllamaService:
    """Everything the workbench asks of one Ollama daemon."""

    def __init__(
        self,
        host: str,
        connect_timeout: float = 3.0,
        request_timeout: float = 30.0,
        stream_timeout: float = 300.0,
    ) -> None:
        self.host = host
        quick = httpx.Timeout(request_timeout, connect=connect_timeout)
        slow = httpx.Timeout(stream_timeout, connect=connect_timeout)
        self._quick = ollama.Client(host=host, timeout=quick)
        self._slow = ollama.Client(host=host, timeout=slow)
        self._http = httpx.Client(base_url=host, timeout=quick)
        self._stream_http = httpx.Client(base_url=host, timeout=slow)

    @classmethod
    def from_settings(cls, settings: Settings) -> OllamaService:
        """Build a service for the daemon and timeouts named in the settings."""
        return cls(
            settings.ollama_host,
            settings.connect_timeout,
            settings.request_timeout,
            settings.stream_timeout,
        )

    def close(self) -> None:
        """Close the underlying HTTP connections."""
        self._quick.close()
        self._slow.close()
        self._http.close()
        self._stream_http.close()

    def _request_json(
        self, method: str, path: str, body: dict[str, Any] | None = None, model: str = ""
    ) -> dict[str, Any]:
        with ollama_errors(self.host, model):
            response = self._http.request(method, path, json=body)
            if response.status_code >= 400:
                raise ollama.ResponseError(_error_text(response), response.status_code)
            return response.json()

    def version(self) -> str:
        """The daemon's version string (the client has no method for it)."""
        return str(self._request_json("GET", "/api/version").get("version", ""))

    def list_models(self, with_details: bool = True) -> list[InstalledModel]:
        """Installed models; with details, capabilities and context length come from show."""
        rows = self._request_json("GET", "/api/tags").get("models") or []
        models = [installed_model_from_tags(row) for row in rows]
        if not with_details:
            return models
        return [self._complete(model) for model in models]

    def _complete(self, model: InstalledModel) -> InstalledModel:
        if model.capabilities and model.context_length:
            return model
        details = self.show(model.name)
        return replace(
            model,
            capabilities=model.capabilities or details.capabilities,
            context_length=model.context_length or details.context_length,
        )

    def show(self, name: str) -> ModelDetails:
        """Everything about one model, including system and messages that the client hides."""
        body = self._request_json("POST", "/api/show", {"model": name}, model=name)
        return model_details_from_show(name, body)

    def running(self) -> list[RunningModel]:
        """Models currently loaded in memory."""
        with ollama_errors(self.host):
            response = self._quick.ps()
        return [running_model_from_ps(row.model_dump()) for row in response.models]

    def pull(self, name: str) -> Iterator[PullProgress]:
        """Pull a model, yielding each status line as it arrives."""
        with ollama_errors(self.host, name, streaming=True):
            for part in self._slow.pull(name, stream=True):
                yield PullProgress(
                    status=part.status or "",
                    digest=part.digest or "",
                    completed=int(part.completed or 0),
                    total=int(part.total or 0),
                )

    def has_blob(self, digest: str) -> bool:
        """True when the daemon already stores the blob with this digest."""
        with ollama_errors(self.host):
            response = self._http.head(f"/api/blobs/{digest}")
            if response.status_code not in (200, 404):
                raise ollama.ResponseError(_error_text(response), response.status_code)
            return response.status_code == 200

    def upload_blob(
        self, path: Path, digest: str, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Upload a file as a blob, calling progress(bytes sent, total) along the way."""
        total = path.stat().st_size

        def chunks() -> Iterator[bytes]:
            sent = 0
            with path.open("rb") as handle:
                while chunk := handle.read(UPLOAD_CHUNK):
                    sent += len(chunk)
                    yield chunk
                    if progress is not None:
                        progress(sent, total)

        with ollama_errors(self.host):
            response = self._stream_http.post(
                f"/api/blobs/{digest}", content=chunks(), headers={"Content-Length": str(total)}
            )
            if response.status_code >= 400:
                raise ollama.ResponseError(_error_text(response), response.status_code)

    def create(self, body: dict[str, Any]) -> Iterator[PullProgress]:
        """POST /api/create with a structured body, yielding each status line."""
        model = str(body.get("from", body.get("model", "")))
        with (
            ollama_errors(self.host, model, streaming=True),
            self._stream_http.stream(
                "POST", "/api/create", json={**body, "stream": True}
            ) as response,
        ):
            if response.status_code >= 400:
                response.read()
                raise ollama.ResponseError(_error_text(response), response.status_code)
            for line in response.iter_lines():
                if not line.strip():
                    continue
                part = json.loads(line)
                if "error" in part:
                    raise ollama.ResponseError(part["error"], -1)
                yield PullProgress(
                    status=part.get("status", ""),
                    digest=part.get("digest", ""),
                    completed=int(part.get("completed") or 0),
                    total=int(part.get("total") or 0),
                )

    def copy(self, source: str, destination: str) -> None:
        """Copy a model under a new name."""
        with ollama_errors(self.host, source):
            self._quick.copy(source, destination)

    def delete(self, name: str) -> None:
        """Delete a model, unloading it first if it is running."""
        if any(m.name == name for m in self.running()):
            self.unload(name)
        with ollama_errors(self.host, name):
            self._quick.delete(name)

    def load(self, name: str) -> None:
        """Load a model into memory without generating anything."""
        with ollama_errors(self.host, name):
            self._slow.generate(model=name)

    def unload(self, name: str) -> None:
        """Unload a model from memory now (keep_alive 0)."""
        try:
            with ollama_errors(self.host, name):
                self._quick.generate(model=name, keep_alive=0)
        except BadRequest:
            with ollama_errors(self.host, name):
                self._quick.embed(model=name, input=[], keep_alive=0)

    def chat(
        self,
        model: str,
        messages: Sequence[dict[str, Any]],
        options: dict[str, Any] | None = None,
        think: bool | str | None = None,
        keep_alive: float | str | None = None,
        format: str | dict[str, Any] | None = None,
        tools: Sequence[dict[str, Any]] | None = None,
    ) -> TextStream:
        """Stream a chat answer; nothing is sent until the stream is iterated.

        `format` is "json" or a JSON Schema; `tools` are Ollama tool definitions, and the calls
        the model makes are in the stream's `tool_calls` once it is read.
        """
        with ollama_errors(self.host, model):
            chunks = self._slow.chat(
                model=model,
                messages=list(messages),
                tools=list(tools) if tools else None,
                options=options,
                think=think,
                keep_alive=keep_alive,
                format=format,
                stream=True,
            )
        return TextStream(chunks, _split_chat, self._guard(model), _chat_tool_calls)

    def generate(
        self,
        model: str,
        prompt: str,
        system: str | None = None,
        options: dict[str, Any] | None = None,
        think: bool | str | None = None,
        keep_alive: float | str | None = None,
    ) -> TextStream:
        """Stream a completion for a bare prompt."""
        with ollama_errors(self.host, model):
            chunks = self._slow.generate(
                model=model,
                prompt=prompt,
                system=system,
                options=options,
                think=think,
                keep_alive=keep_alive,
                stream=True,
            )
        return TextStream(chunks, _split_generate, self._guard(model))

    def _guard(self, model: str) -> Callable[[Iterator[Any]], Iterator[Any]]:
        def guard(chunks: Iterator[Any]) -> Iterator[Any]:
            with ollama_errors(self.host, model, streaming=True):
                yield from chunks

        return guard

    def embed(
        self, model: str, texts: Sequence[str], batch_size: int = EMBED_BATCH
    ) -> list[list[float]]:
        """Embed texts in batches (one /api/embed call per batch), retrying a busy daemon."""
        vectors: list[list[float]] = []
        for start in range(0, len(texts), batch_size):
            batch = list(texts[start : start + batch_size])
            vectors.extend(self._embed_batch(model, batch))
        return vectors

    def _embed_batch(self, model: str, batch: list[str]) -> list[list[float]]:
        for attempt in range(BUSY_RETRIES + 1):
            try:
                with ollama_errors(self.host, model):
                    return [list(v) for v in self._slow.embed(model=model, input=batch).embeddings]
            except DaemonBusy:
                if attempt == BUSY_RETRIES:
                    raise
                time.sleep(0.5 * 2**attempt)
        return []


def _split_chat(chunk: Any) -> tuple[str, str]:
    message = chunk.message
    return (message.thinking or "", message.content or "") if message else ("", "")


def _chat_tool_calls(chunk: Any) -> list[ToolCall]:
    message = chunk.message
    calls = (message.tool_calls or []) if message else []
    return [ToolCall(call.function.name, dict(call.function.arguments or {})) for call in calls]


def _split_generate(chunk: Any) -> tuple[str, str]:
    return chunk.thinking or "", chunk.response or ""


def _error_text(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", response.text))
    except ValueError:
        return response.text or response.reason_phrase
