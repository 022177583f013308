"""One look at the daemon: does it answer, which version, which models are loaded."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.ollama.client import OllamaService
from workbench.ollama.models import RunningModel


@dataclass(frozen=True)
class DaemonStatus:
    """The outcome of probing the daemon once."""

    host: str
    version: str = ""
    error: WorkbenchError | None = None
    running: list[RunningModel] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        """True when the daemon answered."""
        return self.error is None


def check_daemon(service: OllamaService) -> DaemonStatus:
    """Ask the daemon for its version and loaded models; never raises for daemon faults."""
    try:
        version = service.version()
        running = service.running()
    except WorkbenchError as exc:
        return DaemonStatus(host=service.host, error=exc)
    return DaemonStatus(host=service.host, version=version, running=running)
