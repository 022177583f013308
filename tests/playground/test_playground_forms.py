"""Table rows and form values to and from template parts, with precise error locations."""

from __future__ import annotations

import math

import pytest

from workbench.library.store import STARTER_DIR, Library
from workbench.playground.forms import (
    copy_of,
    declare,
    default_text,
    example_rows,
    number_cell,
    parameter_rows,
    rows_to_examples,
    rows_to_parameters,
    rows_to_variables,
    split_list,
    text_cell,
    variable_rows,
)
from workbench.templates.rendering import (
    Message,
    Template,
    TemplateFormatError,
    Variable,
    VariableType,
)


@pytest.mark.parametrize(
    ("value", "text", "number"),
    [(None, "", None), (math.nan, "", None), ("", "", None), (3.0, "3.0", 3), (2.5, "2.5", 2.5)],
)
def test_cells(value, text: str, number) -> None:
    assert text_cell(value) == text
    assert number_cell(value) == number


def test_every_starter_template_round_trips_through_the_tables() -> None:
    for entry in Library(STARTER_DIR).entries():
        template = entry.template
        assert template is not None
        examples = {
            v.name: example_rows(v.default)
            for v in template.variables
            if v.type == VariableType.EXAMPLES
        }
        rows = variable_rows(template.variables)
        assert rows_to_variables(template.id, rows, examples) == template.variables
        assert rows_to_parameters(template.id, parameter_rows(template.parameters)) == (
            template.parameters
        )


def test_rows_become_typed_variables() -> None:
    rows = [
        {"name": "주제", "type": "text", "default": "조수", "required": True, "help": " h "},
        {"name": "n", "type": "number", "default": "3", "minimum": 1.0, "maximum": math.nan},
        {"name": "tone", "type": "choice", "default": "warm", "options": "warm, dry ,"},
        {"name": "ok", "type": "yes_no", "default": "no"},
        {"name": "ex", "type": "examples", "default": "ignored"},
        {"name": " ", "type": "text"},
        {"name": None},
    ]
    examples = {"ex": [{"input": "a", "output": "b"}]}
    variables = rows_to_variables("t", rows, examples)
    assert variables == [
        Variable("주제", VariableType.SHORT_TEXT, "조수", True, "h"),
        Variable("n", VariableType.NUMBER, 3, True, "", minimum=1),
        Variable("tone", VariableType.CHOICE, "warm", True, options=["warm", "dry"]),
        Variable("ok", VariableType.YES_NO, False, True),
        Variable("ex", VariableType.EXAMPLES, [{"input": "a", "output": "b"}], True),
    ]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"name": "n", "type": "number", "default": "many"}, "variables[0].default"),
        (
            {"name": "c", "type": "choice", "default": "x", "options": "a, b"},
            "variables[0].default",
        ),
        ({"name": "v", "type": "colour"}, "variables[0].type"),
    ],
)
def test_a_bad_cell_names_its_row_and_column(row: dict, field: str) -> None:
    with pytest.raises(TemplateFormatError) as caught:
        rows_to_variables("t", [row], {})
    assert caught.value.params["field"] == field


def test_default_text_is_what_one_types() -> None:
    assert default_text(Variable("ok", VariableType.YES_NO, True)) == "yes"
    assert default_text(Variable("n", VariableType.NUMBER, 2.5)) == "2.5"
    assert default_text(Variable("t")) == ""


def test_examples_rows() -> None:
    assert example_rows("not a list") == []
    assert example_rows([{"input": "a", "output": 1}, "junk"]) == [{"input": "a", "output": "1"}]
    rows = [{"input": "a", "output": None}, {"input": " ", "output": ""}, {"input": None}]
    assert rows_to_examples(rows) == [{"input": "a", "output": ""}]


def test_parameters_are_checked_like_a_modelfile() -> None:
    rows = [
        {"name": "temperature", "value": "0.2"},
        {"name": "stop", "value": "<end>"},
        {"name": "stop", "value": "###"},
        {"name": None, "value": ""},
    ]
    assert rows_to_parameters("t", rows) == {"temperature": 0.2, "stop": ["<end>", "###"]}
    assert parameter_rows({"num_ctx": 4096, "stop": ["a", "b"]}) == [
        {"name": "num_ctx", "value": "4096"},
        {"name": "stop", "value": "a"},
        {"name": "stop", "value": "b"},
    ]
    with pytest.raises(TemplateFormatError) as caught:
        rows_to_parameters("t", [{"name": "temperature", "value": "warm"}])
    assert caught.value.params["field"] == "parameters[0]"
    with pytest.raises(TemplateFormatError):
        rows_to_parameters("t", [{"name": "temprature", "value": "1"}])


def test_declare_adds_each_new_name_once() -> None:
    rows = variable_rows([Variable("topic")])
    added = declare(rows, ["topic", "audience", "audience", "독자"])
    assert [r["name"] for r in added] == ["topic", "audience", "독자"]
    assert added[1]["type"] == "text" and added[1]["required"] is True


def test_split_and_copy() -> None:
    assert split_list(" a, ,b ,c") == ["a", "b", "c"]
    template = Template(id="blog", name="Blog", messages=[Message("user", "Hi")])
    assert copy_of(template, "blog-copy", " (copy)").name == "Blog (copy)"
    assert copy_of(template, "blog-copy", " (copy)").id == "blog-copy"
