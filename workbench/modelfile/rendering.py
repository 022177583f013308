"""Write a Modelfile back to text that Ollama's parser reads as the same Modelfile.

Each value gets the first form that reads back unchanged: a one-line value is written bare (no
outer blanks, not starting with a quote), else in `"..."`, else in `\"\"\"...\"\"\"`; a
multi-line value always gets `\"\"\"...\"\"\"`. Ollama's grammar has no escapes, so two kinds
of value cannot be written at all, and `render` raises ModelfileError for them instead of writing
text that reads back differently:
- a character Ollama's parser drops (control characters, non-ASCII spaces such as U+00A0,
  zero-width characters; tab, CR and LF are kept);
- a multi-line value in which a line other than the last ends with `\"\"\"` (trailing blanks
  ignored): any quoted form would end the value at that line.
"""

from __future__ import annotations

import re
import unicodedata

from workbench.modelfile.model import Modelfile
from workbench.modelfile.params import format_parameter_value
from workbench.modelfile.syntax import BLANKS, ModelfileError, is_printable, unquote

# Where the parser may end a value: each run of blanks that holds a line break.
_LINE_BREAKS = re.compile(r"[ \t\r\n]*[\r\n]")


def render(modelfile: Modelfile) -> str:
    """Modelfile text that parses back to an equal Modelfile; raise if a value cannot be written."""
    groups = [
        [_line("FROM", value) for value in modelfile.from_],
        [_line("ADAPTER", value) for value in modelfile.adapters],
        [_line("DRAFT", value) for value in modelfile.draft],
        _single_lines(modelfile),
        _parameter_lines(modelfile),
        [_line("LICENSE", value) for value in modelfile.license],
        [_line(f"MESSAGE {message['role']}", message["content"]) for message in modelfile.messages],
    ]
    return "\n\n".join("\n".join(group) for group in groups if group) + "\n"


def quote_value(value: str, what: str) -> str:
    """The shortest way to write `value` so that Ollama reads it back exactly."""
    dropped = next((char for char in value if not is_printable(char) and char not in BLANKS), None)
    if dropped is not None:
        codepoint = f"{ord(dropped):04X}"
        raise ModelfileError(
            code="error.modelfile_dropped_char",
            what=what,
            char_name=unicodedata.name(dropped, f"U+{codepoint}"),
            codepoint=codepoint,
        )
    for candidate in _candidates(value):
        if _reads_back(candidate, value):
            return candidate
    raise ModelfileError(code="error.modelfile_unrepresentable", what=what)


def _line(prefix: str, value: str) -> str:
    return f"{prefix} {quote_value(value, prefix)}"


def _single_lines(modelfile: Modelfile) -> list[str]:
    singles = ("template", "system", "renderer", "parser", "requires")
    return [
        _line(name.upper(), getattr(modelfile, name))
        for name in singles
        if getattr(modelfile, name) is not None
    ]


def _parameter_lines(modelfile: Modelfile) -> list[str]:
    lines = []
    for name, value in modelfile.parameters.items():
        if isinstance(value, list):
            lines.extend(_line(f"PARAMETER {name}", item) for item in value)
        else:
            lines.append(f"PARAMETER {name} {format_parameter_value(value)}")
    return lines


def _candidates(value: str) -> list[str]:
    if "\n" in value or "\r" in value:
        return [f'"""{value}"""']
    return [value, f'"{value}"', f'"""{value}"""'] if value else ['""']


def _reads_back(raw: str, value: str) -> bool:
    """True when the parser, reading `raw` after an instruction, ends it last and gets `value`."""
    start = len(raw) - len(raw.lstrip(BLANKS))
    for line_break in _LINE_BREAKS.finditer(raw):
        if _unquotes(raw, start, line_break.start()):
            return False
    return unquote(raw.strip(BLANKS)) == value


def _unquotes(text: str, start: int, end: int) -> bool:
    """unquote(text[start:end]) is not None, without copying the text."""
    if text.startswith('"""', start, end):
        return end - start >= 6 and text.endswith('"""', start, end)
    if text.startswith('"', start, end):
        return end - start >= 2 and text.endswith('"', start, end)
    return True
