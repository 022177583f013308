"""Ollama daemon addresses: OLLAMA_HOST normalised like the CLI, OLLAMA_HOSTS as labelled hosts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.errors import SettingsError

DEFAULT_OLLAMA_PORT = 11434
HOSTS_SETTING = "OLLAMA_HOSTS"
_LABEL = re.compile(r"[^\s@=,]+")


@dataclass(frozen=True)
class Host:
    """One Ollama daemon: the label a person addresses it by, and its base URL."""

    label: str
    url: str

    def __str__(self) -> str:
        return f"{self.label}={self.url}"


def normalize_ollama_host(value: str, setting: str = "OLLAMA_HOST") -> str:
    """Turn an OLLAMA_HOST value into a base URL the way Ollama's own tools do."""
    text = value.strip()
    if not text:
        return f"http://127.0.0.1:{DEFAULT_OLLAMA_PORT}"
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest, default_port = "http", text, DEFAULT_OLLAMA_PORT
    else:
        default_port = {"http": 80, "https": 443}.get(scheme.lower(), 0)
    if default_port == 0:
        raise SettingsError(code="error.settings_scheme", setting=setting, value=value)
    if any(ch.isspace() for ch in rest):
        raise _bad_host(value, setting)
    parts = urlsplit(f"{scheme.lower()}://{rest}")
    try:
        port = parts.port
    except ValueError:
        raise _bad_host(value, setting) from None
    host = parts.hostname or "127.0.0.1"
    if parts.hostname is None and not rest.startswith(":"):
        raise _bad_host(value, setting)
    if ":" in host:
        host = f"[{host}]"
    path = parts.path.rstrip("/")
    return f"{scheme.lower()}://{host}:{port or default_port}{path}"


def _bad_host(value: str, setting: str) -> SettingsError:
    return SettingsError(code="error.settings_host", setting=setting, value=value)


def host_label(url: str) -> str:
    """The label of a daemon given without one: the "host:port" of its normalised URL."""
    return urlsplit(url).netloc


def parse_hosts(text: str) -> tuple[Host, ...]:
    """OLLAMA_HOSTS as hosts: comma-separated `label=url` or `url`; blank text gives ()."""
    if not text.strip():
        return ()
    hosts = [_parse_entry(entry.strip(), n) for n, entry in enumerate(text.split(","), start=1)]
    for n, host in enumerate(hosts, start=1):
        for first, earlier in enumerate(hosts[: n - 1], start=1):
            if earlier.label == host.label:
                raise SettingsError(
                    code="error.fleet_same_label", label=host.label, first=first, second=n
                )
            if earlier.url == host.url:
                raise SettingsError(
                    code="error.fleet_same_url", url=host.url, first=first, second=n
                )
    return tuple(hosts)


def _parse_entry(entry: str, position: int) -> Host:
    if not entry:
        raise SettingsError(code="error.fleet_blank_entry", position=position)
    label, sep, address = entry.rpartition("=")
    label = label.strip()
    if sep and not _LABEL.fullmatch(label):
        raise SettingsError(code="error.fleet_label", position=position, entry=entry, label=label)
    if not address.strip():
        raise _bad_host(entry, HOSTS_SETTING)
    url = normalize_ollama_host(address, HOSTS_SETTING)
    return Host(label or host_label(url), url)
