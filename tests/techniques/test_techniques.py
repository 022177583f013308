"""Technique builders (English and Korean), chains, reverse prompts and tree of thoughts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.techniques.builders import (
    ChainOfThoughtSpec,
    CombinationSpec,
    Example,
    RoleSpec,
    ShotSpec,
    StructuredSpec,
    TreeSpec,
    chain_of_thought,
    combination_prompt,
    rag_answer,
    role_prompt,
    shot_prompt,
    structured_prompt,
    tree_of_thoughts_prompt,
)
from workbench.techniques.reverse_chain import (
    Chain,
    NotAChainError,
    ReverseSpec,
    build_chain,
    reverse_prompt_chain,
    run_chain,
    strip_fence,
    template_from_prompt,
)
from workbench.techniques.tree import (
    TreePrompts,
    TreeSettingsError,
    parse_score,
    tree_of_thoughts,
    tree_prompts,
)
from workbench.templates.rendering import (
    Message,
    Template,
    TemplateValueError,
    TemplateVariablesError,
    UnsupportedLanguageError,
    VariableType,
    check_template,
    from_dict,
    render,
    to_dict,
    unknown_variables,
)

HANGUL = re.compile(r"[가-힣]")
EXAMPLES = [Example("cat", "chat"), Example("dog", "chien")]
STRUCTURED = StructuredSpec("blog post", "tides", audience="kids", length="200 words")
BUILDERS: list[tuple[str, Callable[[str], Template]]] = [
    ("structured", lambda lang: structured_prompt(STRUCTURED, lang)),
    ("role", lambda lang: role_prompt(RoleSpec("a tax advisor", "VAT", "Explain VAT."), lang)),
    ("zero-shot", lambda lang: shot_prompt(ShotSpec("Classify.", input="Great!"), lang)),
    ("one-shot", lambda lang: shot_prompt(ShotSpec("Translate.", EXAMPLES[:1], "bird"), lang)),
    ("few-shot", lambda lang: shot_prompt(ShotSpec("Translate.", EXAMPLES, "bird"), lang)),
    ("few-shot", lambda lang: shot_prompt(ShotSpec("Translate.", EXAMPLES, "x", True), lang)),
    ("reverse-prompt", lambda lang: reverse_prompt_chain(ReverseSpec("Some text."), lang)),
    ("chain-of-thought", lambda lang: chain_of_thought(ChainOfThoughtSpec("2+2?"), lang)),
    ("tree-of-thoughts", lambda lang: tree_of_thoughts_prompt(TreeSpec("Where?"), lang)),
    (
        "combination",
        lambda lang: combination_prompt(CombinationSpec("a chef", "baking", STRUCTURED), lang),
    ),
    ("rag", lambda lang: rag_answer(lang)),
]


def text_of(messages: list[dict[str, str]]) -> str:
    """Every message's content, joined."""
    return "\n".join(m["content"] for m in messages)


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize(("technique", "build"), BUILDERS, ids=[b[0] for b in BUILDERS])
def test_every_builder_makes_a_valid_template_in_both_languages(
    technique: str, build: Callable[[str], Template], language: str
) -> None:
    template = build(language)
    check_template(template)
    assert (template.technique, template.language) == (technique, language)
    assert template.id.endswith("-ko") == (language == "ko")
    assert unknown_variables(template) == []
    assert from_dict(to_dict(template)) == template
    values = {"context": "[1] x", "question": "y?"} if technique == "rag" else {}
    wording = template.name + text_of(render(template, values))
    assert bool(HANGUL.search(wording)) == (language == "ko")


def test_unknown_languages_are_refused() -> None:
    with pytest.raises(UnsupportedLanguageError) as caught:
        structured_prompt(STRUCTURED, "fr")
    assert caught.value.code == "error.unsupported_language"
    assert caught.value.params == {"language": "fr", "supported": "en, ko"}


