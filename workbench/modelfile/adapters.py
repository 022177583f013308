"""LoRA adapters as ADAPTER names them: a GGUF adapter file or a safetensors folder, inspected.

What an adapter says about its base model: a GGUF adapter's metadata (general.architecture,
general.basename, general.size_label, adapter.lora.alpha), a PEFT folder's adapter_config.json
(base_model_name_or_path, r, lora_alpha, target_modules). A PEFT config names the base model but
not its architecture, so the architecture is guessed from that name (see `guess_architecture`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.modelfile.gguf_header import MAGIC, read_gguf_metadata
from workbench.modelfile.syntax import ModelfileError

CONFIG = "adapter_config.json"
WEIGHTS = ("adapter_model.safetensors", "adapters.safetensors")
# Name fragments of base models and the GGUF architecture Ollama reports for them, first match wins.
_ARCHITECTURES = (
    (r"gemma[-_ ]?3n", "gemma3n"),
    (r"gemma[-_ ]?3(?![\d.]*[bm])", "gemma3"),
    (r"gemma[-_ ]?2(?![\d.]*[bm])", "gemma2"),
    (r"gemma", "gemma"),
    (r"qwen[-_ ]?3", "qwen3"),
    (r"qwen[-_ ]?2", "qwen2"),
    (r"phi[-_ ]?[34]", "phi3"),
    (r"phi[-_ ]?2", "phi2"),
    (r"llama|mistral|mixtral|vicuna", "llama"),
    (r"exaone", "exaone"),
    (r"granite", "granite"),
)
_SIZE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*([bm])(?![a-z])", re.IGNORECASE)


@dataclass(frozen=True)
class AdapterInfo:
    """What an adapter tells about itself and the base model it was trained on."""

    format: str  # "gguf" or "safetensors"
    base_model: str | None
    architecture: str | None
    parameter_size: str | None
    rank: int | None = None
    alpha: float | None = None
    target_modules: tuple[str, ...] = ()
    architecture_guessed: bool = False


def inspect_adapter(path: Path) -> AdapterInfo:
    """Read an adapter file or folder; a ModelfileError says why it cannot be an ADAPTER."""
    if path.is_dir():
        return _inspect_folder(path)
    with path.open("rb") as handle:
        is_gguf = handle.read(4) == MAGIC
    if path.suffix.lower() == ".gguf" or is_gguf:
        return _inspect_gguf(path)
    raise ModelfileError(code="error.adapter_unknown_file", path=str(path))


def check_adapter(path: Path, line: int | None) -> AdapterInfo:
    """inspect_adapter, with the refusal pointing at the ADAPTER line."""
    try:
        return inspect_adapter(path)
    except ModelfileError as exc:
        if exc.line is not None:
            raise
        params = {k: v for k, v in exc.params.items() if k not in ("detail", "line")}
        raise ModelfileError(line=line, code=exc.code, **params) from None


def guess_architecture(name: str) -> str | None:
    """The GGUF architecture of a base model, guessed from its name (None when unknown)."""
    lowered = name.lower()
    return next((arch for pattern, arch in _ARCHITECTURES if re.search(pattern, lowered)), None)


def size_from_name(name: str) -> str | None:
    """A parameter size written in a model name ("Llama-3.1-8B-Instruct" gives "8B")."""
    found = _SIZE.findall(name.rsplit("/", 1)[-1])
    return f"{found[-1][0]}{found[-1][1].upper()}" if found else None


def _inspect_folder(path: Path) -> AdapterInfo:
    ggufs = sorted(path.glob("*.gguf"))
    weights = [path / name for name in WEIGHTS if (path / name).is_file()]
    if len(ggufs) > 1 and not weights:
        names = ", ".join(p.name for p in ggufs)
        raise ModelfileError(code="error.adapter_only_one", path=str(path), names=names)
    if ggufs and not weights:
        return _inspect_gguf(ggufs[0])
    config_path = path / CONFIG
    if not config_path.is_file():
        raise ModelfileError(code="error.adapter_no_config", path=str(path))
    if not weights:
        raise ModelfileError(code="error.adapter_no_weights", path=str(path))
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelfileError(
            code="error.adapter_bad_config", path=str(config_path), reason=str(exc)
        ) from None
    if not isinstance(config, dict):
        raise ModelfileError(
            code="error.adapter_bad_config", path=str(config_path), reason="not an object"
        )
    return _from_config(config)


def _from_config(config: dict[str, Any]) -> AdapterInfo:
    base = config.get("base_model_name_or_path")
    base = base if isinstance(base, str) and base.strip() else None
    modules = config.get("target_modules") or ()
    return AdapterInfo(
        format="safetensors",
        base_model=base,
        architecture=guess_architecture(base) if base else None,
        architecture_guessed=True,
        parameter_size=size_from_name(base) if base else None,
        rank=_number(config.get("r"), int),
        alpha=_number(config.get("lora_alpha"), float),
        target_modules=(modules,) if isinstance(modules, str) else tuple(map(str, modules)),
    )


def _inspect_gguf(path: Path) -> AdapterInfo:
    metadata = read_gguf_metadata(path)
    kind = metadata.get("general.type")
    lora = metadata.get("adapter.type")
    if kind not in (None, "adapter") or (kind is None and lora is None):
        raise ModelfileError(code="error.adapter_not_adapter", path=str(path), kind=kind or "model")
    if lora not in (None, "lora"):
        raise ModelfileError(code="error.adapter_not_lora", path=str(path), kind=lora)
    names = [
        metadata.get(key)
        for key in ("general.base_model.0.name", "general.basename", "general.name")
    ]
    base = next((str(name) for name in names if name), None)
    size = metadata.get("general.size_label") or next(
        (found for name in names if name and (found := size_from_name(str(name)))), None
    )
    return AdapterInfo(
        format="gguf",
        base_model=base,
        architecture=metadata.get("general.architecture"),
        parameter_size=str(size) if size else None,
        alpha=_number(metadata.get("adapter.lora.alpha"), float),
    )


def _number(value: Any, cast: type) -> Any:
    return cast(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
