"""Cut a growing Markdown text into settled blocks, drawn once, and a short live tail.

A block settles once the text has moved past it: at a paragraph break outside code fences, or,
when the tail grows beyond `max_tail` characters, at the last line start or sentence end that
keeps the Markdown intact (a cut inside a code fence closes the fence and the tail reopens it).
Redrawing only the tail makes a long answer cost linear work instead of quadratic; the breaks
between blocks exist only while streaming, because the final draw shows the whole text at once.
"""

from __future__ import annotations

import re

MAX_TAIL = 1000
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_SENTENCE_END = re.compile(r"[.!?。！？][\"')\]”’]*[ \t]+(?=\S)")
_PAIRS = (("`", "`"), ("**", "**"), ("[", "]"), ("(", ")"))
_NO_SENTENCE_CUT = ("|", "#", "    ", "\t")


def _fence_after(line: str, opener: str) -> str:
    """The fence open after `line`: its opening line (with newline), or "" outside fences."""
    found = _FENCE.match(line)
    if not opener:
        if found and not (found.group(1)[0] == "`" and "`" in found.group(2)):
            return line + "\n"
        return ""
    mark = _closing(opener)
    closes = found and found.group(1)[0] == mark[0] and len(found.group(1)) >= len(mark)
    return "" if closes and not found.group(2).strip() else opener


def _closing(opener: str) -> str:
    """The line that closes the fence opened by `opener` ("" for no fence)."""
    found = _FENCE.match(opener)
    return found.group(1) if found else ""


def _balanced(text: str) -> bool:
    """Whether inline code, bold, links and brackets are all closed in `text`."""
    return all(
        text.count(left) % 2 == 0 if left == right else text.count(left) == text.count(right)
        for left, right in _PAIRS
    )


class Blocks:
    """Where a growing text is cut: everything before `settled` is drawn and never changes.

    `literal` text is shown escaped (no Markdown), so fences and inline marks mean nothing there.
    """

    def __init__(self, max_tail: int = MAX_TAIL, literal: bool = False) -> None:
        self.max_tail = max_tail
        self.literal = literal
        self.settled = 0
        self.fence = ""

    def advance(self, text: str) -> list[str]:
        """The blocks of `text` that settled since the last call, ready to draw in order."""
        blocks = []
        while (cut := self._next_cut(text)) is not None:
            position, opener = cut
            part = text[self.settled : position]
            if part.strip():
                blocks.append(self.fence + part + _closing(opener))
            self.settled, self.fence = position, opener
        return blocks

    def tail(self, text: str) -> str:
        """The live part of `text` after the settled blocks (reopening a fence cut in two)."""
        return self.fence + text[self.settled :]

    def _next_cut(self, text: str) -> tuple[int, str] | None:
        """The next paragraph break, or a forced cut when the tail is too long; with the fence
        open at that point."""
        opener, position, outside_from = self.fence, self.settled, self.settled
        line_cut: tuple[int, str] | None = None
        while (end := text.find("\n", position)) >= 0:
            line, start = text[position:end], end + 1
            if not self.literal:
                was_open, opener = bool(opener), _fence_after(line, opener)
                if was_open and not opener:
                    outside_from = start
            if start < len(text):
                first = text[start]
                if opener:
                    line_cut = (start, opener)
                elif not first.isspace() and (self.literal or first != "|"):
                    if not line.strip():
                        return start, ""
                    line_cut = (start, "")
            position = start
        if len(text) - self.settled <= self.max_tail:
            return None
        sentence = None if opener else self._sentence_cut(text, outside_from)
        cuts = [cut for cut in (line_cut, sentence) if cut is not None]
        return max(cuts) if cuts else None

    def _sentence_cut(self, text: str, begin: int) -> tuple[int, str] | None:
        """The last sentence end after `begin` where the Markdown before it is complete."""
        for found in reversed(list(_SENTENCE_END.finditer(text, begin))):
            cut = found.end()
            if self.literal:
                return cut, ""
            line = text[text.rfind("\n", 0, cut) + 1 : cut]
            if not line.startswith(_NO_SENTENCE_CUT) and _balanced(text[self.settled : cut]):
                return cut, ""
        return None
