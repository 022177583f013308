"""Templates: rendering, every error, type coercion, the sandbox, (de)serialisation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.structured import FIELD_TYPES
from workbench.templates.rendering import (
    Message,
    Template,
    TemplateFormatError,
    TemplateRenderError,
    TemplateSyntaxError,
    TemplateValueError,
    TemplateVariablesError,
    Variable,
    VariableType,
    check_template,
    escape_jinja,
    from_dict,
    is_variable_name,
    render,
    slugify,
    to_dict,
    to_variable_name,
    undeclared_variables,
    unknown_variables,
)
from workbench.tools import ToolSpec

T = VariableType


def make(*texts: str, system: str = "", variables: list[Variable] | None = None) -> Template:
    """A user-only template with these message texts."""
    messages = [Message("user", text) for text in texts]
    return Template("t", "T", messages, variables or [], system=system)


# --- rendering ---------------------------------------------------------------------------------


def test_render_puts_the_system_prompt_first_and_fills_every_part() -> None:
    template = Template(
        "t",
        "T",
        [Message("user", "Write about {{topic}}."), Message("assistant", "OK: {{topic}}")],
        [Variable("topic"), Variable("role", default="a poet")],
        system="You are {{role}}.",
    )
    assert render(template, {"topic": "the sea"}) == [
        {"role": "system", "content": "You are a poet."},
        {"role": "user", "content": "Write about the sea."},
        {"role": "assistant", "content": "OK: the sea"},
    ]


@pytest.mark.parametrize("system", ["", "   \n", "{% if False %}never{% endif %}"])
def test_an_empty_system_prompt_is_left_out(system: str) -> None:
    assert render(make("hi", system=system), {}) == [{"role": "user", "content": "hi"}]


def test_korean_variable_names_and_values() -> None:
    template = make(
        "{{주제}}에 관한 {{종류}}를 써 주세요.", variables=[Variable("주제"), Variable("종류")]
    )
    messages = render(template, {"주제": "바다", "종류": "시"})
    assert messages[0]["content"] == "바다에 관한 시를 써 주세요."


def test_few_shot_examples_render_from_a_list() -> None:
    text = "Examples:\n{% for ex in examples %}\nIn: {{ ex.input }}\n"
    text += "Out: {{ ex.output }}\n{% endfor %}"
    template = make(text, variables=[Variable("examples", T.EXAMPLES)])
    value = [{"input": "cat", "output": "chat"}, ("dog", "chien")]
    assert render(template, {"examples": value})[0]["content"] == (
        "Examples:\nIn: cat\nOut: chat\nIn: dog\nOut: chien\n"
    )


def test_defaults_fill_in_and_optional_values_render_empty() -> None:
    variables = [
        Variable("a", default="A"),
        Variable("b", required=False),
        Variable("n", T.NUMBER, required=False),
        Variable("flag", T.YES_NO, required=False),
    ]
    template = make(
        "[{{a}}|{{b}}|{{n}}|{% if flag %}yes{% else %}no{% endif %}]\n", variables=variables
    )
    assert render(template, {})[0]["content"] == "[A|||no]\n"
    assert render(template, {"a": "x", "n": "2.5", "flag": "yes"})[0]["content"] == "[x||2.5|yes]\n"


def test_a_given_value_wins_over_the_default_and_blank_counts_as_missing() -> None:
    template = make("{{a}}", variables=[Variable("a", default="default")])
    assert render(template, {"a": "given"})[0]["content"] == "given"
    assert render(template, {"a": "  "})[0]["content"] == "default"


def test_values_for_undeclared_names_are_ignored() -> None:
    assert render(make("hi"), {"extra": 1}) == [{"role": "user", "content": "hi"}]


# --- syntax errors -----------------------------------------------------------------------------

SYNTAX_CASES = [
    # (system, messages, part number, line, column)
    ("", ["hello\n{{ foo bar }}"], 1, 2, 8),
    ("", ["ok", "ab {% if x %}never closed"], 2, 1, 26),
    ("", ["x {% foo %}"], 1, 1, 6),
    ("{{ a a }}", ["fine"], 0, 1, 6),
    ("", ["line one\n  {{ x $ }}"], 1, 2, 8),
    ("", ["{{ 주제 주제 }}"], 1, 1, 7),
    ("", ["a\r\nb {{ c d }}"], 1, 2, 8),
    ("", ["{% for x in %}{% endfor %}"], 1, 1, 13),
]


@pytest.mark.parametrize(("system", "messages", "number", "line", "column"), SYNTAX_CASES)
def test_syntax_errors_name_the_part_line_and_column(
    system: str, messages: list[str], number: int, line: int, column: int
) -> None:
    template = make(*messages, system=system)
    with pytest.raises(TemplateSyntaxError) as caught:
        render(template, {})
    error = caught.value
    assert error.code == (
        "error.template_syntax_system" if number == 0 else "error.template_syntax"
    )
    assert (error.params["number"], error.params["line"], error.params["column"]) == (
        number,
        line,
        column,
    )
    assert error.params["template"] == "t"
    assert "part" not in error.params
    assert f"line {line}, column {column}" in error.message


def test_check_template_reports_syntax_errors_too() -> None:
    with pytest.raises(TemplateSyntaxError):
        check_template(make("{% endfor %}"))


# --- variables: missing and unknown, all at once -----------------------------------------------


def test_all_missing_and_unknown_variables_are_listed_in_one_error() -> None:
    template = make(
        "{{a}} {{b}} {{ghost}}",
        system="{{c}} {{phantom}}",
        variables=[Variable("a"), Variable("b"), Variable("c"), Variable("d", required=False)],
    )
    with pytest.raises(TemplateVariablesError) as caught:
        render(template, {"b": "given"})
    error = caught.value
    assert error.code == "error.template_variables"
    assert error.missing == ["a", "c"]
    assert error.unknown == ["ghost", "phantom"]
    assert error.params == {"template": "t", "missing": "a, c", "unknown": "ghost, phantom"}


def test_undeclared_variables_skip_loop_variables_and_globals() -> None:
    template = make(
        "{% for ex in examples %}{{ ex.input }}{{ loop.index }}{% endfor %}"
        "{% for i in range(2) %}{{ i }}{% endfor %}{% set local = 1 %}{{ local }}{{ 주제 }}",
        system="{{ persona }}",
    )
    assert undeclared_variables(template) == {"examples", "주제", "persona"}
    template.variables = [Variable("persona")]
    assert unknown_variables(template) == ["examples", "주제"]


# --- values: coercion and refusal --------------------------------------------------------------

COERCE_CASES = [
    (Variable("v"), "text", "text"),
    (Variable("v"), 42, "42"),
    (Variable("v", T.LONG_TEXT), "line\nline", "line\nline"),
    (Variable("v", T.NUMBER), "7", "7"),
    (Variable("v", T.NUMBER), " 2.5 ", "2.5"),
    (Variable("v", T.NUMBER, minimum=1, maximum=10), 10, "10"),
    (Variable("v", T.NUMBER), "1_000", "1000"),
    (Variable("v", T.CHOICE, options=["formal", "casual"]), "Casual", "casual"),
    (Variable("v", T.CHOICE, options=["격식체", "반말"]), "반말", "반말"),
    (Variable("v", T.YES_NO), "yes", "True"),
    (Variable("v", T.YES_NO), "N", "False"),
    (Variable("v", T.YES_NO), "네", "True"),
    (Variable("v", T.YES_NO), "아니요", "False"),
    (Variable("v", T.YES_NO), 1, "True"),
    (Variable("v", T.YES_NO), False, "False"),
]


@pytest.mark.parametrize(("variable", "value", "rendered"), COERCE_CASES)
def test_values_are_coerced_by_type(variable: Variable, value: Any, rendered: str) -> None:
    template = make("{{v}}", variables=[variable])
    assert render(template, {"v": value})[0]["content"] == rendered


REFUSE_CASES = [
    (Variable("v"), ["a", "list"], "error.value_text"),
    (Variable("v", T.NUMBER), "seven", "error.value_number"),
    (Variable("v", T.NUMBER), True, "error.value_number"),
    (Variable("v", T.NUMBER), "nan", "error.value_number"),
    (Variable("v", T.NUMBER), float("inf"), "error.value_number"),
    (Variable("v", T.NUMBER, minimum=1), 0, "error.value_too_small"),
    (Variable("v", T.NUMBER, maximum=5), "5.5", "error.value_too_large"),
    (Variable("v", T.CHOICE, options=["a", "b"]), "c", "error.value_choice"),
    (Variable("v", T.YES_NO), "maybe", "error.value_yes_no"),
    (Variable("v", T.YES_NO), 2, "error.value_yes_no"),
    (Variable("v", T.EXAMPLES), "not a list", "error.value_examples"),
    (Variable("v", T.EXAMPLES), [{"input": "only input"}], "error.value_examples"),
    (Variable("v", T.EXAMPLES), [("a", "b", "c")], "error.value_examples"),
    (Variable("v", T.EXAMPLES), [{"input": 1, "output": 2}], "error.value_examples"),
]


@pytest.mark.parametrize(("variable", "value", "code"), REFUSE_CASES)
def test_values_that_do_not_fit_are_refused(variable: Variable, value: Any, code: str) -> None:
    template = make("{{v}}", variables=[variable])
    with pytest.raises(TemplateValueError) as caught:
        render(template, {"v": value})
    assert caught.value.code == "error.template_value"
    [problem] = caught.value.problems
    assert (problem.name, problem.code, problem.params["name"]) == ("v", code, "v")


def test_every_bad_value_is_listed_at_once() -> None:
    variables = [
        Variable("n", T.NUMBER, maximum=3),
        Variable("c", T.CHOICE, options=["x"]),
        Variable("ok"),
    ]
    with pytest.raises(TemplateValueError) as caught:
        render(make("{{n}}{{c}}{{ok}}", variables=variables), {"n": 4, "c": "y", "ok": "fine"})
    assert [p.code for p in caught.value.problems] == [
        "error.value_too_large",
        "error.value_choice",
    ]
    assert caught.value.params["names"] == "n, c"
    assert "at most 3" in caught.value.message


# --- run-time errors and the sandbox -----------------------------------------------------------

UNSAFE = [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ range.__globals__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ examples.append(1) }}",
    "{{ 'a' * 1000000 }}",
    "{{ 10 ** 100000 }}",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_the_sandbox_blocks_unsafe_access(text: str) -> None:
    template = make(text, variables=[Variable("examples", T.EXAMPLES, required=False)])
    with pytest.raises(TemplateRenderError) as caught:
        render(template, {})
    assert caught.value.code == "error.template_unsafe"
    assert caught.value.params["number"] == 1


@pytest.mark.parametrize("text", ["{{ ex.missing }}", "{{ 1 / 0 }}", "{{ examples[3].input }}"])
def test_run_time_errors_name_the_part(text: str) -> None:
    template = make("ok", text, variables=[Variable("examples", T.EXAMPLES, required=False)])
    template.variables.append(Variable("ex", T.EXAMPLES, required=False))
    with pytest.raises(TemplateRenderError) as caught:
        render(template, {})
    assert caught.value.code == "error.template_render"
    assert caught.value.params["number"] == 2


# --- escaping ----------------------------------------------------------------------------------


@given(st.text(min_size=1))
def test_escaped_text_renders_as_itself_with_line_breaks_normalised(text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert render(make(escape_jinja(text)), {})[0]["content"] == expected


# --- names and ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "usable"),
    [
        *[("topic", True), ("주제", True), ("_x1", True), ("1st", False), ("a b", False)],
        *[("if", False), ("true", False), ("range", False), ("loop", False), ("ﬁle", False)],
    ],
)
def test_variable_names(name: str, usable: bool) -> None:
    assert is_variable_name(name) is usable


@given(st.text())
def test_any_label_maps_to_a_usable_variable_name(label: str) -> None:
    assert is_variable_name(to_variable_name(label))


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        *[("Blog post: Quantum!", "blog-post-quantum"), ("Café  au lait", "cafe-au-lait")],
        *[("양자 컴퓨팅", "template"), ("--a--b--", "a-b"), ("x" * 80, "x" * 64)],
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


# --- (de)serialisation -------------------------------------------------------------------------

GOOD = {
    "id": "demo",
    "name": "Demo",
    "variables": [
        {"name": "topic", "type": "text", "default": "sea"},
        {"name": "n", "type": "number", "minimum": 1, "maximum": 5, "default": 2},
        {"name": "tone", "type": "choice", "options": ["warm", "dry"], "default": "dry"},
    ],
    "messages": [{"role": "user", "text": "{{topic}} {{n}} {{tone}}"}],
}


def broken(path: str, value: Any) -> dict[str, Any]:
    """GOOD with one field (dotted path, list indexes as numbers) replaced or deleted."""
    data = copy.deepcopy(GOOD)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return data


DELETE = object()
FORMAT_CASES = [
    ("id", DELETE, "id"),
    ("id", "Not A Slug", "id"),
    ("name", 7, "name"),
    ("name", "  ", "name"),
    ("messages", [], "messages"),
    ("messages", "text", "messages"),
    ("messages.0.role", "robot", "messages[0].role"),
    ("messages.0.text", DELETE, "messages[0].text"),
    ("messages.0.extra", 1, "messages[0]"),
    ("surprise", 1, "template"),
    ("tags", ["ok", 3], "tags"),
    ("chain", "yes", "chain"),
    ("parameters", {"temperature": {"nested": 1}}, "parameters.temperature"),
    ("variables.0.name", "if", "variables[0].name"),
    ("variables.0.name", "two words", "variables[0].name"),
    ("variables.1.name", "topic", "variables[1].name"),
    ("variables.0.type", "colour", "variables[0].type"),
    ("variables.0.required", "no", "variables[0].required"),
    ("variables.1.minimum", 9, "variables[1].minimum"),
    ("variables.1.default", 99, "variables[1].default"),
    ("variables.1.maximum", True, "variables[1].maximum"),
    ("variables.2.options", [], "variables[2].options"),
    ("variables.2.options", ["a", "a"], "variables[2].options"),
    ("variables.2.default", "sweet", "variables[2].default"),
]


@pytest.mark.parametrize(("path", "value", "field"), FORMAT_CASES)
def test_from_dict_names_the_bad_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(TemplateFormatError) as caught:
        from_dict(broken(path, value))
    assert caught.value.code == "error.template_format"
    assert caught.value.params["field"] == field


def test_from_dict_refuses_a_non_mapping() -> None:
    with pytest.raises(TemplateFormatError):
        from_dict(["not", "a", "template"])


def test_a_chain_holds_only_user_messages() -> None:
    data = {**GOOD, "chain": True, "messages": [{"role": "assistant", "text": "x"}]}
    with pytest.raises(TemplateFormatError, match="chain"):
        from_dict(data)


def test_to_dict_leaves_out_empty_optional_fields() -> None:
    data = to_dict(from_dict(GOOD))
    assert list(data) == [
        "id",
        "name",
        "description",
        "language",
        "technique",
        "tags",
        "author",
        "variables",
        "messages",
    ]


ANY_TEXT = st.text()
names = st.from_regex(r"[a-z가-힣][a-z0-9_가-힣]{0,8}", fullmatch=True).filter(is_variable_name)
ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
numbers = st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False)
scalars = (
    st.text() | st.integers() | st.booleans() | st.floats(allow_nan=False, allow_infinity=False)
)


@st.composite
def variables(draw: st.DrawFn, name: str) -> Variable:
    """A valid variable of any type with a default that fits it."""
    kind = draw(st.sampled_from(list(T)))
    variable = Variable(name, kind, required=draw(st.booleans()), help=draw(st.text()))
    if kind in (T.SHORT_TEXT, T.LONG_TEXT):
        variable.default = draw(st.none() | st.text(min_size=1))
    elif kind == T.NUMBER:
        low, high = sorted(draw(st.lists(numbers, min_size=2, max_size=2)))
        variable.minimum, variable.maximum = low, high
        variable.default = draw(st.none() | st.just(low))
    elif kind == T.CHOICE:
        variable.options = draw(st.lists(st.text(min_size=1), min_size=1, max_size=4, unique=True))
        variable.default = draw(st.none() | st.sampled_from(variable.options))
    elif kind == T.YES_NO:
        variable.default = draw(st.booleans())
    else:
        pairs = st.fixed_dictionaries({"input": st.text(), "output": st.text()})
        variable.default = draw(st.none() | st.lists(pairs, min_size=1, max_size=3))
    return variable


tool_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,12}", fullmatch=True)


@st.composite
def flat_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """A flat object schema with any Unicode in its field names and descriptions."""
    names = draw(st.lists(st.text(min_size=1), max_size=4, unique=True))
    properties = {
        name: {"type": draw(st.sampled_from(FIELD_TYPES)), "description": draw(st.text())}
        for name in names
    }
    required = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
    return {"type": "object", "properties": properties, "required": required}


@st.composite
def tool_lists(draw: st.DrawFn) -> list[ToolSpec]:
    """Tools with distinct names, any description and a flat parameter schema."""
    names = draw(st.lists(tool_names, max_size=3, unique=True))
    return [ToolSpec(name, draw(st.text()), draw(flat_schemas())) for name in names]


@st.composite
def templates(draw: st.DrawFn, text: st.SearchStrategy[str] = ANY_TEXT) -> Template:
    """A structurally valid template with arbitrary Unicode in its free-text fields."""
    chain = draw(st.booleans())
    roles = st.just("user") if chain else st.sampled_from(["system", "user", "assistant"])
    messages = st.builds(Message, roles, text)
    var_names = draw(st.lists(names, max_size=4, unique=True))
    return Template(
        id=draw(ids),
        name=draw(st.text(min_size=1).filter(str.strip)),
        messages=draw(st.lists(messages, min_size=1, max_size=3)),
        variables=[draw(variables(n)) for n in var_names],
        system=draw(text),
        description=draw(st.text()),
        tags=draw(st.lists(st.text(min_size=1), max_size=3)),
        author=draw(st.text()),
        technique=draw(st.sampled_from(["custom", "few-shot", "rag"])),
        language=draw(st.sampled_from(["en", "ko"])),
        model=draw(st.none() | st.text(min_size=1)),
        parameters=draw(st.dictionaries(st.text(), scalars | st.lists(st.text()), max_size=3)),
        chain=chain,
        output_schema=draw(st.none() | flat_schemas()),
        tools=draw(tool_lists()),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_to_dict_from_dict_round_trip(template: Template) -> None:
    assert from_dict(to_dict(template)) == template
