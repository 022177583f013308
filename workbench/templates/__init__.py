"""Prompt templates with typed variables, rendered in a Jinja2 sandbox into chat messages."""

from workbench.templates.errors import (
    TemplateChecksError,
    TemplateFormatError,
    TemplateVariablesError,
)
from workbench.templates.model import (
    ID_PATTERN,
    ROLES,
    TECHNIQUES,
    Message,
    Template,
    Variable,
    VariableType,
    slugify,
)
from workbench.templates.phrases import LANGUAGES, wording
from workbench.templates.rendering import (
    check_template,
    escape_jinja,
    render,
    undeclared_variables,
    unknown_variables,
)
from workbench.templates.serial import from_dict, to_dict, to_variable_name
from workbench.templates.values import check_value, is_empty
