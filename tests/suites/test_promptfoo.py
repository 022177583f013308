"""promptfoo interop without promptfoo: every check kind's assertion and back, what is left out
(with a reason), grids exported and imported again, and configs that cannot be read."""

from __future__ import annotations

import pytest
import yaml

from workbench.checks import CheckSpec, from_assertion, to_assertion, validate_check
from workbench.compare import GridSpec, ParamSet, PromptVariant, expand_grid
from workbench.errors import Reason
from workbench.suites.promptfoo import PromptfooError, export_promptfoo, import_promptfoo
from workbench.tools import ToolSpec

SCHEMA = {"type": "object", "properties": {"도시": {"type": "string"}}, "required": ["도시"]}
MAPPED = [
    (CheckSpec("equals", {"value": "서울"}), {"type": "equals", "value": "서울"}),
    (CheckSpec("contains", {"values": ["서울"]}), {"type": "contains", "value": "서울"}),
    (
        CheckSpec("contains", {"values": ["Seoul"], "ignore_case": True}),
        {"type": "icontains", "value": "Seoul"},
    ),
    (
        CheckSpec("contains", {"values": ["서울", "부산"], "mode": "any"}),
        {"type": "contains-any", "value": ["서울", "부산"]},
    ),
    (
        CheckSpec("contains", {"values": ["서울", "한국"]}),
        {"type": "contains-all", "value": ["서울", "한국"]},
    ),
    (
        CheckSpec("contains", {"values": ["a", "B"], "mode": "any", "ignore_case": True}),
        {"type": "icontains-any", "value": ["a", "B"]},
    ),
    (
        CheckSpec("contains", {"values": ["a", "B"], "ignore_case": True}),
        {"type": "icontains-all", "value": ["a", "B"]},
    ),
    (CheckSpec("not_contains", {"values": ["죄송"]}), {"type": "not-contains", "value": "죄송"}),
    (
        CheckSpec("not_contains", {"values": ["sorry"], "ignore_case": True}),
        {"type": "not-icontains", "value": "sorry"},
    ),
    (
        CheckSpec("not_contains", {"values": ["죄송", "모릅니다"], "mode": "any"}),
        {"type": "not-contains-any", "value": ["죄송", "모릅니다"]},
    ),
    (
        CheckSpec("not_contains", {"values": ["죄송", "모릅니다"]}),
        {"type": "not-contains-all", "value": ["죄송", "모릅니다"]},
    ),
    (
        CheckSpec("not_contains", {"values": ["x"], "mode": "any"}),
        {"type": "not-contains-any", "value": ["x"]},
    ),
    (CheckSpec("starts_with", {"value": "네,"}), {"type": "starts-with", "value": "네,"}),
    (CheckSpec("regex", {"pattern": r"\d{4}년"}), {"type": "regex", "value": r"\d{4}년"}),
    (CheckSpec("is_json"), {"type": "is-json"}),
    (CheckSpec("json_schema", {"schema": SCHEMA}), {"type": "is-json", "value": SCHEMA}),
    (
        CheckSpec("metric", {"metric": "total_time", "max": 2.5}),
        {"type": "latency", "threshold": 2500},
    ),
    (
        CheckSpec("similar", {"reference": "서울입니다", "model": "embeddinggemma"}),
        {
            "type": "similar",
            "value": "서울입니다",
            "threshold": 0.8,
            "provider": "ollama:embeddings:embeddinggemma",
        },
    ),
    (
        CheckSpec("judge", {"rubric": "정확한가", "model": "qwen3:0.6b", "min_score": 3}),
        {
            "type": "llm-rubric",
            "value": "정확한가",
            "threshold": 0.5,
            "provider": "ollama:chat:qwen3:0.6b",
        },
    ),
    (
        CheckSpec("contains", {"values": ["{{answer}}"]}, weight=2),
        {"type": "contains", "value": "{{answer}}", "weight": 2},
    ),
]
SCRIPTED = [
    CheckSpec("equals", {"value": "서울", "ignore_case": True}),
    CheckSpec("starts_with", {"value": "Yes", "ignore_case": True}),
    CheckSpec("regex", {"pattern": "seoul", "ignore_case": True}),
    CheckSpec("length", {"unit": "words", "max": 60}),
    CheckSpec("length", {"unit": "characters", "min": 10, "max": 200}),
    CheckSpec("language", {"language": "ko", "min_share": 0.7}),
    CheckSpec("language", {"language": "en"}),
]
UNMAPPED = [
    (CheckSpec("length", {"unit": "tokens", "max": 100}), "reason.promptfoo_tokens"),
    (CheckSpec("refuses"), "reason.promptfoo_refusal"),
    (CheckSpec("not_refuses"), "reason.promptfoo_refusal"),
    (CheckSpec("cites_sources"), "reason.promptfoo_citations"),
    (CheckSpec("context_contains", {"values": ["서울"]}), "reason.promptfoo_context"),
    (CheckSpec("metric", {"metric": "time_to_first_token", "max": 1}), "reason.promptfoo_metric"),
    (CheckSpec("metric", {"metric": "total_time", "min": 1}), "reason.promptfoo_metric"),
    (CheckSpec("regex", {"pattern": "(unclosed"}), "error.check_regex"),
]


