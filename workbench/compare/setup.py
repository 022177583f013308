"""From the Compare page's inputs to a grid: prompt variants, their variables, parameter sets."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from workbench.compare.grid import (
    GridError,
    ParamSet,
    PromptVariant,
    Render,
    substitute_variables,
    variables_in,
)
from workbench.templates import Template, render, unknown_variables
from workbench.tools import ToolSpec

PARAM_TYPES: dict[str, type] = {
    "temperature": float,
    "top_p": float,
    "top_k": int,
    "num_ctx": int,
    "num_predict": int,
    "repeat_penalty": float,
    "seed": int,
}
LoadTemplate = Callable[[str, int], Template]


def is_blank(value: Any) -> bool:
    """None, NaN, pandas' NA and blank text: a table cell the person left empty."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def free_variant(
    name: str,
    system: str,
    user: str,
    output_schema: Mapping[str, Any] | None = None,
    tools: Sequence[ToolSpec] = (),
) -> PromptVariant:
    """A prompt typed on the page: an optional system prompt, a user message, and the output
    schema and tools to send with it."""
    messages = [{"role": "system", "content": system}] if system.strip() else []
    messages.append({"role": "user", "content": user})
    schema = dict(output_schema) if output_schema is not None else None
    return PromptVariant(name.strip(), tuple(messages), output_schema=schema, tools=tuple(tools))


def template_variant(name: str, template: Template, version: int) -> PromptVariant:
    """A library template at one version (its raw text kept for the record), with the template's
    output schema, tools and checks."""
    messages = [{"role": "system", "content": template.system}] if template.system else []
    messages += [{"role": m.role, "content": m.text} for m in template.messages]
    label = name.strip() or f"{template.id}@{version}"
    return PromptVariant(
        label,
        tuple(messages),
        template.id,
        str(version),
        output_schema=template.output_schema,
        tools=tuple(template.tools),
        checks=tuple(template.checks),
    )


def check_variant_names(variants: Sequence[PromptVariant]) -> None:
    """Raise GridError when a variant has no name or two variants share one."""
    seen: set[str] = set()
    for variant in variants:
        if not variant.name:
            raise GridError(code="error.compare_variant_name")
        if variant.name in seen:
            raise GridError(
                code="error.compare_variant_duplicate",
                name=variant.name,
            )
        seen.add(variant.name)


def _template_of(variant: PromptVariant, load: LoadTemplate) -> Template | None:
    if variant.template_id is None or variant.template_version is None:
        return None
    return load(variant.template_id, int(variant.template_version))


def grid_variables(variants: Iterable[PromptVariant], load: LoadTemplate) -> list[str]:
    """Every variable the variants read, in order of first use (templates: declared first)."""
    names: list[str] = []
    for variant in variants:
        template = _template_of(variant, load)
        if template is None:
            names += variables_in(variant)
        else:
            names += [v.name for v in template.variables] + unknown_variables(template)
    return list(dict.fromkeys(names))


def template_defaults(variants: Iterable[PromptVariant], load: LoadTemplate) -> dict[str, str]:
    """Default values the templates declare, as text for the first variable row."""
    defaults: dict[str, str] = {}
    for variant in variants:
        template = _template_of(variant, load)
        for variable in template.variables if template else []:
            if not is_blank(variable.default) and isinstance(variable.default, str | int | float):
                defaults.setdefault(variable.name, str(variable.default))
    return defaults


def clean_rows(rows: Iterable[Mapping[str, Any]], variables: Sequence[str]) -> list[dict[str, str]]:
    """Variable rows as text, restricted to `variables`; rows left wholly empty are dropped."""
    cleaned = []
    for row in rows:
        values = {name: "" if is_blank(row.get(name)) else str(row[name]) for name in variables}
        if any(values.values()):
            cleaned.append(values)
    return cleaned


def renderer(load: LoadTemplate) -> Render:
    """Render free prompts by `{{name}}` substitution and templates with their own engine."""

    def render_variant(variant: PromptVariant, row: Mapping[str, Any]) -> list[dict[str, Any]]:
        template = _template_of(variant, load)
        if template is None:
            return substitute_variables(variant, row)
        return render(template, {k: v for k, v in row.items() if not is_blank(v)})

    return render_variant


def _number(row: int, column: str, value: Any) -> int | float:
    kind = PARAM_TYPES[column]
    try:
        number = float(str(value).strip())
        if not math.isfinite(number) or (kind is int and not number.is_integer()):
            raise ValueError(value)
    except ValueError:
        raise GridError(
            code="error.compare_param_value",
            row=row,
            column=column,
            value=str(value),
        ) from None
    return int(number) if kind is int else number


def _format(value: int | float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def param_sets_from_table(rows: Iterable[Mapping[str, Any]]) -> tuple[ParamSet, ...]:
    """Named option sets from the parameter table; an unnamed set is named after its values."""
    sets: list[ParamSet] = []
    for number, row in enumerate(rows, start=1):
        given = {c: row.get(c) for c in PARAM_TYPES if not is_blank(row.get(c))}
        name = "" if is_blank(row.get("name")) else str(row["name"]).strip()
        if not name and not given:
            continue
        options = {column: _number(number, column, value) for column, value in given.items()}
        name = name or ", ".join(f"{k}={_format(v)}" for k, v in options.items())
        if any(existing.name == name for existing in sets):
            raise GridError(
                code="error.compare_param_duplicate",
                name=name,
            )
        sets.append(ParamSet(name, options))
    return tuple(sets)
