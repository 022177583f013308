"""Checking and converting the values a user typed into what each variable's type expects."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from workbench.templates.errors import ValueProblem
from workbench.templates.model import Variable, VariableType

YES = frozenset({"yes", "y", "true", "t", "1", "on", "예", "네", "응", "참"})
NO = frozenset({"no", "n", "false", "f", "0", "off", "아니오", "아니요", "아니", "거짓"})


class _Refused(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def is_empty(value: Any) -> bool:
    """True for values that count as 'not given': None, blank text, an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def empty_value(kind: VariableType) -> Any:
    """What an optional variable without a value renders from."""
    return {VariableType.EXAMPLES: [], VariableType.YES_NO: False}.get(kind)


def check_value(variable: Variable, value: Any) -> tuple[Any, ValueProblem | None]:
    """The converted value, or the problem that stops the conversion."""
    try:
        return _COERCERS[variable.type](variable, value), None
    except _Refused as refused:
        params = {"name": variable.name, **refused.params}
        return None, ValueProblem(variable.name, refused.code, params)


def resolve_values(
    variables: list[Variable], values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], list[ValueProblem]]:
    """Fill in defaults and convert: (values to render with, missing names, problems)."""
    resolved: dict[str, Any] = {}
    missing: list[str] = []
    problems: list[ValueProblem] = []
    for variable in variables:
        value = values.get(variable.name)
        if is_empty(value):
            value = variable.default
        if is_empty(value):
            if variable.required:
                missing.append(variable.name)
            resolved[variable.name] = empty_value(variable.type)
            continue
        resolved[variable.name], problem = check_value(variable, value)
        if problem is not None:
            problems.append(problem)
    return resolved, missing, problems


def _text(variable: Variable, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    shown = _show(value)
    raise _Refused("error.value_text", value=shown)


def _number(variable: Variable, value: Any) -> int | float:
    number = _parse_number(value)
    if number is None:
        raise _Refused(
            "error.value_number",
            value=_show(value),
        )
    if variable.minimum is not None and number < variable.minimum:
        raise _Refused(
            "error.value_too_small",
            value=_plain(number),
            minimum=_plain(variable.minimum),
        )
    if variable.maximum is not None and number > variable.maximum:
        raise _Refused(
            "error.value_too_large",
            value=_plain(number),
            maximum=_plain(variable.maximum),
        )
    return number


def _parse_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace("_", "")
    for parse in (int, float):
        try:
            number = parse(text)
        except ValueError:
            continue
        return number if math.isfinite(number) else None
    return None


def _choice(variable: Variable, value: Any) -> str:
    text = str(value)
    if text in variable.options:
        return text
    folded = text.strip().casefold()
    for option in variable.options:
        if option.strip().casefold() == folded:
            return option
    options = ", ".join(variable.options)
    raise _Refused(
        "error.value_choice",
        value=_show(value),
        options=options,
    )


def _yes_no(variable: Variable, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold() if isinstance(value, str | int) else None
    if text in YES:
        return True
    if text in NO:
        return False
    raise _Refused(
        "error.value_yes_no",
        value=_show(value),
    )


def _examples(variable: Variable, value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list | tuple):
        raise _Refused(
            "error.value_examples",
            index=0,
        )
    return [_example(variable, index, item) for index, item in enumerate(value, start=1)]


def _example(variable: Variable, index: int, item: Any) -> dict[str, str]:
    pair: tuple[Any, Any] | None = None
    if isinstance(item, Mapping) and {"input", "output"} <= set(item):
        pair = (item["input"], item["output"])
    elif isinstance(item, list | tuple) and len(item) == 2:
        pair = (item[0], item[1])
    if pair is None or not all(isinstance(part, str) for part in pair):
        raise _Refused(
            "error.value_examples",
            index=index,
        )
    return {"input": pair[0], "output": pair[1]}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(number: float) -> str:
    if isinstance(number, int) or not number.is_integer():
        return str(number)
    return str(int(number))


_COERCERS: dict[VariableType, Callable[[Variable, Any], Any]] = {
    VariableType.SHORT_TEXT: _text,
    VariableType.LONG_TEXT: _text,
    VariableType.NUMBER: _number,
    VariableType.CHOICE: _choice,
    VariableType.YES_NO: _yes_no,
    VariableType.EXAMPLES: _examples,
}
