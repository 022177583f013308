"""Benchmark a comparison grid over two fake daemons vs one, and print a Markdown table.

Each daemon has one slot (max concurrency 1) at 20 ms per token. A grid of 4 cells x 200
tokens runs on one host, then split over both: named alone (each cell placed when taken) and
pinned half to each host (`model@host`). Target: split <= 0.55x the one-host time.

Run: python benchmarks/bench_fleet.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fake_ollama import FakeOllama
from workbench.compare import Cell, GridSpec, ParamSet, PromptVariant, RunSettings, expand_grid
from workbench.compare.runner import CompareRun
from workbench.fleet import Fleet, Host
from workbench.ollama import OllamaService

TOKENS = 200
MODEL = "gemma3:270m"
ASK = PromptVariant("ask", ({"role": "user", "content": "Tell me about {{topic}}."},))
ROWS = tuple({"topic": topic} for topic in ("the sky", "the sea", "바다", "하늘"))
LENGTH = ParamSet(f"{TOKENS} tokens", {"num_predict": TOKENS})


def cells(*models: str) -> list[Cell]:
    """4 cells of 200 tokens: the rows over the given models (first 4 of the product)."""
    return expand_grid(GridSpec(models, (ASK,), ROWS, (LENGTH,)))[:4]


def fleet_of(*daemons: FakeOllama) -> Fleet:
    """A fleet labelled a, b, ... over the daemons."""
    hosts = [Host(chr(ord("a") + i), d.url) for i, d in enumerate(daemons)]
    services = {h.label: OllamaService(h.url, 2, 30, 30) for h in hosts}
    return Fleet(hosts, services)


def timed(target: OllamaService | Fleet, grid: list[Cell]) -> tuple[float, list[str]]:
    """Wall time of one run (warm-up and automatic per-host policies) and each cell's host."""
    began = time.perf_counter()
    run = CompareRun(target, grid, RunSettings()).start()
    run.join()
    elapsed = time.perf_counter() - began
    attempts = run.attempts()
    assert all(a.status == "done" and a.output_tokens == TOKENS for a in attempts), attempts
    return elapsed, [a.host or "one" for a in attempts]


def main(rounds: int) -> None:
    """Run every scenario `rounds` times and print the median of each."""
    daemons = [
        FakeOllama(token_delay=0.02, answer_tokens=TOKENS, max_concurrency=1).start()
        for _ in range(2)
    ]
    one = OllamaService(daemons[0].url, 2, 30, 30)
    two = fleet_of(*daemons)
    scenarios = {
        "one host": (one, cells(MODEL)),
        "two hosts, named alone": (two, cells(MODEL)),
        "two hosts, pinned 2 + 2": (two, cells(f"{MODEL}@a", f"{MODEL}@b")),
    }
    results: dict[str, tuple[float, list[str]]] = {}
    for name, (target, grid) in scenarios.items():
        runs = [timed(target, grid) for _ in range(rounds)]
        results[name] = (statistics.median(t for t, _ in runs), runs[-1][1])
    base = results["one host"][0]
    print(f"4 cells x {TOKENS} tokens, 20 ms/token, one slot per daemon, median of {rounds}\n")
    print("| Scenario | Wall time (s) | vs one host | Hosts of the cells | Target |")
    print("|---|---:|---:|---|---|")
    for name, (seconds, hosts) in results.items():
        target = "" if name == "one host" else "<= 0.55x"
        ratio = seconds / base
        print(f"| {name} | {seconds:.2f} | {ratio:.2f}x | {', '.join(hosts)} | {target} |")
    two.close()
    one.close()
    for daemon in daemons:
        daemon.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
