"""Handlers for the model-management endpoints: /, version, tags, show, ps, copy, delete,
blobs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from .gofmt import TEXT_CT, go_quote, rfc3339_nano
from .names import parse_name
from .transport import ApiError, Exchange
from .views import ps_entry, show_response, tags_entry

_DIGEST = re.compile(r"sha256[:-]([0-9a-fA-F]{64})")
_BLOB_HEAD_BYTES = 1 << 20


def root(ex: Exchange) -> None:
    """GET|HEAD / answers "Ollama is running"."""
    ex.send_text(200, "Ollama is running", TEXT_CT)


def version(ex: Exchange) -> None:
    """GET|HEAD /api/version."""
    ex.send_json(200, {"version": ex.state.settings.version})


def tags(ex: Exchange) -> None:
    """GET|HEAD /api/tags lists installed models."""
    ex.send_json(200, {"models": [tags_entry(m) for m in ex.state.list_models()]})


def ps(ex: Exchange) -> None:
    """GET /api/ps lists loaded models."""
    gpu = ex.state.settings.gpu
    models = [
        ps_entry(
            entry.model,
            size=entry.size,
            expires_at=rfc3339_nano(entry.expires_ns),
            size_vram=entry.size if gpu else 0,
            context_length=entry.context_length,
        )
        for entry in ex.state.loaded_entries()
    ]
    ex.send_json(200, {"models": models})


def show(ex: Exchange) -> None:
    """POST /api/show describes one model."""
    body = ex.json(
        "ShowRequest",
        {
            "model": "string",
            "name": "string",
            "system": "string",
            "verbose": "bool",
            "options": "map[string]interface {}",
        },
    )
    name = body.get("model") or body.get("name") or ""
    if not name:
        raise ApiError(400, "model is required")
    model = ex.state.find(name)
    if model is None:
        raise ApiError(404, f"model '{name}' not found")
    ex.send_json(
        200, show_response(model, system=body.get("system") or None, options=body.get("options"))
    )


def copy(ex: Exchange) -> None:
    """POST /api/copy duplicates a model under a new name."""
    body = ex.json("CopyRequest", {"source": "string", "destination": "string"})
    source, destination = body.get("source") or "", body.get("destination") or ""
    if parse_name(source) is None:
        raise ApiError(400, f"source {go_quote(source)} is invalid")
    target = parse_name(destination)
    if target is None:
        raise ApiError(400, f"destination {go_quote(destination)} is invalid")
    model = ex.state.find(source)
    if model is None:
        raise ApiError(404, f"model {go_quote(source)} not found")
    ex.state.install(replace(model, name=target.display, modified_at=rfc3339_nano()))
    ex.send_empty(200)


def delete(ex: Exchange) -> None:
    """DELETE /api/delete removes a model (and unloads it)."""
    body = ex.json("DeleteRequest", {"model": "string", "name": "string"})
    name = body.get("model") or body.get("name") or ""
    if parse_name(name) is None:
        raise ApiError(400, f"name {go_quote(name)} is invalid")
    if ex.state.remove(name) is None:
        raise ApiError(404, f"model '{name}' not found")
    ex.send_empty(200)


def blobs(ex: Exchange, digest: str) -> None:
    """HEAD|POST /api/blobs/:digest checks for or uploads a blob."""
    match = _DIGEST.fullmatch(digest)
    if match is None:
        ex.body()
        raise ApiError(400, "invalid digest format")
    hex_digest = match.group(1).lower()
    if ex.method == "HEAD":
        if ex.state.has_blob(hex_digest):
            ex.send_empty(200)
        else:
            raise ApiError(404, f'blob "sha256:{hex_digest}" not found')
        return
    if ex.state.has_blob(hex_digest):
        ex.body()
        ex.send_empty(200)
        return
    hasher, head, size = hashlib.sha256(), bytearray(), 0
    for chunk in ex.iter_body():
        hasher.update(chunk)
        size += len(chunk)
        if len(head) < _BLOB_HEAD_BYTES:
            head += chunk[: _BLOB_HEAD_BYTES - len(head)]
    actual = hasher.hexdigest()
    if actual != hex_digest:
        raise ApiError(
            400, f'digest mismatch, expected "sha256:{hex_digest}", got "sha256:{actual}"'
        )
    ex.state.put_blob(hex_digest, size, bytes(head))
    ex.send_empty(201)
