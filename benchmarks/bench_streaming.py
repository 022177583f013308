"""Does the page slow a CPU-bound model down? A browser benchmark of the streaming surfaces.

The fake daemon runs with --burn-ms: every token costs CPU time in worker processes, like a real
runner's threads, so whatever the browser and Streamlit take from the cores slows the model down.
Each app under test runs under `streamlit run` (its own data directory, one knowledge base) and is
driven in headless Debian chromium. For each answer length, round and surface (Playground,
Document chat, Compare with 1 and 4 cells), every app runs the surface once and a bare `ollama`
client loop sends the same generations, in an order that rotates from round to round. The daemon's
own log gives tokens/s (eval_count / eval_duration) and the wall time (first request in to last
token out); /proc gives the CPU seconds of chromium and of the app's Streamlit process between the
click and the daemon's last token. Medians over the rounds; ratios are page / bare per round.

Run:     python benchmarks/bench_streaming.py
Before and after, interleaved:
         git worktree add /tmp/before <commit>
         python benchmarks/bench_streaming.py --app before=/tmp/before --app after=.
Another redraw interval:  --app slow=.,WORKBENCH_REDRAW_INTERVAL=0.5
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import ollama
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.surfaces import SURFACES, Surface, bare_loop
from tests.browser.conftest import CHROMIUM, free_port, stop, streamlit_command, wait_until_up
from tests.kb_fixtures import make_pdf
from workbench.kb.chunking import ChunkSettings
from workbench.kb.collections import create_collection
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.store import ChromaStore
from workbench.ollama import OllamaService
from workbench.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")
HANDBOOK = [
    "Welcome to Acme. This handbook explains how we work together.",
    "Employees get fifteen days of paid leave after their first year.",
]


@dataclass
class Sample:
    """One run: tokens generated, the daemon's tokens/s and wall time, CPU seconds spent."""

    tokens: int
    rate: float
    wall: float
    browser_cpu: float
    streamlit_cpu: float


class Daemon:
    """The fake daemon in CPU-burning mode, restartable on the same port with another length."""

    def __init__(self, burn_ms: float, workers: int) -> None:
        self.port = free_port()
        self.burn = ["--burn-ms", str(burn_ms), "--burn-workers", str(workers)]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, tokens: int) -> None:
        """(Re)start it so that every plain answer is `tokens` tokens long."""
        self.stop()
        command = [sys.executable, "-m", "tests.fake_ollama", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, *self.burn, "--answer-tokens", str(tokens)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(f"{self.url}/api/version", self.process)

    def stop(self) -> None:
        """Stop it if it runs."""
        if self.process is not None:
            stop(self.process)
            self.process = None

    def generations(self, count: int = 0) -> list[dict[str, Any]]:
        """Every generation finished so far; with `count`, once that many have finished (the
        daemon holds the request, so nothing polls while the model runs)."""
        answer = httpx.get(f"{self.url}/_fake/generations?count={count}", timeout=660)
        return answer.json()["generations"]


def processes() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, CPU seconds) for every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        fields = rest.split()
        found[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICK)
    return found


def cpu_now(streamlit_pid: int) -> tuple[float, float]:
    """CPU seconds so far of chromium (every process under this one) and of Streamlit."""
    table = processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in table.items():
        children.setdefault(parent, []).append(pid)
    browser, todo = 0.0, [os.getpid()]
    while todo:
        for pid in children.get(todo.pop(), []):
            todo.append(pid)
            if table[pid][1].startswith("chrom"):
                browser += table[pid][2]
    return browser, table[streamlit_pid][2]


def sample(generations: list[dict[str, Any]], cpu: tuple[float, float]) -> Sample:
    """Fold the generations of one run into its numbers."""
    tokens = sum(g["eval_count"] for g in generations)
    busy = sum(g["eval_duration"] for g in generations) / 1e9
    wall = max(g["finished"] for g in generations) - min(g["started"] for g in generations)
    return Sample(tokens, tokens / busy, wall, *cpu)


def page_run(page: Page, app: App, daemon: Daemon, surface: Surface) -> Sample:
    """Start one run in the browser; measure it up to the daemon's last token."""
    surface.prepare(page, app.url)
    seen = len(daemon.generations())
    before = cpu_now(app.process.pid)
    surface.start(page)
    done = daemon.generations(seen + len(surface.requests))
    after = cpu_now(app.process.pid)
    surface.finished(page)
    return sample(done[seen:], (after[0] - before[0], after[1] - before[1]))


def bare_run(client: ollama.Client, daemon: Daemon, surface: Surface) -> Sample:
    """The same generations from a bare client loop (no page is open meanwhile)."""
    seen = len(daemon.generations())
    bare_loop(client, surface.requests)
    return sample(daemon.generations()[seen:], (0.0, 0.0))


def seed_knowledge_base(data_dir: Path, daemon_url: str) -> None:
    """A small knowledge base for Document chat, built before the app starts."""
    env = {"WORKBENCH_DATA_DIR": str(data_dir), "OLLAMA_HOST": daemon_url}
    store = ChromaStore.from_settings(load_settings(env))
    service = OllamaService(daemon_url)
    create_collection(store, service, "Handbook", "all-minilm:latest", ChunkSettings(200, 20))
    pdf = SourceFile("handbook.pdf", data=make_pdf(HANDBOOK))
    assert not ingest_files(store, service, "Handbook", [pdf]).failed
    service.close()


@dataclass
class App:
    """One app under test: its label, URL and `streamlit run` process."""

    label: str
    url: str
    process: subprocess.Popen


