"""The comparison grid: expansion, cap, rendering, pasted CSV rows and spec round trips."""

from __future__ import annotations

import pytest

from workbench.compare.fairness import RunSettings
from workbench.compare.grid import (
    DEFAULT_CAP,
    GridError,
    GridSpec,
    ParamSet,
    PromptVariant,
    expand_grid,
    substitute_variables,
)
from workbench.compare.rows import RowsError, rows_from_csv
from workbench.compare.schedule import CPU_SAFE
from workbench.compare.spec import CompareSpec, cell_from_dict, cell_to_dict

ASK = PromptVariant("ask", ({"role": "user", "content": "Why is the sky {{ color }}?"},))
TERSE = PromptVariant(
    "terse",
    ({"role": "system", "content": "Be brief."}, {"role": "user", "content": "{{color}}?"}),
    template_id="sky",
    template_version="3",
)
TEMPS = (ParamSet("cold", {"temperature": 0}), ParamSet("hot", {"temperature": 1.2}))


@pytest.mark.parametrize(
    ("models", "variants", "rows", "params", "repeats", "cells", "requests"),
    [
        (("a",), (ASK,), (), (), 1, 1, 1),
        (("a", "b"), (ASK,), (), (), 1, 2, 2),
        (("a", "b"), (ASK, TERSE), ({"color": "blue"}, {"color": "red"}), TEMPS, 1, 16, 16),
        (("a", "b", "c"), (ASK,), ({"color": "x"},), TEMPS, 3, 6, 18),
    ],
)
def test_grid_counts_cells_and_requests(models, variants, rows, params, repeats, cells, requests):
    spec = GridSpec(models, variants, rows, params, repeats=repeats)
    assert (spec.cell_count, spec.request_count) == (cells, requests)
    expanded = expand_grid(spec)
    assert len(expanded) == cells
    assert len({cell.id for cell in expanded}) == cells


def test_grid_is_the_full_cross_product_in_row_variant_param_model_order():
    spec = GridSpec(("a", "b"), (ASK, TERSE), ({"color": "blue"}, {"color": "red"}), TEMPS)
    cells = expand_grid(spec)
    combos = {(c.model, c.variant, c.row_index, c.params_name) for c in cells}
    assert len(combos) == 16
    assert [c.model for c in cells[:4]] == ["a", "b", "a", "b"]
    assert cells[0].id == "m0-v0-r0-p0" and cells[-1].id == "m1-v1-r1-p1"
    assert cells[2].options == {"temperature": 1.2}
    assert cells[-1].messages[1]["content"] == "red?"
    assert cells[-1].template_label == "sky@3" and cells[0].template_label == "ask"


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        (GridSpec((), (ASK,)), "error.compare_no_models"),
        (GridSpec(("a",), ()), "error.compare_no_variants"),
        (GridSpec(("a",), (ASK,), repeats=0), "error.compare_repeats"),
        (GridSpec(("a",) * 7, (ASK,) * 7), "error.compare_too_large"),
        (GridSpec(("a",) * 4, (ASK,), repeats=13), "error.compare_too_large"),
        (GridSpec(("a", "b"), (ASK,), cap=1), "error.compare_too_large"),
    ],
)
def test_bad_grids_raise_clear_errors(spec, code):
    with pytest.raises(GridError) as raised:
        expand_grid(spec)
    assert raised.value.code == code


def test_cap_error_names_the_numbers_and_a_raised_cap_allows_the_grid():
    spec = GridSpec(("a",) * 7, (ASK,) * 7)
    with pytest.raises(GridError) as raised:
        expand_grid(spec)
    assert raised.value.params == {"cells": 49, "repeats": 1, "requests": 49, "cap": DEFAULT_CAP}
    assert "49" in str(raised.value) and "48" in str(raised.value)
    assert len(expand_grid(GridSpec(("a",) * 7, (ASK,) * 7, cap=49))) == 49


@pytest.mark.parametrize(
    ("content", "row", "expected"),
    [
        ("Why is the sky {{ color }}?", {"color": "blue"}, "Why is the sky blue?"),
        ("{{color}} and {{other}}", {"color": "파란색"}, "파란색 and {{other}}"),
        ("no variables", {"color": "x"}, "no variables"),
        ("{{n}}", {"n": 3}, "3"),
    ],
)
def test_default_renderer_substitutes_known_variables(content, row, expected):
    variant = PromptVariant("v", ({"role": "user", "content": content},))
    assert substitute_variables(variant, row) == [{"role": "user", "content": expected}]


def test_custom_renderer_receives_variant_and_row():
    seen = []

    def render(variant, row):
        seen.append((variant.name, dict(row)))
        return [{"role": "user", "content": f"{variant.name}:{row['q']}"}]

    cells = expand_grid(GridSpec(("a", "b"), (ASK,), ({"q": "1"}, {"q": "2"})), render)
    assert seen == [("ask", {"q": "1"}), ("ask", {"q": "2"})]
    assert cells[3].messages == ({"role": "user", "content": "ask:2"},)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            '이름,질문\n철수,하늘은 왜 파래?\n영희,"쉼표, 포함"\n',
            [{"이름": "철수", "질문": "하늘은 왜 파래?"}, {"이름": "영희", "질문": "쉼표, 포함"}],
        ),
        ("\ufeff도시,인구\r\n서울,940만\r\n", [{"도시": "서울", "인구": "940만"}]),
        ("a\tb\n1\t002\n", [{"a": "1", "b": "002"}]),
        ("only\nx\n\ny\n", [{"only": "x"}, {"only": "y"}]),
        ("a,b\n1,\n", [{"a": "1", "b": ""}]),
        ('q,a\n"두 줄\n질문",NA\n', [{"q": "두 줄\n질문", "a": "NA"}]),
    ],
)
def test_rows_from_csv(text, rows):
    assert rows_from_csv(text) == rows


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "error.compare_csv_empty"),
        ("  \n", "error.compare_csv_empty"),
        ("a,b\n", "error.compare_csv_no_rows"),
        ("a,,c\n1,2,3\n", "error.compare_csv_header"),
        ("이름,이름\n1,2\n", "error.compare_csv_duplicate"),
        ("a,b\n1,2,3\n", "error.compare_csv"),
    ],
)
def test_bad_csv_raises(text, code):
    with pytest.raises(RowsError) as raised:
        rows_from_csv(text)
    assert raised.value.code == code


def test_spec_and_cells_round_trip_through_plain_data():
    grid = GridSpec(("a", "b"), (ASK, TERSE), ({"color": "파랑"},), TEMPS, repeats=2, cap=60)
    for settings in (RunSettings(), RunSettings(seed=7, shuffle=True, policy=CPU_SAFE, think=True)):
        spec = CompareSpec(grid, settings)
        assert CompareSpec.from_dict(spec.to_dict()) == spec
    for cell in expand_grid(grid):
        assert cell_from_dict(cell_to_dict(cell)) == cell
