"""Whether a LoRA adapter fits the FROM model: architecture (family) and parameter size."""

from __future__ import annotations

import re

from workbench.modelfile.adapters import AdapterInfo
from workbench.modelfile.workshop import Check

# Sizes as Ollama reports them ("8.0B", "268.10M") differ from the names' round sizes ("8B",
# "270M", Llama 3.2's "1B" is 1.2B): only a gap wider than this ratio counts as a mismatch.
SIZE_TOLERANCE = 1.3
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMBT])\s*$", re.IGNORECASE)
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def parameter_count(size: str | None) -> float | None:
    """A size label such as "8.0B" or "270M" as a number of parameters (None if unreadable)."""
    match = _SIZE.match(size or "")
    return float(match.group(1)) * _SCALE[match.group(2).upper()] if match else None


def adapter_mismatches(
    adapter: AdapterInfo, base: str, architecture: str, family: str, parameter_size: str
) -> list[Check]:
    """Why the adapter may not fit the FROM model `base` (empty when nothing contradicts it)."""
    found: list[Check] = []
    ours = {name.lower() for name in (architecture, family) if name}
    if adapter.architecture and ours and adapter.architecture.lower() not in ours:
        found.append(
            Check(
                "modelfiles.adapter_arch_mismatch",
                {"adapter": adapter.architecture, "base": base, "family": architecture or family},
            )
        )
    theirs, mine = parameter_count(adapter.parameter_size), parameter_count(parameter_size)
    if theirs and mine and max(theirs, mine) / min(theirs, mine) > SIZE_TOLERANCE:
        found.append(
            Check(
                "modelfiles.adapter_size_mismatch",
                {"adapter": adapter.parameter_size, "base": base, "size": parameter_size},
            )
        )
    return found
