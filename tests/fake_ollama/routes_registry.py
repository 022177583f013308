"""Handlers for /api/pull and /api/create (structured JSON requests only)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .gguf import is_gguf, read_metadata
from .gofmt import rfc3339_nano
from .models import FILE_TYPES, PROMPT_TEMPLATE, FakeModel, human_number, sha256_hex
from .names import parse_name
from .progress import Event, ProgressError, pull_events, send_progress
from .state import DaemonState
from .transport import ApiError, Exchange
from .views import blob_path

PULL_FIELDS = {"model": "string", "name": "string", "insecure": "bool", "stream": "bool"}
CREATE_FIELDS = {
    "model": "string",
    "name": "string",
    "from": "string",
    "files": "map[string]string",
    "adapters": "map[string]string",
    "template": "string",
    "system": "string",
    "parameters": "map[string]interface {}",
    "messages": "[]api.Message",
    "quantize": "string",
    "stream": "bool",
}
MANIFEST_ERROR = "pull model manifest: file does not exist"
_FILE_TYPE_NAMES = {number: name for name, number in FILE_TYPES.items()}
_HEX = re.compile(r"sha256[:-]([0-9a-fA-F]{64})")


def _hex(digest: str) -> str:
    """The lower-case hex part of an already validated "sha256:<hex>" digest."""
    match = _HEX.fullmatch(digest)
    return match.group(1).lower() if match else ""


def pull(ex: Exchange) -> None:
    """POST /api/pull fetches a model from the fake registry."""
    body = ex.json("PullRequest", PULL_FIELDS)
    name = body.get("model") or body.get("name") or ""
    if parse_name(name) is None:
        raise ApiError(400, "invalid model name")
    send_progress(ex, _pull_all(ex.state, name), body.get("stream") is not False)


def _pull_all(state: DaemonState, name: str) -> Iterator[Event]:
    if state.settings.pull_failure:
        yield {"status": "pulling manifest"}
        yield ProgressError(state.settings.pull_failure)
        return
    model = state.registry_model(name)
    if model is None:
        yield {"status": "pulling manifest"}
        yield ProgressError(MANIFEST_ERROR)
        return
    yield from pull_events(state, model)
    state.install(model)
    yield {"status": "success"}


def create(ex: Exchange) -> None:
    """POST /api/create builds a model from another model or from uploaded files."""
    body = ex.json("CreateRequest", CREATE_FIELDS)
    target = parse_name(body.get("model") or body.get("name") or "")
    if target is None:
        raise ApiError(400, "invalid model name")
    events = _create_events(ex.state, target.display, body)
    send_progress(ex, events, body.get("stream") is not False)


def _create_events(state: DaemonState, name: str, body: dict[str, Any]) -> Iterator[Event]:
    files: dict[str, str] = body.get("files") or {}
    if not body.get("from") and not files:
        yield ProgressError("neither 'from' or 'files' was specified", 400)
        return
    for filename, digest in {**files, **(body.get("adapters") or {})}.items():
        if filename.startswith("/") or ".." in filename.split("/") or not filename:
            yield ProgressError("file path must be relative", 400)
            return
        if not _HEX.fullmatch(str(digest)):
            yield ProgressError("invalid digest format", 400)
            return
    source: list[FakeModel] = []
    if body.get("from"):
        yield from _resolve_from(state, body["from"], source)
    else:
        yield from _resolve_files(state, name, files, source)
    if not source:
        return
    base = source[0]
    error = _check_config(base, body)
    if error:
        yield error
        return
    adapters: list[tuple[str, int]] = []
    if body.get("adapters"):
        yield from _resolve_adapters(state, body["adapters"], adapters)
        if not adapters:
            return
    model = _derive(base, name, body)
    model.adapters = base.adapters + adapters
    model.digest = sha256_hex(f"manifest:{name}:{json.dumps(model.layers())}")
    if body.get("quantize"):
        yield from _quantize_lines(state, base, model)
    base_layers = {digest for _, digest, _ in base.layers()} | state.known_layers()
    for _, digest, _ in model.layers():
        verb = "using existing" if digest in base_layers else "creating new"
        state.sleep(state.settings.token_delay)
        yield {"status": f"{verb} layer sha256:{digest}"}
    yield {"status": "writing manifest"}
    state.install(model)
    yield {"status": "success"}


def _resolve_adapters(
    state: DaemonState, adapters: dict[str, str], out: list[tuple[str, int]]
) -> Iterator[Event]:
    """server/create.go's convertModelFromFiles(isAdapter=true): one GGUF adapter, or a
    safetensors adapter folder converted into one new layer."""
    kind = _file_kind(state, adapters)
    if kind == "unknown":
        yield ProgressError("unknown type", 400)
        return
    if kind == "gguf" and len(adapters) > 1:
        yield ProgressError("only one adapter is currently supported", 400)
        return
    for digest in adapters.values():
        if not state.has_blob(_hex(digest)):
            yield ProgressError(f"open {blob_path(_hex(digest))}: no such file or directory")
            return
    if kind == "safetensors":
        yield {"status": "converting adapter"}
        total = sum(blob.size for d in adapters.values() if (blob := state.blob(_hex(d))))
        out.append((sha256_hex(f"adapter:{''.join(sorted(adapters.values()))}"), total))
        return
    hex_digest = _hex(next(iter(adapters.values())))
    blob = state.blob(hex_digest)
    if blob is not None and not is_gguf(blob.head):
        yield ProgressError("supplied file was not in GGUF format", 400)
        return
    out.append((hex_digest, blob.size if blob else 1))


def _resolve_from(state: DaemonState, name: str, out: list[FakeModel]) -> Iterator[Event]:
    local = state.find(name)
    if local is not None:
        out.append(local)
        return
    remote = state.registry_model(name)
    if remote is None:
        yield {"status": "pulling manifest"}
        yield ProgressError(MANIFEST_ERROR)
        return
    yield from pull_events(state, remote)
    state.install(remote)
    out.append(remote)


def _file_kind(state: DaemonState, files: dict[str, str]) -> str:
    names = list(files)
    if any(n.endswith(".safetensors") for n in names):
        return "safetensors"
    if any(n.endswith(".gguf") for n in names):
        return "gguf"
    for digest in files.values():
        blob = state.blob(_hex(digest))
        if blob and is_gguf(blob.head):
            return "gguf"
    return "unknown"


def _resolve_files(
    state: DaemonState, name: str, files: dict[str, str], out: list[FakeModel]
) -> Iterator[Event]:
    kind = _file_kind(state, files)
    if kind == "unknown":
        yield ProgressError("unknown type", 400)
        return
    yield {"status": "parsing GGUF" if kind == "gguf" else "converting model"}
    for digest in files.values():
        if not state.has_blob(_hex(digest)):
            yield ProgressError(f"open {blob_path(_hex(digest))}: no such file or directory")
            return
    if kind == "safetensors":
        out.append(_model_from_safetensors(state, name, files))
        return
    ggufs = [d for f, d in files.items() if f.endswith(".gguf")] or list(files.values())
    hex_digest = _hex(ggufs[0])
    blob = state.blob(hex_digest)
    if blob is None:
        owner = next((m for m in state.list_models() if m.model_blob == hex_digest), None)
        if owner is None:
            yield ProgressError("supplied file was not in GGUF format", 400)
            return
        out.append(replace(owner, name=name, parent_model=blob_path(hex_digest)))
        return
    if not is_gguf(blob.head):
        yield ProgressError("supplied file was not in GGUF format", 400)
        return
    out.append(_model_from_gguf(name, hex_digest, blob.head, blob.size))


def _model_from_gguf(name: str, hex_digest: str, head: bytes, size: int) -> FakeModel:
    metadata = read_metadata(head)
    arch = str(metadata.get("general.architecture") or "llama")
    embedding = f"{arch}.pooling_type" in metadata or arch in ("bert", "nomic-bert")
    count = int(metadata.get("general.parameter_count") or max(size // 2, 1))
    file_type = metadata.get("general.file_type")
    return FakeModel(
        name=name,
        family=arch,
        parameter_size=human_number(count),
        quantization_level=_FILE_TYPE_NAMES.get(file_type, "unknown")
        if isinstance(file_type, int)
        else "unknown",
        size=size,
        capabilities=["embedding"] if embedding else ["completion"],
        context_length=int(metadata.get(f"{arch}.context_length") or 4096),
        embedding_length=metadata.get(f"{arch}.embedding_length") or (384 if embedding else None),
        template=PROMPT_TEMPLATE,
        model_blob=hex_digest,
        parent_model=blob_path(hex_digest),
    )


def _model_from_safetensors(state: DaemonState, name: str, files: dict[str, str]) -> FakeModel:
    config: dict[str, Any] = {}
    if "config.json" in files:
        blob = state.blob(_hex(files["config.json"]))
        try:
            config = json.loads(blob.head) if blob else {}
        except ValueError:
            config = {}
    family = str(config.get("model_type") or "llama").replace("_", "-")
    embedding = "modules.json" in files or family in ("bert", "nomic-bert", "xlm-roberta")
    weights = "".join(sorted(files.values()))
    total = sum(blob.size for d in files.values() if (blob := state.blob(_hex(d))))
    return FakeModel(
        name=name,
        family=family,
        parameter_size=human_number(max(total // 2, 1)),
        quantization_level="F16",
        size=max(total, 1),
        capabilities=["embedding"] if embedding else ["completion"],
        context_length=int(config.get("max_position_embeddings") or 4096),
        embedding_length=config.get("hidden_size") or (384 if embedding else None),
        template=PROMPT_TEMPLATE,
        model_blob=sha256_hex(f"converted:{weights}"),
    )


def _unclosed_action(template: str) -> bool:
    """Whether a "{{" has no "}}" after it (a lone "}}" in the text is fine, as in Go)."""
    start = template.find("{{")
    while start >= 0:
        end = template.find("}}", start + 2)
        if end < 0:
            return True
        start = template.find("{{", end + 2)
    return False


def _check_config(base: FakeModel, body: dict[str, Any]) -> ProgressError | None:
    if _unclosed_action(body.get("template") or ""):
        return ProgressError("template error: template: :1: unclosed action", 400)
    quantize = str(body.get("quantize") or "").upper()
    if quantize:
        if quantize not in FILE_TYPES:
            return ProgressError(f"unsupported quantization type {body['quantize']}", 400)
        if base.quantization_level.upper() not in ("F16", "BF16", "F32"):
            return ProgressError("quantization is only supported for F16, BF16 and F32 models")
    return None


def _template_capabilities(base: FakeModel, template: str) -> list[str]:
    if base.supports("embedding"):
        return list(base.capabilities)
    keep = [c for c in base.capabilities if c not in ("tools", "thinking", "insert")]
    derived = [
        c
        for c, marker in (("tools", ".Tools"), ("insert", ".Suffix"), ("thinking", ".Think"))
        if marker in template
    ]
    return keep + derived


def _derive(base: FakeModel, name: str, body: dict[str, Any]) -> FakeModel:
    license_value = body.get("license")
    changes: dict[str, Any] = {"name": name, "modified_at": rfc3339_nano()}
    if body.get("from"):
        changes["parent_model"] = base.name
    if body.get("template"):
        changes["template"] = body["template"]
        changes["capabilities"] = _template_capabilities(base, body["template"])
    if body.get("system"):
        changes["system"] = body["system"]
    if license_value:
        changes["license"] = (
            [license_value]
            if isinstance(license_value, str)
            else [str(item) for item in license_value]
        )
    if body.get("parameters"):
        changes["parameters"] = {**base.parameters, **body["parameters"]}
    if body.get("messages") is not None:
        changes["messages"] = [
            {"role": str(m.get("role", "")), "content": str(m.get("content", ""))}
            for m in body["messages"]
            if isinstance(m, dict)
        ]
    quantize = str(body.get("quantize") or "").upper()
    if quantize:
        changes["quantization_level"] = quantize
        changes["model_blob"] = sha256_hex(f"{quantize}:{base.model_blob}")
        changes["size"] = int(base.size * (0.53 if quantize == "Q8_0" else 0.3))
    model = replace(base, **changes)
    model.digest = sha256_hex(f"manifest:{name}:{json.dumps(model.layers())}")
    return model


def _quantize_lines(state: DaemonState, base: FakeModel, model: FakeModel) -> Iterator[Event]:
    status = f"quantizing {base.quantization_level.upper()} model to {model.quantization_level}"
    for step in range(1, 5):
        state.sleep(state.settings.token_delay)
        yield {
            "status": status,
            "digest": "0000000000000000000",
            "total": base.size,
            "completed": base.size * step // 4,
        }
    yield {"status": "verifying conversion"}
