"""Benchmark the comparison runner against the fake daemon and print a Markdown table.

1. Free policy, unlimited daemon slots, 20 ms/token: 4 cells x 200 tokens vs 1 cell alone
   (target <= 1.15x; sequential would be 4x).
2. A queueing daemon (one request at a time): cpu-safe vs free. Free hides the daemon's queue
   inside each cell's "generation" time; cpu-safe keeps it in the visible queue wait.
3. 1 ms/token: the event queue drained by a loop that "draws" every 50 ms vs the bare client
   loop (target <= 5 % overhead).

Run: python benchmarks/bench_compare.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fake_ollama import FakeOllama
from workbench.compare.board import Board
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import Cell, GridSpec, ParamSet, PromptVariant, expand_grid
from workbench.compare.runner import CompareRun
from workbench.compare.schedule import CPU_SAFE, FREE, SchedulePolicy
from workbench.ollama.client import OllamaService

TOKENS = 200
ROUNDS = 7
MODELS = ("gemma3:270m", "llava:7b")
ASK = PromptVariant("ask", ({"role": "user", "content": "Tell me about {{topic}}."},))
ROWS = ({"topic": "the sky"}, {"topic": "the sea"})


def cells(count: int, tokens: int = TOKENS) -> list[Cell]:
    """`count` cells (1 or 4) of 2 models x 2 rows, each answering exactly `tokens` tokens."""
    length = ParamSet(f"{tokens} tokens", {"num_predict": tokens})
    return expand_grid(GridSpec(MODELS, (ASK,), ROWS, (length,)))[:count]


def timed_run(
    service: OllamaService, grid: list[Cell], policy: SchedulePolicy
) -> tuple[CompareRun, float]:
    """Run a grid to the end (models already warm); return the run and its wall time."""
    run = CompareRun(service, grid, RunSettings(policy=policy, warmup=False))
    began = time.perf_counter()
    run.start().join()
    return run, time.perf_counter() - began


def warm(service: OllamaService) -> None:
    """Load every model once so no scenario pays for loading."""
    for model in MODELS:
        service.load(model)


def parallel_speedup() -> list[str]:
    """Scenario 1: 4 cells at once vs one cell alone, free policy, unlimited daemon."""
    with FakeOllama(token_delay=0.02, answer_tokens=TOKENS) as daemon:
        service = OllamaService(daemon.url)
        warm(service)
        one = min(timed_run(service, cells(1), FREE)[1] for _ in range(2))
        four = min(timed_run(service, cells(4), FREE)[1] for _ in range(2))
        service.close()
    ratio = four / one
    verdict = "ok" if ratio <= 1.15 else "MISSED"
    return [
        f"| 4 cells x {TOKENS} tokens, free policy, unlimited slots, 20 ms/token "
        f"| one cell {one:.2f} s; four cells {four:.2f} s | **{ratio:.3f}x** "
        f"(target <= 1.15x, sequential 4x) {verdict} |"
    ]


def queueing_daemon() -> list[str]:
    """Scenario 2: a daemon with one slot, cpu-safe vs free."""
    lines = []
    with FakeOllama(token_delay=0.02, max_concurrency=1, answer_tokens=TOKENS) as daemon:
        service = OllamaService(daemon.url)
        warm(service)
        for policy in (CPU_SAFE, FREE):
            run, wall = timed_run(service, cells(4), policy)
            attempts = run.attempts()
            wait = statistics.fmean(a.queue_wait or 0 for a in attempts)
            ttft = [a.time_to_first_token or 0 for a in attempts]
            total = statistics.fmean(a.total_time or 0 for a in attempts)
            lines.append(
                f"| queueing daemon (1 slot), {policy.name} | wall {wall:.2f} s "
                f"| mean queue wait {wait:.2f} s; TTFT {min(ttft):.2f}-{max(ttft):.2f} s; "
                f"mean cell time {total:.2f} s |"
            )
        service.close()
    return lines


def bare_loop(service: OllamaService, cell: Cell) -> None:
    """The plain client loop: stream one answer into a string."""
    text = ""
    options = {**cell.options, "seed": 42}
    for piece in service.chat(cell.model, list(cell.messages), options=options).pieces():
        text += piece.text
    assert len(text.split()) > 500


def draw(board: Board) -> list[str]:
    """What a page would render per cell: a header line and the text so far."""
    return [
        f"**{state.cell.model}** · {state.status}\n\n{state.thinking}\n\n{state.text}"
        for state in board.cells.values()
    ]


def ui_loop(service: OllamaService, cell: Cell) -> None:
    """The runner plus a loop that drains the events and 'draws' every 50 ms."""
    board = Board([cell])
    run = CompareRun(service, [cell], RunSettings(policy=FREE, warmup=False))
    run.start()
    while not run.finished.is_set():
        run.finished.wait(0.05)
        board.apply(run.drain())
        draw(board)
    board.apply(run.drain())
    draw(board)
    assert board.finished == "finished" and board.cells[cell.id].attempts[0].output_tokens == 1000


def measure(loop: Callable[[OllamaService, Cell], None], service: OllamaService, cell: Cell):
    """Wall time and process CPU time (client and fake daemon together) of one loop."""
    wall, cpu = time.perf_counter(), time.process_time()
    loop(service, cell)
    return time.perf_counter() - wall, time.process_time() - cpu


def drain_overhead() -> list[str]:
    """Scenario 3: event-queue and drawing overhead at 1000 tokens/s."""
    with FakeOllama(token_delay=0.001, answer_tokens=1000) as daemon:
        service = OllamaService(daemon.url)
        warm(service)
        cell = cells(1, tokens=1000)[0]
        bare_runs, ui_runs = [], []
        for _ in range(ROUNDS):
            bare_runs.append(measure(bare_loop, service, cell))
            ui_runs.append(measure(ui_loop, service, cell))
        service.close()
    bare, ui = (statistics.median(w for w, _ in runs) for runs in (bare_runs, ui_runs))
    bare_cpu, ui_cpu = (statistics.median(c for _, c in runs) for runs in (bare_runs, ui_runs))
    overhead = ui / bare - 1
    verdict = "ok" if overhead <= 0.05 else "MISSED"
    return [
        f"| 1 cell x 1000 tokens at 1 ms/token, median of {ROUNDS} interleaved rounds: runner + "
        "UI drain loop (draw every 50 ms) vs bare client loop "
        f"| wall: bare {bare:.3f} s, UI loop {ui:.3f} s; CPU: bare {bare_cpu:.3f} s, "
        f"UI loop {ui_cpu:.3f} s | **{ui / bare:.3f}x** wall (overhead {overhead:+.1%}, "
        f"target <= 5 %) {verdict}; CPU {ui_cpu / bare_cpu:.3f}x |"
    ]


def main() -> None:
    """Run every scenario and print the Markdown table."""
    rows = parallel_speedup() + queueing_daemon() + drain_overhead()
    print("| scenario | measured | ratio / notes |")
    print("|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
