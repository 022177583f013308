"""The exported config run by the real promptfoo (tests/promptfoo, from the npm registry)
against the fake daemon: it sends the prompts the grid would send, and its pass/fail for every
test and assertion equals the workbench's own checks on the same answers."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama
from workbench.checks import AnswerUnderCheck, CheckSpec, run_checks
from workbench.compare import GridSpec, ParamSet, PromptVariant, expand_grid
from workbench.suites.promptfoo import export_promptfoo

ROOT = Path(__file__).resolve().parents[2]
PROMPTFOO = ROOT / "tests" / "promptfoo" / "node_modules" / ".bin" / "promptfoo"
PASSED_OR_FAILED = (0, 100)  # promptfoo exits 100 when some test failed
SCRIPTED = [
    '{"도시": "서울", "설명": "한국의 수도"}',
    "서울은 한국의 수도입니다.",
    "  하늘이 파란 것은 빛의 산란 때문입니다.",
    "Seoul is the capital.",
    "죄송합니다, 잘 모르겠습니다.",
    "[1, 2, 3]",
]


def korean_grid() -> GridSpec:
    """2 models × 2 variants × 4 Korean rows, deterministic checks on variants and rows."""
    short = (
        CheckSpec("length", {"unit": "words", "max": 12}),
        CheckSpec("not_contains", {"values": ["죄송", "모르"], "mode": "any"}),
        CheckSpec("contains", {"values": ["{{도시}}"], "ignore_case": True}),
    )
    as_json = (
        CheckSpec("is_json"),
        CheckSpec("length", {"unit": "characters", "min": 5}),
        CheckSpec("language", {"language": "ko"}),
    )
    return GridSpec(
        models=("qwen3:0.6b", "gemma3:270m"),
        variants=(
            PromptVariant("짧게", ({"role": "user", "content": "{{질문}} 짧게."},), checks=short),
            PromptVariant(
                "JSON",
                (
                    {"role": "system", "content": "JSON으로만 답하세요."},
                    {"role": "user", "content": '{{질문}} ("따옴표" 포함)'},
                ),
                checks=as_json,
            ),
        ),
        rows=(
            {"질문": "한국의 수도는 어디인가요?", "도시": "서울", "expected": "서울"},
            {"질문": "하늘은 왜 파란색인가요?", "도시": "하늘", "__expect_regex": "빛|파란"},
            {
                "질문": "Which city is the capital?",
                "도시": "seoul",
                "__expect_starts_with": "Seoul",
                "__expect_contains": '{"values": ["CAPITAL", "수도"], "mode": "any", '
                '"ignore_case": true}',
            },
            {"질문": "모르는 것을 물어봅니다", "도시": "부산", "__expect_not_contains": "죄송"},
        ),
        param_sets=(ParamSet("seeded", {"temperature": 0.2, "seed": 11}),),
    )


def promptfoo_or_skip() -> Path:
    """The installed promptfoo; without it the test skips, except in CI, where it fails."""
    if PROMPTFOO.exists():
        return PROMPTFOO
    message = "promptfoo is not installed: npm ci --prefix tests/promptfoo"
    if os.environ.get("CI", "").lower() in ("1", "true"):
        pytest.fail(message)
    pytest.skip(message)


def run_promptfoo(config: Path, output: Path, daemon: FakeOllama, home: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "PROMPTFOO_CONFIG_DIR": str(home / ".promptfoo"),
        "PROMPTFOO_DISABLE_TELEMETRY": "1",
        "PROMPTFOO_DISABLE_UPDATE": "1",
        "PROMPTFOO_DISABLE_REMOTE_GENERATION": "1",
        "PROMPTFOO_DISABLE_SHARING": "1",
        "OLLAMA_BASE_URL": daemon.url,
        "NO_COLOR": "1",
    }
    command = [str(PROMPTFOO), "eval", "-c", str(config), "-o", str(output)]
    command += ["--no-cache", "--no-write", "--no-table", "--no-progress-bar", "--no-share"]
    done = subprocess.run(
        command, env=env, cwd=home, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode in PASSED_OR_FAILED, done.stdout[-3000:] + done.stderr[-3000:]


def test_promptfoo_gives_the_workbench_verdicts_on_the_same_answers(tmp_path: Path) -> None:
    promptfoo_or_skip()
    grid = korean_grid()
    exported = export_promptfoo(grid)
    assert exported.unmapped == ()
    config, output = tmp_path / "promptfooconfig.yaml", tmp_path / "results.json"
    config.write_text(exported.text, encoding="utf-8")
    with FakeOllama(scripted_replies={"gemma3:270m": SCRIPTED}) as daemon:
        run_promptfoo(config, output, daemon, tmp_path)
        sent = sorted(
            json.dumps([body["model"], body["messages"], body.get("options")], ensure_ascii=False)
            for method, path, body in daemon.requests
            if (method, path) == ("POST", "/api/chat")
        )
    cells = {(c.model, c.variant, c.row_index): c for c in expand_grid(grid)}
    expected = sorted(
        json.dumps([c.model, list(c.messages), dict(c.options)], ensure_ascii=False)
        for c in cells.values()
    )
    assert sent == expected

    results = json.loads(output.read_text(encoding="utf-8"))["results"]["results"]
    assert len(results) == len(cells) == 16
    verdicts = {True: 0, False: 0}
    for result in results:
        model = result["provider"]["id"].removeprefix("ollama:chat:")
        variant = result["testCase"]["prompts"][0]
        cell = cells[(model, variant, result["metadata"]["row"] - 1)]
        answer = AnswerUnderCheck(text=result["response"]["output"])
        ours = [check.passed for check in run_checks(cell.checks, answer)]
        theirs = [part["pass"] for part in result["gradingResult"]["componentResults"]]
        assert ours == theirs, (cell.id, answer.text, cell.checks)
        assert result["success"] == all(ours)
        for passed in ours:
            verdicts[passed] += 1
    assert verdicts[True] >= 10 and verdicts[False] >= 10  # both verdicts are exercised