STRUCTURED_CASES = [
    (StructuredSpec("tweet thread", "rust"), "en", "Write a tweet thread about rust."),
    (
        StructuredSpec("blog post", "tea", audience="students", style="warm", length="100 words"),
        "en",
        "Write a blog post about tea.\nAddress it to students.\nWrite it in this style: warm.\n"
        "The length should be 100 words.",
    ),
    (
        StructuredSpec("summary", "AI", keywords="LLM, RAG", structure="3 bullets"),
        "en",
        "Write a summary about AI.\nInclude these keywords: LLM, RAG.\n"
        "Structure it as follows: 3 bullets.",
    ),
    (
        StructuredSpec("블로그 글", "양자 컴퓨팅", audience="고등학생", length="1,000자"),
        "ko",
        "양자 컴퓨팅에 관한 블로그 글 한 편을 작성해 주세요.\n대상 독자는 고등학생입니다.\n"
        "분량은 1,000자 정도로 맞춰 주세요.",
    ),
]


@pytest.mark.parametrize(("spec", "language", "expected"), STRUCTURED_CASES)
def test_structured_prompt_shows_only_the_chosen_modifiers(
    spec: StructuredSpec, language: str, expected: str
) -> None:
    template = structured_prompt(spec, language)
    assert render(template, {}) == [{"role": "user", "content": expected}]
    chosen = [name for name in ("audience", "keywords", "style", "length", "structure")]
    chosen = [name for name in chosen if getattr(spec, name)]
    assert [v.name for v in template.variables] == ["kind", "topic", *chosen]


def test_structured_prompt_refills_with_other_values() -> None:
    template = structured_prompt(STRUCTURED)
    messages = render(template, {"topic": "volcanoes", "audience": "teachers"})
    assert messages[0]["content"].startswith(
        "Write a blog post about volcanoes.\nAddress it to teachers."
    )


@pytest.mark.parametrize(
    ("language", "opening"),
    [("en", "You are a tax advisor."), ("ko", "당신은 a tax advisor입니다.")],
)
def test_role_prompt_puts_the_persona_in_the_system_prompt(language: str, opening: str) -> None:
    template = role_prompt(RoleSpec("a tax advisor", "VAT"), language)
    with pytest.raises(TemplateVariablesError) as caught:
        render(template, {})
    assert caught.value.missing == ["task"]
    system, user = render(template, {"task": "Explain VAT."})
    assert system["role"] == "system" and system["content"].startswith(opening)
    assert user == {"role": "user", "content": "Explain VAT."}


@pytest.mark.parametrize(
    ("count", "technique"), [(0, "zero-shot"), (1, "one-shot"), (3, "few-shot")]
)
def test_the_number_of_examples_picks_the_technique(count: int, technique: str) -> None:
    examples = [Example(f"in{i}", f"out{i}") for i in range(count)]
    assert shot_prompt(ShotSpec("Do it.", examples, "new")).technique == technique


SHOT_CASES = [
    (ShotSpec("Classify.", input="Great!"), "en", "Classify.\n\nGreat!"),
    (
        ShotSpec("Slogans.", EXAMPLES),
        "en",
        "Slogans.\n\nHere are examples I like:\n\nInput: cat\nOutput: chat\n\nInput: dog\n"
        "Output: chien\n\nGive me a similar one.",
    ),
    (
        ShotSpec("번역하세요.", EXAMPLES[:1], "bird"),
        "ko",
        "번역하세요.\n\n마음에 드는 예시입니다:\n\n입력: cat\n출력: chat\n\n"
        "이제 다음 입력에 대해서도 같은 방식으로 해 주세요:\nbird",
    ),
]


@pytest.mark.parametrize(("spec", "language", "expected"), SHOT_CASES)
def test_inline_examples_render_as_a_list(spec: ShotSpec, language: str, expected: str) -> None:
    assert render(shot_prompt(spec, language), {}) == [{"role": "user", "content": expected}]


