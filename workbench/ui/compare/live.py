"""A comparison running on the page: every cell streams at once; Cancel stops them all.

The runner's worker threads only put events on a queue. This script thread drains it in a
loop and redraws placeholders; a click anywhere (Cancel included) interrupts the loop with a
rerun, which draws the board again from session state and carries on. After BUDGET_SECONDS
the loop hands the script thread back and a small timer fragment resumes it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.compare import (
    Board,
    Cell,
    CellState,
    CompareRun,
    CompareSpec,
    WaitReason,
    calls_text,
)
from workbench.history import start_recorded_run, start_rerun
from workbench.ui.compare.cells import cell_grid
from workbench.ui.compare.checks_view import check_badge
from workbench.ui.compare.text import (
    STATUS_ICONS,
    attempt_error,
    done_line,
    escape_markdown,
    policy_text,
    seconds,
    wait_text,
)
from workbench.ui.context import settings, t
from workbench.ui.fleet import run_target
from workbench.ui.resources import history_store
from workbench.ui.stream_view import LiveText

COMPARE_KEY = "compare.live"
BUDGET_SECONDS = 30.0
RESUME_SECONDS = 1.0


@dataclass
class LiveRun:
    """A run started from this session: its id in the history, the runner and the board."""

    run_id: str
    run: CompareRun
    board: Board
    started: float = field(default_factory=time.monotonic)
    paused_at: float | None = None

    @property
    def repeats(self) -> int:
        """How many times each cell runs."""
        return max((job.repeat for job in self.run.jobs), default=0) + 1


@dataclass
class _Slots:
    status: DeltaGenerator
    body: DeltaGenerator
    text: LiveText
    status_drawn: tuple[object, ...] = field(default=())
    body_drawn: tuple[object, ...] = field(default=())


def _cells_of(run: CompareRun) -> list[Cell]:
    return list({job.cell.id: job.cell for job in run.jobs}.values())


def _remember(key: str, run_id: str, run: CompareRun) -> None:
    st.session_state[key] = LiveRun(run_id, run, Board(_cells_of(run)))


def start_live(key: str, spec: CompareSpec, cells: Sequence[Cell], name: str) -> None:
    """Record and start a run; the page streams it from the next draw on."""
    _remember(key, *start_recorded_run(history_store(), run_target(), spec, cells, name))


def start_live_rerun(key: str, run_id: str, name: str) -> None:
    """Run a stored run again as a new run whose parent it is."""
    _remember(key, *start_rerun(history_store(), run_target(), run_id, name))


def is_running(key: str) -> bool:
    """Whether this session has a run under `key` that has not finished."""
    live = st.session_state.get(key)
    return live is not None and live.board.finished is None


def finished_run(key: str) -> str | None:
    """The id of this session's run under `key` once it has finished."""
    live = st.session_state.get(key)
    return live.run_id if live is not None and live.board.finished else None


def forget(key: str) -> None:
    """Drop a finished run from the session (it stays in the history)."""
    st.session_state.pop(key, None)


def stream(key: str) -> None:
    """Draw the running grid and keep it moving until the run ends (then rerun the page)."""
    live: LiveRun = st.session_state[key]
    if st.button(t("compare.cancel"), key=f"{key}.cancel", icon="⏹️", type="primary"):
        live.run.cancel()
    progress, notes = st.empty(), st.empty()
    slots: dict[str, _Slots] = {}
    cell_grid([state.cell for state in live.board.cells.values()], lambda c: _slot(slots, c))
    deadline = time.monotonic() + BUDGET_SECONDS
    interval = settings().redraw_interval
    while True:
        live.board.apply(live.run.drain())
        _draw(live, slots, progress, notes)
        if live.board.finished:
            st.rerun()
        if time.monotonic() > deadline:
            live.paused_at = time.monotonic()
            _resume(key)
            return
        live.run.finished.wait(interval)


def _slot(slots: dict[str, _Slots], cell: Cell) -> None:
    status, body = st.empty(), st.empty()
    slots[cell.id] = _Slots(status, body, LiveText(body, render=escape_markdown, literal=True))


