"""Model-backed checks against the fake daemon: the judge with scripted verdicts (a malformed
one is an error, never a pass) and similar-to with the fake's embeddings."""

from __future__ import annotations

import pytest

from tests.checks.checking import check, nfd, said
from tests.fake_ollama import FakeOllama
from workbench.checks import (
    JUDGE_SCHEMA,
    AnswerUnderCheck,
    CheckError,
    CheckResult,
    CheckSpec,
    DaemonCheckModels,
    judge_messages,
    parse_verdict,
    run_checks,
    summarize,
)
from workbench.ollama import OllamaService

JUDGE = "qwen3:0.6b"
RUBRIC = "The answer names 하늘빛시 as the capital."
CAPITAL = "대한민국의 수도는 하늘빛시입니다."


@pytest.fixture
def models(service: OllamaService) -> DaemonCheckModels:
    return DaemonCheckModels(service)


def judge(models: DaemonCheckModels, **args: object) -> CheckResult:
    return check(
        "judge",
        CAPITAL,
        models,
        answer={"question": "대한민국의 수도는?"},
        **{"rubric": RUBRIC, "model": JUDGE, **args},
    )


def test_a_good_verdict_passes_with_the_judges_reason(
    fake_daemon: FakeOllama, models: DaemonCheckModels
) -> None:
    fake_daemon.script_replies(JUDGE, ['{"score": 5, "reason": "하늘빛시를 정확히 말함"}'])
    result = judge(models)
    assert result.status == "pass" and result.score == 1.0
    assert said(result) == "5/5 (needs 4): 하늘빛시를 정확히 말함"
    assert said(result, "ko") == "5/5점 (기준 4점): 하늘빛시를 정확히 말함"


def test_the_judge_is_asked_with_the_schema_at_temperature_zero(
    fake_daemon: FakeOllama, models: DaemonCheckModels
) -> None:
    fake_daemon.script_replies(JUDGE, ['{"score": 4, "reason": "ok"}'])
    judge(models, language="ko")
    body = [b for method, path, b in fake_daemon.requests if path == "/api/chat"][-1]
    assert body["model"] == JUDGE and body["format"] == JUDGE_SCHEMA
    assert body["options"]["temperature"] == 0 and body["think"] is False
    system, request = body["messages"]
    assert system["role"] == "system" and "평가자" in system["content"]
    assert RUBRIC in request["content"] and CAPITAL in request["content"]
    assert "대한민국의 수도는?" in request["content"]


def test_a_low_score_fails_and_scores_on_the_scale(
    fake_daemon: FakeOllama, models: DaemonCheckModels
) -> None:
    fake_daemon.script_replies(JUDGE, ['```json\n{"score": 2, "reason": "wrong city"}\n```'])
    result = judge(models)
    assert result.status == "fail" and result.score == 0.25
    assert said(result) == "2/5 (needs 4): wrong city"
    fake_daemon.script_replies(JUDGE, ['{"score": 3, "reason": "partly"}'])
    assert judge(models, min_score=3).passed


@pytest.mark.parametrize(
    "reply",
    [
        "The answer looks great, 5/5!",
        '{"score": 9, "reason": "too high"}',
        '{"score": "5", "reason": "text score"}',
        '{"score": 4}',
        "",
    ],
)
def test_a_malformed_verdict_is_an_error_never_a_pass(
    fake_daemon: FakeOllama, models: DaemonCheckModels, reply: str
) -> None:
    fake_daemon.script_replies(JUDGE, [reply])
    result = judge(models)
    assert result.status == "error" and not result.passed and result.score == 0
    assert said(result).startswith("The judge's answer is not a usable verdict (")


def test_the_fakes_own_schema_answer_is_out_of_range_and_so_an_error(
    models: DaemonCheckModels,
) -> None:
    # Unscripted, the fake fills the schema with a large integer: a small model's mistake.
    result = judge(models)
    assert result.status == "error" and "score" in said(result)


def test_a_judge_that_is_not_installed_is_an_error_naming_it(models: DaemonCheckModels) -> None:
    result = judge(models, model="judge-missing:1b")
    assert result.status == "error" and "judge-missing:1b" in said(result)


def test_scripted_verdicts_cycle_across_cells_and_other_checks_still_run(
    fake_daemon: FakeOllama, models: DaemonCheckModels
) -> None:
    fake_daemon.script_replies(JUDGE, ['{"score": 4, "reason": "good"}', "no verdict"])
    specs = [
        CheckSpec("judge", {"rubric": RUBRIC, "model": JUDGE}, weight=2),
        CheckSpec("contains", {"values": ["하늘빛시"]}),
    ]
    first = run_checks(specs, AnswerUnderCheck(CAPITAL), models)
    second = run_checks(specs, AnswerUnderCheck(CAPITAL), models)
    assert [r.status for r in first] == ["pass", "pass"]
    assert [r.status for r in second] == ["error", "pass"]
    assert summarize(first).passed is True
    assert summarize(second).passed is False and summarize(second).score == pytest.approx(1 / 3)


def test_similar_passes_a_close_answer_and_fails_a_distant_one(models: DaemonCheckModels) -> None:
    same = check("similar", nfd(CAPITAL), models, reference=CAPITAL, model="all-minilm")
    assert same.passed and same.score == pytest.approx(1.0)
    assert said(same) == "similarity 1 (threshold 0.8)"
    close = check(
        "similar", "수도는 하늘빛시입니다.", models, reference=CAPITAL, model="all-minilm"
    )
    assert close.passed and 0.8 <= close.score < 1
    far = check("similar", "고양이는 귀엽다.", models, reference=CAPITAL, model="all-minilm")
    assert far.status == "fail" and far.score < 0.3
    assert said(far, "ko").startswith("유사도 ")


def test_similar_with_a_missing_embedding_model_is_an_error(models: DaemonCheckModels) -> None:
    result = check("similar", CAPITAL, models, reference=CAPITAL, model="embed-missing")
    assert result.status == "error" and "embed-missing" in said(result)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ('{"score": 4, "reason": "fine"}', (4, "fine")),
        ('  ```json\n{"score": 1.0, "reason": "  two\\n lines "}\n```  ', (1, "two lines")),
        ('{"reason": "순서 무관", "score": 5, "extra": true}', (5, "순서 무관")),
    ],
)
def test_parse_verdict_reads_score_and_reason(text: str, verdict: tuple[int, str]) -> None:
    assert parse_verdict(text) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5",
        "[5, 'ok']",
        '{"score": 0, "reason": "x"}',
        '{"score": 4.5, "reason": "x"}',
        '{"score": true, "reason": "x"}',
        '{"score": 3, "reason": 7}',
        '{"score": 3, "reason": "cut',
    ],
)
def test_parse_verdict_refuses_anything_else(text: str) -> None:
    with pytest.raises(CheckError) as caught:
        parse_verdict(text)
    assert caught.value.code == "error.check_verdict"


def test_judge_messages_in_both_languages() -> None:
    english = judge_messages(RUBRIC, "Q?", "A.", "en")
    korean = judge_messages(RUBRIC, "Q?", "A.", "ko")
    assert [m["role"] for m in english] == ["system", "user"]
    assert english[0]["content"] != korean[0]["content"] and "평가 기준" in korean[1]["content"]
    for messages in (english, korean):
        assert RUBRIC in messages[1]["content"] and "Q?" in messages[1]["content"]
        assert messages[1]["content"].rstrip().endswith(("only.", "답하세요."))