def test_examples_as_chat_turns_become_prior_user_and_assistant_messages() -> None:
    template = shot_prompt(ShotSpec("Translate to French.", EXAMPLES, "bird", as_turns=True))
    messages = render(template, {"example_2_output": "le chien"})
    assert [(m["role"], m["content"]) for m in messages] == [
        ("system", "Translate to French."),
        ("user", "cat"),
        ("assistant", "chat"),
        ("user", "dog"),
        ("assistant", "le chien"),
        ("user", "bird"),
    ]


def test_one_click_refills_few_shot_examples() -> None:
    template = shot_prompt(ShotSpec("Translate.", EXAMPLES, "bird"))
    content = render(template, {"examples": [{"input": "sun", "output": "soleil"}]})[0]["content"]
    assert "Input: sun\nOutput: soleil" in content and "cat" not in content


@pytest.mark.parametrize(
    ("language", "phrase", "example_label"),
    [("en", "Let's think step by step.", "Question:"), ("ko", "단계별로 차근차근", "질문:")],
)
def test_chain_of_thought_with_and_without_a_worked_example(
    language: str, phrase: str, example_label: str
) -> None:
    plain = text_of(render(chain_of_thought(ChainOfThoughtSpec("17*23?"), language), {}))
    assert plain.startswith("17*23?") and phrase in plain and example_label not in plain
    spec = ChainOfThoughtSpec("17*23?", Example("12*11?", "120 + 12 = 132"))
    worked = text_of(render(chain_of_thought(spec, language), {}))
    assert f"{example_label} 12*11?" in worked and "132" in worked
    assert worked.index("12*11?") < worked.index("17*23?") < worked.index(phrase)


def test_panel_of_experts_checks_the_number_of_experts() -> None:
    template = tree_of_thoughts_prompt(TreeSpec("Where is the ball?", experts=4))
    assert "Imagine 4 different experts" in text_of(render(template, {}))
    with pytest.raises(TemplateValueError):
        render(template, {"experts": 11})


@pytest.mark.parametrize(
    ("magic", "language", "ending"),
    [
        (None, "en", "Take a deep breath and work on this step by step."),
        (None, "ko", "심호흡을 한 번 하고, 한 단계씩 차근차근 작업해 주세요."),
        ("Think {{ hard }}.", "en", "Think {{ hard }}."),
        ("", "en", "Output: chien\n"),
    ],
)
def test_combination_joins_role_structure_examples_and_magic_words(
    magic: str | None, language: str, ending: str
) -> None:
    spec = CombinationSpec("a chef", "baking", STRUCTURED, EXAMPLES, magic)
    system, user = render(combination_prompt(spec, language), {})
    assert "a chef" in system["content"] and "baking" in system["content"]
    assert "tides" in user["content"] and "cat" in user["content"]
    assert user["content"].endswith(ending)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_rag_answer_cites_sources_and_admits_ignorance(language: str) -> None:
    template = rag_answer(language)
    assert template.id == "rag-answer" + ("-ko" if language == "ko" else "")
    assert [v.name for v in template.variables] == ["context", "question"]
    system, user = render(template, {"context": "[1] Port 11434.", "question": "Which port?"})
    assert "[n]" in system["content"]
    assert "[1] Port 11434." in user["content"] and "Which port?" in user["content"]


# --- reverse prompt engineering as a chain ----------------------------------------------------


@pytest.mark.parametrize(("language", "ok_word"), [("en", '"ok"'), ("ko", '"ok"라고만')])
def test_reverse_prompt_chain_runs_four_steps(language: str, ok_word: str) -> None:
    template = reverse_prompt_chain(ReverseSpec("The text I like."), language)
    chain = build_chain(template, {})
    assert len(chain.steps) == 4 and ok_word in chain.steps[0]
    assert "The text I like." in chain.steps[3]
    seen: list[int] = []

    def generate(messages: list[dict[str, str]]) -> str:
        seen.append(len(messages))
        assert messages[-1]["role"] == "user"
        return f"answer {len(seen)}"

    conversation = run_chain(chain, generate)
    assert seen == [1, 3, 5, 7]
    assert [m["role"] for m in conversation] == ["user", "assistant"] * 4
    assert conversation[-1]["content"] == "answer 4"


