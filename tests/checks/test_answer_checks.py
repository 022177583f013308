"""Checks on the answer's shape and facts: JSON and schema, language, refusals, speed, RAG."""

from __future__ import annotations

import json

import pytest

from tests.checks.checking import check, nfd, said

CITY_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "number"}},
    "required": ["city", "population"],
}


@pytest.mark.parametrize("text", ['{"a": 1}', "[1, 2]", "42", '```json\n{"도시": "하늘빛시"}\n```'])
def test_is_json_accepts_any_json_value_and_a_fence(text: str) -> None:
    result = check("is_json", text)
    assert result.passed and said(result) == "valid JSON"


def test_is_json_fails_with_the_decoder_reason() -> None:
    result = check("is_json", '{"city": "하늘빛시",}')
    assert result.status == "fail" and said(result).startswith("not JSON: Expecting property name")
    assert said(result, "ko").startswith("JSON이 아님: ")


def test_json_schema_passes_a_fitting_answer() -> None:
    answer = json.dumps({"city": "하늘빛시", "population": 9.4}, ensure_ascii=False)
    assert check("json_schema", answer, schema=CITY_SCHEMA).passed
    as_text = check("json_schema", f"```json\n{answer}\n```", schema=json.dumps(CITY_SCHEMA))
    assert as_text.passed


def test_json_schema_names_the_first_violation_and_counts_the_rest() -> None:
    result = check("json_schema", '{"city": 3}', schema=CITY_SCHEMA)
    assert result.status == "fail"
    assert said(result) == (
        "breaks the schema at $: 'population' is a required property (and 1 more)"
    )
    one = check("json_schema", '{"city": "x", "population": "many"}', schema=CITY_SCHEMA)
    assert said(one) == "breaks the schema at $.population: 'many' is not of type 'number'"


def test_json_schema_on_text_that_is_not_json() -> None:
    result = check("json_schema", "The city is 하늘빛시.", schema=CITY_SCHEMA)
    assert result.status == "fail" and said(result).startswith("not JSON: Expecting value")


@pytest.mark.parametrize(
    "text", ["대한민국의 수도는 하늘빛시입니다.", nfd("수도는 하늘빛시입니다 (Haneulbit).")]
)
def test_language_korean_passes_on_mostly_hangul(text: str) -> None:
    result = check("language", text, language="ko")
    assert result.passed, said(result)
    assert result.score > 0.5


def test_language_reports_the_measured_share_against_the_bound() -> None:
    result = check("language", "The capital is 하늘빛시.", language="ko")
    # 4 Hangul against 12 Latin letters.
    assert result.status == "fail" and result.score == pytest.approx(4 / 16)
    assert said(result) == "Hangul is 25% of the letters (needs ≥ 50%)"
    english = check("language", "The capital is 하늘빛시.", language="en", min_share=0.9)
    assert english.status == "fail" and said(english) == (
        "Latin letters are 75% of the letters (needs ≥ 90%)"
    )
    assert check("language", "The capital is 하늘빛시.", language="en").passed


def test_language_of_an_answer_without_letters_fails() -> None:
    result = check("language", "42 + 7 = 49 🙂", language="en")
    assert result.status == "fail" and said(result) == "the answer has no letters"


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry, but I can't help with that.",
        "I’m unable to  assist with this request.",
        "죄송하지만 그 요청은 도와드릴 수 없습니다.",
        nfd("그 질문에는 답변 드릴수 없습니다."),
    ],
)
def test_refusals_in_english_and_korean(text: str) -> None:
    assert check("refuses", text).passed
    refused = check("not_refuses", text)
    assert refused.status == "fail" and said(refused).startswith("refusal phrase ")


@pytest.mark.parametrize(
    "text", ["The capital is 하늘빛시.", "수도는 하늘빛시입니다. 도와드릴게요!"]
)
def test_plain_answers_do_not_refuse(text: str) -> None:
    assert check("not_refuses", text).passed
    result = check("refuses", text)
    assert result.status == "fail" and said(result) == "no refusal phrase"


def test_metric_bounds_on_the_answer_numbers() -> None:
    numbers = {"total_time": 2.5, "time_to_first_token": 0.4, "tokens_per_second": 31.25}
    slow = check("metric", "x", metric="total_time", max=2, answer=numbers)
    assert slow.status == "fail" and said(slow) == "total time 2.5 s (allowed ≤ 2 s)"
    assert said(slow, "ko") == "전체 시간 2.5초 (허용 ≤ 2초)"
    fast = check("metric", "x", metric="time_to_first_token", min=0.1, max=1, answer=numbers)
    assert fast.passed and said(fast) == "first token after 0.4 s (allowed 0.1–1 s)"
    rate = check("metric", "x", metric="tokens_per_second", min=20, answer=numbers)
    assert rate.passed and said(rate) == "31.2 tokens/s (allowed ≥ 20)"


def test_a_metric_the_answer_lacks_is_an_error_not_a_fail() -> None:
    result = check("metric", "x", metric="time_to_first_token", max=1)
    assert result.status == "error" and result.score == 0.0 and not result.passed
    assert said(result) == "no time to first token was recorded for this answer"


def test_cites_sources_every_marker_is_a_citation() -> None:
    sources = {"citations": (1, 2, 3)}
    result = check(
        "cites_sources", "하늘빛시가 수도입니다 [1][3]. 인구는 940만 [2, 3].", answer=sources
    )
    assert result.passed and said(result) == "cites [1], [3], [2]"
    unknown = check("cites_sources", "See [2] and [7].", answer=sources)
    assert unknown.status == "fail" and unknown.score == 0.5
    assert said(unknown) == "cites [7], which are not among the sources ([1], [2], [3])"
    bare = check("cites_sources", "No markers here.", answer=sources)
    assert bare.status == "fail" and said(bare) == "no [n] source markers in the answer"


def test_cites_sources_without_citations_is_an_error() -> None:
    result = check("cites_sources", "See [1].")
    assert result.status == "error" and said(result).startswith("no sources to check against")


def test_context_contains_reads_the_retrieved_context() -> None:
    context = {"context": nfd("[1] 대한민국의 수도는 하늘빛시이다.")}
    found = check("context_contains", "unrelated answer", values=["하늘빛시"], answer=context)
    assert found.passed and said(found) == 'found "하늘빛시"'
    missing = check("context_contains", "하늘빛시", values=["서울"], answer=context)
    assert missing.status == "fail" and said(missing) == 'missing "서울"'
    none = check("context_contains", "하늘빛시", values=["하늘빛시"])
    assert none.status == "error" and said(none, "ko").startswith("검사할 검색 문맥이 없음")


@pytest.mark.parametrize("metric", ["total_time", "time_to_first_token", "tokens_per_second"])
def test_every_metric_has_its_reasons(metric: str) -> None:
    assert check("metric", "x", metric=metric, max=1).status == "error"
    measured = check("metric", "x", metric=metric, min=1, answer={metric: 0.5})
    assert measured.status == "fail" and "0.5" in said(measured) and "0.5" in said(measured, "ko")


@pytest.mark.parametrize(("unit", "count"), [("words", "2"), ("characters", "5"), ("tokens", "7")])
def test_every_length_unit_has_its_reason(unit: str, count: str) -> None:
    result = check("length", "하늘 빛이", unit=unit, max=1, answer={"output_tokens": 7})
    assert result.status == "fail" and count in said(result) and count in said(result, "ko")