@pytest.mark.parametrize(("check", "assertion"), MAPPED, ids=lambda x: str(x)[:40])
def test_each_check_has_its_assertion_and_comes_back(check: CheckSpec, assertion: dict) -> None:
    assert to_assertion(check) == assertion
    assert from_assertion(assertion) == validate_check(check)


@pytest.mark.parametrize("check", SCRIPTED, ids=lambda c: f"{c.kind}-{sorted(c.args.items())}")
def test_javascript_stands_for_its_check_and_comes_back(check: CheckSpec) -> None:
    assertion = to_assertion(check)
    assert isinstance(assertion, dict) and assertion["type"] == "javascript"
    assert assertion["value"].startswith(f"// workbench {check.kind} ")
    assert from_assertion(assertion) == validate_check(check)


def test_a_javascript_edited_by_hand_is_not_read_as_the_check() -> None:
    assertion = to_assertion(CheckSpec("length", {"unit": "words", "max": 60}))
    assert isinstance(assertion, dict)
    edited = {**assertion, "value": assertion["value"].replace("n <= 60", "n <= 6000")}
    assert from_assertion(edited) == Reason("reason.promptfoo_script")
    custom = {"type": "javascript", "value": "output.length < 10"}
    assert from_assertion(custom) == Reason("reason.promptfoo_script")


@pytest.mark.parametrize(("check", "code"), UNMAPPED, ids=lambda x: str(x)[:40])
def test_checks_without_an_equivalent_say_why(check: CheckSpec, code: str) -> None:
    reason = to_assertion(check)
    assert isinstance(reason, Reason) and reason.code == code


@pytest.mark.parametrize(
    ("assertion", "code"),
    [
        ({"type": "rouge-n", "value": "서울"}, "reason.promptfoo_unknown_type"),
        (
            {"type": "contains", "value": "서울", "transform": "output.trim()"},
            "reason.promptfoo_fields",
        ),
        (
            {"type": "similar", "value": "서울", "provider": "openai:embeddings"},
            "reason.promptfoo_provider",
        ),
        ({"type": "llm-rubric", "value": "정확한가"}, "reason.promptfoo_provider"),
        ({"type": "equals", "value": {"a": 1}}, "reason.promptfoo_value"),
        ({"type": "latency"}, "reason.promptfoo_value"),
        ({"type": "contains", "value": "서울", "weight": 0}, "error.check_weight"),
        ("contains", "reason.promptfoo_not_assertion"),
    ],
)
def test_assertions_without_a_check_say_why(assertion: object, code: str) -> None:
    reason = from_assertion(assertion)  # type: ignore[arg-type]
    assert isinstance(reason, Reason) and reason.code == code


def test_promptfoo_forms_the_workbench_does_not_write_are_read() -> None:
    assert from_assertion({"type": "contains-any", "value": "서울, 부산"}) == validate_check(
        CheckSpec("contains", {"values": ["서울", "부산"], "mode": "any"})
    )
    assert from_assertion({"type": "is-refusal"}) == validate_check(CheckSpec("refuses"))
    similar = {"type": "similar", "value": "x", "provider": {"id": "ollama:embedding:bge-m3"}}
    assert from_assertion(similar) == validate_check(
        CheckSpec("similar", {"reference": "x", "model": "bge-m3", "threshold": 0.75})
    )


