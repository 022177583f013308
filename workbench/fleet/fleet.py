"""The configured daemons, one service each, probed all at once with a short deadline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, wait

from workbench.errors import RequestTimedOut, WorkbenchError
from workbench.fleet.state import HostState, probe_host
from workbench.hosts import Host
from workbench.ollama import OllamaService
from workbench.settings import Settings


class UnknownHost(WorkbenchError):
    """A daemon label that OLLAMA_HOSTS does not name."""

    code = "error.fleet_unknown_host"


class Fleet:
    """Every daemon of OLLAMA_HOSTS (or the one of OLLAMA_HOST), in their configured order."""

    def __init__(
        self,
        hosts: Sequence[Host],
        services: Mapping[str, OllamaService],
        probe_timeout: float = 3.0,
    ) -> None:
        self.hosts = tuple(hosts)
        self._services = dict(services)
        self.probe_timeout = probe_timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> Fleet:
        """One service per configured daemon, with the settings' timeouts."""
        services = {
            host.label: OllamaService(
                host.url,
                settings.connect_timeout,
                settings.request_timeout,
                settings.stream_timeout,
            )
            for host in settings.ollama_hosts
        }
        return cls(settings.ollama_hosts, services, settings.connect_timeout)

    @property
    def labels(self) -> tuple[str, ...]:
        """The daemons' labels in OLLAMA_HOSTS order."""
        return tuple(host.label for host in self.hosts)

    def host(self, label: str) -> Host:
        """The daemon with that label; UnknownHost names the ones there are."""
        for host in self.hosts:
            if host.label == label:
                return host
        raise UnknownHost(host=label, labels=", ".join(self.labels))

    def service(self, label: str) -> OllamaService:
        """The service that talks to the daemon with that label."""
        return self._services[self.host(label).label]

    def probe(self) -> list[HostState]:
        """Every daemon's state, asked in parallel; one silent past the deadline is an error."""
        if not self.hosts:
            return []
        pool = ThreadPoolExecutor(len(self.hosts), thread_name_prefix="fleet-probe")
        futures = [pool.submit(probe_host, h, self._services[h.label]) for h in self.hosts]
        done, _ = wait(futures, timeout=self.probe_timeout)
        pool.shutdown(wait=False, cancel_futures=True)
        return [
            future.result() if future in done else self._silent(host)
            for host, future in zip(self.hosts, futures, strict=True)
        ]

    def _silent(self, host: Host) -> HostState:
        error = RequestTimedOut(
            code="error.fleet_probe_timeout",
            host=host.label,
            url=host.url,
            seconds=f"{self.probe_timeout:g}",
        )
        return HostState(host, error=error)

    def close(self) -> None:
        """Close every service's connections."""
        for service in self._services.values():
            service.close()
