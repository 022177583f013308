"""Fold the status lines of a pull into per-layer progress a page can draw."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.ollama.models import PullProgress


@dataclass
class LayerProgress:
    """Bytes downloaded so far for one layer of a pull."""

    digest: str
    completed: int = 0
    total: int = 0

    @property
    def fraction(self) -> float:
        """Share of the layer downloaded, between 0 and 1."""
        return min(self.completed / self.total, 1.0) if self.total else 0.0


@dataclass
class PullTracker:
    """The state of one pull: its current phase and every layer seen so far."""

    status: str = ""
    layers: dict[str, LayerProgress] = field(default_factory=dict)
    done: bool = False

    def update(self, line: PullProgress) -> None:
        """Apply one status line from the daemon."""
        self.status = line.status
        if line.digest and line.total:
            layer = self.layers.setdefault(line.digest, LayerProgress(line.digest))
            layer.total = line.total
            layer.completed = max(layer.completed, line.completed)
        if line.status == "success":
            self.done = True

    @property
    def completed(self) -> int:
        """Bytes downloaded across all layers."""
        return sum(layer.completed for layer in self.layers.values())

    @property
    def total(self) -> int:
        """Bytes to download across all layers seen so far."""
        return sum(layer.total for layer in self.layers.values())

    @property
    def fraction(self) -> float:
        """Overall share downloaded, between 0 and 1 (1 once the pull succeeded)."""
        if self.done:
            return 1.0
        return min(self.completed / self.total, 1.0) if self.total else 0.0
