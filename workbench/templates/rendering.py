"""Prompt templates: declared variables, sandboxed Jinja2 rendering into chat messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jinja2

from workbench.templates.engine import compile_part, undeclared_in
from workbench.templates.errors import (
    TemplateFormatError,
    TemplateRenderError,
    TemplateSyntaxError,
    TemplateValueError,
    TemplateVariablesError,
    UnsupportedLanguageError,
    ValueProblem,
)
from workbench.templates.model import (
    ROLES,
    TECHNIQUES,
    Message,
    Template,
    Variable,
    VariableType,
    slugify,
)
from workbench.templates.serial import (
    check_structure,
    from_dict,
    is_variable_name,
    to_dict,
    to_variable_name,
)
from workbench.templates.values import resolve_values

__all__ = [
    "ROLES",
    "TECHNIQUES",
    "Message",
    "Template",
    "TemplateFormatError",
    "TemplateRenderError",
    "TemplateSyntaxError",
    "TemplateValueError",
    "TemplateVariablesError",
    "UnsupportedLanguageError",
    "ValueProblem",
    "Variable",
    "VariableType",
    "check_syntax",
    "check_template",
    "escape_jinja",
    "from_dict",
    "is_variable_name",
    "render",
    "slugify",
    "to_dict",
    "to_variable_name",
    "undeclared_variables",
    "unknown_variables",
]

_DELIMITER_START = re.compile(r"\{[{%#]")


def _parts(template: Template) -> list[tuple[int, str]]:
    """(number, text) of every part: 0 is the system prompt, N the N-th message."""
    return [(0, template.system)] + [(i, m.text) for i, m in enumerate(template.messages, 1)]


def check_syntax(template: Template) -> None:
    """Raise TemplateSyntaxError (with part, line and column) for the first part that fails."""
    for number, text in _parts(template):
        compile_part(text, template.id, number)


def check_template(template: Template) -> None:
    """Everything a saved template must satisfy: valid structure and valid syntax."""
    check_structure(template)
    check_syntax(template)


def undeclared_variables(template: Template) -> set[str]:
    """Every name the system prompt and messages read from their values (declared or not)."""
    check_syntax(template)
    names: set[str] = set()
    for _, text in _parts(template):
        names |= undeclared_in(text)
    return names


def unknown_variables(template: Template) -> list[str]:
    """Names used in the text but not declared, sorted, so the UI can offer to declare them."""
    declared = {v.name for v in template.variables}
    return sorted(undeclared_variables(template) - declared)


def render(template: Template, values: Mapping[str, Any]) -> list[dict[str, str]]:
    """Chat messages ({role, content}) with `values` filled in; system first if non-empty.

    Line breaks come out as "\\n" (Jinja normalises "\\r\\n" and "\\r").
    """
    unknown = unknown_variables(template)
    resolved, missing, problems = resolve_values(template.variables, values)
    if missing or unknown:
        raise TemplateVariablesError(template.id, missing, unknown)
    if problems:
        raise TemplateValueError(template.id, problems)
    roles = ["system"] + [m.role for m in template.messages]
    messages = []
    for (number, text), role in zip(_parts(template), roles, strict=True):
        content = _render_part(template.id, number, text, resolved)
        if number or content.strip():
            messages.append({"role": role, "content": content})
    return messages


def _render_part(template_id: str, number: int, text: str, values: dict[str, Any]) -> str:
    compiled = compile_part(text, template_id, number)
    try:
        return compiled.render(values)
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateRenderError(template_id, number, str(exc), "error.template_unsafe") from None
    except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError) as exc:
        raise TemplateRenderError(template_id, number, str(exc)) from None


def escape_jinja(text: str) -> str:
    """`text` made literal: each '{{', '{%' and '{#' renders as itself, starting no tag."""
    return _DELIMITER_START.sub(lambda m: "{{ '" + m.group() + "' }}", text)
