"""The library keeps a template's output schema and tools: versions, diffs, export and import."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbench.i18n import error_text
from workbench.library.errors import ImportFormatError
from workbench.library.exchange import export_template, template_text
from workbench.library.store import STARTER_DIR, Library
from workbench.structured import fields_from_schema
from workbench.templates import Message, Template, Variable, to_dict
from workbench.tools import ToolSpec, builtin_spec

CARD = {
    "type": "object",
    "properties": {
        "이름": {"type": "string", "description": "성과 이름"},
        "이메일": {"type": "string", "description": "전자우편 주소"},
    },
    "required": ["이름"],
}
FIND = ToolSpec(
    "find_person",
    "이름으로 사람을 찾습니다.",
    {"type": "object", "properties": {"이름": {"type": "string"}}, "required": ["이름"]},
)


def card(**changes: Any) -> Template:
    """A Korean template with an output schema and two tools."""
    template = Template(
        id="card",
        name="연락처 카드",
        language="ko",
        messages=[Message("user", "다음 글에서 연락처를 뽑아 주세요:\n{{글}}")],
        variables=[Variable("글", default="홍길동, hong@example.com")],
        output_schema=copy.deepcopy(CARD),
        tools=[builtin_spec("calculator"), FIND],
    )
    return replace(template, **changes)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "lib")


def test_the_schema_and_tools_are_saved_in_the_yaml_file(library: Library) -> None:
    template = card()
    assert library.save(template, None) == 1
    data = yaml.safe_load((library.root / "card.yaml").read_text("utf-8"))
    assert data["output_schema"] == CARD
    assert [tool["name"] for tool in data["tools"]] == ["calculator", "find_person"]
    assert "성과 이름" in (library.root / "card.yaml").read_text("utf-8")  # Korean kept as is
    assert library.load("card") == template


def test_editing_the_schema_makes_a_version_whose_diff_shows_the_change(library: Library) -> None:
    template = card()
    library.save(template, None)
    schema = copy.deepcopy(CARD)
    schema["properties"]["전화번호"] = {"type": "string", "description": "휴대폰 번호"}
    assert library.save(replace(template, output_schema=schema), 1) == 2
    assert library.version("card", 1).output_schema == CARD
    assert library.version("card", 2).output_schema == schema
    diff = library.diff("card", 1, 2)
    added = [line for line in diff.splitlines() if line.startswith("+") and "+++" not in line]
    assert any("전화번호" in line for line in added)
    assert any("휴대폰 번호" in line for line in added)
    assert not [line for line in diff.splitlines() if line.startswith("-") and "---" not in line]


def test_editing_a_tool_makes_a_version_whose_diff_shows_the_change(library: Library) -> None:
    template = card()
    library.save(template, None)
    tools = [builtin_spec("calculator"), replace(FIND, description="전화번호부에서 찾습니다.")]
    assert library.save(replace(template, tools=tools), 1) == 2
    diff = library.diff("card", 1, 2)
    assert "-  description: 이름으로 사람을 찾습니다." in diff
    assert "+  description: 전화번호부에서 찾습니다." in diff
    assert library.restore("card", 1) == 3 and library.load("card").tools[1] == FIND


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_import_into_an_empty_library_gives_an_equal_template(
    library: Library, tmp_path: Path, fmt: Any
) -> None:
    template = card()
    library.save(template, None)
    text = library.export(["card"], fmt)
    assert "전자우편 주소" in text and "find_person" in text
    other = Library(tmp_path / "empty")
    [result] = other.import_text(text)
    assert (result.id, result.version) == ("card", 1)
    assert other.load("card") == template
    assert other.load("card").output_schema == CARD


def bad_bundle(change: str) -> str:
    good = to_dict(card(id="good"))
    bad = to_dict(card(id="bad"))
    if change == "schema":
        bad["output_schema"]["properties"]["이름"]["type"] = "글자"
    else:
        bad["tools"][1]["name"] = "사람 찾기"
    data = {"format": "ollama-workbench/templates", "version": 1, "templates": [good, bad]}
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [("schema", "output_schema", "글자"), ("tools", "tools[1].name", "letters")],
)
def test_a_bad_schema_or_tool_in_an_import_is_refused_with_field_and_reason(
    library: Library, change: str, field: str, words: str
) -> None:
    with pytest.raises(ImportFormatError) as caught:
        library.import_text(bad_bundle(change))
    message = str(caught.value)
    assert message.startswith("Cannot import (item 2): Template 'bad': ")
    assert f": {field}: " in message and words in message
    assert library.entries() == []  # like any bad item today: nothing of the bundle is saved
    assert "항목 2" in error_text(caught.value, "ko")


def test_a_library_file_with_a_bad_schema_is_listed_with_its_reason(library: Library) -> None:
    library.save(card(), None)
    broken = to_dict(card(id="broken"))
    broken["output_schema"] = {"type": "object", "required": "이름"}
    (library.root / "broken.yaml").write_text(template_text_of(broken), encoding="utf-8")
    entries = {entry.id: entry for entry in library.entries()}
    assert entries["card"].template is not None
    assert entries["broken"].template is None
    assert "output_schema" in (entries["broken"].error or "")
    assert entries["broken"].error_code == "error.template_format"


def template_text_of(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_single_exported_template_keeps_both_fields() -> None:
    template = card()
    for fmt in ("yaml", "json"):
        text = export_template(template, fmt)  # type: ignore[arg-type]
        assert "output_schema" in text and "tools" in text
    assert template_text(template).index("output_schema") > template_text(template).index(
        "messages"
    )


@pytest.mark.parametrize("suffix", ["", "-ko"])
def test_the_starter_set_has_a_schema_and_a_calculator_template_per_language(suffix: str) -> None:
    starters = Library(STARTER_DIR)
    contact = starters.load(f"contact-card{suffix}")
    fields = fields_from_schema(contact.output_schema)
    assert fields and fields[0].required and all(f.description for f in fields)
    calculator = starters.load(f"calculator-tool{suffix}")
    assert calculator.tools == [builtin_spec("calculator")]
    assert calculator.output_schema is None
    if suffix:
        assert fields[0].name == "이름" and "이름" in fields[0].description
