"""What one probe of one daemon found: version, installed and loaded models, or its error."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.fleet.refs import model_key
from workbench.hosts import Host
from workbench.ollama import InstalledModel, OllamaService, RunningModel


@dataclass(frozen=True)
class HostState:
    """One daemon as last probed; `error` set means it did not answer (and lists nothing)."""

    host: Host
    version: str = ""
    models: tuple[InstalledModel, ...] = ()
    running: tuple[RunningModel, ...] = ()
    error: WorkbenchError | None = None

    @property
    def up(self) -> bool:
        """True when the daemon answered the probe."""
        return self.error is None

    @property
    def label(self) -> str:
        """The daemon's label."""
        return self.host.label

    def model(self, name: str) -> InstalledModel | None:
        """The installed model of that name (default tag, any case), or None."""
        key = model_key(name)
        return next((m for m in self.models if model_key(m.name) == key), None)

    def has(self, name: str) -> bool:
        """True when the daemon has the model installed."""
        return self.model(name) is not None

    def loaded(self, name: str) -> bool:
        """True when the model is loaded in the daemon's memory right now."""
        key = model_key(name)
        return any(model_key(m.name) == key for m in self.running)

    def digest(self, name: str) -> str:
        """The model's digest on this daemon; "" when it is not installed here."""
        model = self.model(name)
        return model.digest if model else ""


def probe_host(host: Host, service: OllamaService) -> HostState:
    """Ask one daemon for its version, models and loaded models; faults become the state."""
    try:
        version = service.version()
        models = tuple(service.list_models(with_details=False))
        running = tuple(service.running())
    except WorkbenchError as exc:
        return HostState(host, error=exc)
    except Exception as exc:  # a server that is not Ollama: shown, never raised
        return HostState(host, error=WorkbenchError(detail=f"{host.url}: {exc}"))
    return HostState(host, version, models, running)
