"""Handlers for /api/chat and /api/generate: validation, load/unload, streamed or single
answers, and injected faults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .generation import Output, plan_chat, plan_generate, scripted
from .gofmt import go_quote, rfc3339_nano
from .inference import (
    Clock,
    context_length,
    keep_alive_of,
    options_of,
    require_model,
    think_of,
)
from .models import FakeModel
from .names import name_key, parse_name
from .state import Busy, Fault
from .transport import ApiError, Exchange
from .vision import UNKNOWN_FORMAT, image_bytes, is_image

CHAT_FIELDS = {
    "model": "string",
    "messages": "[]api.Message",
    "stream": "bool",
    "options": "map[string]interface {}",
    "tools": "api.Tools",
}
GENERATE_FIELDS = {
    "model": "string",
    "prompt": "string",
    "suffix": "string",
    "system": "string",
    "template": "string",
    "context": "[]int",
    "stream": "bool",
    "raw": "bool",
    "images": "[]api.ImageData",
    "options": "map[string]interface {}",
}
WAIT_SECONDS = 600.0
METRICS = ("total_duration", "load_duration", "eval_count", "eval_duration")
BUSY = "server busy, please try again.  maximum pending requests exceeded"
Chunk = Callable[[str, Any], dict[str, Any]]


def _full_name(name: str) -> str:
    parsed = parse_name(name)
    return parsed.full if parsed else name


def _format_fault(ex: Exchange, model: FakeModel) -> str | None:
    """The fault armed for this model's `format` answers, if any."""
    return ex.state.settings.format_faults.get(name_key(model.name) or model.name)


def _script(ex: Exchange, model: FakeModel, output: Output, options: dict[str, Any]) -> Output:
    """The answer, or the model's next scripted reply in its place."""
    text = ex.state.next_scripted(model)
    return output if text is None else scripted(output, text, options)


def _chat_chunk(name: str) -> Chunk:
    def build(kind: str, value: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": value if kind == "content" else "",
        }
        if kind == "thinking":
            message["thinking"] = value
        if kind == "tool_calls":
            message["tool_calls"] = value
        return {"model": name, "created_at": rfc3339_nano(), "message": message, "done": False}

    return build


def _generate_chunk(name: str) -> Chunk:
    def build(kind: str, value: Any) -> dict[str, Any]:
        chunk: dict[str, Any] = {"model": name, "created_at": rfc3339_nano()}
        chunk["response"] = value if kind == "content" else ""
        if kind == "thinking":
            chunk["thinking"] = value
        chunk["done"] = False
        return chunk

    return build


def _pieces(output: Output) -> list[tuple[str, Any]]:
    pieces: list[tuple[str, Any]] = [("thinking", p) for p in output.thinking]
    pieces += [("content", p) for p in output.content]
    if output.tool_calls:
        pieces.append(("tool_calls", output.tool_calls))
    return pieces


def _final(chunk: Chunk, output: Output, clock: Clock, extra: dict[str, Any]) -> dict[str, Any]:
    final = chunk("content", "")
    final["done"] = True
    final["done_reason"] = output.done_reason
    final.update(extra)
    final.update(clock.metrics(output.prompt_eval_count, output.eval_count))
    return final


def _merged(chunk: Chunk, output: Output, clock: Clock, extra: dict[str, Any]) -> dict[str, Any]:
    final = _final(chunk, output, clock, extra)
    content, thinking = "".join(output.content), "".join(output.thinking)
    if "message" in final:
        final["message"]["content"] = content
        if thinking:
            final["message"]["thinking"] = thinking
        if output.tool_calls:
            final["message"]["tool_calls"] = output.tool_calls
    else:
        final["response"] = content
        if thinking:
            final = {**dict(list(final.items())[:3]), "thinking": thinking, **final}
    return final


def _deliver(
    ex: Exchange, output: Output, chunk: Chunk, clock: Clock, stream: bool, extra: dict[str, Any]
) -> None:
    state = ex.state
    fault: Fault | None = state.take_fault()
    pieces = _pieces(output)
    clock.begin_eval()
    out = ex.stream() if stream else None
    for index, (kind, value) in enumerate(pieces):
        if fault is not None and index >= fault.after:
            break
        state.spend_token()
        if out is not None:
            out.send(chunk(kind, value))
    if fault is not None and fault.kind == "drop":
        ex.abort()
    if fault is not None:
        if out is None:
            raise ApiError(500, fault.message)
        out.send({"error": fault.message})
        out.end()
        return
    final = (
        _merged(chunk, output, clock, extra) if out is None else _final(chunk, output, clock, extra)
    )
    state.record_generation(final["model"], {key: final[key] for key in METRICS})
    if out is None:
        ex.send_json(200, final)
        return
    out.send(final)
    out.end()


