"""Ollama's Modelfile grammar: the character scanner of ollama/parser/parser.go, in Python.

The scanner follows Ollama's state machine rune by rune, so every quirk is kept: a value ends at
the first line break where it "unquotes" (a `"` or `\"\"\"` opened must be closed at the end of a
line), non-printable characters are dropped, `#` starts a comment only as a line's first non-blank
character. Two deliberate differences make errors more useful than Ollama's: an error's line is
the line where the instruction starts (Ollama counts CR and LF separately, so CRLF files get
doubled line numbers), and undecodable bytes are an error instead of silent U+FFFD characters.
"""

from __future__ import annotations

import codecs
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.i18n import DEFAULT_LANGUAGE, catalog, line_params

COMMANDS = (
    "from",
    "license",
    "template",
    "system",
    "adapter",
    "draft",
    "renderer",
    "parser",
    "parameter",
    "message",
    "requires",
)
ROLES = ("system", "user", "assistant")
INVALID_COMMAND = (
    'command must be one of "from", "license", "template", "system", "adapter", "draft", '
    '"renderer", "parser", "parameter", "message", or "requires"'
)
INVALID_ROLE = 'message role must be one of "system", "user", or "assistant"'
BLANKS = " \t\r\n"
_EXAMPLES = {
    "from": "FROM gemma3:270m",
    "license": "LICENSE MIT",
    "template": 'TEMPLATE """{{ .Prompt }}"""',
    "system": "SYSTEM You are a helpful assistant",
    "adapter": "ADAPTER ./adapter.gguf",
    "draft": "DRAFT ./draft.gguf",
    "renderer": "RENDERER <name>",
    "parser": "PARSER <name>",
    "parameter": "PARAMETER temperature 0.7",
    "message": "MESSAGE user Hello!",
    "requires": "REQUIRES 0.14.0",
}
_NIL, _NAME, _VALUE, _PARAM, _ROLE, _COMMENT = range(6)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A catalog code and its params: one kind of error and what its message needs.
Hint = tuple[str, dict[str, Any]]


class ModelfileError(WorkbenchError):
    """A Modelfile Ollama would reject; `line` is the 1-based line to point at, or None.

    Each kind of error has its own `code` (locales/*/modelfile_errors.toml) and `params`; pass
    the code without a message and the English catalog entry becomes the message, so the English
    text has one home. Messages name the line through {at}/{at_start}, empty when `line` is
    None. `params` also hold `detail` (the English message, for the fallback code
    "error.modelfile" = "{detail}") and `line`.
    """

    code = "error.modelfile"

    def __init__(
        self,
        message: str | None = None,
        line: int | None = None,
        code: str | None = None,
        **params: Any,
    ) -> None:
        if message is None:
            if code is None:
                raise TypeError("ModelfileError needs a message or a code")
            message = catalog(DEFAULT_LANGUAGE)[code].format(
                line=line, **line_params(line, DEFAULT_LANGUAGE), **params
            )
        super().__init__(message, code, detail=message, line=line, **params)
        self.line = line


class ModelfileWarning(str):
    """A warning about a Modelfile Ollama accepts: its English text, plus a code and params.

    The text comes from the catalog entry `code` (locales/*/modelfile_errors.toml), so a page
    shows the warning in its own language by code and params.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> ModelfileWarning:
        warning = super().__new__(cls, catalog(DEFAULT_LANGUAGE)[code].format(**params))
        warning.code, warning.params = code, params
        return warning


@dataclass(frozen=True)
class Instruction:
    """One instruction as written: lower-case keyword, parameter name or role, value, line."""

    keyword: str
    name: str
    value: str
    line: int


def is_printable(char: str) -> bool:
    """Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    return " " <= char <= "~" or unicodedata.category(char)[0] in "LMNPS"


