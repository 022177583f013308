"""A fake Ollama daemon speaking the real REST API over HTTP, for tests, benchmarks and demos."""

from .gguf import build_gguf
from .models import FakeModel, default_models, named_models, registry_models
from .server import FakeOllama

__all__ = [
    "FakeModel",
    "FakeOllama",
    "build_gguf",
    "default_models",
    "named_models",
    "registry_models",
]
