"""Numbered citations: the context block for the prompt, records for the UI, markers used."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.kb.location import Located, location_of, location_text
from workbench.kb.retrieval import RetrievedChunk

_MARKER = re.compile(r"[\[【［]\s*(\d+(?:\s*(?:[,，、;]|[-–~])\s*\d+)*)\s*(?:†[^\]】］]*)?[\]】］]")
_PART = re.compile(r"(\d+)\s*(?:[-–~]\s*(\d+))?")
MAX_RANGE = 50


@dataclass(frozen=True)
class Citation(Located):
    """What the UI shows for source [n]."""

    n: int
    file: str
    chunk_id: str
    text: str

    @property
    def location(self) -> str:
        """'file.pdf, p. 3', 'data.csv, rows 2-5', 'plan.docx, §2 › 2.3, ¶12' (in English, for
        the prompt) or just the file name."""
        return location_text(self.file, self)


def citations_for(chunks: Sequence[RetrievedChunk]) -> list[Citation]:
    """Number the retrieved chunks from 1, in the order given."""
    return [
        Citation(
            n=n,
            file=chunk.source,
            chunk_id=chunk.id,
            text=chunk.text,
            **location_of(chunk),
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def context_block(citations: Sequence[Citation]) -> str:
    """The sources for the prompt: '[1] (file.pdf, p. 3)' then the text, blank line between."""
    return "\n\n".join(f"[{c.n}] ({c.location})\n{c.text.strip()}" for c in citations)


def build_context(chunks: Sequence[RetrievedChunk]) -> tuple[str, list[Citation]]:
    """The numbered context block and the matching citation records."""
    citations = citations_for(chunks)
    return context_block(citations), citations


def cited_numbers(answer: str, count: int) -> list[int]:
    """The source numbers an answer cites ([1], [2, 3], [1-3], 【1】), in order of first use;
    numbers outside 1..count are ignored."""
    used: list[int] = []
    for marker in _MARKER.finditer(answer):
        for part in _PART.finditer(marker.group(1)):
            first = int(part.group(1))
            last = int(part.group(2)) if part.group(2) else first
            if last - first > MAX_RANGE:
                continue
            for n in range(first, last + 1):
                if 1 <= n <= count and n not in used:
                    used.append(n)
    return used


def used_citations(answer: str, citations: Sequence[Citation]) -> list[Citation]:
    """The citation records an answer refers to, in order of first use."""
    by_number = {c.n: c for c in citations}
    highest = max(by_number, default=0)
    return [by_number[n] for n in cited_numbers(answer, highest) if n in by_number]