def start_app(label: str, spec: str, data_dir: Path, daemon_url: str) -> App:
    """`streamlit run app.py` from the checkout in `spec` ("DIR[,KEY=VALUE...]": environment
    for it), wired to the daemon and the data directory."""
    folder, *settings = spec.split(",")
    port = free_port()
    env = {**os.environ, "OLLAMA_HOST": daemon_url, "WORKBENCH_DATA_DIR": str(data_dir)}
    env |= dict(setting.split("=", 1) for setting in settings)
    process = subprocess.Popen(
        streamlit_command(port),
        cwd=Path(folder).resolve(),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/_stcore/health", process)
    return App(label, url, process)


def ratio_text(pairs: list[tuple[float, float]]) -> str:
    """Median page/bare ratio with its range over the rounds."""
    ratios = [page / bare for page, bare in pairs]
    return f"{statistics.median(ratios):.3f} ({min(ratios):.2f}-{max(ratios):.2f})"


Runs = dict[str, list[Sample]]  # app label or "bare" -> one sample per round
Results = dict[int, dict[str, Runs]]  # answer tokens -> surface name -> runs


def table_rows(tokens: int, surface: str, runs: Runs) -> list[str]:
    """One Markdown row per app for one surface and answer length."""
    bare = runs["bare"]
    rows = []
    for label, page in runs.items():
        if label == "bare":
            continue
        rates = [(p.rate, b.rate) for p, b in zip(page, bare, strict=True)]
        walls = [(p.wall, b.wall) for p, b in zip(page, bare, strict=True)]
        per_k = 1000 / statistics.median(p.tokens for p in page)
        browser = statistics.median(p.browser_cpu for p in page) * per_k
        server = statistics.median(p.streamlit_cpu for p in page) * per_k
        rows.append(
            f"| {surface} | {tokens} | {label} | {statistics.median(p.rate for p in page):.1f} "
            f"| {statistics.median(b.rate for b in bare):.1f} | {ratio_text(rates)} "
            f"| {statistics.median(p.wall for p in page):.2f} "
            f"| {statistics.median(b.wall for b in bare):.2f} | {ratio_text(walls)} "
            f"| {browser:.2f} | {server:.2f} |"
        )
    return rows


def run_lengths(args: argparse.Namespace, page: Page, apps: list[App], daemon: Daemon) -> Results:
    """Every answer length, round and surface: each app once and the bare loop once, in an order
    that rotates from round to round."""
    client = ollama.Client(host=daemon.url)
    kinds = [*[app.label for app in apps], "bare"]
    by_label = {app.label: app for app in apps}
    results: Results = {}
    for tokens in args.tokens:
        daemon.start(tokens)
        results[tokens] = {name: {kind: [] for kind in kinds} for name in args.surfaces}
        for number in range(args.rounds):
            order = kinds[number % len(kinds) :] + kinds[: number % len(kinds)]
            for surface in (s for s in SURFACES if s.name in args.surfaces):
                runs = results[tokens][surface.name]
                for kind in order:
                    if kind == "bare":
                        page.goto("about:blank")  # no page open: nothing else on the cores
                        runs[kind].append(bare_run(client, daemon, surface))
                    else:
                        runs[kind].append(page_run(page, by_label[kind], daemon, surface))
                done = {kind: f"{samples[-1].rate:.1f} tok/s" for kind, samples in runs.items()}
                print(
                    f"{tokens} tokens, round {number + 1}, {surface.name}: {done}", file=sys.stderr
                )
    return results


def main() -> None:
    """Run every surface and length, print the Markdown table (and keep the raw samples)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--app",
        action="append",
        help="LABEL=DIR[,KEY=VALUE...]: a checkout to run, with extra environment (repeat it; "
        "default: this checkout)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tokens", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--burn-ms", type=float, default=12.0, help="CPU ms per token per worker")
    parser.add_argument("--workers", type=int, default=2, help="burning processes (cores)")
    parser.add_argument("--surfaces", nargs="+", default=[s.name for s in SURFACES])
    parser.add_argument("--json", type=Path, help="write the raw samples here")
    args = parser.parse_args()
    specs = dict(spec.split("=", 1) for spec in args.app or [f"this={ROOT}"])
    load = os.getloadavg()
    with contextlib.ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="bench-streaming-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        daemon = Daemon(args.burn_ms, args.workers)
        stack.callback(daemon.stop)
        daemon.start(args.tokens[0])
        apps = []
        for label, spec in specs.items():
            seed_knowledge_base(work / label, daemon.url)
            apps.append(start_app(label, spec, work / label, daemon.url))
            stack.callback(stop, apps[-1].process)
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic"]
        )
        stack.callback(browser.close)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for app in apps:  # warm up: first page loads and imports are not measured
            for surface in (s for s in SURFACES if s.name in args.surfaces):
                surface.prepare(page, app.url)
        results = run_lengths(args, page, apps, daemon)
    if args.json:
        raw = {
            "apps": specs,
            "load": [load, os.getloadavg()],
            "runs": {
                tokens: {
                    name: {kind: [asdict(s) for s in samples] for kind, samples in runs.items()}
                    for name, runs in surfaces.items()
                }
                for tokens, surfaces in results.items()
            },
        }
        args.json.write_text(json.dumps(raw, indent=1))
    print(
        "| surface | tokens | app | page tok/s | bare tok/s | tok/s ratio | page wall s "
        "| bare wall s | wall ratio | chromium CPU s / 1k tok | Streamlit CPU s / 1k tok |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for tokens, surfaces in results.items():
        for surface, runs in surfaces.items():
            print("\n".join(table_rows(tokens, surface, runs)))
    print(f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
