"""Text checks: equals, contains / not-contains (any, all), starts-with, regex, length; Korean
composed and decomposed alike."""

from __future__ import annotations

import pytest

from tests.checks.checking import check, nfd, said

CAPITAL = "대한민국의 수도는 하늘빛시입니다."


def test_equals_ignores_surrounding_space_and_hangul_composition() -> None:
    result = check("equals", f"  {nfd('하늘빛시')}\n", value="하늘빛시")
    assert result.status == "pass" and result.score == 1.0 and result.passed
    assert said(result) == "equals the expected text"


def test_equals_fails_with_expected_and_got() -> None:
    result = check("equals", "Seoul", value="하늘빛시")
    assert result.status == "fail" and result.score == 0.0 and not result.passed
    assert said(result) == 'expected "하늘빛시", got "Seoul"'
    assert said(result, "ko") == '기대: "하늘빛시", 실제: "Seoul"'


def test_equals_case_matters_unless_ignored() -> None:
    assert check("equals", "PARIS", value="Paris").status == "fail"
    assert check("equals", "PARIS", value="Paris", ignore_case=True).status == "pass"


@pytest.mark.parametrize("text", [CAPITAL, nfd(CAPITAL)], ids=["composed", "decomposed"])
@pytest.mark.parametrize("value", ["하늘빛시", nfd("하늘빛시")], ids=["composed", "decomposed"])
def test_contains_matches_composed_and_decomposed_hangul(text: str, value: str) -> None:
    result = check("contains", text, values=[value])
    assert result.status == "pass", said(result)
    assert said(result) == 'found "하늘빛시"'


def test_contains_all_names_what_is_missing_and_scores_the_share_found() -> None:
    result = check("contains", CAPITAL, values=["하늘빛시", "서울", "부산"])
    assert result.status == "fail" and result.score == pytest.approx(1 / 3)
    assert said(result) == 'missing "서울", "부산"'
    assert said(result, "ko") == '없음: "서울", "부산"'


def test_contains_any_passes_on_one_value() -> None:
    assert check("contains", CAPITAL, values=["서울", "하늘빛시"], mode="any").passed
    none = check("contains", CAPITAL, values=["서울", "부산"], mode="any")
    assert none.status == "fail" and said(none) == 'none of "서울", "부산" appears'


def test_contains_case() -> None:
    assert check("contains", "The answer is PARIS.", values=["Paris"]).status == "fail"
    assert check("contains", "The answer is PARIS.", values=["Paris"], ignore_case=True).passed


def test_not_contains_any_fails_when_any_value_appears() -> None:
    result = check("not_contains", nfd(CAPITAL), values=["서울", "하늘빛시"], mode="any")
    assert result.status == "fail" and said(result) == 'contains "하늘빛시"'
    clean = check("not_contains", CAPITAL, values=["서울", "부산"], mode="any")
    assert clean.passed and said(clean) == 'none of "서울", "부산" appears'


def test_not_contains_all_fails_only_when_all_appear() -> None:
    some = check("not_contains", CAPITAL, values=["서울", "하늘빛시"])
    assert some.passed and said(some) == 'not all appear: "서울" absent'
    every = check("not_contains", CAPITAL, values=["수도", "하늘빛시"], mode="all")
    assert every.status == "fail" and said(every) == 'contains "수도", "하늘빛시"'


def test_starts_with_after_leading_space() -> None:
    result = check("starts_with", f"\n  {nfd(CAPITAL)}", value="대한민국")
    assert result.passed and said(result) == 'starts with "대한민국"'
    wrong = check("starts_with", CAPITAL, value="수도")
    assert wrong.status == "fail" and said(wrong) == 'starts with "대한", not "수도"'
    assert check("starts_with", "yes, it is", value="Yes", ignore_case=True).passed
    assert check("starts_with", "yes, it is", value="Yes").status == "fail"


def test_starts_with_on_an_empty_answer_fails() -> None:
    assert check("starts_with", "", value="Yes").status == "fail"


def test_regex_searches_anywhere_and_quotes_the_match() -> None:
    result = check("regex", nfd(CAPITAL), pattern=r"하늘\w+시")
    assert result.passed and said(result) == 'matched "하늘빛시"'
    assert check("regex", "Total: 42 apples", pattern=r"\d+ APPLES", ignore_case=True).passed
    missing = check("regex", "no digits here", pattern=r"\d+")
    assert missing.status == "fail" and said(missing) == r"no match for /\d+/"


@pytest.mark.parametrize(
    ("unit", "text", "bounds", "passed", "reason"),
    [
        ("words", "one two three", {"max": 3}, True, "3 words (allowed ≤ 3)"),
        ("words", "one two three four", {"max": 3}, False, "4 words (allowed ≤ 3)"),
        ("words", "one", {"min": 2}, False, "1 words (allowed ≥ 2)"),
        (
            "characters",
            f" {nfd('하늘빛시')} ",
            {"min": 4, "max": 4},
            True,
            "4 characters (allowed 4–4)",
        ),
        ("characters", "하늘빛시입니다", {"max": 4}, False, "7 characters (allowed ≤ 4)"),
    ],
)
def test_length_in_words_and_characters(
    unit: str, text: str, bounds: dict[str, int], passed: bool, reason: str
) -> None:
    result = check("length", text, unit=unit, **bounds)
    assert result.passed is passed and said(result) == reason


def test_length_in_tokens_uses_the_answer_count_else_the_estimate() -> None:
    counted = check("length", "x", unit="tokens", max=60, answer={"output_tokens": 61})
    assert counted.status == "fail" and said(counted) == "61 tokens (allowed ≤ 60)"
    # No count from the daemon: the Playground's estimate, one token per Hangul syllable.
    estimated = check("length", nfd("하늘빛시"), unit="tokens", max=4)
    assert estimated.passed and said(estimated) == "about 4 tokens, estimated (allowed ≤ 4)"
    assert said(estimated, "ko") == "약 4토큰, 추정치 (허용 ≤ 4)"
