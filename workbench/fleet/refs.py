"""A model as the workbench addresses it: `name@host` pinned to a daemon, or a bare name."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from workbench.ollama import with_default_tag


@dataclass(frozen=True)
class ModelRef:
    """A model name and, when pinned, the label of the daemon that must run it."""

    name: str
    host: str | None = None

    @property
    def text(self) -> str:
        """How a person writes it: "name@host", or just "name"."""
        return f"{self.name}@{self.host}" if self.host is not None else self.name


def parse_ref(text: str, labels: Collection[str]) -> ModelRef:
    """Split on the last "@" only when what follows is one of `labels`; else all is the name."""
    cleaned = text.strip()
    name, sep, host = cleaned.rpartition("@")
    if sep and name.strip() and host in labels:
        return ModelRef(name.strip(), host)
    return ModelRef(cleaned)


def model_key(name: str) -> str:
    """The form two model names are compared in: default tag added, case folded."""
    return with_default_tag(name.strip()).casefold()
