"""YAML for template files: human-readable, multi-line text as `|` blocks, Unicode kept."""

from __future__ import annotations

import json
from typing import Any

import yaml

from workbench.library.errors import LibraryFileError
from workbench.templates import Template, from_dict

_ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line text as a literal block."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = None
    if any(ch in text for ch in _ODD_BREAKS):
        style = '"'
    elif "\n" in text:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data: Any) -> str:
    """`data` as block-style YAML in the given key order, Unicode unescaped."""
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6, indent=2
    )


def dump_json(data: Any) -> str:
    """`data` as indented JSON, Unicode unescaped."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML error with its line and column."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return problem
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"


def load_template(
    text: str, expected_id: str, filename: str, loader: type[yaml.SafeLoader] = SAFE_LOADER
) -> Template:
    """The template in a library file; LibraryFileError/TemplateFormatError say what is wrong."""
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise LibraryFileError(filename, f"not valid YAML: {yaml_problem(exc)}") from None
    template = from_dict(data)
    if template.id != expected_id:
        raise LibraryFileError(
            filename, f"the id inside is {template.id!r}; it must match the file name"
        )
    return template