def unquote(text: str) -> str | None:
    """Ollama's unquote: strip `\"\"\"` or `"` pairs; None while a quote is still open."""
    if text.startswith('"""'):
        return text[3:-3] if len(text) >= 6 and text.endswith('"""') else None
    if text.startswith('"'):
        return text[1:-1] if len(text) >= 2 and text.endswith('"') else None
    return text


def decode_bytes(data: bytes) -> str:
    """Decode like Ollama (BOM picks UTF-8, UTF-16 LE or BE; default UTF-8), strictly."""
    encodings = (
        (codecs.BOM_UTF8, "utf-8", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    )
    body, encoding, label = data, "utf-8", "UTF-8"
    for bom, codec, name in encodings:
        if data.startswith(bom):
            body, encoding, label = data[len(bom) :], codec, name
            break
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode(encoding, errors="replace")
        line = len(_LINE_BREAK.findall(before)) + 1
        raise ModelfileError(line=line, code="error.modelfile_encoding", encoding=label) from exc


def scan(text: str) -> list[Instruction]:
    """Split Modelfile text into instructions exactly as Ollama's ParseFile does."""
    return _Scanner(text).run()


class _Scanner:
    """Ollama's rune-by-rune state machine; errors point at the instruction's first line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.state = _NIL
        self.buf: list[str] = []
        self.keyword = ""
        self.name = ""
        self.start = 1
        self.line = 1
        self.out: list[Instruction] = []

    def run(self) -> list[Instruction]:
        previous = ""
        for char in self.text:
            self.step(char)
            if char == "\r" or (char == "\n" and previous != "\r"):
                self.line += 1
            previous = char
        self.finish()
        return self.out

    def step(self, char: str) -> None:
        if self.state == _VALUE:
            self.value_char(char)
            return
        state, keep = self.next_state(char)
        if state != self.state:
            state = self.leave(state)
            self.buf.clear()
            self.state = state
        if keep and is_printable(char):
            self.buf.append(char)

    def next_state(self, char: str) -> tuple[int, bool]:
        if self.state == _NIL:
            if char == "#":
                return _COMMENT, False
            return (_NIL, False) if char in BLANKS else (_NAME, True)
        if self.state == _COMMENT:
            return (_NIL, False) if char in "\r\n" else (_COMMENT, False)
        if char in " \t":
            return _VALUE, False
        if self.state == _NAME and _is_alpha(char):
            return _NAME, True
        if self.state == _PARAM and (_is_alpha(char) or char in "0123456789_"):
            return _PARAM, True
        if self.state == _ROLE and _is_alpha(char):
            return _ROLE, True
        raise self.bad_char_error(char)

    def leave(self, state: int) -> int:
        word = "".join(self.buf)
        if self.state == _NIL and state == _NAME:
            self.start = self.line
        elif self.state == _NAME:
            return self.leave_name(word)
        elif self.state == _PARAM:
            self.name = word
        elif self.state == _ROLE:
            if word not in ROLES:
                raise self.error(_role_hint(word))
            self.name = word
        return state

    def leave_name(self, word: str) -> int:
        keyword = word.lower()
        if keyword not in COMMANDS:
            raise self.error(self.unknown_word_hint(word))
        self.keyword, self.name = keyword, ""
        return {"parameter": _PARAM, "message": _ROLE}.get(keyword, _VALUE)

    def value_char(self, char: str) -> None:
        if char not in BLANKS:
            if is_printable(char):
                self.buf.append(char)
            return
        if char in " \t" or _quote_is_open(self.buf):
            self.buf.append(char)
            return
        self.end_value()
        self.buf.clear()
        self.state = _NIL

    def emit(self, value: str) -> None:
        self.out.append(Instruction(self.keyword, self.name, value, self.start))

    def end_value(self) -> None:
        value = unquote("".join(self.buf).strip(BLANKS))
        if value is None:
            raise self.open_quote_error()
        self.emit(value)

    def finish(self) -> None:
        if self.state == _VALUE:
            self.end_value()
        elif self.state != _NIL and self.state != _COMMENT:
            raise self.missing_value_error(None)

    def bad_char_error(self, char: str) -> ModelfileError:
        word = "".join(self.buf)
        if self.state == _NAME and word.lower() in COMMANDS:
            if char in "\r\n":
                return self.error(_value_on_same_line(word.lower()))
            return self.error(("error.modelfile_no_space", {"keyword": word.upper()}))
        if self.state == _NAME:
            return self.error(self.unknown_word_hint(word))
        return self.missing_value_error(char)

    def missing_value_error(self, char: str | None) -> ModelfileError:
        """Ollama's `unexpected EOF` (a line or the file ends inside an instruction)."""
        word = "".join(self.buf)
        found = f": {word}" if word and char is not None else ""
        hint: Hint
        if self.state == _NAME:
            if word.lower() in COMMANDS:
                hint = _value_on_same_line(word.lower(), eof=True)
            else:
                hint = ("error.modelfile_eof_not_instruction", {"word": word})
        elif char is None or char in "\r\n":
            hint = _missing_value_hint(self.state, word)
        elif self.state == _PARAM:
            hint = ("error.modelfile_eof_parameter_char", {"char": char})
        else:
            hint = ("error.modelfile_eof_role_char", {"char": char, "role": word or "user"})
        code, params = hint
        return ModelfileError(line=self.start, code=code, found=found, **params)

    def open_quote_error(self) -> ModelfileError:
        quote = '"""' if "".join(self.buf).strip(BLANKS).startswith('"""') else '"'
        return ModelfileError(
            line=self.start,
            code="error.modelfile_open_quote",
            quote=quote,
            keyword=self.keyword.upper(),
        )

    def unknown_word_hint(self, word: str) -> Hint:
        lines = _LINE_BREAK.split(self.text)
        shown = lines[self.start - 1].strip() if self.start <= len(lines) else word
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        guess = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.75)
        if guess:
            return "error.modelfile_unknown_command_guess", {
                "word": word,
                "suggestion": guess[0].upper(),
            }
        return "error.modelfile_unknown_command", {"text": shown}

    def error(self, hint: Hint) -> ModelfileError:
        """An error at the instruction's first line: Ollama's `(line N): ...` plus a hint."""
        code, params = hint
        return ModelfileError(line=self.start, code=code, **params)


