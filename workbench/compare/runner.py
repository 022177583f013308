"""Run a comparison grid: worker threads stream every cell and put events on a queue.

Workers never touch the UI. A scheduler (see compare_schedule) decides which queued generation
may be sent; the queue wait (timing start to request sent) is kept apart from generation time.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

from workbench.checks import DaemonCheckModels
from workbench.compare.checking import check_attempt
from workbench.compare.events import CompareEvent, EventKind, EventQueue
from workbench.compare.fairness import Job, RunSettings, request_options, run_order
from workbench.compare.generate import generate_attempt
from workbench.compare.grid import Cell
from workbench.compare.results import CANCELLED, DONE, ERROR, Attempt
from workbench.compare.schedule import (
    CPU_SAFE,
    READY,
    WARMING_UP,
    SchedulePolicy,
    WaitReason,
    blocked_reason,
    pick_next,
    policy_for_daemon,
)
from workbench.errors import WorkbenchError
from workbench.ollama import OllamaService

_TERMINAL: dict[str, EventKind] = {DONE: "done", ERROR: "error", CANCELLED: "cancelled"}


class RunSink(Protocol):
    """Where finished attempts go as they finish (e.g. the history database)."""

    def policy_chosen(self, policy: SchedulePolicy) -> None:
        """Record the scheduling policy the run decided on."""

    def attempt_finished(self, attempt: Attempt) -> None:
        """Store one finished, failed or cancelled attempt (called from worker threads)."""

    def run_finished(self, status: str) -> None:
        """Mark the run as finished or cancelled."""


class CompareRun:
    """One run of a grid: start(), then drain events from the UI thread; cancel() stops it."""

    def __init__(
        self,
        service: OllamaService,
        cells: Sequence[Cell],
        settings: RunSettings | None = None,
        repeats: int = 1,
        sink: RunSink | None = None,
    ) -> None:
        self.service = service
        self.settings = settings or RunSettings()
        self.jobs = run_order(cells, repeats, self.settings.shuffle, self.settings.seed)
        self.events = EventQueue()
        self.finished = threading.Event()
        self.policy: SchedulePolicy | None = None
        self._sink = sink
        self._cond = threading.Condition()
        self._pending: list[Job] = []
        self._in_flight: Counter[str] = Counter()
        self._live: dict[str, Job] = {}
        self._attempts: dict[str, Attempt] = {}
        self._cancel = threading.Event()
        self._origin = time.perf_counter()
        self._timing_start = self._origin
        self._coordinator: threading.Thread | None = None
        self._closed = False

    # ----- public API -------------------------------------------------------------------
    def start(self) -> CompareRun:
        """Queue every generation and start the coordinator thread; returns immediately."""
        self._origin = time.perf_counter()
        with self._cond:
            self._pending = list(self.jobs)
        for position, job in enumerate(self.jobs, start=1):
            self._emit("queued", job, {"position": position, "of": len(self.jobs)})
        self._coordinator = threading.Thread(target=self._coordinate, name="compare-run")
        self._coordinator.daemon = True
        self._coordinator.start()
        return self

    def drain(self) -> list[CompareEvent]:
        """Every event since the last drain (call from the UI thread)."""
        return self.events.drain()

    def cancel(self, timeout: float = 3.0) -> bool:
        """Stop every cell: queued ones at once, streaming ones at their next chunk.

        Waits up to `timeout` seconds for the threads; a generation still blocked inside the
        daemon after that is marked cancelled anyway and its thread exits when it wakes.
        Returns True when every thread has ended.
        """
        self._cancel.set()
        with self._cond:
            pending, self._pending = self._pending, []
            self._cond.notify_all()
        for job in pending:
            self._finish(job, self._cancelled(job))
        ended = self.join(timeout)
        with self._cond:
            stuck = list(self._live.values())
        for job in stuck:
            self._finish(job, self._cancelled(job))
        if not ended:
            self._close_run()
        return ended

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run to end; True if it did."""
        if self._coordinator is not None:
            self._coordinator.join(timeout)
        return self.finished.is_set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancel.is_set()

    def attempts(self) -> list[Attempt]:
        """The attempts finished so far, in run order."""
        with self._cond:
            found = dict(self._attempts)
        return [found[job.key] for job in self.jobs if job.key in found]

    def waiting_reasons(self) -> dict[str, WaitReason]:
        """For each queued generation (`cell#repeat`), why the scheduler holds it back now."""
        with self._cond:
            policy, pending, in_flight = self.policy, list(self._pending), Counter(self._in_flight)
        reasons = {}
        for job in pending:
            model = job.cell.model
            reason = blocked_reason(model, in_flight, policy) if policy else WaitReason(WARMING_UP)
            reasons[job.key] = reason or WaitReason(READY, model)
        return reasons

    # ----- coordinator ------------------------------------------------------------------
    def _coordinate(self) -> None:
        try:
            if self.settings.warmup:
                self._warm_up()
            policy = self._choose_policy()
            self._safely(lambda: self._sink and self._sink.policy_chosen(policy))
            self._emit("policy", None, policy.to_dict())
            self._timing_start = time.perf_counter()
            with self._cond:
                self.policy = policy
            limit = policy.max_in_flight or len(self.jobs)
            workers = [
                threading.Thread(
                    target=self._work, args=(policy,), name=f"compare-worker-{i}", daemon=True
                )
                for i in range(min(limit, len(self.jobs)))
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        finally:
            self._close_run()

    def _close_run(self) -> None:
        with self._cond:
            if self._closed:
                return
            self._closed = True
        status = "cancelled" if self.cancelled else "finished"
        self._safely(lambda: self._sink and self._sink.run_finished(status))
        self._emit("finished", None, {"status": status})
        self.finished.set()

    def _warm_up(self) -> None:
        for model in dict.fromkeys(job.cell.model for job in self.jobs):
            if self.cancelled:
                return
            began = time.perf_counter()
            error: WorkbenchError | None = None
            try:
                self.service.load(model)
            except WorkbenchError as exc:
                error = exc
            payload = {
                "model": model,
                "seconds": time.perf_counter() - began,
                "error_code": error.code if error else "",
                "error_message": error.message if error else "",
            }
            self._emit("warmup", None, payload)

    def _choose_policy(self) -> SchedulePolicy:
        policy = self.settings.policy
        if policy is None:
            try:
                running = self.service.running()
            except WorkbenchError:
                running = []
            models = list(dict.fromkeys(job.cell.model for job in self.jobs))
            policy = (
                policy_for_daemon(running, models, self.settings.parallel) if running else CPU_SAFE
            )
        return policy.capped(self.settings.max_concurrency)

    # ----- workers ----------------------------------------------------------------------
    def _work(self, policy: SchedulePolicy) -> None:
        while (job := self._take(policy)) is not None:
            options = request_options(job.cell, self.settings, policy)
            queue_wait = time.perf_counter() - self._timing_start
            self._emit("started", job, {"queue_wait": queue_wait, "options": options})
            attempt = generate_attempt(
                self.service,
                job,
                options,
                self.settings,
                queue_wait=queue_wait,
                on_piece=lambda kind, text, job=job: self._emit(kind, job, text),
                cancelled=self._cancel.is_set,
            )
            self._finish(job, attempt)
            if job.cell.checks and attempt.status == DONE:
                self._check(job, attempt)

    def _check(self, job: Job, attempt: Attempt) -> None:
        """Run the cell's checks on a stored answer, then save and announce the verdicts; the
        model-backed ones wait for the scheduler like generations."""
        checked = check_attempt(job.cell, attempt, _ScheduledModels(self))
        with self._cond:
            self._attempts[job.key] = checked
        self._safely(lambda: self._sink and self._sink.attempt_finished(checked))
        self._emit("checked", job, checked)

    def acquire(self, model: str) -> None:
        """Wait until the scheduler lets one more request for `model` run, then count it."""
        with self._cond:
            while self.policy is not None and not self.cancelled:
                if pick_next([model], self._in_flight, self.policy) is not None:
                    self._in_flight[model] += 1
                    return
                self._cond.wait()
        raise WorkbenchError(code="error.compare_cancelled_check")

    def release(self, model: str) -> None:
        """Give back a slot taken by acquire()."""
        with self._cond:
            self._in_flight[model] -= 1
            self._cond.notify_all()

    def _take(self, policy: SchedulePolicy) -> Job | None:
        with self._cond:
            while not self.cancelled and self._pending:
                assert self.policy is not None
                index = pick_next(
                    [j.cell.model for j in self._pending], self._in_flight, self.policy
                )
                if index is not None:
                    job = self._pending.pop(index)
                    self._in_flight[job.cell.model] += 1
                    self._live[job.key] = job
                    return job
                self._cond.wait()
            return None

    def _finish(self, job: Job, attempt: Attempt) -> None:
        with self._cond:
            if job.key in self._attempts:
                return
            self._attempts[job.key] = attempt
            if self._live.pop(job.key, None) is not None:
                self._in_flight[job.cell.model] -= 1
            self._cond.notify_all()
        self._safely(lambda: self._sink and self._sink.attempt_finished(attempt))
        self._emit(_TERMINAL[attempt.status], job, attempt)

    def _cancelled(self, job: Job) -> Attempt:
        return Attempt(job.cell.id, job.repeat, job.cell.model, CANCELLED)

    # ----- plumbing ---------------------------------------------------------------------
    def _emit(self, kind: EventKind, job: Job | None, payload: Any) -> None:
        cell_id, repeat = (job.cell.id, job.repeat) if job else (None, 0)
        at = time.perf_counter() - self._origin
        self.events.put(CompareEvent(kind, cell_id, repeat, payload, at))

    def _safely(self, action: Any) -> None:
        try:
            action()
        except Exception as exc:  # a failing sink must not stop the run
            message = f"Could not save a result to the history: {exc}"
            payload = {
                "code": "warning.compare_save_failed",
                "message": message,
                "detail": str(exc),
            }
            self._emit("warning", None, payload)


class _ScheduledModels:
    """The daemon's check models, each call waiting for the run's scheduler first."""

    def __init__(self, run: CompareRun) -> None:
        self.run, self.models = run, DaemonCheckModels(run.service)

    def embed(self, model: str, texts: Sequence[str]) -> list[list[float]]:
        """Embed once the scheduler allows a request for `model`."""
        self.run.acquire(model)
        try:
            return self.models.embed(model, texts)
        finally:
            self.run.release(model)

    def chat(self, model: str, messages: list[dict[str, Any]], schema: dict[str, Any]) -> str:
        """Ask `model` once the scheduler allows it."""
        self.run.acquire(model)
        try:
            return self.models.chat(model, messages, schema)
        finally:
            self.run.release(model)
