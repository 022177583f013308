"""Opt-in fidelity checks against a real Ollama daemon.

Set OLLAMA_TEST_HOST (e.g. 127.0.0.1:11434) and OLLAMA_TEST_MODEL (an installed chat model);
OLLAMA_TEST_EMBED_MODEL optionally names an installed embedding model. Skipped otherwise.
"""

from __future__ import annotations

import os

import pytest

from workbench.errors import ModelNotFound
from workbench.ollama.client import OllamaService
from workbench.settings import normalize_ollama_host

HOST = os.environ.get("OLLAMA_TEST_HOST", "")
MODEL = os.environ.get("OLLAMA_TEST_MODEL", "")
EMBED_MODEL = os.environ.get("OLLAMA_TEST_EMBED_MODEL", "")

pytestmark = [
    pytest.mark.real_daemon,
    pytest.mark.skipif(not (HOST and MODEL), reason="OLLAMA_TEST_HOST/OLLAMA_TEST_MODEL not set"),
]


@pytest.fixture(scope="module")
def real() -> OllamaService:
    return OllamaService(normalize_ollama_host(HOST), request_timeout=60, stream_timeout=600)


def test_version_and_list(real: OllamaService) -> None:
    assert real.version()
    names = {m.name for m in real.list_models()}
    assert any(name.startswith(MODEL) for name in names)


def test_show_and_stream(real: OllamaService) -> None:
    details = real.show(MODEL)
    assert details.modelfile
    stream = real.chat(MODEL, [{"role": "user", "content": "Say hello."}], {"num_predict": 8})
    assert stream.consume() or stream.thinking
    assert stream.stats is not None and stream.stats.output_tokens > 0


def test_unknown_model(real: OllamaService) -> None:
    with pytest.raises(ModelNotFound):
        real.show("no-such-model-for-the-workbench-test")


@pytest.mark.skipif(not EMBED_MODEL, reason="OLLAMA_TEST_EMBED_MODEL not set")
def test_embed(real: OllamaService) -> None:
    vectors = real.embed(EMBED_MODEL, ["hello", "world", "안녕하세요"], batch_size=2)
    assert len(vectors) == 3
