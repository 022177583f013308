"""From the Compare page's tables to a grid: prompts, their variables, rows and parameter sets."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbench.compare.grid import GridError, GridSpec, ParamSet, expand_grid
from workbench.compare.setup import (
    check_variant_names,
    clean_rows,
    free_variant,
    grid_variables,
    is_blank,
    param_sets_from_table,
    renderer,
    template_defaults,
    template_variant,
)
from workbench.library.store import STARTER_DIR, Library

STARTERS = Library(STARTER_DIR)
LOAD = STARTERS.version
ZERO_SHOT = STARTERS.load("zero-shot-ko")


BLANK = [None, math.nan, pd.NA, "  ", ""]
FILLED = ["0", 0, 0.0, "하늘", [1]]


@pytest.mark.parametrize(
    ("value", "blank"), [(v, True) for v in BLANK] + [(v, False) for v in FILLED]
)
def test_blank_cells(value, blank: bool) -> None:
    assert is_blank(value) is blank


def test_a_free_prompt_keeps_the_system_prompt_only_when_given() -> None:
    plain = free_variant(" A ", "  ", "Summarize: {{text}}")
    assert plain.name == "A" and plain.messages == (
        {"role": "user", "content": "Summarize: {{text}}"},
    )
    with_system = free_variant("B", "Be brief.", "{{text}}")
    assert [m["role"] for m in with_system.messages] == ["system", "user"]
    assert with_system.template_id is None


def test_a_template_prompt_records_its_version() -> None:
    variant = template_variant("", ZERO_SHOT, 3)
    assert variant.name == "zero-shot-ko@3"
    assert (variant.template_id, variant.template_version) == ("zero-shot-ko", "3")
    assert template_variant("짧게", ZERO_SHOT, 1).name == "짧게"


@pytest.mark.parametrize(
    ("names", "code"),
    [(["A", ""], "error.compare_variant_name"), (["A", "A"], "error.compare_variant_duplicate")],
)
def test_prompt_names_must_be_given_and_unique(names, code) -> None:
    with pytest.raises(GridError) as raised:
        check_variant_names([free_variant(name, "", "x") for name in names])
    assert raised.value.code == code


def test_variables_come_from_placeholders_and_declared_template_variables() -> None:
    free = free_variant("A", "You are {{role}}.", "{{text}} and {{ 글 }} and {{text}}")
    template = template_variant("", ZERO_SHOT, 1)
    assert grid_variables([free], LOAD) == ["role", "text", "글"]
    declared = [v.name for v in ZERO_SHOT.variables]
    assert grid_variables([free, template], LOAD) == ["role", "text", "글", *declared]
    assert template_defaults([free, template], LOAD) == {
        v.name: str(v.default) for v in ZERO_SHOT.variables
    }


def test_rows_are_text_limited_to_the_variables_and_empty_rows_dropped() -> None:
    rows = [
        {"text": "하늘", "extra": "x"},
        {"text": math.nan},
        {"text": pd.NA, "other": "y"},
        {"text": 3},
    ]
    assert clean_rows(rows, ["text", "role"]) == [
        {"text": "하늘", "role": ""},
        {"text": "3", "role": ""},
    ]


def test_free_prompts_are_substituted_and_templates_rendered_with_defaults() -> None:
    free = free_variant("A", "", "요약: {{text}}")
    template = template_variant("T", ZERO_SHOT, 1)
    row = {"text": "하늘은 파랗다", "입력": ""}
    cells = expand_grid(GridSpec(("m",), (free, template), (row,)), renderer(LOAD))
    assert cells[0].messages == ({"role": "user", "content": "요약: 하늘은 파랗다"},)
    rendered = cells[1].messages[-1]["content"]
    assert ZERO_SHOT.variable("입력").default in rendered
    assert cells[1].template_label == "zero-shot-ko@1"


def test_parameter_sets_from_the_table() -> None:
    table = pd.DataFrame(
        [
            {"name": "cold", "temperature": 0.0, "num_ctx": 4096.0, "seed": math.nan},
            {"name": None, "temperature": 0.7, "num_ctx": math.nan, "seed": 7.0},
            {"name": pd.NA, "temperature": math.nan, "num_ctx": math.nan, "seed": math.nan},
            {"name": " 기본 ", "temperature": math.nan, "num_ctx": math.nan, "seed": math.nan},
        ]
    )
    sets = param_sets_from_table(table.to_dict("records"))
    assert sets == (
        ParamSet("cold", {"temperature": 0.0, "num_ctx": 4096}),
        ParamSet("temperature=0.7, seed=7", {"temperature": 0.7, "seed": 7}),
        ParamSet("기본", {}),
    )
    assert isinstance(sets[0].options["num_ctx"], int)


@pytest.mark.parametrize(
    ("rows", "code", "params"),
    [
        (
            [{"name": "a"}, {"name": "b", "top_k": 2.5}],
            "error.compare_param_value",
            {"row": 2, "column": "top_k", "value": "2.5"},
        ),
        ([{"name": "a", "temperature": "warm"}], "error.compare_param_value", {"row": 1}),
        ([{"name": "a", "temperature": math.inf}], "error.compare_param_value", {"row": 1}),
        ([{"name": "a"}, {"name": "a", "top_p": 0.5}], "error.compare_param_duplicate", {}),
    ],
)
def test_bad_parameter_sets_are_refused(rows, code, params) -> None:
    with pytest.raises(GridError) as raised:
        param_sets_from_table(rows)
    assert raised.value.code == code
    assert params.items() <= raised.value.params.items()