def test_a_chain_keeps_its_system_prompt_and_refuses_extra_steps() -> None:
    chain = Chain("Be brief.", ("one", "two"))
    assert chain.messages_for([]) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "one"},
    ]
    with pytest.raises(ValueError):
        chain.messages_for(["a", "b"])


def test_only_chain_templates_build_chains() -> None:
    with pytest.raises(NotAChainError) as caught:
        build_chain(structured_prompt(STRUCTURED), {})
    assert caught.value.code == "error.template_not_chain"


FROM_PROMPT_CASES: list[tuple[str, dict[str, str], str, dict[str, Any]]] = [
    (
        "Write a blog post about quantum computing for students.",
        {"quantum computing": "topic", "students": "audience"},
        "Write a blog post about {{topic}} for {{audience}}.",
        {"topic": "quantum computing", "audience": "students"},
    ),
    (
        "Explain [[topic: black holes]] to [[audience]].",
        {},
        "Explain {{topic}} to {{audience}}.",
        {"topic": "black holes", "audience": None},
    ),
    (
        "Summarise {{ document }} in {{ style }}; keep {% raw %} literal.",
        {},
        "Summarise {{document}} in {{style}}; keep {{ '{%' }} raw %} literal.",
        {"document": None, "style": None},
    ),
    (
        "```\n양자 컴퓨팅에 관한 글을 써 주세요.\n```",
        {"양자 컴퓨팅": "주제"},
        "{{주제}}에 관한 글을 써 주세요.",
        {"주제": "양자 컴퓨팅"},
    ),
]


@pytest.mark.parametrize(("prompt", "subs", "text", "defaults"), FROM_PROMPT_CASES)
def test_a_found_prompt_becomes_a_template_with_variables(
    prompt: str, subs: dict[str, str], text: str, defaults: dict[str, Any]
) -> None:
    template = template_from_prompt(prompt, name="Found", substitutions=subs)
    check_template(template)
    assert template.messages == [Message("user", text)]
    assert {v.name: v.default for v in template.variables} == defaults
    assert unknown_variables(template) == []


safe_text = st.text().filter(lambda t: "[[" not in t and "{{" not in t)


@given(safe_text, st.lists(st.text(min_size=1), max_size=3))
def test_a_found_prompt_renders_back_to_itself(prompt: str, phrases: list[str]) -> None:
    subs = {p: f"part {i}" for i, p in enumerate(phrases)}
    template = template_from_prompt(prompt, substitutions=subs)
    expected = strip_fence(prompt).replace("\r\n", "\n").replace("\r", "\n")
    assert render(template, {})[0]["content"] == expected


# --- tree of thoughts ---------------------------------------------------------------------------

SCORES = [
    ("Score: 7/10", 7.0),
    ("The idea is sound.\n**Score:** 8", 8.0),
    ("I'd rate it 6.5 out of 10", 6.5),
    ("Rating = 4/5", 8.0),
    ("점수: 9점", 9.0),
    ("10점 만점에 7점", 7.0),
    ("score 8/10 at first, but on reflection Score: 3/10", 3.0),
    ("Overall: 7", 7.0),
    ("Score: 7,5/10", 7.5),
    ("no number at all", None),
    ("Score: 42", None),
]


@pytest.mark.parametrize(("text", "score"), SCORES)
def test_scores_are_parsed_from_messy_judge_answers(text: str, score: float | None) -> None:
    assert parse_score(text) == score