@st.fragment(run_every=RESUME_SECONDS)
def _resume(key: str) -> None:
    live = st.session_state.get(key)
    if live is not None and live.paused_at and time.monotonic() - live.paused_at >= RESUME_SECONDS:
        live.paused_at = None
        st.rerun()


def _draw(
    live: LiveRun, slots: dict[str, _Slots], progress: DeltaGenerator, notes: DeltaGenerator
) -> None:
    board = live.board
    reasons = live.run.waiting_reasons()
    for cell_id, state in board.cells.items():
        reason = reasons.get(f"{cell_id}#{state.repeat}")
        _draw_cell(state, slots[cell_id], reason, live.repeats)
    finished = sum(len(state.attempts) for state in board.cells.values())
    total = max(len(live.run.jobs), 1)
    elapsed = seconds(time.monotonic() - live.started)
    text = t("compare.progress", done=finished, total=total, elapsed=elapsed)
    progress.progress(min(finished / total, 1.0), text=text)
    notes.caption(_notes(board))


def _draw_cell(state: CellState, slots: _Slots, reason: WaitReason | None, repeats: int) -> None:
    checked = sum(bool(a.checks) for a in state.attempts)
    status = (state.status, state.repeat, reason, len(state.attempts), checked)
    if status != slots.status_drawn:
        slots.status_drawn = status
        _draw_status(state, slots.status, reason, repeats)
    body = (state.status, state.repeat, len(state.text), len(state.thinking))
    if body != slots.body_drawn:
        slots.body_drawn = body
        _draw_body(state, slots)


def _draw_status(
    state: CellState, slot: DeltaGenerator, reason: WaitReason | None, repeats: int
) -> None:
    icon = STATUS_ICONS.get(state.status, "")
    if state.status == "queued":
        slot.caption(f"{icon} {wait_text(reason)}")
    elif state.status == "running":
        line = t("compare.running", wait=seconds(state.queue_wait))
        if state.host:
            line += f" · 🖥️ {state.host}"
        if repeats > 1:
            line += f" · {t('compare.repeat_of', n=state.repeat + 1, total=repeats)}"
        slot.caption(f"{icon} {line}")
    elif state.status == "done":
        badge = check_badge(state.attempts[-1])
        slot.caption(f"{icon} {done_line(state.attempts)}" + (f"  \n{badge}" if badge else ""))
    else:
        slot.caption(f"{icon} {t(f'compare.status.{state.status}')}")


def _draw_body(state: CellState, slots: _Slots) -> None:
    """The cell's text (streamed through LiveText, whole once finished), error, thinking, or
    the tool calls of an answer that is only calls."""
    running = state.status == "running"
    if state.text and state.status != "error":
        if running:
            slots.text.show(state.text)
        else:
            slots.text.finish(state.text)
        return
    slots.text.release()
    if state.status == "error":
        slots.body.error(attempt_error(state.attempts[-1]), icon="❌")
    elif state.thinking and running:
        slots.body.caption(f"💭 {t('compare.thinking_now', chars=len(state.thinking))}")
    elif state.status == "done" and state.attempts[-1].tool_calls:
        slots.body.caption(f"🛠️ {escape_markdown(calls_text(state.attempts[-1].tool_calls))}")
    else:
        slots.body.empty()


def _notes(board: Board) -> str:
    lines = []
    if board.policy:
        hosts = {label: p["name"] for label, p in board.policy.get("hosts", {}).items()}
        name = policy_text(board.policy["name"], hosts)
        lines.append(t("compare.policy_used", name=name))
    for warmup in board.warmups:
        if warmup["error_code"]:
            lines.append(f"⚠️ {t('compare.warmup_failed', model=warmup['model'])}")
        else:
            when = seconds(warmup["seconds"])
            lines.append(t("compare.warmed_up", model=warmup["model"], seconds=when))
    for warning in board.warnings:
        lines.append(f"⚠️ {t(warning['code'], detail=warning['detail'])}")
    return " · ".join(lines) or t("compare.starting")