def grid(shared: bool = False) -> GridSpec:
    """2 models × 2 variants × 3 Korean rows × 2 parameter sets, checks on variants and rows."""
    first = (
        CheckSpec("contains", {"values": ["{{도시}}"]}),
        CheckSpec("length", {"unit": "words", "max": 40}),
    )
    second = first if shared else (CheckSpec("is_json"), CheckSpec("language", {"language": "ko"}))
    return GridSpec(
        models=("qwen3:0.6b", "gemma3:270m"),
        variants=(
            PromptVariant(
                "짧게", ({"role": "user", "content": "{{질문}} 짧게 답하세요."},), checks=first
            ),
            PromptVariant(
                "JSON",
                (
                    {"role": "system", "content": "JSON으로만 답하세요."},
                    {"role": "user", "content": "{{질문}}"},
                ),
                checks=second,
            ),
        ),
        rows=(
            {"질문": "한국의 수도는?", "도시": "서울", "expected": "서울"},
            {"질문": "부산은 어디?", "도시": "부산", "__expect_regex": "남쪽|바다"},
            {
                "질문": "일본의 수도는?",
                "도시": "도쿄",
                "__expect_not_contains": '{"values": ["서울", "부산"], "mode": "any"}',
                "__expect_starts_with": "도쿄",
            },
        ),
        param_sets=(ParamSet("precise", {"temperature": 0, "seed": 7}), ParamSet("free", {})),
    )


def normalised(spec: GridSpec) -> GridSpec:
    """The grid with every variant's checks validated (defaults filled), as import gives them."""
    variants = tuple(
        PromptVariant(v.name, v.messages, checks=tuple(validate_check(c) for c in v.checks))
        for v in spec.variants
    )
    return GridSpec(spec.models, variants, spec.rows, spec.param_sets)


@pytest.mark.parametrize("shared", [False, True], ids=["per-variant", "shared"])
def test_a_grid_comes_back_from_its_promptfoo_config(shared: bool) -> None:
    original = grid(shared)
    exported = export_promptfoo(original)
    assert exported.unmapped == ()
    back = import_promptfoo(exported.text)
    assert back.unmapped == ()
    assert back.grid == normalised(original)
    cells = [(c.id, c.messages, c.checks) for c in expand_grid(back.grid)]
    assert cells == [(c.id, c.messages, c.checks) for c in expand_grid(normalised(original))]


def test_the_config_has_providers_prompts_and_tests_promptfoo_reads() -> None:
    config = yaml.safe_load(export_promptfoo(grid()).text)
    assert config["providers"][0] == {
        "id": "ollama:chat:qwen3:0.6b",
        "label": "qwen3:0.6b · precise",
        "config": {"temperature": 0, "seed": 7},
    }
    assert config["providers"][3] == {
        "id": "ollama:chat:gemma3:270m",
        "label": "gemma3:270m · free",
    }
    assert config["prompts"][0]["label"] == "짧게"
    assert yaml.safe_load(config["prompts"][1]["raw"])[1] == {"role": "user", "content": "{{질문}}"}
    assert "defaultTest" not in config
    first = config["tests"][0]
    assert first["vars"] == {"질문": "한국의 수도는?", "도시": "서울"}
    assert first["prompts"] == ["짧게"]
    assert first["assert"][0] == {"type": "contains", "value": "{{도시}}"}
    assert first["assert"][-1] == {"type": "icontains", "value": "서울"}
    assert len(config["tests"]) == 6
    shared = yaml.safe_load(export_promptfoo(grid(shared=True)).text)
    assert len(shared["tests"]) == 3 and "prompts" not in shared["tests"][0]
    assert shared["defaultTest"]["assert"][0] == {"type": "contains", "value": "{{도시}}"}


def test_a_grid_without_rows_or_parameter_sets_comes_back_the_same() -> None:
    original = GridSpec(
        ("qwen3:0.6b",), (PromptVariant("A", ({"role": "user", "content": "안녕"},)),)
    )
    exported = export_promptfoo(original)
    assert yaml.safe_load(exported.text)["providers"] == [
        {"id": "ollama:chat:qwen3:0.6b", "label": "qwen3:0.6b"}
    ]
    assert import_promptfoo(exported.text).grid == original


def test_what_promptfoo_cannot_hold_is_listed_not_dropped() -> None:
    tool = ToolSpec("get_weather", "날씨", {"type": "object", "properties": {}})
    variant = PromptVariant(
        "A",
        ({"role": "user", "content": "{{q}}"},),
        output_schema=SCHEMA,
        tools=(tool,),
        checks=(CheckSpec("refuses"), CheckSpec("contains", {"values": ["x"]})),
    )
    rows = (
        {
            "q": "?",
            "__expect_cites_sources": "{}",
            "__expect_length": '{"unit": "tokens", "max": 9}',
        },
    )
    exported = export_promptfoo(GridSpec(("m",), (variant,), rows))
    listed = [(u.where.code, u.what, u.reason.code) for u in exported.unmapped]
    assert listed == [
        ("promptfoo.where_variant", "output_schema", "reason.promptfoo_schema"),
        ("promptfoo.where_variant", "tools", "reason.promptfoo_tools"),
        ("promptfoo.where_variant", "refuses", "reason.promptfoo_refusal"),
        ("promptfoo.where_row", "cites_sources", "reason.promptfoo_citations"),
        ("promptfoo.where_row", "length", "reason.promptfoo_tokens"),
    ]
    config = yaml.safe_load(exported.text)
    assert config["defaultTest"]["assert"] == [{"type": "contains", "value": "x"}]


