"""Handlers for /api/embed (normalised, batched) and the legacy /api/embeddings."""

from __future__ import annotations

from typing import Any

from .embedding import embed as embed_text
from .embedding import embed_legacy, token_count
from .gofmt import go_quote
from .inference import Clock, context_length, keep_alive_of, options_of, require_model
from .routes_generate import BUSY
from .state import Busy
from .transport import ApiError, Exchange

EMBED_FIELDS = {
    "model": "string",
    "truncate": "bool",
    "dimensions": "int",
    "options": "map[string]interface {}",
}
EMBEDDINGS_FIELDS = {"model": "string", "prompt": "string", "options": "map[string]interface {}"}
UNSUPPORTED = "this model does not support embeddings"


def _inputs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise ApiError(400, "invalid input type")


def _truncate(text: str, limit: int) -> str:
    words = text.split()
    return " ".join(words[:limit]) if len(words) > limit else text


def embed(ex: Exchange) -> None:
    """POST /api/embed."""
    clock = Clock()
    body = ex.json("EmbedRequest", EMBED_FIELDS)
    keep_alive = keep_alive_of(body)
    name = body.get("model") or ""
    if not name:
        raise ApiError(400, "model is required")
    inputs = _inputs(body.get("input"))
    model = require_model(ex.state, name, f"model {go_quote(name)} not found, try pulling it first")
    if not model.supports("embedding"):
        raise ApiError(501, UNSUPPORTED)
    options = options_of(model, body)
    ctx = context_length(model, options)
    try:
        with ex.state.lease(model, keep_alive, ctx) as load_ns:
            clock.load_ns = load_ns
            if not inputs:
                ex.send_json(200, {"model": name, "embeddings": []})
                return
            counts = [token_count(text) for text in inputs]
            if body.get("truncate") is False and max(counts) > ctx:
                raise ApiError(400, "the input length exceeds the context length")
            vectors = []
            for text in inputs:
                ex.state.sleep(ex.state.settings.token_delay)
                vectors.append(
                    embed_text(
                        _truncate(text, ctx), model.embedding_length or 384, body.get("dimensions")
                    )
                )
            metrics = clock.metrics(sum(min(c, ctx) for c in counts), 0)
            ex.send_json(
                200,
                {
                    "model": name,
                    "embeddings": vectors,
                    "total_duration": metrics["total_duration"],
                    "load_duration": metrics["load_duration"],
                    "prompt_eval_count": metrics["prompt_eval_count"],
                },
            )
    except Busy:
        raise ApiError(503, BUSY) from None


def embeddings(ex: Exchange) -> None:
    """POST /api/embeddings (legacy: one prompt, vector not normalised)."""
    body = ex.json("EmbeddingRequest", EMBEDDINGS_FIELDS)
    keep_alive = keep_alive_of(body)
    name = body.get("model") or ""
    if not name:
        raise ApiError(400, "model is required")
    model = require_model(ex.state, name, f"model {go_quote(name)} not found, try pulling it first")
    if not model.supports("embedding"):
        raise ApiError(501, UNSUPPORTED)
    options = options_of(model, body)
    ctx = context_length(model, options)
    prompt = body.get("prompt") or ""
    try:
        with ex.state.lease(model, keep_alive, ctx):
            if not prompt:
                ex.send_json(200, {"embedding": []})
                return
            ex.state.sleep(ex.state.settings.token_delay)
            vector = embed_legacy(_truncate(prompt, ctx), model.embedding_length or 384)
            ex.send_json(200, {"embedding": vector})
    except Busy:
        raise ApiError(503, BUSY) from None
