"""Shared fixtures: the fake Ollama daemon, a service talking to it, an isolated data dir."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from tests.fake_ollama import FakeOllama
from workbench.ollama.client import OllamaService


@pytest.fixture(autouse=True)
def streamlit_past_first_navigation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest run pages the way a server does after its first request.

    AppTest resets Streamlit's process-wide "legacy pages/ folder" flag before every run, which
    a real server never does once app.py has called st.navigation; the first-request case is
    covered by the browser tests instead.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def real_main_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put pytest's own __main__ back after each test: AppTest.from_function runs its script as
    __main__ and leaves it there, and a later multiprocessing "spawn" child (the library's
    concurrent-save test, the fake daemon's CPU burners) would run that script again and die."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Start and end every test with empty st.cache_data and st.cache_resource caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def fake_daemon() -> Iterator[FakeOllama]:
    """A fresh fake daemon on a free loopback port, with the default models installed."""
    with FakeOllama() as daemon:
        yield daemon


@pytest.fixture
def service(fake_daemon: FakeOllama) -> Iterator[OllamaService]:
    """An OllamaService for the fake daemon, with short timeouts."""
    client = OllamaService(fake_daemon.url, connect_timeout=1, request_timeout=5, stream_timeout=5)
    yield client
    client.close()


@pytest.fixture
def dead_host() -> str:
    """The URL of a loopback port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def workbench_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_daemon: FakeOllama
) -> FakeOllama:
    """Point the workbench's settings at the fake daemon and a temporary data dir."""
    monkeypatch.setenv("OLLAMA_HOST", fake_daemon.url)
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    return fake_daemon
