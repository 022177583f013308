"""Deterministic text generation: the same (model, conversation, seed, temperature) gives the same
tokens."""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .models import FakeModel
from .structured import format_pieces, schema_value
from .tool_calls import tool_call
from .vision import image_bytes, transcription_pieces, written_text

DEFAULT_LENGTH = 24
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_PROMPT_TOKEN = re.compile(r"\w+|[^\w\s]")
TOOL_ECHO_CHARS = 80


def _words(text: str) -> tuple[str, ...]:
    """Split a space-separated word list."""
    return tuple(text.split())


ENGLISH_WORDS = _words(
    "the model answer is a simple light blue sky because of data local language small fast "
    "test question reply helpful about this that and with result example text word token "
    "response context clear short good it can will be very often here there more some useful "
    "idea system process value point kind"
)
KOREAN_WORDS = _words(
    "이것은 모델 답변 입니다 하늘 파란색 빛 때문에 그리고 질문 좋은 간단한 예시 데이터 한국어 "
    "문장 로컬 언어 정보 결과 있습니다 합니다 오늘 생각 정말 이유 설명 작은 빠른 도움"
)


@dataclass
class Output:
    """A planned answer: thinking pieces, content pieces, tool calls and why it ended."""

    thinking: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    done_reason: str = "stop"
    prompt_tokens: list[int] = field(default_factory=list)

    @property
    def eval_count(self) -> int:
        """How many tokens the answer counts as."""
        return len(self.thinking) + len(self.content) + 8 * len(self.tool_calls)

    @property
    def prompt_eval_count(self) -> int:
        """How many prompt tokens were evaluated."""
        return len(self.prompt_tokens)

    def context(self) -> list[int]:
        """The generate `context` array: prompt token ids followed by answer token ids."""
        return self.prompt_tokens + [token_id(piece) for piece in self.content]


def has_hangul(text: str) -> bool:
    """Whether the text contains Korean script."""
    return bool(HANGUL.search(text))


@lru_cache(maxsize=65536)
def token_id(piece: str) -> int:
    """A stable fake vocabulary id for a token."""
    return int.from_bytes(hashlib.sha256(piece.encode("utf-8")).digest()[:4], "big") % 262144


def prompt_token_ids(texts: list[str], overhead: int = 4) -> list[int]:
    """Fake token ids for a rendered prompt made of several message texts."""
    ids: list[int] = []
    for text in texts:
        ids.extend([2, 105, 2364][: min(overhead, 3)] + [0] * max(overhead - 3, 0))
        ids.extend(token_id(token) for token in _PROMPT_TOKEN.findall(text))
    return ids


def _rng(model: FakeModel, material: Any, options: dict[str, Any]) -> random.Random:
    payload = json.dumps(
        [model.name, material, options.get("seed"), options.get("temperature")],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return random.Random(int(hashlib.sha256(payload.encode("utf-8")).hexdigest(), 16))


def _echo_words(text: str, korean: bool) -> list[str]:
    if korean:
        return _HANGUL_WORD.findall(text)
    words = []
    for match in _LATIN_WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()].rstrip()
        if not before or before[-1] in ".!?":
            word = word.lower()
        if word.lower() not in {"the", "and"}:
            words.append(word)
    return words


def _sentences(rng: random.Random, korean: bool, echo: list[str], length: int) -> list[str]:
    vocab = KOREAN_WORDS if korean else ENGLISH_WORDS
    pieces: list[str] = []
    left, start = rng.randint(5, 9), True
    while len(pieces) < length:
        remaining = length - len(pieces)
        if remaining == 1 or (left <= 0 and remaining >= 3):
            pieces.append(".")
            left, start = rng.randint(5, 9), True
            continue
        word = rng.choice(echo) if echo and rng.random() < 0.3 else rng.choice(vocab)
        if start:
            word = word[:1].upper() + word[1:]
        pieces.append((" " if pieces else "") + word)
        left, start = left - 1, False
    return pieces


def _thinking(rng: random.Random, echo: list[str]) -> list[str]:
    topic = rng.choice(echo) if echo else "this"
    head = ["Okay", ",", " the", " user", " is", " asking", " about", f" {topic}", "."]
    return [*head, " Let", " me", " answer", " clearly", "."]


def _tool_result_pieces(message: dict[str, Any]) -> list[str]:
    """The first line of a tool result (at most TOOL_ECHO_CHARS), to open the next answer."""
    lines = str(message.get("content") or "").strip().splitlines()
    line = lines[0].strip() if lines else ""
    if len(line) > TOOL_ECHO_CHARS:
        line = line[: TOOL_ECHO_CHARS - 1].rstrip() + "…"
    return re.findall(r"\s*\S+", line)


def _apply_stops(pieces: list[str], stops: list[str]) -> tuple[list[str], bool]:
    text, kept = "", []
    for piece in pieces:
        candidate = text + piece
        hits = [candidate.find(stop) for stop in stops if stop and stop in candidate]
        if hits:
            cut = candidate[: min(hits)][len(text) :]
            if cut:
                kept.append(cut)
            return kept, True
        kept.append(piece)
        text = candidate
    return kept, False


def _finish(
    output: Output, options: dict[str, Any], stops_apply: bool, budget_applies: bool
) -> Output:
    if stops_apply:
        output.content, _ = _apply_stops(output.content, list(options.get("stop") or []))
    limit = int(options.get("num_predict") or -1)
    if budget_applies and limit > 0 and output.eval_count > limit:
        output.thinking = output.thinking[:limit]
        output.content = output.content[: max(limit - len(output.thinking), 0)]
        output.tool_calls = []
        output.done_reason = "length"
    return output