HAND_WRITTEN = """
description: written by hand
providers:
  - ollama:chat:qwen3:0.6b
  - id: openai:gpt-4o-mini
  - id: ollama:chat:gemma3:270m
    config: {temperature: 0.2}
prompts:
  - "{{topic}}에 대해 한 문장으로 쓰세요."
  - file://prompts/long.txt
defaultTest:
  vars: {tone: 정중하게}
  assert:
    - type: rouge-n
      value: 서울
tests:
  - vars: {topic: 서울}
    assert:
      - type: icontains
        value: 서울
      - type: contains
        value: 한국
      - type: contains
        value: 수도
        weight: 3
  - vars: {topic: 부산}
    prompts: [Prompt 1]
    assert:
      - type: javascript
        value: output.length > 3
"""


def test_a_hand_written_config_is_read_and_the_rest_listed() -> None:
    imported = import_promptfoo(HAND_WRITTEN)
    assert imported.models == ("qwen3:0.6b", "gemma3:270m")
    assert imported.param_sets == (ParamSet("default", {}), ParamSet("set 2", {"temperature": 0.2}))
    assert [v.name for v in imported.variants] == ["Prompt 1"]
    assert imported.variants[0].messages == (
        {"role": "user", "content": "{{topic}}에 대해 한 문장으로 쓰세요."},
    )
    assert imported.rows == (
        {"tone": "정중하게", "topic": "서울", "expected": "서울", "__expect_contains": "한국"},
        {"tone": "정중하게", "topic": "부산"},
    )
    listed = [(u.where.code, u.what, u.reason.code) for u in imported.unmapped]
    assert listed == [
        ("promptfoo.where_provider", "openai:gpt-4o-mini", "reason.promptfoo_not_ollama"),
        ("promptfoo.where_prompt", "file://prompts/long.txt", "reason.promptfoo_prompt_file"),
        ("promptfoo.where_default_test", "rouge-n", "reason.promptfoo_unknown_type"),
        ("promptfoo.where_test", "contains", "reason.promptfoo_row_weight"),
        ("promptfoo.where_test", "javascript", "reason.promptfoo_script"),
        ("promptfoo.where_test", "prompts", "reason.promptfoo_test_prompts"),
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("providers: [ollama:chat:m\nprompts: x", "error.promptfoo_yaml"),
        ("- just\n- a list", "error.promptfoo_not_config"),
        ("name: a template\nmessages: []", "error.promptfoo_not_config"),
        ("providers: [openai:gpt-4o]\nprompts: [hi]", "error.promptfoo_no_models"),
        ("providers: [ollama:chat:m]\nprompts: [file://p.txt]", "error.promptfoo_no_prompts"),
    ],
)
def test_text_that_is_not_a_promptfoo_config_is_refused(text: str, code: str) -> None:
    with pytest.raises(PromptfooError) as caught:
        import_promptfoo(text)
    assert caught.value.code == code
    if code == "error.promptfoo_yaml":
        assert caught.value.params["line"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "providers: ollama:chat:m\nprompts: hi\ntests:\n  - vars: file://x.csv\n    prompts: abc\n"
        "    metadata: {row: [1], variant_asserts: 1}\n  - 5\n",
        "providers: [{id: 3}, ollama:chat:m]\nprompts: {hi: A}\ndefaultTest: 4\ntests: file://t.csv",
        "providers: [ollama:chat:m]\nprompts: [{raw: 5}, x]\n"
        "tests: [{assert: 7, prompts: [{a: 1}], metadata: {variant_asserts: 0}}]",
        "providers: [ollama:chat:m]\nprompts: [x]\ntests: [{assert: [{type: contains-any, value: 5}"
        ", {type: similar, value: x, provider: ollama:embeddings:e, threshold: foo}]}]",
    ],
)
def test_odd_entries_are_listed_never_a_crash(text: str) -> None:
    imported = import_promptfoo(text)
    assert imported.models == ("m",)
    assert imported.unmapped
