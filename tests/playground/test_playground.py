"""Pure Playground logic: conversation, options, stats, thought trees, filling in, library seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import ModelNotFound
from workbench.library import seed_library
from workbench.library.store import STARTER_DIR, Library
from workbench.ollama.generation import GenerationStats
from workbench.ollama.models import InstalledModel
from workbench.playground.conversation import (
    CHAT_PARAMETERS,
    STAT_KEYS,
    Turn,
    chat_models,
    chat_options,
    conversation_messages,
    parameter_defaults,
    parse_stop_lines,
    require_filled,
    stats_items,
    stop_lines,
    substitutions,
    template_parameters,
    tree_dot,
    tree_rows,
)
from workbench.techniques.tree import tree_of_thoughts
from workbench.templates.rendering import (
    Message,
    Template,
    TemplateVariablesError,
    Variable,
    VariableType,
)


def model(name: str, *capabilities: str) -> InstalledModel:
    return InstalledModel(name, "", "", "", 0, None, "", capabilities)


def test_only_chat_capable_models_are_offered() -> None:
    models = [
        model("gemma3:270m", "completion"),
        model("bge-m3:latest", "embedding"),
        model("llava:7b", "completion", "vision"),
        model("old:latest"),
    ]
    assert [m.name for m in chat_models(models)] == ["gemma3:270m", "llava:7b", "old:latest"]


def test_the_conversation_skips_failed_answers_and_keeps_images() -> None:
    turns = [
        Turn("user", "Describe this", images=[b"\x89PNG"]),
        Turn("assistant", "partial", error=ModelNotFound("gone", model="m")),
        Turn("user", "Try again"),
        Turn("assistant", "A cat.", stopped=True),
    ]
    assert conversation_messages("Be brief.", turns) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Describe this", "images": [b"\x89PNG"]},
        {"role": "user", "content": "Try again"},
        {"role": "assistant", "content": "A cat."},
    ]
    assert conversation_messages("  ", turns[2:3]) == [{"role": "user", "content": "Try again"}]


def test_defaults_come_from_ollama_then_the_model() -> None:
    defaults = parameter_defaults({"temperature": 1, "top_k": 64, "stop": ["<end>"]})
    assert list(defaults) == list(CHAT_PARAMETERS)
    assert defaults["temperature"] == 1 and defaults["top_k"] == 64
    assert defaults["top_p"] == 0.9 and defaults["seed"] == -1 and defaults["num_ctx"] is None


def test_only_changed_values_are_sent() -> None:
    defaults = parameter_defaults({})
    values = {**defaults, "temperature": 0.2, "num_ctx": 8192}
    assert chat_options(values, defaults) == {"temperature": 0.2, "num_ctx": 8192}
    assert chat_options(defaults, defaults) == {}


def test_a_templates_own_parameters_apply_to_the_playground() -> None:
    assert template_parameters({"temperature": 0.1, "stop": ["x"], "mirostat": 1}) == {
        "temperature": 0.1,
        "stop": ["x"],
    }


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("###\n\n끝\n", ["###", "끝"]),
        ("\\n\\n\nUser:", ["\n\n", "User:"]),
        ("  \n", None),
        ("", None),
    ],
)
def test_stop_strings_are_typed_one_per_line(text: str, stops: list[str] | None) -> None:
    assert parse_stop_lines(text) == stops
    if stops:
        assert parse_stop_lines(stop_lines(stops)) == stops


def stats(**changes: float) -> GenerationStats:
    values = dict(
        time_to_first_token=0.12,
        wall_time=2.44,
        total_duration=2.4,
        load_duration=0.5,
        prompt_tokens=1234,
        output_tokens=48,
        eval_duration=2.0,
        done_reason="stop",
    )
    return GenerationStats(**{**values, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["120 ms", "2.4 s", "500 ms", "1,234", "48", "24.0"]),
        ("ko", ["120ms", "2.4초", "500ms", "1,234", "48", "24.0"]),
    ],
)
def test_stats_are_formatted_per_language(language: str, expected: list[str]) -> None:
    items = stats_items(stats(), language)
    assert [key for key, _ in items] == list(STAT_KEYS)
    assert [value for _, value in items] == expected


def test_unknown_stats_show_a_dash() -> None:
    values = dict(stats_items(stats(time_to_first_token=None, eval_duration=0), "en"))
    assert values["ttft"] == "—" and values["speed"] == "—"


def scripted(answers: list[str]):
    queue = list(answers)
    return lambda messages: queue.pop(0)


def test_tree_rows_and_picture_follow_the_rounds() -> None:
    answers = ["idea A", "idea B", "Score: 3/10", "Score: 8/10", "B1", "B2", "5", "9"]
    tree = tree_of_thoughts("Where is the ball?", scripted(answers), breadth=2, rounds=2)
    rows = tree_rows(tree)
    assert [(r.round, r.number, r.node.text) for r in rows] == [
        (1, 1, "idea A"),
        (1, 2, "idea B"),
        (2, 1, "B1"),
        (2, 2, "B2"),
    ]
    assert [r.node.chosen for r in rows] == [False, True, False, True]
    dot = tree_dot(tree, {"problem": 'The "problem"', "no_score": "—"})
    assert 'n0 [label="The \\"problem\\""' in dot
    assert 'n2 [label="1.2 · 8/10", fillcolor="#b7e4c7"]' in dot
    assert 'n1 [label="1.1 · 3/10", fillcolor="#f1f3f5"]' in dot
    assert "n0 -> n2 [penwidth=2.5];" in dot and "n2 -> n3;" in dot and "n2 -> n4 [penwidth" in dot


def test_substitution_rows_skip_incomplete_ones() -> None:
    rows = [
        {"phrase": "hiking backpacks", "variable": "topic"},
        {"phrase": "", "variable": "x"},
        {"phrase": "beginners", "variable": None},
        {"phrase": " 초보자 ", "variable": "독자"},
    ]
    assert substitutions(rows) == {"hiking backpacks": "topic", "초보자": "독자"}


def test_a_cleared_required_input_is_missing_even_with_a_default() -> None:
    template = Template(
        id="t",
        name="T",
        messages=[Message("user", "About {{topic}} {{extra}} {{undeclared}}")],
        variables=[
            Variable("topic", default="tides"),
            Variable("extra", VariableType.LONG_TEXT, required=False, default="x"),
        ],
    )
    with pytest.raises(TemplateVariablesError) as caught:
        require_filled(template, {"topic": " ", "extra": ""})
    assert caught.value.missing == ["topic"] and caught.value.unknown == ["undeclared"]
    require_filled(template, {"topic": "waves"})


def test_an_empty_library_is_seeded_once(tmp_path: Path) -> None:
    root = tmp_path / "library"
    results = seed_library(root)
    starters = [e.id for e in Library(STARTER_DIR).entries() if e.template]
    assert sorted(r.id for r in results) == sorted(starters) and len(starters) == 26
    assert seed_library(root) == []


def test_a_library_with_only_deleted_templates_is_not_seeded_again(tmp_path: Path) -> None:
    library = Library(tmp_path)
    seed_library(tmp_path)
    for entry in library.entries():
        library.delete(entry.id)
    assert seed_library(tmp_path) == []
    assert library.entries() == []


def test_a_library_with_own_templates_is_left_alone(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save(Template(id="mine", name="Mine", messages=[Message("user", "Hi")]), None)
    assert seed_library(tmp_path) == []
    assert [e.id for e in library.entries()] == ["mine"]


def test_the_prompt_to_compare_ends_at_the_last_question() -> None:
    from workbench.playground import prompt_to_compare

    turns = [
        Turn("user", "Q1"),
        Turn("assistant", "A1"),
        Turn("user", "Q2"),
        Turn("assistant", "A2"),
    ]
    assert prompt_to_compare("S", turns, "")[-1] == {"role": "user", "content": "Q2"}
    assert len(prompt_to_compare("S", turns, "")) == 4
    assert prompt_to_compare("", turns, "초안")[-1] == {"role": "user", "content": "초안"}
    assert prompt_to_compare("S", [], "  ") == []
