"""Browser fixtures and helpers: the fake daemon and `streamlit run` as subprocesses, Debian's
chromium, sidebar navigation and select boxes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test; skip them only outside CI."""
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists() and os.environ.get("CI") != "true":
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Debian's chromium (never a downloaded browser) with the offline-friendly flags."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--disable-gpu", "--disable-quic", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A desktop-sized window."""
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not come up")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass
class RunningApp:
    """A `streamlit run` of the workbench wired to a fake daemon."""

    url: str
    daemon_url: str
    data_dir: Path
    daemon: subprocess.Popen
    daemons: list[subprocess.Popen] = field(default_factory=list)

    def stop_daemon(self) -> None:
        """Make the daemon go away, as when `ollama serve` is stopped."""
        stop(self.daemon)


def streamlit_command(port: int) -> list[str]:
    """`streamlit run app.py` on a loopback port, headless, with no file watcher or telemetry."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]


@contextmanager
def start_app(
    tmp_path: Path, daemon_args: Sequence[str] = (), labels: Sequence[str] = ()
) -> Iterator[RunningApp]:
    """Run a fake daemon and `streamlit run app.py` wired to it, each on a free loopback port.

    `daemon_args` go to `python -m tests.fake_ollama` (e.g. ["--token-delay", "0.02"]); with
    `labels`, one daemon runs per label and the app gets them as OLLAMA_HOSTS (`daemon` is the
    first, `daemons` all of them). The workbench keeps its data in tmp_path/data. Every process
    stops when the block ends.
    """
    ports = [free_port() for _ in labels or [""]]
    daemons = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.fake_ollama", "--port", str(port), *daemon_args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    env = {**os.environ, "OLLAMA_HOST": urls[0], "WORKBENCH_DATA_DIR": str(tmp_path / "data")}
    if labels:
        env["OLLAMA_HOSTS"] = ",".join(
            f"{label}={url}" for label, url in zip(labels, urls, strict=True)
        )
    app_port = free_port()
    app = subprocess.Popen(
        streamlit_command(app_port),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for url, daemon in zip(urls, daemons, strict=True):
            wait_until_up(f"{url}/api/version", daemon)
        wait_until_up(f"http://127.0.0.1:{app_port}/_stcore/health", app)
        app_url = f"http://127.0.0.1:{app_port}"
        yield RunningApp(app_url, urls[0], tmp_path / "data", daemons[0], daemons)
    finally:
        stop(app)
        for daemon in daemons:
            stop(daemon)


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[RunningApp]:
    """A fresh fake daemon and workbench per test, each on a free loopback port."""
    with start_app(tmp_path) as app:
        yield app


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def go(page: Page, name: str, heading: str) -> None:
    """Navigate with the sidebar (same session, like a person), then wait for the page."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=20_000)


def idle(page: Page) -> None:
    """Wait until no script run is going on (the status widget shows only while one is)."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)


def pick(page: Page, label: str, option: str) -> None:
    """Choose `option` in the select box labelled `label` (typed first: a long list shows only
    its first rows), once the app is idle: a rerun still drawing would close the open list."""
    idle(page)
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def pick_models(page: Page, *names: str) -> None:
    """Choose `names` in Compare's model picker, once the app is idle."""
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Models to compare")
    for name in names:
        idle(page)
        picker.click()
        page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")
