"""Ollama's model-name rules: [host/][namespace/]model[:tag]."""

from __future__ import annotations

import re

from workbench.errors import InvalidModelName

_PART = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}"
_NAME_RE = re.compile(
    rf"^(?:(?P<host>[A-Za-z0-9_][A-Za-z0-9_.:-]{{0,349}})/)?"
    rf"(?:(?P<namespace>[A-Za-z0-9_][A-Za-z0-9_-]{{0,79}})/)?"
    rf"(?P<model>{_PART})"
    rf"(?::(?P<tag>{_PART}))?$"
)


def is_valid_model_name(name: str) -> bool:
    """True when Ollama would accept `name` as a model name."""
    return _NAME_RE.match(name) is not None


def validate_model_name(name: str) -> str:
    """Return the stripped name, or raise InvalidModelName saying what the rules are."""
    cleaned = name.strip()
    if not is_valid_model_name(cleaned):
        raise InvalidModelName(
            name=name,
        )
    return cleaned


def with_default_tag(name: str) -> str:
    """Add ':latest' when the name has no tag, as Ollama does."""
    last = name.rsplit("/", 1)[-1]
    return name if ":" in last else f"{name}:latest"
