"""The calculator tool: safe arithmetic over Python's syntax tree (nothing is executed)."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from workbench.tools.failure import ToolFailure

MAX_LENGTH = 500
MAX_BITS = 1024  # integers beyond about 308 digits are refused
MAX_DEPTH = 50
Number = int | float

# Full-width ASCII (what a Korean or Japanese IME types) and the usual math signs.
_WIDE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SIGNS = str.maketrans({**_WIDE, 0x3000: " ", "×": "*", "÷": "/", "−": "-", "·": "*"})

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {  # name: (function, min, max args)
    "sqrt": (math.sqrt, 1, 1),
    "abs": (abs, 1, 1),
    "round": (round, 1, 2),
    "min": (min, 1, 50),
    "max": (max, 1, 50),
    "log": (math.log, 1, 2),
    "log10": (math.log10, 1, 1),
    "exp": (math.exp, 1, 1),
    "sin": (math.sin, 1, 1),
    "cos": (math.cos, 1, 1),
    "tan": (math.tan, 1, 1),
}
_CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
ALLOWED = ", ".join([*_FUNCTIONS, *_CONSTANTS])


def calculate(expression: str) -> str:
    """The value of an arithmetic expression as text; raises ToolFailure."""
    text = expression.translate(_SIGNS).strip()
    if not text:
        raise ToolFailure(code="error.tool_calc_empty")
    if len(text) > MAX_LENGTH:
        raise ToolFailure(code="error.tool_calc_long", limit=MAX_LENGTH)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        raise ToolFailure(code="error.tool_calc_syntax", expression=text) from None
    return _number_text(_value(tree.body, 0))


def _value(node: ast.AST, depth: int) -> Number:
    if depth > MAX_DEPTH:
        raise ToolFailure(code="error.tool_calc_long", limit=MAX_LENGTH)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return _checked(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
        operand = _value(node.operand, depth + 1)
        return operand if isinstance(node.op, ast.UAdd) else -operand
    if isinstance(node, ast.BinOp):
        return _binary(node, depth)
    if isinstance(node, ast.Name):
        if node.id.lower() in _CONSTANTS:
            return _CONSTANTS[node.id.lower()]
        raise ToolFailure(code="error.tool_calc_name", name=node.id, allowed=ALLOWED)
    if isinstance(node, ast.Call):
        return _call(node, depth)
    if isinstance(node, ast.Tuple):
        raise ToolFailure(code="error.tool_calc_comma")
    raise ToolFailure(code="error.tool_calc_unsupported", allowed=ALLOWED)


def _binary(node: ast.BinOp, depth: int) -> Number:
    if isinstance(node.op, ast.BitXor):
        raise ToolFailure(code="error.tool_calc_caret")
    function = _BINARY.get(type(node.op))
    if function is None:
        raise ToolFailure(code="error.tool_calc_unsupported", allowed=ALLOWED)
    left, right = _value(node.left, depth + 1), _value(node.right, depth + 1)
    if isinstance(node.op, ast.Pow):
        _check_power(left, right)
    try:
        result = function(left, right)
    except ZeroDivisionError:
        raise ToolFailure(code="error.tool_calc_zero") from None
    except OverflowError:
        raise ToolFailure(code="error.tool_calc_too_large") from None
    return _checked(result)


def _check_power(base: Number, exponent: Number) -> None:
    """Refuse a power whose result would be huge before computing it."""
    magnitude = abs(base)
    if magnitude <= 1 or exponent <= 0:
        return
    if exponent * math.log2(magnitude) > MAX_BITS:
        raise ToolFailure(code="error.tool_calc_too_large")


def _call(node: ast.Call, depth: int) -> Number:
    name = node.func.id.lower() if isinstance(node.func, ast.Name) else ""
    if name not in _FUNCTIONS or node.keywords:
        shown = name or ast.unparse(node.func)
        raise ToolFailure(code="error.tool_calc_name", name=shown, allowed=ALLOWED)
    function, fewest, most = _FUNCTIONS[name]
    if not fewest <= len(node.args) <= most:
        raise ToolFailure(code="error.tool_calc_arguments", name=name)
    args = [_value(arg, depth + 1) for arg in node.args]
    if name == "round" and len(args) == 2 and not isinstance(args[1], int):
        raise ToolFailure(code="error.tool_calc_arguments", name=name)
    try:
        return _checked(function(*args))
    except (ValueError, ZeroDivisionError):
        raise ToolFailure(code="error.tool_calc_domain", name=name) from None
    except OverflowError:
        raise ToolFailure(code="error.tool_calc_too_large") from None


def _checked(value: Any) -> Number:
    """The value when it is a finite real number of a sensible size."""
    if isinstance(value, complex):
        raise ToolFailure(code="error.tool_calc_complex")
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise ToolFailure(code="error.tool_calc_too_large")
    if isinstance(value, float) and not math.isfinite(value):
        raise ToolFailure(code="error.tool_calc_too_large")
    return value


def _number_text(value: Number) -> str:
    """An integer in full; a float with 12 significant digits, without a trailing .0."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.12g}"
