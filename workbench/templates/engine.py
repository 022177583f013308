"""The sandboxed Jinja2 environment, compiling with precise syntax-error locations."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import StrictUndefined, meta
from jinja2.lexer import Token, TokenStream
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from workbench.templates.errors import TemplateSyntaxError

MAX_REPEAT = 100_000
MAX_EXPONENT = 100
_NEWLINES = re.compile(r"\r\n|\r|\n")


class _GuardedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus limits on `*` and `**` so a shared template cannot exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        """Refuse huge repetitions ('a' * 10**9) and huge powers."""
        if op == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise jinja2.sandbox.SecurityError(f"exponent {right} is too large")
        if op == "*" and _repeat_count(left, right) > MAX_REPEAT:
            raise jinja2.sandbox.SecurityError("the repeated text would be too long")
        return operator.pow(left, right) if op == "**" else operator.mul(left, right)


def _repeat_count(left: Any, right: Any) -> int:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(count, int):
            return len(seq) * count
    return 0


def _finalize(value: Any) -> Any:
    return "" if value is None else value


ENV = _GuardedEnvironment(
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_finalize,
)


@lru_cache(maxsize=512)
def _compile_source(source: str) -> jinja2.Template:
    return ENV.from_string(source)


def compile_part(source: str, template_id: str, number: int) -> jinja2.Template:
    """Compile one part (0 = system prompt, N = message N) or raise TemplateSyntaxError."""
    try:
        return _compile_source(source)
    except jinja2.TemplateSyntaxError as exc:
        line, column = locate_syntax_error(source, exc)
        raise TemplateSyntaxError(template_id, number, line, column, exc.message or "") from None


def undeclared_in(source: str) -> set[str]:
    """Names a part reads from its values (loop variables and globals such as range excluded)."""
    return meta.find_undeclared_variables(ENV.parse(source)) - set(ENV.globals)


def locate_syntax_error(source: str, exc: jinja2.TemplateSyntaxError) -> tuple[int, int]:
    """The 1-based (line, column) where Jinja gave up on `source`."""
    text = _NEWLINES.sub("\n", source)
    offset = _failure_offset(text)
    if offset is None:
        return exc.lineno, 1
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _failure_offset(text: str) -> int | None:
    """Re-parse `text` while recording where each token starts; return the failing offset."""
    state: dict[str, Any] = {"cursor": 0, "start": 0, "failed_at": None}
    seen: list[tuple[Token, int]] = []

    def raw() -> Iterator[tuple[int, str, str]]:
        try:
            for lineno, kind, value in ENV.lexer.tokeniter(text, None):
                found = text.find(value, state["cursor"]) if value else -1
                state["start"] = found if found >= 0 else state["cursor"]
                state["cursor"] = state["start"] + len(value)
                yield lineno, kind, value
        except jinja2.TemplateSyntaxError:
            state["failed_at"] = state["cursor"]
            raise

    def wrapped() -> Iterator[Token]:
        try:
            for token in ENV.lexer.wrap(raw()):
                seen.append((token, state["start"]))
                yield token
        except jinja2.TemplateSyntaxError:
            if state["failed_at"] is None:
                state["failed_at"] = state["start"]
            raise

    parser = Parser(ENV, "")
    try:
        parser.stream = TokenStream(wrapped(), None, None)
        parser.parse()
    except jinja2.TemplateSyntaxError:
        if state["failed_at"] is not None:
            return state["failed_at"]
        current = parser.stream.current
        return next((start for token, start in reversed(seen) if token is current), len(text))
    return None
