"""Cells a model will refuse before any is sent: a prompt's tools on a model without tools."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workbench.compare.grid import PromptVariant
from workbench.ollama import capability_gaps


@dataclass(frozen=True)
class Refusal:
    """A model that lacks capabilities a prompt needs; the daemon refuses those cells."""

    model: str
    variant: str
    missing: tuple[str, ...]


def needs_of(variant: PromptVariant) -> list[str]:
    """The model capabilities a prompt needs: "tools" when it sends tools."""
    return ["tools"] if variant.tools else []


def refused_cells(
    models: Sequence[str],
    variants: Sequence[PromptVariant],
    capabilities: Mapping[str, Sequence[str]],
) -> list[Refusal]:
    """Every (model, prompt) pair the daemon will refuse; models whose capabilities are unknown
    (missing or empty, as from an old daemon) are given the benefit of the doubt."""
    found = []
    for variant in variants:
        needs = needs_of(variant)
        for model in models:
            known = capabilities.get(model)
            missing = capability_gaps(known, needs) if needs and known else []
            if missing:
                found.append(Refusal(model, variant.name, tuple(missing)))
    return found
