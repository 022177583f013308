"""workbench.templates: TODO docstring."""

from workbench.templates.errors import TemplateFormatError, TemplateVariablesError
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
from workbench.templates.render import (
    check_template,
    escape_jinja,
    render,
    undeclared_variables,
    unknown_variables,
)
from workbench.templates.serial import from_dict, to_dict, to_variable_name
from workbench.templates.values import check_value, is_empty
from workbench.templates.wording import LANGUAGES, wording
