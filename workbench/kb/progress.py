"""Ingest progress: per-file status, chunk counts, speed and time left, for a progress bar."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from workbench.errors import WorkbenchError
from workbench.kb.language import KbWarning


class FileStatus(StrEnum):
    """Where one file is in the ingest."""

    QUEUED = "queued"
    READING = "reading"
    EMBEDDING = "embedding"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class FileProgress:
    """One file's state; `reason`, `error_code` and `error_params` explain a failure."""

    name: str
    status: FileStatus = FileStatus.QUEUED
    chunks_total: int = 0
    chunks_done: int = 0
    chunks_skipped: int = 0
    chunks_removed: int = 0
    pages: int = 0
    pages_to_read: int = 0
    pages_read: int = 0
    warnings: tuple[KbWarning, ...] = ()
    reason: str = ""
    error_code: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IngestProgress:
    """A snapshot of the whole ingest, sent to the callback after every change."""

    files: tuple[FileProgress, ...]
    chunks_done: int
    chunks_total: int
    chunks_per_second: float | None
    seconds_left: float | None
    elapsed: float

    @property
    def fraction(self) -> float:
        """Share of known chunks stored (0.0-1.0), for a progress bar."""
        return self.chunks_done / self.chunks_total if self.chunks_total else 0.0

    @property
    def failed(self) -> list[FileProgress]:
        """The files that could not be ingested."""
        return [f for f in self.files if f.status is FileStatus.FAILED]

    @property
    def finished(self) -> bool:
        """True when every file is done or failed."""
        ended = (FileStatus.DONE, FileStatus.FAILED, FileStatus.SKIPPED)
        return all(f.status in ended for f in self.files)


ProgressCallback = Callable[[IngestProgress], None]


class ProgressTracker:
    """Keeps the per-file records and reports a fresh snapshot after each change."""

    def __init__(
        self,
        names: Sequence[str],
        callback: ProgressCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.files = [FileProgress(name) for name in names]
        self._callback = callback
        self._clock = clock
        self._started = clock()
        self._embedding_started: float | None = None
        self._embedded = 0

    def update(self, index: int, **changes: Any) -> None:
        """Change one file's record and report."""
        self.files[index] = replace(self.files[index], **changes)
        self._report()

    def fail(self, index: int, error: WorkbenchError) -> None:
        """Mark a file failed with the error's message, code and parameters."""
        self.update(
            index,
            status=FileStatus.FAILED,
            reason=error.message,
            error_code=error.code,
            error_params=dict(error.params),
        )

    def skip(self, index: int, code: str, message: str, **params: Any) -> None:
        """Mark a file skipped, with the note that says why."""
        self.update(
            index,
            status=FileStatus.SKIPPED,
            reason=message,
            error_code=code,
            error_params=params,
        )

    def start_embedding(self) -> None:
        """Start the clock that measures embedding speed."""
        if self._embedding_started is None:
            self._embedding_started = self._clock()

    def embedded(self, index: int, count: int) -> None:
        """Count `count` more chunks of one file as embedded and stored."""
        self._embedded += count
        current = self.files[index]
        self.update(index, chunks_done=current.chunks_done + count)

    def snapshot(self) -> IngestProgress:
        """The state of the ingest now."""
        now = self._clock()
        active = [f for f in self.files if f.status is not FileStatus.FAILED]
        done = sum(f.chunks_done for f in active)
        total = sum(f.chunks_total for f in active)
        rate = None
        if self._embedding_started is not None and self._embedded:
            rate = self._embedded / max(now - self._embedding_started, 1e-6)
        left = (total - done) / rate if rate else None
        return IngestProgress(
            files=tuple(self.files),
            chunks_done=done,
            chunks_total=total,
            chunks_per_second=rate,
            seconds_left=left,
            elapsed=now - self._started,
        )

    def _report(self) -> None:
        if self._callback is not None:
            self._callback(self.snapshot())
