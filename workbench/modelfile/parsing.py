"""Parse Modelfile text with Ollama's grammar, then validate it like `ollama create` does.

`parse` runs Ollama's ParseFile (`syntax.scan`) and then the checks that
`Modelfile.CreateRequest` makes (parameter names and types, REQUIRES), so a text that parses here
is one `ollama create` accepts. Repeated single-valued instructions keep the last value, as Ollama
does, with a warning.
"""

from __future__ import annotations

from workbench.modelfile.model import (
    SINGLES,
    Modelfile,
    normalize_requires,
    require_path_value,
)
from workbench.modelfile.params import (
    DEPRECATED_PARAMETERS,
    ParameterValue,
    parse_parameter_value,
)
from workbench.modelfile.syntax import (
    ROLES,
    Instruction,
    ModelfileError,
    ModelfileWarning,
    decode_bytes,
    scan,
)

_LISTS = {"from": "from_", "adapter": "adapters", "draft": "draft", "license": "license"}
# Ollama names FROM's command "model"; other instruction names as PARAMETER names act as those.
_COMMAND_NAMES = {"model": "from"} | {
    name: name for name in ("adapter", "draft", "license", "message", *SINGLES)
}


def parse(text: str) -> Modelfile:
    """Parse Modelfile text as `ollama create` does; raise ModelfileError with the line."""
    warnings: list[ModelfileWarning] = []
    instructions = [
        _as_ollama_reads_it(item, warnings) for item in scan(text.removeprefix("\ufeff"))
    ]
    if not any(instruction.keyword == "from" for instruction in instructions):
        raise ModelfileError(code="error.modelfile_no_from")
    return _build(instructions, warnings)


def parse_bytes(data: bytes) -> Modelfile:
    """Parse a Modelfile file's bytes: UTF-8 (BOM optional) or UTF-16 LE/BE with a BOM."""
    return parse(decode_bytes(data))


def _as_ollama_reads_it(item: Instruction, warnings: list[ModelfileWarning]) -> Instruction:
    """Ollama stores `PARAMETER system x` as a command named "system", so it acts as SYSTEM."""
    if item.keyword != "parameter" or item.name not in _COMMAND_NAMES:
        return item
    keyword = _COMMAND_NAMES[item.name]
    warnings.append(
        ModelfileWarning(
            "warning.modelfile_parameter_as_command",
            name=item.name,
            line=item.line,
            keyword=keyword.upper(),
        )
    )
    if keyword != "message":
        return Instruction(keyword, "", item.value, item.line)
    role, _, content = item.value.partition(": ")
    if role not in ROLES:
        raise ModelfileError(line=item.line, code="error.modelfile_bad_role_parameter")
    return Instruction("message", role, content, item.line)


def _build(instructions: list[Instruction], warnings: list[ModelfileWarning]) -> Modelfile:
    lists: dict[str, list[str]] = {attr: [] for attr in _LISTS.values()}
    singles: dict[str, Instruction] = {}
    parameters: dict[str, ParameterValue] = {}
    parameter_lines: dict[str, int] = {}
    messages: list[dict[str, str]] = []
    for item in instructions:
        if item.keyword in _LISTS:
            if item.keyword in ("from", "adapter", "draft"):
                require_path_value(item.keyword.upper(), item.value, item.line)
            lists[_LISTS[item.keyword]].append(item.value)
        elif item.keyword in SINGLES:
            _single(item, singles, warnings)
        elif item.keyword == "message":
            messages.append({"role": item.name, "content": item.value})
        else:
            _parameter(item, parameters, parameter_lines, warnings)
    if len(lists["adapters"]) > 1:
        warnings.append(ModelfileWarning("warning.modelfile_one_adapter"))
    return Modelfile(
        **lists,
        **{keyword: single.value for keyword, single in singles.items()},
        parameters=parameters,
        messages=messages,
        warnings=warnings,
        instructions=instructions,
    )


def _single(
    item: Instruction, singles: dict[str, Instruction], warnings: list[ModelfileWarning]
) -> None:
    if item.keyword == "requires":
        normalize_requires(item.value, item.line)
    previous = singles.get(item.keyword)
    if previous is not None:
        keyword = item.keyword.upper()
        warnings.append(
            ModelfileWarning(
                "warning.modelfile_replaces",
                keyword=keyword,
                line=item.line,
                previous=previous.line,
            )
        )
    singles[item.keyword] = item


def _parameter(
    item: Instruction,
    parameters: dict[str, ParameterValue],
    lines: dict[str, int],
    warnings: list[ModelfileWarning],
) -> None:
    if item.name in DEPRECATED_PARAMETERS:
        warnings.append(
            ModelfileWarning("warning.modelfile_deprecated", name=item.name, line=item.line)
        )
        return
    value = parse_parameter_value(item.name, item.value, item.line)
    if item.name == "stop":
        parameters["stop"] = [*parameters.get("stop", []), *value]  # type: ignore[misc]
        return
    if item.name in parameters:
        warnings.append(
            ModelfileWarning(
                "warning.modelfile_parameter_replaces",
                name=item.name,
                line=item.line,
                previous=lines[item.name],
            )
        )
    parameters[item.name] = value
    lines[item.name] = item.line