def _answer(
    ex: Exchange,
    model: FakeModel,
    keep_alive: Any,
    options: dict[str, Any],
    chunk: Chunk,
    clock: Clock,
    has_input: bool,
    produce: Callable[[], tuple[Output, dict[str, Any]]],
    body: dict[str, Any],
) -> None:
    """Unload, load or answer (streamed or not) the way chat and generate both do."""
    if not has_input and keep_alive == 0:
        ex.state.unload(model)
        _status(ex, chunk, "unload")
        return
    try:
        with ex.state.lease(model, keep_alive, context_length(model, options)) as load_ns:
            clock.load_ns = load_ns
            if not has_input:
                _status(ex, chunk, "load")
                return
            output, extra = produce()
            _deliver(ex, output, chunk, clock, body.get("stream") is not False, extra)
    except Busy:
        raise ApiError(503, BUSY) from None


def _status(ex: Exchange, chunk: Chunk, reason: str) -> None:
    body = chunk("content", "")
    body["done"], body["done_reason"] = True, reason
    ex.send_json(200, body)


def _check_images(model: FakeModel, messages: list[dict[str, Any]]) -> None:
    """Refuse images that are not base64 (400) or, for a vision model, not an image (500)."""
    for message in messages:
        for image in message.get("images") or []:
            data = image_bytes(image)
            if data is None:
                raise ApiError(400, "illegal base64 data at input byte 0")
            if model.supports("vision") and not is_image(data):
                raise ApiError(500, UNKNOWN_FORMAT)


def chat(ex: Exchange) -> None:
    """POST /api/chat."""
    clock = Clock()
    body = ex.json("ChatRequest", CHAT_FIELDS)
    keep_alive, think = keep_alive_of(body), think_of(body)
    name = body.get("model") or ""
    if not name:
        raise ApiError(400, "model is required")
    model = require_model(ex.state, name, f"model '{name}' not found")
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    tools = body.get("tools") or []
    if not model.supports("completion"):
        raise ApiError(400, f"{go_quote(name)} does not support chat")
    if tools and not model.supports("tools"):
        raise ApiError(400, f"{_full_name(model.name)} does not support tools")
    if think not in (None, False) and not model.supports("thinking"):
        raise ApiError(400, f"{go_quote(name)} does not support thinking")
    thinking = model.supports("thinking") if think is None else think is not False
    _check_images(model, messages)

    def produce() -> tuple[Output, dict[str, Any]]:
        output = plan_chat(
            model,
            messages,
            options,
            think=thinking,
            tools=tools,
            fmt=body.get("format"),
            length=ex.state.settings.answer_tokens,
            format_fault=_format_fault(ex, model),
            always_call_tools=ex.state.settings.always_call_tools,
        )
        return _script(ex, model, output, options), {}

    options = options_of(model, body)
    chunk = _chat_chunk(name)
    _answer(ex, model, keep_alive, options, chunk, clock, bool(messages), produce, body)


def generate(ex: Exchange) -> None:
    """POST /api/generate."""
    clock = Clock()
    body = ex.json("GenerateRequest", GENERATE_FIELDS)
    keep_alive, think = keep_alive_of(body), think_of(body)
    name = body.get("model") or ""
    model = require_model(ex.state, name, f"model '{name}' not found")
    raw = bool(body.get("raw"))
    if raw and (body.get("template") or body.get("system") or body.get("context")):
        raise ApiError(400, "raw mode does not support template, system, or context")
    if not model.supports("completion"):
        raise ApiError(400, f"{go_quote(name)} does not support generate")
    if body.get("suffix") and not model.supports("insert"):
        raise ApiError(400, f"{_full_name(model.name)} does not support insert")
    if think not in (None, False) and not model.supports("thinking"):
        raise ApiError(400, f"{go_quote(name)} does not support thinking")
    prompt = body.get("prompt") or ""
    thinking = model.supports("thinking") if think is None else think is not False

    def produce() -> tuple[Output, dict[str, Any]]:
        output = plan_generate(
            model,
            prompt,
            options,
            system=body.get("system") or None,
            think=thinking,
            fmt=body.get("format"),
            images=len(body.get("images") or []),
            length=ex.state.settings.answer_tokens,
            format_fault=_format_fault(ex, model),
        )
        output = _script(ex, model, output, options)
        return output, {} if raw else {"context": output.context()}

    options = options_of(model, body)
    chunk = _generate_chunk(name)
    _answer(ex, model, keep_alive, options, chunk, clock, bool(prompt), produce, body)


def generations(ex: Exchange) -> None:
    """GET /_fake/generations[?count=N] (the fake's own, not Ollama's): every finished generation
    with its final metrics, for benchmarks that drive the daemon from another process; with
    count, the answer waits (up to 10 minutes) until that many have finished."""
    count = int(parse_qs(urlsplit(ex.handler.path).query).get("count", ["0"])[0])
    done = ex.state.wait_for_generations(count, WAIT_SECONDS)
    ex.send_json(200, {"generations": done})
