"""Typed settings read from environment variables, described by one declarative table."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import SettingsError
from workbench.hosts import Host, host_label, normalize_ollama_host, parse_hosts
from workbench.i18n import translate


@dataclass(frozen=True)
class SettingSpec:
    """One environment variable: its name, default text, help line and parser."""

    env: str
    field: str
    default: str
    help: str
    parse: Callable[[str], Any]


def _positive_float(name: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            number = -1.0
        if number <= 0:
            raise SettingsError(
                code="error.settings_seconds",
                setting=name,
                value=text,
            )
        return number

    return parse


def _path(text: str) -> Path:
    return Path(text).expanduser()


def _optional_port(text: str) -> int | None:
    if not text.strip():
        return None
    if text.strip().isdigit() and 0 < int(text) < 65536:
        return int(text)
    raise SettingsError(
        code="error.settings_port",
        setting="CHROMA_PORT",
        value=text,
    )


def _optional_path(text: str) -> Path | None:
    return Path(text).expanduser() if text.strip() else None


def _path_list(text: str) -> tuple[Path, ...]:
    return tuple(Path(p).expanduser() for p in text.split(os.pathsep) if p.strip())


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "OLLAMA_HOST",
        "ollama_host",
        "127.0.0.1:11434",
        "Address of the Ollama daemon: host:port, :port or a URL (same rules as the ollama CLI).",
        normalize_ollama_host,
    ),
    SettingSpec(
        "OLLAMA_HOSTS",
        "ollama_hosts",
        "",
        "Several Ollama daemons, comma-separated, each `label=address` or just an address "
        "(labelled host:port), e.g. `gpu-a=http://10.0.0.5:11434,laptop=127.0.0.1:11434`; "
        "empty means the one daemon of OLLAMA_HOST.",
        parse_hosts,
    ),
    SettingSpec(
        "WORKBENCH_DATA_DIR",
        "data_dir",
        "~/.ollama-workbench",
        "Directory that holds all of the workbench's state (history, knowledge bases, uploads, "
        "and in `cache/` the parsed template library, so a restart reads only changed files).",
        _path,
    ),
    SettingSpec(
        "WORKBENCH_CONNECT_TIMEOUT",
        "connect_timeout",
        "3",
        "Seconds to wait for the daemon to accept a connection before calling it unreachable.",
        _positive_float("WORKBENCH_CONNECT_TIMEOUT"),
    ),
    SettingSpec(
        "WORKBENCH_REQUEST_TIMEOUT",
        "request_timeout",
        "30",
        "Seconds to wait for a quick request (list, show, copy, delete) to answer.",
        _positive_float("WORKBENCH_REQUEST_TIMEOUT"),
    ),
    SettingSpec(
        "WORKBENCH_STREAM_TIMEOUT",
        "stream_timeout",
        "300",
        "Seconds a generation or pull may stay silent (e.g. while a model loads) before it is "
        "abandoned.",
        _positive_float("WORKBENCH_STREAM_TIMEOUT"),
    ),
    SettingSpec(
        "WORKBENCH_LIBRARY_DIR",
        "library_dir",
        "",
        "Directory of the shared template library (a git checkout or shared folder); "
        "defaults to library/ inside the data directory.",
        _optional_path,
    ),
    SettingSpec(
        "CHROMA_HOST",
        "chroma_host",
        "",
        "Host of a Chroma server for the knowledge bases; empty means the embedded store "
        "under the data directory.",
        str.strip,
    ),
    SettingSpec(
        "CHROMA_PORT",
        "chroma_port",
        "8000",
        "Port of the Chroma server named by CHROMA_HOST.",
        _optional_port,
    ),
    SettingSpec(
        "WORKBENCH_MODEL_DIRS",
        "model_dirs",
        "",
        "Extra directories (separated by the OS path separator) from which Modelfiles may read "
        "GGUF or adapter files; the upload directory is always allowed.",
        _path_list,
    ),
    SettingSpec(
        "WORKBENCH_REDRAW_INTERVAL",
        "redraw_interval",
        "0.25",
        "Seconds between redraws of a streaming answer or progress bar; what arrives in between "
        "is drawn at once, so the browser does not slow a model on the same CPU down "
        "(BENCHMARKS.md: shorter is smoother, longer leaves the model more CPU).",
        _positive_float("WORKBENCH_REDRAW_INTERVAL"),
    ),
)


@dataclass(frozen=True)
class Settings:
    """The workbench's configuration, one attribute per row of SETTINGS."""

    ollama_host: str
    ollama_hosts: tuple[Host, ...]
    data_dir: Path
    connect_timeout: float
    request_timeout: float
    stream_timeout: float
    library_dir: Path | None
    chroma_host: str
    chroma_port: int | None
    model_dirs: tuple[Path, ...]
    redraw_interval: float

    @property
    def several_hosts(self) -> bool:
        """True when OLLAMA_HOSTS names more than one daemon."""
        return len(self.ollama_hosts) > 1

    @property
    def upload_dir(self) -> Path:
        """Where uploaded files (GGUF models, documents) are kept."""
        return self.data_dir / "uploads"

    @property
    def templates_dir(self) -> Path:
        """The template library: WORKBENCH_LIBRARY_DIR, else library/ in the data dir."""
        return self.library_dir or self.data_dir / "library"

    @property
    def chroma_dir(self) -> Path:
        """Where the embedded Chroma store keeps its files."""
        return self.data_dir / "chroma"

    @property
    def library_index(self) -> Path:
        """The template library's parsed index, kept across restarts (one file per library)."""
        folder = hashlib.sha256(str(self.templates_dir.resolve()).encode()).hexdigest()[:12]
        return self.data_dir / "cache" / f"library-{folder}.pickle"

    @property
    def history_db(self) -> Path:
        """The SQLite file that logs runs, outputs and votes."""
        return self.data_dir / "history.sqlite3"


def setting_text(value: Any, language: str) -> str:
    """A setting's value as a person reads it: "not set", "none", 3 rather than None, (), 3.0."""
    if value is None or value == "":
        return translate("home.not_set", language)
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value) or translate("home.none", language)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def settings_markdown_table() -> str:
    """The settings as the Markdown table the README shows."""
    rows = ["| Variable | Default | What it does |", "|---|---|---|"]
    rows += [f"| `{spec.env}` | `{spec.default or '(none)'}` | {spec.help} |" for spec in SETTINGS]
    return "\n".join(rows)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read every setting from the environment, falling back to the table's defaults."""
    env = os.environ if environ is None else environ
    values = {spec.field: spec.parse(env.get(spec.env) or spec.default) for spec in SETTINGS}
    single = Host(host_label(values["ollama_host"]), values["ollama_host"])
    hosts = values["ollama_hosts"] or (single,)
    return Settings(**values | {"ollama_hosts": hosts, "ollama_host": hosts[0].url})
