"""Bounded redraws of a stream: the throttle, and settled blocks vs the live tail."""

from __future__ import annotations

import pytest

from workbench.streaming import MAX_TAIL, Blocks, Throttle


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def redraws(tokens: int, seconds_per_token: float, interval: float = 0.1) -> int:
    """How many times a throttle says yes to a stream of `tokens` at that pace."""
    clock = Clock()
    throttle = Throttle(interval, clock)
    count = 0
    for _ in range(tokens):
        clock.now += seconds_per_token
        count += throttle.due()
    return count


@pytest.mark.parametrize(
    ("tokens", "seconds_per_token", "expected"),
    [
        (1000, 0.0011, 11),  # 1.1 s of tokens -> one redraw per 100 ms
        (10_000, 0.00011, 11),  # ten times the tokens in the same time: the same redraws
        (1000, 0.03, 250),  # every fourth token (3 tokens are 90 ms, 4 are 120 ms)
        (5, 1.0, 5),  # slower than the interval: every token is drawn
        (1, 0.0, 1),  # the first token is drawn at once
    ],
)
def test_redraws_follow_the_interval_not_the_token_count(tokens, seconds_per_token, expected):
    assert redraws(tokens, seconds_per_token) == expected


def pieces_of(text: str, size: int = 5) -> list[str]:
    """The text as a model would stream it: a few characters at a time."""
    return [text[i : i + size] for i in range(0, len(text), size)]


def stream(text: str, blocks: Blocks, every: int = 1) -> tuple[list[str], list[str]]:
    """Feed `text` piece by piece, looking every `every` pieces; the blocks and tails drawn."""
    drawn, tails, so_far = [], [], ""
    for number, piece in enumerate(pieces_of(text), 1):
        so_far += piece
        if number % every == 0:
            drawn += blocks.advance(so_far)
            tails.append(blocks.tail(so_far))
    drawn += blocks.advance(so_far)
    tails.append(blocks.tail(so_far))
    return drawn, tails


PARAGRAPHS = "\n\n".join(f"Paragraph {n} says something useful." for n in range(300))
ONE_PARAGRAPH = " ".join(f"Sentence number {n} is here." for n in range(400))
KOREAN = " ".join(f"{n}번째 문장은 여기에 있습니다." for n in range(600))
LINES = "\n".join(f"- item {n}, with a few words" for n in range(400))
TEXTS = pytest.mark.parametrize(
    "text",
    [PARAGRAPHS, ONE_PARAGRAPH, KOREAN, LINES],
    ids=["paragraphs", "one-paragraph", "korean", "lines"],
)


@TEXTS
@pytest.mark.parametrize("literal", [False, True])
def test_blocks_and_tail_add_up_to_the_text(text: str, literal: bool) -> None:
    drawn, tails = stream(text, Blocks(literal=literal))
    assert "".join(drawn) + tails[-1] == text
    assert all(len(tail) <= MAX_TAIL + 5 for tail in tails)


@TEXTS
def test_a_long_answer_costs_linear_work(text: str) -> None:
    """Drawn after every piece, the characters sent grow with the length, not its square."""
    drawn, tails = stream(text, Blocks())
    total = sum(map(len, drawn)) + sum(map(len, tails))
    whole_text_every_time = sum(len(text[: i + 5]) for i in range(0, len(text), 5))
    assert len(text) > 10_000
    assert total <= len(text) + len(tails) * (MAX_TAIL + 5)
    assert total < 0.2 * whole_text_every_time


def test_a_paragraph_settles_once_the_next_one_starts() -> None:
    blocks = Blocks()
    assert blocks.advance("First paragraph.\n\n") == []
    assert blocks.advance("First paragraph.\n\nSec") == ["First paragraph.\n\n"]
    assert blocks.tail("First paragraph.\n\nSecond") == "Second"
    assert blocks.advance("First paragraph.\n\nSecond") == []


@pytest.mark.parametrize(
    "text",
    [
        "```python\nx = 1\n\ny = 2\n",  # a blank line inside a fence
        "- item\n\n    continued under the item\n",  # an indented continuation
        "| a | b |\n|---|---|\n\n| 1 | 2 |",  # a table line
        "~~~\ncode\n\n```\nstill code\n\n",  # another fence kind does not close it
    ],
)
def test_short_markdown_is_never_cut_where_it_would_change_meaning(text: str) -> None:
    blocks = Blocks()
    assert blocks.advance(text) == []
    assert blocks.tail(text) == text


def test_a_long_code_fence_is_closed_in_the_block_and_reopened_in_the_tail() -> None:
    code = "Here:\n\n```python\n" + "value = compute(1, 2)\n" * 80 + "print(value"
    blocks = Blocks()
    drawn = blocks.advance(code)
    assert drawn[0] == "Here:\n\n"
    assert drawn[1].startswith("```python\n") and drawn[1].endswith("\n```")
    assert blocks.tail(code) == "```python\nprint(value"
    more = code + ")\n```\n\nDone."
    assert blocks.advance(more) == ["```python\nprint(value)\n```\n\n"]
    assert blocks.tail(more) == "Done."


def test_literal_text_ignores_fences() -> None:
    text = "```\n" + "a line of text\n" * 100 + "end"
    blocks = Blocks(literal=True)
    drawn = blocks.advance(text)
    assert "".join(drawn) + blocks.tail(text) == text


def test_a_sentence_cut_keeps_inline_code_and_links_whole() -> None:
    opened = "Run `make test. It checks. " + "More words follow here. " * 50
    blocks = Blocks(max_tail=100)
    drawn = blocks.advance(opened + "end")
    assert drawn == []
    closed = "Run `make test`. See [the docs](http://x.y/a.b). " + "More words here. " * 50
    drawn = blocks.advance(closed + "end")
    assert drawn and all(
        block.count("`") % 2 == 0 and block.count("[") == block.count("]") for block in drawn
    )


def test_the_tail_never_starts_with_a_space() -> None:
    drawn, tails = stream(ONE_PARAGRAPH, Blocks(max_tail=50), every=3)
    assert len(drawn) > 10
    assert all(not tail[:1].isspace() for tail in tails)
    assert all(not block[:1].isspace() for block in drawn)


def test_a_new_text_needs_new_blocks() -> None:
    """After finishing one answer, a fresh Blocks starts from nothing."""
    first, second = Blocks(), Blocks()
    for blocks, text in zip((first, second), (PARAGRAPHS, "Short."), strict=True):
        blocks.advance(text)
    assert second.settled == 0 and first.settled > 0
