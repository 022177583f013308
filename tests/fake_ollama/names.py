"""Ollama model names: parsing, validation and display forms (types/model/name.go)."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_HOST = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
DEFAULT_TAG = "latest"

_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}")
_NAMESPACE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,79}")
_HOST = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}")


@dataclass(frozen=True)
class ModelName:
    """A fully qualified model name."""

    host: str
    namespace: str
    model: str
    tag: str

    @property
    def display(self) -> str:
        """The shortest form, as /api/tags shows it ("gemma3:270m")."""
        if self.host.lower() == DEFAULT_HOST:
            if self.namespace.lower() == DEFAULT_NAMESPACE:
                return f"{self.model}:{self.tag}"
            return f"{self.namespace}/{self.model}:{self.tag}"
        return self.full

    @property
    def full(self) -> str:
        """The fully qualified form ("registry.ollama.ai/library/gemma3:270m")."""
        return f"{self.host}/{self.namespace}/{self.model}:{self.tag}"

    @property
    def key(self) -> str:
        """The case-insensitive lookup key."""
        return self.full.lower()


def parse_name(raw: object) -> ModelName | None:
    """Parse "[host/][namespace/]model[:tag]"; None when the name is invalid."""
    if not isinstance(raw, str) or not raw:
        return None
    text = raw.split("@", 1)[0]
    tag = DEFAULT_TAG
    slash, colon = text.rfind("/"), text.rfind(":")
    if colon > slash:
        text, tag = text[:colon], text[colon + 1 :]
    parts = text.split("/")
    if len(parts) == 1:
        host, namespace, model = DEFAULT_HOST, DEFAULT_NAMESPACE, parts[0]
    elif len(parts) == 2:
        host, (namespace, model) = DEFAULT_HOST, parts
    elif len(parts) == 3:
        host, namespace, model = parts
    else:
        return None
    checks = ((_HOST, host), (_NAMESPACE, namespace), (_PART, model), (_PART, tag))
    if not all(pattern.fullmatch(value) for pattern, value in checks):
        return None
    return ModelName(host, namespace, model, tag)


def display_name(raw: str) -> str:
    """Normalise a valid name to its display form ("x" -> "x:latest"); raise on invalid."""
    parsed = parse_name(raw)
    if parsed is None:
        raise ValueError(f"invalid model name: {raw!r}")
    return parsed.display


def name_key(raw: object) -> str | None:
    """The lookup key of a name, or None when invalid."""
    parsed = parse_name(raw)
    return parsed.key if parsed else None
