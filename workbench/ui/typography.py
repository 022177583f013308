"""Korean line breaking: break between words, never inside one."""

from __future__ import annotations

import streamlit as st

# Browsers may break Korean between any two syllables, so a narrow table column shows 항목 as
# 항/목 and a wrapped code line splits 이월되지. keep-all breaks at spaces only; break-word still
# breaks a word too long for its line, without shrinking table columns to one syllable.
KOREAN_LINE_BREAKING = """
<style>
:is([data-testid="stMarkdownContainer"], [data-testid="stTable"], [data-testid="stCode"],
    [data-testid="stCaptionContainer"], [data-testid="stChatMessage"]),
:is([data-testid="stMarkdownContainer"], [data-testid="stTable"], [data-testid="stCode"],
    [data-testid="stCaptionContainer"], [data-testid="stChatMessage"]) * {
  word-break: keep-all !important;
  overflow-wrap: break-word !important;
}
</style>
"""


def korean_line_breaking() -> None:
    """Apply the line-breaking rule to every element of the page (draws nothing)."""
    st.html(KOREAN_LINE_BREAKING)
