"""Token counts estimated without a tokenizer (Hangul syllables count one each)."""

CHARS_PER_TOKEN = 4  # Latin-script text in common tokenizers


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f"


def estimate_text_tokens(text: str) -> int:
    """About one token per Hangul syllable and per 4 other non-space characters."""
    hangul = sum(1 for ch in text if _is_hangul(ch))
    other = sum(1 for ch in text if not ch.isspace() and not _is_hangul(ch))
    return hangul + -(-other // CHARS_PER_TOKEN)
