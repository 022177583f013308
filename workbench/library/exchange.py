"""Import and export: single templates, bundles (YAML or JSON) and Open WebUI prompt lists."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import yaml

from workbench.errors import Reason
from workbench.library.errors import ImportFormatError
from workbench.library.yaml_format import dump_json, dump_yaml, yaml_problem
from workbench.techniques import variabilize
from workbench.templates import (
    Message,
    Template,
    TemplateFormatError,
    VariableType,
    from_dict,
    slugify,
    to_dict,
)

Format = Literal["yaml", "json"]
BUNDLE_FORMAT = "ollama-workbench/templates"
BUNDLE_VERSION = 1


def template_text(template: Template) -> str:
    """The YAML file content of one template."""
    return dump_yaml(to_dict(template))


def export_template(template: Template, fmt: Format = "yaml") -> str:
    """One template as YAML or JSON text."""
    return _dump(to_dict(template), fmt)


def export_bundle(templates: Iterable[Template], fmt: Format = "yaml") -> str:
    """Several templates in one YAML or JSON bundle."""
    data = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "templates": [to_dict(t) for t in templates],
    }
    return _dump(data, fmt)


def _dump(data: Any, fmt: Format) -> str:
    return dump_json(data) if fmt == "json" else dump_yaml(data)


def parse_templates(text: str, fmt: Format | None = None) -> list[Template]:
    """Templates from exported text: one template, a bundle, or an Open WebUI prompt list."""
    data = _load(text, fmt)
    if isinstance(data, Mapping) and "templates" in data:
        items = data["templates"]
        if not isinstance(items, list):
            raise ImportFormatError(Reason("reason.bundle_list"))
        return _templates(items)
    if isinstance(data, Mapping) and "messages" in data:
        return _templates([data])
    if isinstance(data, list) and data and all(_is_open_webui(item) for item in data):
        return from_open_webui(data)
    if isinstance(data, list):
        return _templates(data)
    raise ImportFormatError(Reason("reason.not_templates"))


def _load(text: str, fmt: Format | None) -> Any:
    looks_like_json = text.lstrip()[:1] in ("[", "{")
    if fmt == "json" or (fmt is None and looks_like_json):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if fmt == "json":
                raise ImportFormatError(Reason("reason.not_json", {"detail": str(exc)})) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImportFormatError(Reason("reason.not_yaml", {"detail": yaml_problem(exc)})) from None


def _templates(items: list[Any]) -> list[Template]:
    templates = []
    for number, item in enumerate(items, start=1):
        try:
            templates.append(from_dict(item))
        except TemplateFormatError as exc:
            raise ImportFormatError(Reason(exc.code, exc.params), item=number) from None
    return templates


def _is_open_webui(item: Any) -> bool:
    return (
        isinstance(item, Mapping)
        and isinstance(item.get("content"), str)
        and ("command" in item or "title" in item)
        and "messages" not in item
    )


def from_open_webui(items: Iterable[Mapping[str, Any]]) -> list[Template]:
    """Templates from Open WebUI's prompt export; every {{placeholder}} becomes long text."""
    return [_open_webui_template(item) for item in items]


def _open_webui_template(item: Mapping[str, Any]) -> Template:
    command = str(item.get("command") or "").lstrip("/").strip()
    title = str(item.get("title") or command or "Open WebUI prompt")
    text, variables = variabilize(str(item["content"]), kind=VariableType.LONG_TEXT, marks=False)
    return Template(
        id=slugify(command, fallback="") or slugify(title, fallback="prompt"),
        name=title,
        description=f"Imported from Open WebUI (/{command})." if command else "",
        tags=["open-webui"],
        messages=[Message("user", text)],
        variables=variables,
    )
