"""The context meter's numbers: which context applies, the estimate, and a probable cut."""

from workbench.playground import context_size, estimate_prompt_tokens, probably_cut
from workbench.playground.context_meter import AUTO_CONTEXT
from workbench.tokens import estimate_text_tokens


def test_the_context_comes_from_the_option_then_the_model_then_the_runner() -> None:
    assert context_size({"num_ctx": 8192}, {"num_ctx": 2048}, 4096, 32768).source == "option"
    assert context_size({}, {"num_ctx": 2048}, 4096, 32768).tokens == 2048
    assert context_size({}, {}, 16384, 32768).source == "loaded"
    automatic = context_size({}, {}, None, 32768)
    assert (automatic.tokens, automatic.source) == (AUTO_CONTEXT, "automatic")
    assert context_size({}, {}, None, 2048).tokens == 2048  # never above the trained length


def test_korean_is_estimated_per_syllable_and_english_per_four_characters() -> None:
    assert estimate_text_tokens("안녕하세요") == 5
    assert estimate_text_tokens("tide pools") == 3  # 9 letters -> 3 tokens
    assert estimate_text_tokens("조수 웅덩이 tide") == 6
    messages = [{"role": "system", "content": "짧게"}, {"role": "user", "content": "abcd"}]
    assert estimate_prompt_tokens(messages) == 2 + 4 + 1 + 4


def test_a_prompt_filling_the_context_was_probably_cut() -> None:
    assert probably_cut(4000, 4096) and not probably_cut(1000, 4096)