def _quote_is_open(buf: list[str]) -> bool:
    """unquote(buffer.strip()) is None, without joining a possibly long buffer."""
    start, end = 0, len(buf)
    while start < end and buf[start] in BLANKS:
        start += 1
    while end > start and buf[end - 1] in BLANKS:
        end -= 1
    if "".join(buf[start : start + 3]) == '"""':
        return end - start < 6 or "".join(buf[end - 3 : end]) != '"""'
    return start < end and buf[start] == '"' and (end - start < 2 or buf[end - 1] != '"')


def _is_alpha(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z"


def _value_on_same_line(keyword: str, eof: bool = False) -> Hint:
    code = "error.modelfile_eof_value_on_next_line" if eof else "error.modelfile_value_on_next_line"
    if keyword in ("system", "template", "license", "message"):
        code += "_multiline"
    return code, {"keyword": keyword.upper(), "example": _EXAMPLES[keyword]}


def _missing_value_hint(state: int, word: str) -> Hint:
    if state == _ROLE:
        return "error.modelfile_eof_message", {"role": word or "user"}
    if word:
        return "error.modelfile_eof_parameter_value", {"name": word}
    return "error.modelfile_eof_parameter", {"example": _EXAMPLES["parameter"]}


def _role_hint(role: str) -> Hint:
    if not role:
        return "error.modelfile_bad_role_spacing", {}
    if role.lower() in ROLES:
        return "error.modelfile_bad_role_case", {"role": role, "suggestion": role.lower()}
    guess = difflib.get_close_matches(role.lower(), ROLES, n=1, cutoff=0.6)
    if guess:
        return "error.modelfile_bad_role_guess", {"role": role, "suggestion": guess[0]}
    return "error.modelfile_bad_role", {"role": role}
