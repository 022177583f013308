"""Rows for the model tables, formatted for one language (no Streamlit here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workbench.i18n import format_bytes, format_datetime, format_relative, translate
from workbench.ollama.models import InstalledModel, RunningModel


def processor_split(size: int, size_vram: int) -> str:
    """Where a loaded model lives, as `ollama ps` prints it: '100% GPU', '48%/52% CPU/GPU'."""
    if size <= 0 or size_vram <= 0:
        return "100% CPU"
    if size_vram >= size:
        return "100% GPU"
    gpu = round(size_vram / size * 100)
    return f"{100 - gpu}%/{gpu}% CPU/GPU"


def capability_labels(capabilities: tuple[str, ...], language: str) -> str:
    """Ollama's capability names in the user's language, e.g. 'chat, vision'."""
    return ", ".join(translate(f"capability.{name}", language) for name in capabilities)


def installed_rows(models: list[InstalledModel], language: str) -> list[dict[str, Any]]:
    """One table row per installed model, with column names in the given language."""

    def col(name: str) -> str:
        return translate(f"models.col.{name}", language)

    return [
        {
            col("name"): m.name,
            col("family"): m.family,
            col("parameters"): m.parameter_size,
            col("quantization"): m.quantization,
            col("size"): format_bytes(m.size, language),
            col("modified"): format_datetime(m.modified_at, language),
            col("capabilities"): capability_labels(m.capabilities, language),
            col("context"): m.context_length,
        }
        for m in models
    ]


def running_rows(models: list[RunningModel], now: datetime, language: str) -> list[dict[str, Any]]:
    """One table row per loaded model: memory, GPU/CPU split, context and expiry."""

    def col(name: str) -> str:
        return translate(f"models.col.{name}", language)

    return [
        {
            col("name"): m.name,
            col("memory"): format_bytes(m.size, language),
            col("processor"): processor_split(m.size, m.size_vram),
            col("context"): m.context_length,
            col("expires"): format_relative(m.expires_at, now, language),
        }
        for m in models
    ]
