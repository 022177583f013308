"""Templates to and from plain dicts (for YAML/JSON), with every field checked on the way in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, NoReturn

from workbench.checks import CheckError, CheckSpec, check_from_dict, check_to_dict, validate_check
from workbench.errors import Reason
from workbench.structured import SchemaError, check_schema
from workbench.templates.errors import TemplateFormatError
from workbench.templates.model import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    ROLES,
    Message,
    Template,
    Variable,
    VariableType,
)
from workbench.templates.values import check_value, is_empty
from workbench.tools import ToolSpec, ToolSpecError, check_tool, tool_from_dict, tool_to_dict

RESERVED_NAMES = frozenset(
    {"and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False"}
    | {"None", "loop", "self", "caller", "varargs", "kwargs", "range", "dict", "lipsum"}
    | {"cycler", "joiner", "namespace"}
)
TEMPLATE_KEYS = ("id", "name", "description", "language", "technique", "tags", "author")
TEMPLATE_KEYS += ("model", "parameters", "chain", "variables", "system", "messages")
TEMPLATE_KEYS += ("output_schema", "tools", "checks")
VARIABLE_KEYS = ("name", "type", "required", "help", "default", "minimum", "maximum", "options")
CHECK_KEYS = ("kind", "args", "weight")
Scalar = str | int | float | bool


def to_dict(template: Template) -> dict[str, Any]:
    """A plain dict in a stable, human-friendly key order; optional empty fields left out."""
    data: dict[str, Any] = {
        "id": template.id,
        "name": template.name,
        "description": template.description,
        "language": template.language,
        "technique": template.technique,
        "tags": list(template.tags),
        "author": template.author,
        "model": template.model,
        "parameters": dict(template.parameters),
        "chain": template.chain,
        "variables": [_variable_dict(v) for v in template.variables],
        "system": template.system,
        "messages": [{"role": m.role, "text": m.text} for m in template.messages],
        "output_schema": template.output_schema,
        "tools": [tool_to_dict(tool) for tool in template.tools],
        "checks": [check_to_dict(check) for check in template.checks],
    }
    optional = {"model": None, "parameters": {}, "chain": False, "system": ""}
    optional |= {"output_schema": None, "tools": [], "checks": []}
    return {k: v for k, v in data.items() if k not in optional or v != optional[k]}


def _variable_dict(variable: Variable) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": variable.name,
        "type": variable.type.value,
        "required": variable.required,
        "help": variable.help,
        "default": variable.default,
        "minimum": variable.minimum,
        "maximum": variable.maximum,
        "options": list(variable.options),
    }
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def from_dict(data: Any) -> Template:
    """A Template from a plain dict; raises TemplateFormatError naming the first bad field."""
    template_id = str(data.get("id", "?")) if isinstance(data, Mapping) else "?"
    reader = _Reader(template_id)
    if not isinstance(data, Mapping):
        reader.fail("template", "reason.not_mapping")
    reader.no_unknown_keys(data, TEMPLATE_KEYS, "template")
    template = Template(
        id=reader.get(data, "id", str),
        name=reader.get(data, "name", str),
        description=reader.get(data, "description", str, ""),
        language=reader.get(data, "language", str, "en"),
        technique=reader.get(data, "technique", str, "custom"),
        tags=reader.strings(data, "tags"),
        author=reader.get(data, "author", str, ""),
        model=reader.get(data, "model", str | None, None),
        parameters=reader.parameters(data),
        chain=reader.get(data, "chain", bool, False),
        variables=[
            reader.variable(item, i) for i, item in enumerate(reader.items(data, "variables", []))
        ],
        system=reader.get(data, "system", str, ""),
        messages=[reader.message(item, i) for i, item in enumerate(reader.items(data, "messages"))],
        output_schema=data.get("output_schema"),
        tools=[reader.tool(item, i) for i, item in enumerate(reader.items(data, "tools", []))],
        checks=[reader.check(item, i) for i, item in enumerate(reader.items(data, "checks", []))],
    )
    check_structure(template)
    return template


def check_structure(template: Template) -> None:
    """Raise TemplateFormatError unless ids, names, roles, options and defaults all make sense."""
    fail = _Reader(template.id).fail
    if not ID_PATTERN.match(template.id) or len(template.id) > MAX_ID_LENGTH:
        fail("id", "reason.id_pattern")
    if not template.name.strip():
        fail("name", "reason.empty")
    if not template.messages:
        fail("messages", "reason.no_messages")
    for index, message in enumerate(template.messages):
        if message.role not in ROLES:
            fail(f"messages[{index}].role", "reason.one_of", choices=", ".join(ROLES))
        if template.chain and message.role != "user":
            fail(f"messages[{index}].role", "reason.chain_role")
    seen: set[str] = set()
    for index, variable in enumerate(template.variables):
        _check_variable(variable, f"variables[{index}]", fail)
        if variable.name in seen:
            fail(f"variables[{index}].name", "reason.declared_twice", name=variable.name)
        seen.add(variable.name)
    _check_output(template, fail)


def _check_output(template: Template, fail: Any) -> None:
    """The output schema must be a valid JSON Schema; each tool usable, no two with one name;
    each check valid."""
    if template.output_schema is not None:
        try:
            check_schema(template.output_schema)
        except SchemaError as exc:
            fail("output_schema", exc.code, **exc.params)
    names: set[str] = set()
    for index, tool in enumerate(template.tools):
        try:
            check_tool(tool)
        except ToolSpecError as exc:
            raise _tool_problem(template.id, index, exc) from None
        if tool.name in names:
            fail(f"tools[{index}].name", "reason.declared_twice", name=tool.name)
        names.add(tool.name)
    for index, check in enumerate(template.checks):
        valid_check(template.id, index, check)


def valid_check(template_id: str, index: int, spec: CheckSpec) -> CheckSpec:
    """Check number `index` (from 0) validated, its defaults filled in; TemplateFormatError
    names the argument that is wrong."""
    try:
        return validate_check(spec)
    except CheckError as exc:
        field = exc.params.get("field")
        where = f"checks[{index}].{field}" if field else f"checks[{index}]"
        raise TemplateFormatError(template_id, where, Reason(exc.code, exc.params)) from None


def _tool_problem(template_id: str, index: int, exc: ToolSpecError) -> TemplateFormatError:
    """The template error for tool number `index` (from 0) whose definition is unusable."""
    return TemplateFormatError(template_id, f"tools[{index}].{exc.field}", exc.reason)


def is_variable_name(name: str) -> bool:
    """True if `name` can be written as {{name}}: an identifier (Korean letters allowed)."""
    return (
        name.isidentifier()
        and name == unicodedata.normalize("NFKC", name)
        and name not in RESERVED_NAMES
    )


def _check_variable(variable: Variable, where: str, fail: Any) -> None:
    if not is_variable_name(variable.name):
        fail(f"{where}.name", "reason.variable_name", name=variable.name)
    low, high = variable.minimum, variable.maximum
    if low is not None and high is not None and low > high:
        fail(f"{where}.minimum", "reason.min_above_max")
    options = variable.options
    if variable.type == VariableType.CHOICE and (not options or len(set(options)) != len(options)):
        fail(f"{where}.options", "reason.choice_options")
    if not is_empty(variable.default):
        _, problem = check_value(variable, variable.default)
        if problem is not None:
            fail(f"{where}.default", problem.code, **problem.params)


class _Reader:
    """Typed access to the fields of one template dict, failing with the field's path."""

    def __init__(self, template_id: str) -> None:
        self.template_id = template_id

    def fail(self, field: str, code: str, **params: Any) -> NoReturn:
        raise TemplateFormatError(self.template_id, field, Reason(code, params))

    def no_unknown_keys(
        self, data: Mapping[str, Any], allowed: tuple[str, ...], where: str
    ) -> None:
        unknown = [str(k) for k in data if k not in allowed]
        if unknown:
            self.fail(where, "reason.unknown_field", name=unknown[0])

    def get(self, data: Mapping[str, Any], key: str, kind: Any, *default: Any) -> Any:
        if key not in data:
            if default:
                return default[0]
            self.fail(key, "reason.missing")
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.fail(key, "reason.wrong_type", kind=type(value).__name__)
        return value

    def strings(self, data: Mapping[str, Any], key: str) -> list[str]:
        value = self.get(data, key, list, [])
        if not all(isinstance(item, str) for item in value):
            self.fail(key, "reason.texts")
        return list(value)

    def items(self, data: Mapping[str, Any], key: str, *default: Any) -> list[Mapping[str, Any]]:
        value = self.get(data, key, list, *default)
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                self.fail(f"{key}[{index}]", "reason.not_mapping")
        return value

    def parameters(self, data: Mapping[str, Any]) -> dict[str, Any]:
        value = self.get(data, "parameters", dict, {})
        for key, item in value.items():
            items = item if isinstance(item, list) else [item]
            if not isinstance(key, str) or not all(isinstance(x, Scalar) for x in items):
                self.fail(f"parameters.{key}", "reason.parameter_value")
        return dict(value)

    def message(self, data: Mapping[str, Any], index: int) -> Message:
        where = f"messages[{index}]"
        self.no_unknown_keys(data, ("role", "text"), where)
        return Message(
            role=self._nested(data, "role", str, where), text=self._nested(data, "text", str, where)
        )

    def variable(self, data: Mapping[str, Any], index: int) -> Variable:
        where = f"variables[{index}]"
        self.no_unknown_keys(data, VARIABLE_KEYS, where)
        kind = self._nested(data, "type", str, where, VariableType.SHORT_TEXT.value)
        if kind not in set(VariableType):
            self.fail(f"{where}.type", "reason.one_of", choices=", ".join(VariableType))
        variable = Variable(
            name=self._nested(data, "name", str, where),
            type=VariableType(kind),
            default=data.get("default"),
            required=self._nested(data, "required", bool, where, True),
            help=self._nested(data, "help", str, where, ""),
            minimum=self._nested(data, "minimum", int | float | None, where, None),
            maximum=self._nested(data, "maximum", int | float | None, where, None),
            options=self._option_list(data, where),
        )
        if not is_empty(variable.default):
            value, problem = check_value(variable, variable.default)
            variable.default = variable.default if problem else value
        return variable

    def tool(self, data: Mapping[str, Any], index: int) -> ToolSpec:
        try:
            return tool_from_dict(data)
        except ToolSpecError as exc:
            raise _tool_problem(self.template_id, index, exc) from None

    def check(self, data: Mapping[str, Any], index: int) -> CheckSpec:
        where = f"checks[{index}]"
        self.no_unknown_keys(data, CHECK_KEYS, where)
        self._nested(data, "kind", str, where)
        self._nested(data, "args", dict | None, where, None)
        self._nested(data, "weight", int | float, where, 1)
        return valid_check(self.template_id, index, check_from_dict(data))

    def _option_list(self, data: Mapping[str, Any], where: str) -> list[str]:
        options = self._nested(data, "options", list, where, [])
        if not all(isinstance(o, str) for o in options):
            self.fail(f"{where}.options", "reason.texts")
        return list(options)

    def _nested(
        self, data: Mapping[str, Any], key: str, kind: Any, where: str, *default: Any
    ) -> Any:
        try:
            return _Reader(self.template_id).get(data, key, kind, *default)
        except TemplateFormatError as exc:
            raise TemplateFormatError(
                self.template_id, f"{where}.{key}", exc.params["reason"]
            ) from None


def to_variable_name(raw: str) -> str:
    """A usable variable name made from any label: 'your name' -> 'your_name', '주제' stays."""
    text = unicodedata.normalize("NFKC", raw).strip()
    chars = [c if ("_" + c).isidentifier() else "_" for c in text]
    name = re.sub(r"_+", "_", "".join(chars)).strip("_")
    if name and not name.isidentifier():
        name = f"v_{name}"
    if not name:
        return "value"
    return f"{name}_" if name in RESERVED_NAMES else name
