"""Benchmark what checks add to a comparison run, against the fake daemon; prints Markdown.

1. Deterministic checks: a 200-cell grid (2 models x 2 prompts x 50 Korean rows, 10 tokens at
   20 ms/token, 4 at once), run with eight text/structure/language/refusal/metric checks per
   cell vs with only the rows' `expected` check, rounds alternating (target: at most +2 %
   wall time); and the checks' own time per cell, measured alone.
2. Judge checks: 8 cells whose prompt has a judge check, one model at a time (cpu-safe) and 4
   at once; the wall time they add vs the judge's 8 verdicts generated alone (target: no more
   than its own generation time).

Run: python benchmarks/bench_checks.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.conftest import free_port, stop, wait_until_up
from workbench.checks import (
    JUDGE_SCHEMA,
    AnswerUnderCheck,
    CheckSpec,
    DaemonCheckModels,
    Kind,
    bind_check,
    judge_messages,
    run_checks,
)
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, ParamSet, PromptVariant, expand_grid
from workbench.compare.runner import CompareRun
from workbench.compare.schedule import CPU_SAFE, SchedulePolicy, gpu_policy
from workbench.ollama.client import OllamaService

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 7
FOUR = gpu_policy(4)
TOKENS = 10
MODELS = ("gemma3:270m", "qwen3:0.6b")
JUDGE = "llava:7b"
DETERMINISTIC = (
    CheckSpec(Kind.CONTAINS, {"values": ["{{city}}"], "ignore_case": True}),
    CheckSpec(Kind.NOT_CONTAINS, {"values": ["error", "오류"], "mode": "any"}),
    CheckSpec(Kind.REGEX, {"pattern": r"[가-힣]+"}),
    CheckSpec(Kind.LENGTH, {"unit": "words", "max": 60}),
    CheckSpec(Kind.LANGUAGE, {"language": "ko"}),
    CheckSpec(Kind.NOT_REFUSES),
    CheckSpec(Kind.IS_JSON),
    CheckSpec(Kind.METRIC, {"metric": "tokens_per_second", "min": 1}),
)
VERDICT = '{"score": 4, "reason": "' + " ".join(["답이"] * 40) + '"}'
ROWS = tuple({"city": f"도시{i}", "expected": f"도시{i}"} for i in range(50))


@contextmanager
def daemon_process() -> Iterator[str]:
    """The fake daemon in its own process (20 ms a token; the judge answers VERDICT), so its
    threads do not share this process's interpreter lock with the runner being measured."""
    port = free_port()
    command = [sys.executable, "-m", "tests.fake_ollama", "--port", str(port)]
    options = ["--token-delay", "0.02", "--scripted-reply", f"{JUDGE}={VERDICT}"]
    process = subprocess.Popen(
        [*command, *options], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/version", process)
        yield url
    finally:
        stop(process)


def variants(checks: tuple[CheckSpec, ...]) -> tuple[PromptVariant, ...]:
    """Two Korean prompts, each with `checks`."""
    texts = ("{{city}}에 대해 세 문장으로 알려 주세요.", "{{city}}의 명소를 소개해 주세요.")
    return tuple(
        PromptVariant(f"p{i}", ({"role": "user", "content": text},), checks=checks)
        for i, text in enumerate(texts)
    )


def wall_time(service: OllamaService, spec: GridSpec, policy: SchedulePolicy = FOUR) -> float:
    """One run of the grid to its end (models warm; by default 4 generations at once)."""
    run = CompareRun(service, expand_grid(spec), RunSettings(policy=policy, warmup=False))
    began = time.perf_counter()
    assert run.start().join(600)
    return time.perf_counter() - began


def deterministic(service: OllamaService) -> tuple[float, float, float]:
    """Median wall time of the 200-cell grid without and with the eight checks, and how far
    apart the fastest and slowest runs without them were (run-to-run noise)."""
    length = (ParamSet(f"{TOKENS} tokens", {"num_predict": TOKENS}),)
    bare = GridSpec(MODELS, variants(()), ROWS, length, cap=200)
    checked = replace(bare, variants=variants(DETERMINISTIC))
    plain, with_checks = [], []
    for _ in range(ROUNDS):
        plain.append(wall_time(service, bare))
        with_checks.append(wall_time(service, checked))
    spread = max(plain) / min(plain) - 1
    return statistics.median(plain), statistics.median(with_checks), spread


def judged(service: OllamaService, policy: SchedulePolicy) -> tuple[float, float]:
    """Wall time of 8 cells without and with a judge check under `policy`."""
    length = (ParamSet(f"{TOKENS} tokens", {"num_predict": TOKENS}),)
    judge = CheckSpec(Kind.JUDGE, {"rubric": "정확하고 친절한가?", "model": JUDGE})
    bare = GridSpec(MODELS[:1], variants(())[:1], ROWS[:8], length)
    checked = replace(bare, variants=variants((judge,))[:1])
    plain = statistics.median(wall_time(service, bare, policy) for _ in range(ROUNDS))
    with_judge = statistics.median(wall_time(service, checked, policy) for _ in range(ROUNDS))
    return plain, with_judge


def judge_alone(service: OllamaService) -> float:
    """Seconds the judge's 8 verdicts take one after another, with nothing else running."""
    models = DaemonCheckModels(service)
    messages = judge_messages("정확하고 친절한가?", "질문", "답", "ko")
    began = time.perf_counter()
    for _ in range(8):
        models.chat(JUDGE, messages, JUDGE_SCHEMA)
    return time.perf_counter() - began


def checks_alone() -> float:
    """Seconds the eight checks take on one typical Korean answer (mean of 1,000)."""
    row = ROWS[0]
    specs = [bind_check(spec, row) for spec in DETERMINISTIC]
    answer = AnswerUnderCheck(
        text="도시0은 바다 옆의 도시입니다. 하늘 바다 정보 질문 " * 3,
        total_time=0.2,
        time_to_first_token=0.02,
        tokens_per_second=50.0,
        output_tokens=TOKENS,
    )
    began = time.perf_counter()
    for _ in range(1000):
        run_checks(specs, answer)
    return (time.perf_counter() - began) / 1000


def main() -> None:
    """Print both measurements as Markdown."""
    with daemon_process() as url:
        service = OllamaService(url)
        for model in (*MODELS, JUDGE):
            service.load(model)
        plain, checked, noise = deterministic(service)
        print("| 200-cell grid, 8 deterministic checks per cell | wall time (median) |")
        print("|---|---|")
        print(f"| no checks | {plain:.2f} s |")
        print(f"| with checks | {checked:.2f} s ({(checked / plain - 1) * 100:+.1f} %) |")
        print(f"| run-to-run spread without checks | {noise * 100:.1f} % |")
        alone = checks_alone()
        share = alone * len(ROWS) * 4 / plain * 100
        print(f"| the checks alone | {alone * 1000:.2f} ms a cell, {share:.2f} % of the run |")
        own = judge_alone(service)
        print()
        print("| 8 cells with a judge check | without | with | added | judge alone |")
        print("|---|---|---|---|---|")
        for policy in (CPU_SAFE, FOUR):
            bare, with_judge = judged(service, policy)
            cells = f"{bare:.2f} s | {with_judge:.2f} s | {with_judge - bare:.2f} s"
            print(f"| {policy.name} | {cells} | {own:.2f} s |")


if __name__ == "__main__":
    main()
