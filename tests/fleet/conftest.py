"""Three fake daemons at once, each with its own models and speed, and a fleet over them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from tests.fake_ollama import FakeOllama, named_models
from workbench.fleet import Fleet, Host
from workbench.ollama import OllamaService

RETRAINED = "f" * 64  # the digest of a qwen3:0.6b that is not the usual one


@pytest.fixture
def gpu() -> Iterator[FakeOllama]:
    """A fast daemon with two chat models and an embedding model."""
    with FakeOllama(
        models=named_models("gemma3:270m", "qwen3:0.6b", "all-minilm:latest")
    ) as daemon:
        yield daemon


@pytest.fixture
def cpu() -> Iterator[FakeOllama]:
    """A slower daemon: the same gemma3, a qwen3 with other weights (another digest)."""
    gemma, qwen = named_models("gemma3:270m", "qwen3:0.6b")
    with FakeOllama(models=[gemma, replace(qwen, digest=RETRAINED)], token_delay=0.01) as daemon:
        yield daemon


@pytest.fixture
def laptop() -> Iterator[FakeOllama]:
    """The slowest daemon, with only the embedding model."""
    with FakeOllama(models=named_models("all-minilm:latest"), token_delay=0.02) as daemon:
        yield daemon


def fleet_over(probe_timeout: float = 3.0, **daemons: FakeOllama) -> Fleet:
    """A fleet whose labels are the keyword names, in that order, with short timeouts."""
    hosts = [Host(label, daemon.url) for label, daemon in daemons.items()]
    services = {
        host.label: OllamaService(host.url, connect_timeout=1, request_timeout=5, stream_timeout=5)
        for host in hosts
    }
    return Fleet(hosts, services, probe_timeout)


@pytest.fixture
def fleet(gpu: FakeOllama, cpu: FakeOllama, laptop: FakeOllama) -> Iterator[Fleet]:
    """gpu, cpu and laptop, in that order."""
    three = fleet_over(gpu=gpu, cpu=cpu, laptop=laptop)
    yield three
    three.close()
