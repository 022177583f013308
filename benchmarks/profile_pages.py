"""Where a page's rerun time goes inside the script: cProfile of AppTest reruns, no browser.

Runs app.py with AppTest against the fake daemon in a fresh data directory (starter templates
only, or `--templates N` generated ones), switches to each named page, reruns it once to warm
the caches, then profiles REPEATS reruns and prints the mean script time and the functions
with the largest cumulative time.

Run: python benchmarks/profile_pages.py [--pages playground,templates] [--templates 0]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamlit.testing.v1 import AppTest

from tests.fake_ollama import FakeOllama
from tests.workload import write_templates

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def profiled_threads(profiler: cProfile.Profile) -> Iterator[None]:
    """Profile every thread started inside the block (AppTest runs the script in its own)."""
    original = threading.Thread.run

    def run(thread: threading.Thread) -> None:
        profiler.enable()
        try:
            original(thread)
        finally:
            profiler.disable()

    threading.Thread.run = run  # type: ignore[method-assign]
    try:
        yield
    finally:
        threading.Thread.run = original  # type: ignore[method-assign]


def profile_page(page: str, repeats: int, top: int) -> str:
    """The mean rerun time of one page and its profile's top entries by cumulative time."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if page != "home":
        at.switch_page(f"pages/{page}.py").run()
    at.run()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    with profiled_threads(profiler):
        for _ in range(repeats):
            at.run()
    mean = (time.perf_counter() - start) / repeats
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"workbench|pages/|streamlit/elements|ollama|httpx", top)
    return f"## {page}: {mean * 1000:.0f} ms per rerun (script only)\n{out.getvalue()}"


def main() -> None:
    """Parse the arguments, start the fake daemon, profile each page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="playground,templates")
    parser.add_argument("--templates", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root, FakeOllama() as daemon:
        if args.templates:
            write_templates(Path(root) / "library", args.templates)
        os.environ.update(OLLAMA_HOST=daemon.url, WORKBENCH_DATA_DIR=root)
        for page in args.pages.split(","):
            print(profile_page(page, args.repeats, args.top))


if __name__ == "__main__":
    main()
