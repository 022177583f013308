"""Which capabilities a feature needs that a model lacks (tools, thinking, vision)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# The capabilities a feature can need; each has a catalog key capability.missing_<need>.
NEEDS: tuple[str, ...] = ("tools", "thinking", "vision")


def capability_gaps(capabilities: Sequence[str], needs: Iterable[str]) -> list[str]:
    """The needed capabilities the model lacks, in `needs` order and each once; none when the
    daemon reported no capabilities at all (too old to say: let it decide)."""
    if not capabilities:
        return []
    gaps: list[str] = []
    for need in needs:
        if need not in capabilities and need not in gaps:
            gaps.append(need)
    return gaps
