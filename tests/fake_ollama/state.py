"""The daemon's mutable state: installed models, blobs, loaded models, the request queue,
injected faults and the request log, all behind one lock."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .burn import Burner
from .gofmt import FOREVER_SECONDS, rfc3339_nano
from .models import FakeModel, registry_models
from .names import name_key


@dataclass
class Settings:
    """Simulation knobs; they may be changed while the daemon runs."""

    version: str = "0.24.0"
    token_delay: float = 0.0
    answer_tokens: int | None = None
    load_delay: float = 0.0
    max_concurrency: int | None = None
    max_queue: int | None = None
    response_delay: float = 0.0
    default_keep_alive: float = 300.0
    gpu: bool = False
    burn_ms: float = 0.0
    burn_workers: int = 1
    pull_failure: str = ""  # when set, every pull fails mid-stream with this error line
    # model name key -> "malformed" | "wrong" | "length": that model's `format` answers break
    format_faults: dict[str, str] = field(default_factory=dict)
    always_call_tools: bool = False  # a tools model calls a tool after tool turns too
    # model name key -> texts its chat/generate answers give in turn (cycling), see scripted()
    scripted_replies: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Fault:
    """A fault armed for the next chat/generate request."""

    kind: Literal["fail", "drop"]
    after: int
    message: str = ""


@dataclass
class Blob:
    """An uploaded blob: its size and its first bytes (enough to sniff headers)."""

    size: int
    head: bytes


@dataclass
class LoadedModel:
    """A model resident in memory, as /api/ps reports it."""

    model: FakeModel
    expires_ns: int
    context_length: int
    size: int


class Busy(Exception):
    """The request queue is full (503)."""


class Stopped(Exception):
    """The daemon was stopped while the request was in progress."""


@dataclass
class DaemonState:
    """Everything the fake daemon knows, guarded by `lock`."""

    settings: Settings = field(default_factory=Settings)
    lock: threading.RLock = field(default_factory=threading.RLock)
    stop_event: threading.Event = field(default_factory=threading.Event)
    models: dict[str, FakeModel] = field(default_factory=dict)
    registry: dict[str, FakeModel] = field(default_factory=dict)
    blobs: dict[str, Blob] = field(default_factory=dict)
    loaded: dict[str, LoadedModel] = field(default_factory=dict)
    request_log: list[tuple[str, str, Any]] = field(default_factory=list)
    generations: list[dict[str, Any]] = field(default_factory=list)
    faults: deque[Fault] = field(default_factory=deque)
    burner: Burner | None = None
    _slots: threading.Condition = field(default_factory=threading.Condition)
    _running: int = 0
    _waiting: int = 0
    _load_locks: dict[str, threading.Lock] = field(default_factory=dict)
    _generated: threading.Condition = field(default_factory=threading.Condition)
    _script_turns: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Fill the pullable registry."""
        self.registry = {name_key(m.name) or m.name: m for m in registry_models()}

    # ----- models -------------------------------------------------------------------------
    def find(self, name: object) -> FakeModel | None:
        """The installed model with this name (case-insensitive, ":latest" implied)."""
        key = name_key(name)
        with self.lock:
            return self.models.get(key) if key else None

    def install(self, model: FakeModel) -> None:
        """Add or replace an installed model."""
        with self.lock:
            self.models[name_key(model.name) or model.name] = model

    def remove(self, name: object) -> FakeModel | None:
        """Delete an installed model (and unload it); return it, or None if unknown."""
        key = name_key(name)
        with self.lock:
            self.loaded.pop(key or "", None)
            return self.models.pop(key, None) if key else None

    def list_models(self) -> list[FakeModel]:
        """Installed models, newest first (as /api/tags sorts them)."""
        with self.lock:
            models = list(self.models.values())
        return sorted(models, key=lambda m: (m.modified_at, m.name), reverse=True)

    def registry_model(self, name: object) -> FakeModel | None:
        """A fresh copy of a pullable model, or None when the registry lacks it."""
        key = name_key(name)
        found = self.registry.get(key) if key else None
        return replace(found, modified_at=rfc3339_nano()) if found else None

    def known_layers(self) -> set[str]:
        """Digests of every layer of every installed model and every uploaded blob."""
        with self.lock:
            digests = {d for m in self.models.values() for _, d, _ in m.layers()}
            return digests | set(self.blobs)

    # ----- blobs --------------------------------------------------------------------------
    def has_blob(self, hex_digest: str) -> bool:
        """Whether a blob exists (uploaded, or a layer of an installed model)."""
        return hex_digest in self.known_layers()

    def put_blob(self, hex_digest: str, size: int, head: bytes) -> None:
        """Record an uploaded blob."""
        with self.lock:
            self.blobs[hex_digest] = Blob(size, head)

    def blob(self, hex_digest: str) -> Blob | None:
        """An uploaded blob's record."""
        with self.lock:
            return self.blobs.get(hex_digest)

    # ----- loading and scheduling ---------------------------------------------------------
    def sleep(self, seconds: float) -> None:
        """Wait, waking early (with Stopped) if the daemon stops."""
        if self.stop_event.is_set() or (seconds > 0 and self.stop_event.wait(seconds)):
            raise Stopped

    def _expiry(self, keep_alive: float | None) -> int:
        seconds = self.settings.default_keep_alive if keep_alive is None else keep_alive
        seconds = FOREVER_SECONDS if math.isinf(seconds) else seconds
        return time.time_ns() + int(seconds * 1e9)

    def loaded_entries(self) -> list[LoadedModel]:
        """Loaded models that have not expired, longest remaining time first."""
        now = time.time_ns()
        with self.lock:
            for key in [k for k, v in self.loaded.items() if v.expires_ns <= now]:
                del self.loaded[key]
            entries = list(self.loaded.values())
        return sorted(entries, key=lambda e: e.expires_ns, reverse=True)

    def unload(self, model: FakeModel) -> None:
        """Drop a model from memory."""
        with self.lock:
            self.loaded.pop(name_key(model.name) or "", None)

    def _acquire_slot(self) -> None:
        with self._slots:
            limit = self.settings.max_concurrency
            if limit is None or self._running < limit:
                self._running += 1
                return
            if self.settings.max_queue is not None and self._waiting >= self.settings.max_queue:
                raise Busy
            self._waiting += 1
            try:
                while True:
                    limit = self.settings.max_concurrency
                    if limit is None or self._running < limit:
                        break
                    if self.stop_event.is_set():
                        raise Stopped
                    self._slots.wait(0.05)
            finally:
                self._waiting -= 1
            self._running += 1

    def _release_slot(self) -> None:
        with self._slots:
            self._running -= 1
            self._slots.notify_all()

    def _ensure_loaded(self, model: FakeModel, keep_alive: float | None, ctx: int) -> None:
        key = name_key(model.name) or model.name
        with self.lock:
            load_lock = self._load_locks.setdefault(key, threading.Lock())
        with load_lock:
            if not any(
                e.model is model or name_key(e.model.name) == key for e in self.loaded_entries()
            ):
                self.sleep(self.settings.load_delay)
            self._mark_loaded(model, keep_alive, ctx)

    def _mark_loaded(self, model: FakeModel, keep_alive: float | None, ctx: int) -> None:
        key = name_key(model.name) or model.name
        with self.lock:
            if key not in self.models:
                return
            size = int(model.size * 1.5) + ctx * 4096
            self.loaded[key] = LoadedModel(model, self._expiry(keep_alive), ctx, size)

    @contextmanager
    def lease(self, model: FakeModel, keep_alive: float | None, ctx: int) -> Iterator[int]:
        """Queue for a slot, load the model if needed; yields the nanoseconds that took."""
        start = time.monotonic_ns()
        self._acquire_slot()
        try:
            self._ensure_loaded(model, keep_alive, ctx)
            yield max(time.monotonic_ns() - start, 1000)
        finally:
            if keep_alive == 0:
                self.unload(model)
            else:
                self._mark_loaded(model, keep_alive, ctx)
            self._release_slot()

    # ----- the cost of a token -----------------------------------------------------------
    def start_burner(self) -> None:
        """Start the CPU-burning workers if tokens cost CPU and they are not running yet."""
        with self.lock:
            if self.settings.burn_ms > 0 and self.burner is None:
                self.burner = Burner(self.settings.burn_workers)

    def stop_burner(self) -> None:
        """Stop the CPU-burning workers."""
        with self.lock:
            burner, self.burner = self.burner, None
        if burner is not None:
            burner.close()

    def spend_token(self) -> None:
        """What one generated token costs: token_delay of waiting, then burn_ms of CPU."""
        self.sleep(self.settings.token_delay)
        if self.settings.burn_ms > 0:
            self.start_burner()
            burner = self.burner
            if burner is not None:
                burner.burn(self.settings.burn_ms)
            if self.stop_event.is_set():
                raise Stopped

    # ----- faults and logs ----------------------------------------------------------------
    def arm(self, fault: Fault) -> None:
        """Arm a fault for the next chat/generate request."""
        with self.lock:
            self.faults.append(fault)

    def script(self, key: str, texts: list[str]) -> None:
        """Script a model's answers from its first text on ([] removes the script)."""
        with self.lock:
            self._script_turns.pop(key, None)
            if texts:
                self.settings.scripted_replies[key] = texts
            else:
                self.settings.scripted_replies.pop(key, None)

    def next_scripted(self, model: FakeModel) -> str | None:
        """The model's next scripted answer (cycling through its texts), or None."""
        key = name_key(model.name) or model.name
        with self.lock:
            texts = self.settings.scripted_replies.get(key)
            if not texts:
                return None
            turn = self._script_turns.get(key, 0)
            self._script_turns[key] = turn + 1
            return texts[turn % len(texts)]

    def take_fault(self) -> Fault | None:
        """Pop the next armed fault, if any."""
        with self.lock:
            return self.faults.popleft() if self.faults else None

    def record(self, method: str, path: str, body: Any) -> None:
        """Append a request to the log."""
        with self.lock:
            self.request_log.append((method, path, body))

    def record_generation(self, model: str, metrics: dict[str, int]) -> None:
        """Log a finished generation: its model, final metrics and when it started and ended."""
        finished = time.time()
        entry = {"model": model, **metrics, "finished": finished}
        entry["started"] = finished - metrics["total_duration"] / 1e9
        with self._generated:
            self.generations.append(entry)
            self._generated.notify_all()

    def wait_for_generations(self, count: int, timeout: float) -> list[dict[str, Any]]:
        """The generation log once it holds `count` entries (or after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        with self._generated:
            while len(self.generations) < count and not self.stop_event.is_set():
                if time.monotonic() > deadline:
                    break
                self._generated.wait(0.5)
            return list(self.generations)
