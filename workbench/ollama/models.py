"""Plain records for what the daemon reports about models, built from its JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

_TIMESTAMP = re.compile(r"^([^.]+?)(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class InstalledModel:
    """One row of /api/tags, completed with capabilities and context length from /api/show."""

    name: str
    family: str
    parameter_size: str
    quantization: str
    size: int
    modified_at: datetime | None
    digest: str
    capabilities: tuple[str, ...] = ()
    context_length: int | None = None

    @property
    def is_embedding(self) -> bool:
        """True for models that embed text rather than generate it."""
        return "embedding" in self.capabilities

    @property
    def can_chat(self) -> bool:
        """True for models that can generate text."""
        return "completion" in self.capabilities or not self.capabilities

    @property
    def is_chat(self) -> bool:
        """The one rule for "a chat model": it generates text and is not an embedding model."""
        return self.can_chat and not self.is_embedding


@dataclass(frozen=True)
class RunningModel:
    """One row of /api/ps: a model loaded in memory."""

    name: str
    size: int
    size_vram: int
    expires_at: datetime | None
    context_length: int | None

    @property
    def gpu_share(self) -> float:
        """Fraction of the loaded model that sits in GPU memory (0 = all CPU)."""
        return self.size_vram / self.size if self.size else 0.0


@dataclass(frozen=True)
class ModelDetails:
    """Everything /api/show tells about one model, including fields the client hides."""

    name: str
    modelfile: str
    parameters: dict[str, Any]
    template: str
    system: str
    license: str
    messages: list[dict[str, str]]
    capabilities: tuple[str, ...]
    details: dict[str, Any]
    model_info: dict[str, Any] = field(default_factory=dict)

    @property
    def architecture(self) -> str:
        """The GGUF architecture name, e.g. 'llama' or 'gemma3'."""
        return str(self.model_info.get("general.architecture", ""))

    @property
    def context_length(self) -> int | None:
        """The model's trained context length, from its GGUF metadata."""
        value = self.model_info.get(f"{self.architecture}.context_length")
        return int(value) if isinstance(value, int | float) else None

    @property
    def embedding_length(self) -> int | None:
        """The vector size of the model's embeddings, from its GGUF metadata."""
        value = self.model_info.get(f"{self.architecture}.embedding_length")
        return int(value) if isinstance(value, int | float) else None


_BLOB_FROM = re.compile(r"^FROM \S*blobs/sha256-[0-9a-f]+[ \t]*$", re.MULTILINE)


def shareable_modelfile(modelfile: str, name: str) -> str:
    """/api/show's Modelfile with the local blob path replaced by the model's name, so it reads
    (and can be copied to build a variant) without the daemon's file layout."""
    return _BLOB_FROM.sub(f"FROM {name}", modelfile)


def is_blob_path(value: str) -> bool:
    """True for a path into the daemon's blob store (not a model name)."""
    return "blobs/sha256-" in value


@dataclass(frozen=True)
class PullProgress:
    """One status line of a pull: a phase, or bytes of one layer."""

    status: str
    digest: str = ""
    completed: int = 0
    total: int = 0

    @property
    def fraction(self) -> float | None:
        """Share of this layer downloaded, or None when the line carries no byte counts."""
        return min(self.completed / self.total, 1.0) if self.total else None


def parse_timestamp(value: Any) -> datetime | None:
    """Parse Ollama's RFC 3339 timestamps (with nanoseconds) into aware datetimes."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value:
        return None
    match = _TIMESTAMP.match(value.strip())
    if match is None:
        return None
    head, fraction, zone = match.groups()
    zone = "+00:00" if zone in ("Z", "z") else zone or ""
    text = f"{head}.{fraction[:6]}{zone}" if fraction else f"{head}{zone}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_parameters(text: str) -> dict[str, Any]:
    """Parse /api/show's `parameters` text (key padded, Go %#v value) into a dict."""
    result: dict[str, Any] = {}
    for line in text.splitlines():
        key, _, raw = line.strip().partition(" ")
        if not key:
            continue
        value = _go_value(raw.strip())
        if key == "stop":
            result.setdefault("stop", []).append(value)
        else:
            result[key] = value
    return result


def _go_value(raw: str) -> Any:
    if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
        try:
            return json.loads(raw)
        except ValueError:
            return raw[1:-1]
    if raw in ("true", "false"):
        return raw == "true"
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            pass
    return raw


def installed_model_from_tags(row: dict[str, Any]) -> InstalledModel:
    """Build an InstalledModel from one /api/tags entry (capabilities filled later)."""
    details = row.get("details") or {}
    return InstalledModel(
        name=row.get("model") or row.get("name", ""),
        family=details.get("family", ""),
        parameter_size=details.get("parameter_size", ""),
        quantization=details.get("quantization_level", ""),
        size=int(row.get("size") or 0),
        modified_at=parse_timestamp(row.get("modified_at")),
        digest=row.get("digest", ""),
        capabilities=tuple(row.get("capabilities") or ()),
        context_length=details.get("context_length"),
    )


def running_model_from_ps(row: dict[str, Any]) -> RunningModel:
    """Build a RunningModel from one /api/ps entry."""
    return RunningModel(
        name=row.get("model") or row.get("name", ""),
        size=int(row.get("size") or 0),
        size_vram=int(row.get("size_vram") or 0),
        expires_at=parse_timestamp(row.get("expires_at")),
        context_length=row.get("context_length"),
    )


def model_details_from_show(name: str, body: dict[str, Any]) -> ModelDetails:
    """Build ModelDetails from the raw /api/show JSON."""
    return ModelDetails(
        name=name,
        modelfile=body.get("modelfile", ""),
        parameters=parse_parameters(body.get("parameters", "")),
        template=body.get("template", ""),
        system=body.get("system", ""),
        license=body.get("license", ""),
        messages=list(body.get("messages") or []),
        capabilities=tuple(body.get("capabilities") or ()),
        details=dict(body.get("details") or {}),
        model_info=dict(body.get("model_info") or {}),
    )
