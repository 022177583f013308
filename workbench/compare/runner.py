"""Run a comparison grid: worker threads stream every cell and put events on a queue.

Workers never touch the UI. A scheduler (see compare_schedule) decides which queued generation
may be sent; the queue wait (timing start to request sent) is kept apart from generation time.
On a Fleet each host has its own policy and in-flight counts, and each cell is placed on a
host when it is taken from the queue (see compare.hosts); a cell named alone whose host stops
answering is moved once to another host that has the model.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

from workbench.checks import DaemonCheckModels
from workbench.compare.checking import check_attempt
from workbench.compare.events import CompareEvent, EventKind, EventQueue
from workbench.compare.fairness import Job, RunSettings, request_options, run_order
from workbench.compare.generate import generate_attempt, plain_params
from workbench.compare.grid import Cell
from workbench.compare.hosts import HOST_FAULTS, REPROBE_SECONDS, RunHosts, host_totals
from workbench.compare.results import CANCELLED, DONE, ERROR, Attempt
from workbench.compare.schedule import (
    CPU_SAFE,
    READY,
    WARMING_UP,
    SchedulePolicy,
    WaitReason,
    blocked_reason,
    policy_for_daemon,
)
from workbench.errors import WorkbenchError
from workbench.fleet import Fleet, ModelRef, PlacementError
from workbench.ollama import OllamaService

_TERMINAL: dict[str, EventKind] = {DONE: "done", ERROR: "error", CANCELLED: "cancelled"}


class RunSink(Protocol):
    """Where finished attempts go as they finish (e.g. the history database)."""

    def policy_chosen(self, policy: SchedulePolicy) -> None:
        """Record the scheduling policy the run decided on (on a fleet: the first host's)."""

    def host_policies_chosen(self, policies: Mapping[str, SchedulePolicy]) -> None:
        """Record each host's policy by its label (called on a fleet only, after
        policy_chosen)."""

    def attempt_finished(self, attempt: Attempt) -> None:
        """Store one finished, failed or cancelled attempt (called from worker threads)."""

    def run_finished(self, status: str) -> None:
        """Mark the run as finished or cancelled."""


class CompareRun:
    """One run of a grid: start(), then drain events from the UI thread; cancel() stops it.

    `service` is one OllamaService (every cell runs there, as always) or a Fleet (cells
    addressed `model@host` run on that host, the others are placed when they are taken)."""

    def __init__(
        self,
        service: OllamaService | Fleet,
        cells: Sequence[Cell],
        settings: RunSettings | None = None,
        repeats: int = 1,
        sink: RunSink | None = None,
    ) -> None:
        self.hosts = RunHosts(service)
        self.service = self.hosts.service(self.hosts.labels[0]) if self.hosts.labels else service
        self.settings = settings or RunSettings()
        self.jobs = run_order(cells, repeats, self.settings.shuffle, self.settings.seed)
        self.events = EventQueue()
        self.finished = threading.Event()
        self.policies: dict[str, SchedulePolicy] = {}
        self._sink = sink
        self._cond = threading.Condition()
        self._pending: list[Job] = []
        self._in_flight: dict[str, Counter[str]] = {label: Counter() for label in self.hosts.labels}
        self._live: dict[str, tuple[Job, str, str]] = {}
        self._moved: dict[str, set[str]] = {}
        self._attempts: dict[str, Attempt] = {}
        self._cancel = threading.Event()
        self._origin = time.perf_counter()
        self._timing_start = self._origin
        self._coordinator: threading.Thread | None = None
        self._closed = False

    @property
    def policy(self) -> SchedulePolicy | None:
        """The first host's policy (the only one on a single service); None while warming up."""
        return self.policies.get(self.hosts.labels[0]) if self.hosts.labels else None

    @policy.setter
    def policy(self, policy: SchedulePolicy | None) -> None:
        self.policies = {} if policy is None else dict.fromkeys(self.hosts.labels, policy)

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
            stuck = [job for job, _, _ in self._live.values()]
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
            policies = dict(self.policies)
            pending = list(self._pending)
            in_flight = {label: Counter(count) for label, count in self._in_flight.items()}
        reasons = {}
        for job in pending:
            ref = self.hosts.ref(job.cell.model)
            if not policies:
                reasons[job.key] = WaitReason(WARMING_UP)
                continue
            found = [
                blocked_reason(ref.name, in_flight.get(label, {}), policies[label])
                for label in self.hosts.candidates(ref)
                if label in policies
            ]
            waits = [reason for reason in found if reason is not None]
            ready = len(waits) < len(found) or not found
            reasons[job.key] = WaitReason(READY, ref.name) if ready else waits[0]
        return reasons

    # ----- coordinator ------------------------------------------------------------------
    def _coordinate(self) -> None:
        try:
            self.hosts.probe()
            if self.settings.warmup:
                self._warm_up()
            policies = self._choose_policies()
            first = policies[self.hosts.labels[0]]
            self._safely(lambda: self._sink and self._sink.policy_chosen(first))
            payload = first.to_dict()
            if self.hosts.several:
                self._safely(lambda: self._sink and self._sink.host_policies_chosen(policies))
                payload["hosts"] = {label: p.to_dict() for label, p in policies.items()}
            self._emit("policy", None, payload)
            self._timing_start = time.perf_counter()
            with self._cond:
                self.policies = policies
            limit = sum(p.max_in_flight or len(self.jobs) for p in policies.values())
            workers = [
                threading.Thread(target=self._work, name=f"compare-worker-{i}", daemon=True)
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
        """Load each model once: on its own host, or where a cell of it would be placed now."""
        for model in dict.fromkeys(job.cell.model for job in self.jobs):
            if self.cancelled:
                return
            began, ref, label = time.perf_counter(), self.hosts.ref(model), ""
            error: WorkbenchError | None = None
            try:
                label = self.hosts.pick(ref, {}) or ""
                self.hosts.service(label).load(ref.name)
            except WorkbenchError as exc:
                error = exc
            payload = {
                "model": model,
                "seconds": time.perf_counter() - began,
                "error_code": error.code if error else "",
                "error_message": error.message if error else "",
            }
            self._emit("warmup", None, {**payload, "host": label} if label else payload)

    def _choose_policies(self) -> dict[str, SchedulePolicy]:
        """Each host's policy: the user's, or one read from that host's /api/ps now."""
        states = self.hosts.probe()
        policies = {}
        for label in self.hosts.labels:
            policy = self.settings.policy or self._policy_from_ps(label, bool(states))
            policies[label] = policy.capped(self.settings.max_concurrency)
        return policies

    def _policy_from_ps(self, label: str, probed: bool) -> SchedulePolicy:
        refs = [self.hosts.ref(job.cell.model) for job in self.jobs]
        if probed:
            state = self.hosts.state(label)
            running = list(state.running) if state is not None else []
            names = [r.name for r in refs if label in self.hosts.candidates(r)]
        else:
            try:
                running = self.service.running()
            except WorkbenchError:
                running = []
            names = [r.name for r in refs]
        models = list(dict.fromkeys(names))
        return policy_for_daemon(running, models, self.settings.parallel) if running else CPU_SAFE

    # ----- workers ----------------------------------------------------------------------
    def _work(self) -> None:
        while (taken := self._take()) is not None:
            job, label, name, failure = taken
            if failure is not None:
                self._finish(job, _failed(job, failure))
                continue
            options = request_options(job.cell, self.settings, self.policies[label])
            queue_wait = time.perf_counter() - self._timing_start
            started = {"queue_wait": queue_wait, "options": options, "host": label}
            self._emit("started", job, started)
            attempt = generate_attempt(
                self.hosts.service(label),
                job,
                options,
                self.settings,
                queue_wait=queue_wait,
                on_piece=lambda kind, text, job=job: self._emit(kind, job, text),
                cancelled=self._cancel.is_set,
                host=label,
                name=name,
            )
            if self._moved_elsewhere(job, label, attempt):
                continue
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

    def acquire(self, model: str) -> str:
        """Wait until the scheduler lets one more request for `model` run on a host (placed by
        the same rules as cells), count it there, and return that host's label."""
        ref = self.hosts.ref(model)
        with self._cond:
            while self.policies and not self.cancelled:
                label = self._place(ref, ())
                if label is not None:
                    self._in_flight[label][ref.name] += 1
                    return label
                self._cond.wait(self._wait_seconds)
        raise WorkbenchError(code="error.compare_cancelled_check")

    def release(self, model: str, host: str | None = None) -> None:
        """Give back a slot taken by acquire() (on the host it returned; default the first)."""
        label = self.hosts.labels[0] if host is None else host
        with self._cond:
            self._in_flight[label][self.hosts.ref(model).name] -= 1
            self._cond.notify_all()

    @property
    def _wait_seconds(self) -> float | None:
        """How long a waiting worker sleeps before it looks again (for a probe on a fleet)."""
        return REPROBE_SECONDS if self.hosts.several else None

    def _take(self) -> tuple[Job, str, str, WorkbenchError | None] | None:
        """The next job the scheduler allows, with its host and model name; or a job no host
        can ever run, with the reason; None when nothing is left."""
        while True:
            if self.hosts.probe_due():
                self.hosts.probe()
            with self._cond:
                if self.cancelled or not self._pending:
                    return None
                for index, job in enumerate(self._pending):
                    ref = self.hosts.ref(job.cell.model)
                    try:
                        label = self._place(ref, self._moved.get(job.key, ()))
                    except PlacementError as exc:
                        return self._pending.pop(index), "", ref.name, exc
                    if label is not None:
                        self._pending.pop(index)
                        self._in_flight[label][ref.name] += 1
                        self._live[job.key] = (job, label, ref.name)
                        return job, label, ref.name, None
                self._cond.wait(self._wait_seconds)

    def _place(self, ref: ModelRef, excluded: Collection[str]) -> str | None:
        """The host for `ref` now (call with the lock held): None while every fitting one is
        full; PlacementError when none fits."""
        blocked = {
            label
            for label, policy in self.policies.items()
            if blocked_reason(ref.name, self._in_flight[label], policy) is not None
        }
        totals = host_totals(self._in_flight, self.hosts.labels)
        return self.hosts.pick(ref, totals, excluded, blocked)

    def _moved_elsewhere(self, job: Job, label: str, attempt: Attempt) -> bool:
        """Whether a cell named alone, failed because its host stopped answering, was queued
        again (once) for another host that has the model."""
        if not self.hosts.several or attempt.status != ERROR:
            return False
        if attempt.error_code not in HOST_FAULTS:
            return False
        self.hosts.probe()
        ref = self.hosts.ref(job.cell.model)
        with self._cond:
            tried = self._moved.setdefault(job.key, set())
            if self.hosts.up(label) or tried or self.cancelled:
                return False
            if not self.hosts.other_host(ref, {label}):
                return False
            tried.add(label)
            self._live.pop(job.key, None)
            self._in_flight[label][ref.name] -= 1
            self._pending.insert(0, job)
            self._cond.notify_all()
        detail = f"{job.cell.id} · {ref.name} · {label}"
        message = f"A host stopped answering; the cell is run again on another host: {detail}"
        payload = {"code": "warning.compare_cell_moved", "message": message, "detail": detail}
        self._emit("warning", None, payload)
        return True

    def _finish(self, job: Job, attempt: Attempt) -> None:
        with self._cond:
            if job.key in self._attempts:
                return
            self._attempts[job.key] = attempt
            live = self._live.pop(job.key, None)
            if live is not None:
                self._in_flight[live[1]][live[2]] -= 1
            self._cond.notify_all()
        self._safely(lambda: self._sink and self._sink.attempt_finished(attempt))
        self._emit(_TERMINAL[attempt.status], job, attempt)

    def _cancelled(self, job: Job) -> Attempt:
        with self._cond:
            live = self._live.get(job.key)
        host = live[1] if live is not None else ""
        return Attempt(job.cell.id, job.repeat, job.cell.model, CANCELLED, host=host)

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


def _failed(job: Job, error: WorkbenchError) -> Attempt:
    """The attempt of a cell that no host can run."""
    cell = job.cell
    return Attempt(
        cell.id,
        job.repeat,
        cell.model,
        ERROR,
        error_code=error.code,
        error_message=error.message,
        error_params=plain_params(error.params),
    )


class _ScheduledModels:
    """The run's check models, each call waiting for the run's scheduler (and placed on a
    host by the same rules as cells) first."""

    def __init__(self, run: CompareRun) -> None:
        self.run = run

    def embed(self, model: str, texts: Sequence[str]) -> list[list[float]]:
        """Embed once the scheduler allows a request for `model`."""
        label = self.run.acquire(model)
        try:
            models = DaemonCheckModels(self.run.hosts.service(label))
            return models.embed(self.run.hosts.ref(model).name, texts)
        finally:
            self.run.release(model, label)

    def chat(self, model: str, messages: list[dict[str, Any]], schema: dict[str, Any]) -> str:
        """Ask `model` once the scheduler allows it."""
        label = self.run.acquire(model)
        try:
            models = DaemonCheckModels(self.run.hosts.service(label))
            return models.chat(self.run.hosts.ref(model).name, messages, schema)
        finally:
            self.run.release(model, label)
