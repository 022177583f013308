"""A knowledge base's vision setting: the model that reads its scanned pages, and its speed."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.kb.collections import base_collection
from workbench.kb.store import ChromaStore

MODEL_KEY = "vision_model"
RATE_KEY = "vision_seconds_per_page"
RATE_MODEL_KEY = "vision_rate_model"
ASSUMED_SECONDS_PER_PAGE = 90.0


@dataclass(frozen=True)
class VisionSetting:
    """The vision model of a knowledge base ("" when it reads no pictures) and the time one
    page takes: measured on this knowledge base, else assumed (a 7B model on a 2-core CPU)."""

    model: str
    seconds_per_page: float
    measured: bool


def vision_setting(store: ChromaStore, display_name: str) -> VisionSetting:
    """The vision setting kept on the knowledge base's entry (off when never chosen)."""
    meta = base_collection(store, display_name).metadata or {}
    model = str(meta.get(MODEL_KEY) or "")
    rate = meta.get(RATE_KEY)
    measured = bool(model) and meta.get(RATE_MODEL_KEY) == model
    measured = measured and isinstance(rate, int | float) and rate > 0
    seconds = float(rate) if measured and rate else ASSUMED_SECONDS_PER_PAGE
    return VisionSetting(model, seconds, measured)


def choose_vision_model(store: ChromaStore, display_name: str, model: str) -> None:
    """Read this knowledge base's scanned pages with `model` from now on ("" turns it off)."""
    _write(store, display_name, {MODEL_KEY: model})


def remember_page_rate(store: ChromaStore, display_name: str, model: str, seconds: float) -> None:
    """Keep the measured seconds per page of `model` for the next estimate."""
    if seconds > 0:
        _write(store, display_name, {RATE_KEY: seconds, RATE_MODEL_KEY: model})


def _write(store: ChromaStore, display_name: str, values: dict[str, str | float]) -> None:
    base = base_collection(store, display_name)
    store.modify(base, metadata={**(base.metadata or {}), **values})