def _format_answer(
    output: Output,
    options: dict[str, Any],
    fmt: Any,
    parts: tuple[random.Random, list[str], bool],
    fault: str | None,
    trailing: bool = False,
) -> Output:
    """Fill a `format` answer; num_predict cuts it like any other (done_reason "length")."""
    rng, echo, korean = parts
    plain = "".join(_sentences(rng, korean, echo, 6)).strip()
    output.content, cut = format_pieces(fmt, rng, echo, plain, fault, trailing)
    if cut:
        output.done_reason = "length"
    return _finish(output, options, stops_apply=False, budget_applies=True)


def plan_chat(
    model: FakeModel,
    messages: list[dict[str, Any]],
    options: dict[str, Any],
    *,
    think: bool,
    tools: list[Any] | None = None,
    fmt: Any = None,
    length: int | None = None,
    format_fault: str | None = None,
    always_call_tools: bool = False,
) -> Output:
    """Plan a /api/chat answer for the full conversation (model MESSAGEs and SYSTEM included);
    a plain answer has `length` tokens (default DEFAULT_LENGTH). `format` wins over tools (the
    daemon does not turn constrained JSON into tool calls, capture 72); a tools model calls a
    tool after a user turn (after a tool turn too with `always_call_tools`), and its answer
    after a tool turn opens with the first line of the tool's result."""
    conversation = [dict(m) for m in model.messages] + [dict(m) for m in messages]
    if model.system and not (conversation and conversation[0].get("role") == "system"):
        conversation.insert(0, {"role": "system", "content": model.system})
    for message in conversation:
        message["role"] = str(message.get("role", "")).lower()
    material = [
        [m["role"], str(m.get("content") or ""), len(m.get("images") or [])] for m in conversation
    ]
    rng = _rng(model, material, options)
    user_texts = [str(m.get("content") or "") for m in conversation if m["role"] == "user"]
    user_text = user_texts[-1] if user_texts else ""
    last = conversation[-1] if conversation else {}
    after_tool = last.get("role") == "tool"
    focus = user_text + " " + str(last.get("content") or "") if after_tool else ""
    korean = has_hangul(user_text)
    echo = _echo_words(focus or user_text, korean)
    if any(m.get("images") for m in conversation) and model.supports("vision"):
        echo += ["이미지"] if korean else ["image", "picture"]
    output = Output(prompt_tokens=prompt_token_ids([m[1] for m in material]))
    written = _written(conversation) if model.supports("vision") else None
    if written is not None and not (fmt or tools):
        output.content = transcription_pieces(written)
        return _finish(output, options, stops_apply=True, budget_applies=True)
    if think:
        output.thinking = _thinking(rng, echo)
    if fmt:
        parts = (rng, echo, korean)
        return _format_answer(output, options, fmt, parts, format_fault, trailing=bool(tools))
    calling = last.get("role") == "user" or (after_tool and always_call_tools)
    if tools and model.supports("tools") and calling:
        step = sum(m["role"] == "tool" for m in conversation)
        output.tool_calls = [tool_call(tools, user_text, rng, schema_value, step)]
        return _finish(output, options, stops_apply=False, budget_applies=True)
    answer = _sentences(rng, korean, echo, length or DEFAULT_LENGTH)
    prefix = _tool_result_pieces(last) if after_tool else []
    if prefix and answer:
        answer[0] = " " + answer[0]
    output.content = prefix + answer
    return _finish(output, options, stops_apply=True, budget_applies=True)


def scripted(output: Output, text: str, options: dict[str, Any]) -> Output:
    """The planned answer with its content replaced by a scripted text (thinking kept, no tool
    calls); stop and num_predict still cut it."""
    output.content = re.findall(r"\S+\s*|\s+", text)
    output.tool_calls = []
    output.done_reason = "stop"
    return _finish(output, options, stops_apply=True, budget_applies=True)


def _written(conversation: list[dict[str, Any]]) -> str | None:
    """The text on the last image of the last user turn (see vision.py), if it carries any."""
    users = [m for m in conversation if m["role"] == "user"]
    images = (users[-1].get("images") or []) if users else []
    data = image_bytes(images[-1]) if images else None
    return written_text(data) if data else None


def plan_generate(
    model: FakeModel,
    prompt: str,
    options: dict[str, Any],
    *,
    system: str | None = None,
    think: bool = False,
    fmt: Any = None,
    images: int = 0,
    length: int | None = None,
    format_fault: str | None = None,
) -> Output:
    """Plan a /api/generate answer for a prompt (and the effective system prompt); a plain
    answer has `length` tokens (default DEFAULT_LENGTH)."""
    system_text = model.system if system is None else system
    rng = _rng(model, ["generate", system_text, prompt, images], options)
    korean = has_hangul(prompt)
    echo = _echo_words(prompt, korean)
    if images and model.supports("vision"):
        echo += ["이미지"] if korean else ["image", "picture"]
    texts = [system_text, prompt] if system_text else [prompt]
    output = Output(prompt_tokens=prompt_token_ids(texts))
    if think:
        output.thinking = _thinking(rng, echo)
    if fmt:
        return _format_answer(output, options, fmt, (rng, echo, korean), format_fault)
    output.content = _sentences(rng, korean, echo, length or DEFAULT_LENGTH)
    return _finish(output, options, stops_apply=True, budget_applies=True)
