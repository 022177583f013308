"""The calculator: safe arithmetic, full-width input, and clear refusals."""

from __future__ import annotations

import pytest

from workbench.tools.calculator import MAX_LENGTH, calculate
from workbench.tools.failure import ToolFailure


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("7 / 2", "3.5"),
        ("7 // 2", "3"),
        ("-7 % 3", "2"),
        ("2 ** 10", "1024"),
        ("-2 ** 2", "-4"),
        ("+3 - -3", "6"),
        ("0.1 + 0.2", "0.3"),
        ("2 ** 0.5", "1.41421356237"),
        ("sqrt(16)", "4"),
        ("abs(-3.5)", "3.5"),
        ("round(2.675, 2)", "2.67"),
        ("round(7.5)", "8"),
        ("min(3, 1, 2) + max(4, 5)", "6"),
        ("log(e)", "1"),
        ("log(8, 2)", "3"),
        ("log10(1000)", "3"),
        ("exp(0)", "1"),
        ("sin(0) + cos(0) + tan(0)", "1"),
        ("2 * PI", "6.28318530718"),
        ("Sqrt(9)", "3"),
        ("2 ** 100", "1267650600228229401496703205376"),
        ("１２×３÷４", "9"),  # full-width digits and the signs a Korean IME types
        ("（１＋２）＊３", "9"),
        ("10 − 4", "6"),
        ("  3  ", "3"),
    ],
)
def test_arithmetic(expression: str, value: str) -> None:
    assert calculate(expression) == value


@pytest.mark.parametrize(
    ("expression", "code"),
    [
        ("", "error.tool_calc_empty"),
        ("1 +", "error.tool_calc_syntax"),
        ("2 ^ 3", "error.tool_calc_caret"),
        ("1 / 0", "error.tool_calc_zero"),
        ("5 % 0", "error.tool_calc_zero"),
        ("0 ** -1", "error.tool_calc_zero"),
        ("9 ** 9 ** 9", "error.tool_calc_too_large"),
        ("10 ** 400", "error.tool_calc_too_large"),
        ("1e308 * 10", "error.tool_calc_too_large"),
        ("1e400", "error.tool_calc_too_large"),
        ("exp(1000)", "error.tool_calc_too_large"),
        ("(-8) ** 0.5", "error.tool_calc_complex"),
        ("sqrt(-1)", "error.tool_calc_domain"),
        ("log(0)", "error.tool_calc_domain"),
        ("round(1.5, 0.5)", "error.tool_calc_arguments"),
        ("sqrt(1, 2)", "error.tool_calc_arguments"),
        ("max()", "error.tool_calc_arguments"),
        ("__import__('os')", "error.tool_calc_name"),
        ("open('x')", "error.tool_calc_name"),
        ("math.sqrt(4)", "error.tool_calc_name"),
        ("sqrt(x=4)", "error.tool_calc_name"),
        ("x + 1", "error.tool_calc_name"),
        ("(1).__class__", "error.tool_calc_unsupported"),
        ("'a' * 3", "error.tool_calc_unsupported"),
        ("[1, 2]", "error.tool_calc_unsupported"),
        ("1 < 2", "error.tool_calc_unsupported"),
        ("True + 1", "error.tool_calc_unsupported"),
        ("1 & 3", "error.tool_calc_unsupported"),
        ("lambda: 1", "error.tool_calc_unsupported"),
        ("1,000 + 1", "error.tool_calc_comma"),
        ("1" * (MAX_LENGTH + 1), "error.tool_calc_long"),
        ("-" * 100 + "1", "error.tool_calc_long"),
    ],
)
def test_refusals_say_why(expression: str, code: str) -> None:
    with pytest.raises(ToolFailure) as caught:
        calculate(expression)
    assert caught.value.code == code
    assert not str(caught.value).startswith("error.")


def test_the_caret_hint_names_the_power_operator() -> None:
    with pytest.raises(ToolFailure, match=r"\*\*"):
        calculate("2^8")


def test_an_unknown_name_lists_what_is_allowed() -> None:
    with pytest.raises(ToolFailure, match="sqrt, abs, round"):
        calculate("factorial(5)")
