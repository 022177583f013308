"""Benchmark every page's rerun in headless chromium, from the key press until the app is idle.

Scenarios (each in a fresh data directory, against the fake daemon):
  empty  the starter templates only, no history
  1k     1,000 generated templates (every fifth in Korean) and 10,000 cell results
  10k    10,000 generated templates and 100,000 cell results
For each scenario the workbench is started, every page is visited once (the first visit after a
restart, reported on its own), then each page is rerun REPEATS times with Streamlit's "r" key.
A rerun is timed in the page (performance.now) from the key press until the app's script state
has gone through "running" back to "notRunning". Last, the workbench is started again on the
same data directory and the Playground visited once: the first visit after a restart, with the
library's index kept from the first process.

Run: python benchmarks/bench_pages.py [--scenarios empty,1k,10k] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.conftest import CHROMIUM, start_app
from tests.workload import write_history, write_templates

PAGES = (
    "home",
    "playground",
    "compare",
    "document_chat",
    "templates",
    "modelfiles",
    "knowledge",
    "models",
    "history",
)
SCENARIOS = {"empty": (0, 0), "1k": (1_000, 10_000), "10k": (10_000, 100_000)}
APP = "[data-testid=stApp]"
WATCH = f"""() => {{
  window.__states = [];
  const app = document.querySelector("{APP}");
  new MutationObserver(() => window.__states.push(
    [app.getAttribute("data-test-script-state"), performance.now()]
  )).observe(app, {{attributes: true, attributeFilter: ["data-test-script-state"]}});
}}"""
RAN = """() => window.__states.some(s => s[0] === "running")
  && window.__states.at(-1)[0] === "notRunning" """


def page_url(base: str, name: str) -> str:
    """The address of a page (Home is the root)."""
    return base if name == "home" else f"{base}/{name}"


def visit(page: Page, url: str) -> float:
    """Open a page and wait until its first run is over; seconds from navigation to idle."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(f"{APP}[data-test-script-state=notRunning]", timeout=120_000)
    page.locator("h1").first.wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    page.evaluate(WATCH)
    page.locator("h1").first.click()
    return elapsed


def rerun(page: Page) -> float:
    """Press "r" and return the seconds until the rerun is over."""
    start = page.evaluate("() => { window.__states = []; return performance.now(); }")
    page.keyboard.press("r")
    page.wait_for_function(RAN, timeout=120_000, polling=10)
    return (page.evaluate("() => window.__states.at(-1)[1]") - start) / 1000


def prepare(data_dir: Path, templates: int, cells: int) -> float:
    """Write the scenario's library and history; the seconds it took."""
    start = time.perf_counter()
    if templates:
        write_templates(data_dir / "library", templates)
    if cells:
        write_history(data_dir / "history.sqlite3", cells)
    return time.perf_counter() - start


def measure(name: str, repeats: int) -> dict[str, tuple[float, list[float]]]:
    """First visit and reruns of every page in one scenario."""
    templates, cells = SCENARIOS[name]
    with tempfile.TemporaryDirectory() as root:
        took = prepare(Path(root) / "data", templates, cells)
        print(f"{name}: data written in {took:.1f} s", file=sys.stderr)
        results = {}
        with start_app(Path(root)) as app, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic"]
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for page_name in PAGES:
                first = visit(page, page_url(app.url, page_name))
                rerun(page)  # warm the browser side once
                results[page_name] = (first, [rerun(page) for _ in range(repeats)])
                print(f"  {page_name}: first {first:.2f} s", file=sys.stderr)
            browser.close()
        with start_app(Path(root)) as app, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            again = visit(page, page_url(app.url, "playground"))
            browser.close()
        print(f"{name}: Playground's first visit after a restart: {again:.2f} s")
        return results


def table(all_results: dict[str, dict[str, tuple[float, list[float]]]]) -> str:
    """A Markdown table: median rerun (min-max) per page and scenario, then first visits."""
    names = list(all_results)
    lines = [
        "| page | "
        + " | ".join(f"{n} rerun median (min-max)" for n in names)
        + " | "
        + " | ".join(f"{n} first visit" for n in names)
        + " |",
        "|---" * (1 + 2 * len(names)) + "|",
    ]
    for page_name in PAGES:
        cells = []
        for n in names:
            runs = all_results[n][page_name][1]
            median = statistics.median(runs) * 1000
            cells.append(f"{median:.0f} ms ({min(runs) * 1000:.0f}-{max(runs) * 1000:.0f})")
        firsts = [f"{all_results[n][page_name][0]:.2f} s" for n in names]
        lines.append(f"| {page_name} | " + " | ".join(cells + firsts) + " |")
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, run the scenarios, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", default="empty,1k,10k")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    results = {name: measure(name, args.repeats) for name in args.scenarios.split(",")}
    print(table(results))


if __name__ == "__main__":
    main()