class ScriptedModel:
    """A fake `generate`: proposals from a script, judgements from a table of scores."""

    def __init__(self, proposals: list[str], scores: dict[str, str]) -> None:
        self.proposals = iter(proposals)
        self.scores = scores
        self.calls: list[list[dict[str, str]]] = []

    def __call__(self, messages: list[dict[str, str]]) -> str:
        self.calls.append(messages)
        prompt = messages[-1]["content"]
        if "Candidate answer:" in prompt or "후보 답:" in prompt:
            candidate = prompt.split(":\n", 2)[2].split("\n\n")[0]
            return self.scores.get(candidate, "I cannot tell.")
        return next(self.proposals)


def test_tree_of_thoughts_expands_the_best_candidate_each_round() -> None:
    model = ScriptedModel(
        ["A", "B", "C", "B1", "B2", "B3"],
        {"A": "Score: 3/10", "B": "Solid.\nScore: 9/10", "C": "meh", "B1": "4/10"}
        | {"B2": "**Score**: 8", "B3": "Rating: 7 out of 10"},
    )
    tree = tree_of_thoughts("How to cross the river?", model, breadth=3, rounds=2)
    assert [n.text for n in tree.path] == ["B", "B2"]
    assert tree.best == "B2"
    assert [(n.text, n.score, n.chosen) for n in tree.root.children] == [
        ("A", 3.0, False),
        ("B", 9.0, True),
        ("C", None, False),
    ]
    assert [n.text for n in tree.root.children[1].children] == ["B1", "B2", "B3"]
    assert len(model.calls) == 2 * 3 * 2
    expand_prompt = model.calls[6][-1]["content"]
    assert "Best partial answer so far:\nB" in expand_prompt
    assert "- B1" in model.calls[7][-1]["content"]


def test_a_choice_without_any_readable_score_says_it_went_by_order() -> None:
    model = ScriptedModel(["A", "B", "B1", "B2"], {"A": "Score: 3/10", "B": "Score: 5/10"})
    tree = tree_of_thoughts("How to cross the river?", model, breadth=2, rounds=2)
    first, second = tree.path
    assert first.text == "B" and not first.chosen_by_order
    assert second.text == "B1" and second.chosen_by_order


def test_tree_of_thoughts_speaks_korean_and_takes_custom_prompts() -> None:
    model = ScriptedModel(["가", "나"], {"가": "점수: 2점", "나": "점수: 6점"})
    tree = tree_of_thoughts("문제", model, breadth=2, rounds=1, language="ko")
    assert tree.best == "나" and "문제:" in model.calls[0][-1]["content"]
    prompts = tree_prompts()
    custom = TreePrompts(
        propose=Template(
            "p", "P", [Message("user", "Idea for {{problem}}?")], prompts.propose.variables
        ),
        judge=prompts.judge,
        expand=prompts.expand,
    )
    model = ScriptedModel(["x"], {"x": "Score: 5/10"})
    tree_of_thoughts("P1", model, breadth=1, rounds=1, prompts=custom)
    assert model.calls[0] == [{"role": "user", "content": "Idea for P1?"}]


@pytest.mark.parametrize(("breadth", "rounds"), [(0, 1), (1, 0), (11, 1), (1, 11)])
def test_tree_of_thoughts_refuses_silly_settings(breadth: int, rounds: int) -> None:
    with pytest.raises(TreeSettingsError) as caught:
        tree_of_thoughts("x", lambda messages: "", breadth=breadth, rounds=rounds)
    assert caught.value.code == "error.tree_settings"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_tree_prompts_are_valid_templates(language: str) -> None:
    prompts = tree_prompts(language)
    for template in (prompts.propose, prompts.judge, prompts.expand):
        check_template(template)
        assert unknown_variables(template) == []
        assert all(v.type == VariableType.LONG_TEXT for v in template.variables)
    assert "Score: N/10" in prompts.judge.messages[0].text
