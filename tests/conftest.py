"""Shared fixtures: the fake Ollama daemon, a service talking to it, an isolated data dir."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama
from workbench.ollama_client import OllamaService


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
