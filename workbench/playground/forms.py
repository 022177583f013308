"""Table rows and form values to and from template parts (variables, examples, parameters, tags).

The Templates page edits variables and parameters in tables and the Playground fills variables
in with widgets; these pure functions convert both ways and say exactly what is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from workbench.errors import WorkbenchError
from workbench.modelfile import format_parameter_value, parse_parameter_value
from workbench.templates import (
    Template,
    TemplateFormatError,
    Variable,
    VariableType,
    check_value,
    is_empty,
)


def text_cell(value: Any) -> str:
    """A table cell as text: None and NaN (an empty cell) become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def number_cell(value: Any) -> int | float | None:
    """A numeric cell: None for empty, an int when the number is whole."""
    if value is None or text_cell(value).strip() == "":
        return None
    number = float(value)
    if math.isnan(number):
        return None
    return int(number) if number.is_integer() else number


def variable_rows(variables: Iterable[Variable]) -> list[dict[str, Any]]:
    """One table row per variable; an examples default is edited in its own table instead."""
    return [
        {
            "name": v.name,
            "type": v.type.value,
            "default": "" if v.type == VariableType.EXAMPLES else default_text(v),
            "required": v.required,
            "help": v.help,
            "minimum": v.minimum,
            "maximum": v.maximum,
            "options": ", ".join(v.options),
        }
        for v in variables
    ]


def default_text(variable: Variable) -> str:
    """A default value as it is typed in the table ('yes'/'no' for yes/no variables)."""
    if variable.default is None:
        return ""
    if variable.type == VariableType.YES_NO:
        return "yes" if variable.default else "no"
    return str(variable.default)


def rows_to_variables(
    template_id: str,
    rows: Iterable[Mapping[str, Any]],
    examples: Mapping[str, list[dict[str, str]]],
) -> list[Variable]:
    """Variables from table rows (blank rows skipped); raises TemplateFormatError at a bad cell."""
    variables = []
    for index, row in enumerate(r for r in rows if text_cell(r.get("name")).strip()):
        where = f"variables[{index}]"
        kind_text = text_cell(row.get("type")) or VariableType.SHORT_TEXT.value
        if kind_text not in set(VariableType):
            reason = f"must be one of {', '.join(VariableType)}"
            raise TemplateFormatError(template_id, f"{where}.type", reason)
        variable = Variable(
            name=text_cell(row.get("name")).strip(),
            type=VariableType(kind_text),
            required=bool(row.get("required", True)),
            help=text_cell(row.get("help")).strip(),
            minimum=number_cell(row.get("minimum")),
            maximum=number_cell(row.get("maximum")),
            options=split_list(text_cell(row.get("options"))),
        )
        raw = examples.get(variable.name) if variable.type == VariableType.EXAMPLES else None
        variable.default = _typed_default(template_id, where, variable, raw, row.get("default"))
        variables.append(variable)
    return variables


def _typed_default(
    template_id: str, where: str, variable: Variable, examples: Any, cell: Any
) -> Any:
    value = examples if variable.type == VariableType.EXAMPLES else text_cell(cell)
    if is_empty(value):
        return None
    converted, problem = check_value(variable, value)
    if problem is not None:
        raise TemplateFormatError(template_id, f"{where}.default", problem.message)
    return converted


def split_list(text: str) -> list[str]:
    """'a, b ,c' -> ['a', 'b', 'c'] (empty items dropped)."""
    return [item.strip() for item in text.split(",") if item.strip()]


def example_rows(value: Any) -> list[dict[str, str]]:
    """Rows {input, output} for an examples table, from a default or a typed value."""
    if not isinstance(value, list | tuple):
        return []
    return [
        {"input": str(item.get("input", "")), "output": str(item.get("output", ""))}
        for item in value
        if isinstance(item, Mapping)
    ]


def rows_to_examples(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Examples from table rows; rows with neither an input nor an output are dropped."""
    examples = []
    for row in rows:
        pair = {"input": text_cell(row.get("input")), "output": text_cell(row.get("output"))}
        if pair["input"].strip() or pair["output"].strip():
            examples.append(pair)
    return examples


def parameter_rows(parameters: Mapping[str, Any]) -> list[dict[str, str]]:
    """One {name, value} row per parameter value (a list such as stop gives one row per item)."""
    rows = []
    for name, value in parameters.items():
        for item in value if isinstance(value, list) else [value]:
            text = item if isinstance(item, str) else format_parameter_value(item)
            rows.append({"name": name, "value": text})
    return rows


def rows_to_parameters(template_id: str, rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Typed parameters from {name, value} rows, checked like `ollama create` would."""
    parameters: dict[str, Any] = {}
    for index, row in enumerate(rows):
        name, raw = text_cell(row.get("name")).strip(), text_cell(row.get("value")).strip()
        if not name and not raw:
            continue
        try:
            value = parse_parameter_value(name, raw)
        except WorkbenchError as exc:
            raise TemplateFormatError(template_id, f"parameters[{index}]", exc.message) from None
        if isinstance(value, list):
            parameters.setdefault(name, []).extend(value)
        else:
            parameters[name] = value
    return parameters


def copy_of(template: Template, new_id: str, name_suffix: str) -> Template:
    """A duplicate under a new id and a marked name."""
    return replace(template, id=new_id, name=f"{template.name}{name_suffix}")


def declare(rows: list[dict[str, Any]], names: Iterable[str]) -> list[dict[str, Any]]:
    """The variable rows plus a required text row for each name not declared yet."""
    known = {text_cell(row.get("name")).strip() for row in rows}
    new = [Variable(name) for name in dict.fromkeys(names) if name not in known]
    return [*rows, *variable_rows(new)]
