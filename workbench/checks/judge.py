"""The judge: a local chat model scores an answer 1-5 against a rubric, with a fixed template
in English or Korean, and answers JSON {"score", "reason"}."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from workbench.checks.model import AnswerUnderCheck, CheckModels
from workbench.checks.validate import CheckError
from workbench.checks.verdict import Verdict, judged
from workbench.structured import read_answer

JUDGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "reason": {"type": "string"},
    },
    "required": ["score", "reason"],
}
DETAIL_CHARS = 80
REASON_CHARS = 300
_TEMPLATES = {
    "en": (
        "You are a strict, fair evaluator. You grade one answer against a rubric and nothing "
        "else: not its style, not its length, unless the rubric asks for them. Reply with JSON "
        'only: {"score": <integer 1-5>, "reason": "<one short sentence>"}. '
        "5 = fully meets the rubric, 4 = meets it with minor flaws, 3 = partly meets it, "
        "2 = mostly misses it, 1 = does not meet it at all.",
        "Rubric:\n{rubric}\n\nQuestion:\n{question}\n\nAnswer to grade:\n{answer}\n\n"
        "Grade the answer against the rubric. Reply with the JSON object only.",
    ),
    "ko": (
        "당신은 엄격하고 공정한 평가자입니다. 답변 하나를 평가 기준에 비추어서만 채점합니다. "
        "기준이 요구하지 않는 한 문체나 길이는 보지 않습니다. JSON으로만 답하세요: "
        '{"score": <1~5 정수>, "reason": "<짧은 한 문장, 한국어>"}. '
        "5 = 기준을 완전히 충족, 4 = 사소한 흠은 있으나 충족, 3 = 일부만 충족, "
        "2 = 대부분 충족하지 못함, 1 = 전혀 충족하지 못함.",
        "평가 기준:\n{rubric}\n\n질문:\n{question}\n\n채점할 답변:\n{answer}\n\n"
        "평가 기준에 따라 답변을 채점하세요. JSON 객체로만 답하세요.",
    ),
}


def judge_messages(rubric: str, question: str, answer: str, language: str) -> list[dict[str, str]]:
    """The judging conversation: the fixed system prompt and the filled-in request."""
    system, request = _TEMPLATES.get(language, _TEMPLATES["en"])
    filled = request.format(rubric=rubric.strip(), question=question.strip() or "-", answer=answer)
    return [{"role": "system", "content": system}, {"role": "user", "content": filled}]


def _bad(detail: str) -> CheckError:
    short = detail if len(detail) <= DETAIL_CHARS else detail[: DETAIL_CHARS - 1] + "…"
    return CheckError(code="error.check_verdict", field="verdict", detail=short)


def parse_verdict(text: str) -> tuple[int, str]:
    """The judge's score (1-5) and reason; CheckError for anything else (a ```json fence is
    fine)."""
    read = read_answer(text, None)
    if not read.parsed:
        raise _bad(text.strip() or "empty")
    value = read.value
    score = value.get("score") if isinstance(value, dict) else None
    if isinstance(score, float) and score.is_integer():
        score = int(score)
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise _bad(f"score {json.dumps(score, ensure_ascii=False)}")
    reason = value.get("reason")
    if not isinstance(reason, str):
        raise _bad(f"reason {json.dumps(reason, ensure_ascii=False)}")
    return score, " ".join(reason.split())[:REASON_CHARS]


def run_judge(args: Mapping[str, Any], answer: AnswerUnderCheck, models: CheckModels) -> Verdict:
    """Ask the judge model; score (s-1)/4, a pass when s >= min_score; an unusable verdict
    raises CheckError (an error, never a pass)."""
    messages = judge_messages(args["rubric"], answer.question, answer.text, args["language"])
    score, reason = parse_verdict(models.chat(args["model"], messages, JUDGE_SCHEMA))
    params = {"score": score, "min_score": args["min_score"], "reason": reason}
    return judged(score >= args["min_score"], "check_judge", (score - 1) / 4, **params)
