"""AppTest flows of the Templates page: library, editor, versions, import/export, builders."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.pages_support import button, errors, texts, widget
from workbench.library.store import Library
from workbench.settings import load_settings
from workbench.templates import Template
from workbench.templates.rendering import Message

OPEN_WEBUI = [
    {
        "command": "/summarize",
        "title": "Summarize",
        "content": "Summarize this for {{audience}}:\n\n{{text}}",
        "user_id": "u1",
        "timestamp": 1718000000,
    }
]


def library() -> Library:
    return Library(load_settings().templates_dir)


open_templates = partial(pages_support.open_page, "pages/templates.py", no_exception=True)


def open_template(at: AppTest, template_id: str) -> None:
    at.selectbox(key="tpl.pick").select(template_id).run()
    button(at, "Open").click().run()
    assert not at.exception


def listed_ids(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["ID"])


@pytest.mark.parametrize(("language", "title"), [("en", "Templates"), ("ko", "템플릿")])
def test_the_library_is_seeded_and_listed(workbench_env, language: str, title: str) -> None:
    at = open_templates(language)
    assert at.title[0].value.endswith(title)
    assert len(listed_ids(at)) == 26
    assert {"few-shot", "few-shot-ko", "reverse-prompt"} <= set(listed_ids(at))
    assert not at.error


def test_search_and_filters(workbench_env: FakeOllama) -> None:
    at = open_templates()
    at.text_input(key="tpl.search").input("slogan").run()
    assert listed_ids(at) == ["few-shot"]
    at.text_input(key="tpl.search").input("").run()
    at.selectbox(key="tpl.filter_technique.en").select("tree-of-thoughts").run()
    at.selectbox(key="tpl.filter_language.en").select("ko").run()
    assert listed_ids(at) == ["tree-of-thoughts-ko"]


def test_filters_survive_a_language_switch(workbench_env: FakeOllama) -> None:
    at = open_templates()
    at.selectbox(key="tpl.filter_technique.en").select("few-shot").run()
    at.session_state["language"] = "ko"
    at.run()
    assert at.selectbox(key="tpl.filter_technique.ko").value == "few-shot"
    assert sorted(listed_ids(at)) == [
        "few-shot",
        "few-shot-chat",
        "few-shot-chat-ko",
        "few-shot-ko",
    ]


def test_open_edit_and_save_creates_version_2(workbench_env: FakeOllama) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    assert any("editing version 1" in s.value for s in at.subheader)
    widget(at.text_area, "Message 1").input("{{instruction}}\n\nAnswer in one sentence.").run()
    button(at, "Save").click().run()
    assert not at.exception
    assert "Saved Zero-shot: classify sentiment as version 2." in [s.value for s in at.success]
    assert library().get("zero-shot").version == 2
    assert "Answer in one sentence." in library().load("zero-shot").messages[0].text
    history = next(d.value for d in at.dataframe if "Saved at" in d.value.columns)
    assert list(history["Version"]) == [2, 1]
    assert any(c.language == "diff" and "Answer in one sentence." in c.value for c in at.code)


def test_a_stale_save_shows_the_diff_and_overwrites_nothing(workbench_env: FakeOllama) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    theirs = replace(library().load("zero-shot"), description="Changed by a teammate.")
    assert library().save(theirs, 1) == 2
    widget(at.text_area, "Message 1").input("{{instruction}}\n\nMy own edit.").run()
    button(at, "Save").click().run()
    assert "was changed by someone else" in errors(at)
    diff = next(c.value for c in at.code if c.language == "diff")
    assert "+    My own edit." in diff or "My own edit." in diff
    assert "Changed by a teammate." in diff
    assert library().load("zero-shot").description == "Changed by a teammate."
    assert library().get("zero-shot").version == 2
    button(at, "Discard my edits and open the library's version").click().run()
    assert any("editing version 2" in s.value for s in at.subheader)


def test_a_broken_file_is_listed_with_its_reason(workbench_env: FakeOllama) -> None:
    at = open_templates()
    (library().root / "broken.yaml").write_text("id: broken\nname: [unclosed\n", "utf-8")
    at.run()
    frame = at.dataframe[0].value
    row = frame[frame["ID"] == "broken"].iloc[0]
    assert row["Status"].startswith("⚠️ cannot be read")
    assert "1 file(s) in the library cannot be read" in at.warning[0].value
    assert len(frame) == 27


def test_new_template_offers_to_declare_variables_and_previews_errors(workbench_env) -> None:
    at = open_templates()
    button(at, "New template").click().run()
    widget(at.text_area, "Message 1").input("Hello {{ name }}, welcome to {{ place }}.").run()
    assert "Variables used but not declared: name, place" in errors(at)
    button(at, "Declare them (2)").click().run()
    assert "Missing values: name, place" in errors(at)
    widget(at.text_area, "Message 1").input("Hello {{ name ").run()
    assert "line 1, column" in errors(at)


def test_a_template_with_defaults_previews_its_messages(workbench_env) -> None:
    at = open_templates()
    open_template(at, "few-shot")
    preview = [m for m in at.chat_message if m.name == "user"]
    assert "Now do the same for this input:\nElectric bike" in preview[0].text[0].value


def test_import_an_open_webui_export(workbench_env: FakeOllama) -> None:
    at = open_templates()
    at.text_area(key="tpl.import_text").input(json.dumps(OPEN_WEBUI)).run()
    button(at, "Import").click().run()
    assert "Imported summarize as summarize (version 1)." in [s.value for s in at.success]
    template = library().load("summarize")
    assert [v.name for v in template.variables] == ["audience", "text"]
    assert "summarize" in listed_ids(at)


def test_a_bad_import_says_why(workbench_env: FakeOllama) -> None:
    at = open_templates()
    at.text_area(key="tpl.import_text").input("{not json").run()
    button(at, "Import").click().run()
    assert "Cannot import" in errors(at)


def test_export_selected_templates(workbench_env: FakeOllama) -> None:
    at = open_templates()
    at.multiselect(key="tpl.export_ids").select("few-shot").select("role-prompt").run()
    exported = next(c.value for c in at.code if "ollama-workbench/templates" in c.value)
    assert "id: few-shot" in exported and "id: role-prompt" in exported
    assert at.get("download_button")
    at.radio(key="tpl.export_format").set_value("json").run()
    exported = next(c.value for c in at.code if "ollama-workbench/templates" in c.value)
    assert [t["id"] for t in json.loads(exported)["templates"]] == ["few-shot", "role-prompt"]


def test_a_builder_produces_an_editable_template(workbench_env: FakeOllama) -> None:
    at = open_templates()
    at.selectbox(key="tpl.builder.en").select("role").run()
    at.text_input(key="tpl.b.persona").input("a patient math tutor")
    at.text_input(key="tpl.b.expertise").input("algebra")
    button(at, "Build the template").click().run()
    assert not at.exception
    assert any("new, not saved yet" in s.value for s in at.subheader)
    assert widget(at.text_input, "ID").value == "role-a-patient-math-tutor"
    assert "Missing values: task" in errors(at)
    button(at, "Save").click().run()
    assert library().load("role-a-patient-math-tutor").technique == "role"


def test_the_builder_language_follows_the_ui(workbench_env: FakeOllama) -> None:
    at = open_templates("ko")
    assert at.radio(key="tpl.builder_language").value == "ko"
    at.text_input(key="tpl.b.kind").input("블로그 글")
    at.text_input(key="tpl.b.topic").input("로컬 LLM")
    button(at, "템플릿 만들기").click().run()
    assert widget(at.text_input, "ID").value == "structured-llm-ko"
    preview = next(m for m in at.chat_message if m.name == "user").text[0].value
    assert preview.startswith("로컬 LLM에 관한 블로그 글 한 편을 작성해 주세요.")


def test_delete_duplicate_and_restore(workbench_env: FakeOllama) -> None:
    at = open_templates()
    open_template(at, "one-shot")
    button(at, "Duplicate").click().run()
    assert library().get("one-shot-copy").version == 1
    assert any("(copy)" in s.value for s in at.subheader)
    button(at, "Delete").click().run()
    assert "Delete One-shot" in at.warning[0].value
    button(at, "Yes, delete it").click().run()
    assert "one-shot-copy" not in [e.id for e in library().entries()]
    assert library().deleted() == ["one-shot-copy"]
    at.selectbox(key="tpl.deleted_pick").select("one-shot-copy").run()
    button(at, "Restore its last version").click().run()
    assert library().get("one-shot-copy").version == 2


def test_restore_an_old_version_from_the_history(workbench_env: FakeOllama) -> None:
    lib = library()
    at = open_templates()
    template = lib.load("role-prompt")
    lib.save(replace(template, messages=[Message("user", "{{task}} Be brief.")]), 1)
    open_template(at, "role-prompt")
    button(at, "Restore version 1").click().run()
    assert lib.get("role-prompt").version == 3
    assert lib.load("role-prompt").messages[0].text == template.messages[0].text


def fill_library(count: int) -> None:
    """Add `count` generated templates (every tenth in Korean) next to the starters."""
    lib = library()
    for number in range(count):
        korean = number % 10 == 0
        template = Template(
            id=f"gen-{number:04d}",
            name=f"{'요약' if korean else 'Summary'} {number:04d}",
            messages=[Message("user", f"Summarise item {number}.")],
            language="ko" if korean else "en",
        )
        lib.save(template, None)


def test_a_large_library_is_paged_and_the_opener_offers_the_best_matches(workbench_env) -> None:
    open_templates()
    fill_library(120)
    at = open_templates()
    assert len(listed_ids(at)) == 50
    at.number_input(key="tpl.page").set_value(3).run()
    assert len(listed_ids(at)) == 46
    assert len(at.selectbox(key="tpl.pick").options) == 50
    at.text_input(key="tpl.search").input("요약 0110").run()
    assert listed_ids(at) == ["gen-0110"]
    open_template(at, "gen-0110")
    assert any("요약 0110 (gen-0110)" in s.value for s in at.subheader)


def test_opening_another_template_asks_before_discarding_unsaved_edits(workbench_env) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    open_template(at, "few-shot")  # nothing changed: opens without asking
    assert not at.warning or "unsaved" not in " ".join(w.value for w in at.warning)
    widget(at.text_area, "Message 1").input("내 수정 사항").run()
    open_template(at, "zero-shot")
    assert any("unsaved changes" in w.value for w in at.warning)
    assert widget(at.text_area, "Message 1").value == "내 수정 사항"
    button(at, "Keep editing").click().run()
    assert widget(at.text_area, "Message 1").value == "내 수정 사항"
    button(at, "Open").click().run()
    button(at, "Discard changes and open").click().run()
    assert any("Zero-shot" in s.value for s in at.subheader)
    assert not any("unsaved changes" in w.value for w in at.warning)


# --- output schema and tools -------------------------------------------------------------------

SENTIMENT = {
    "type": "object",
    "properties": {"sentiment": {"type": "string", "description": "positive, negative or neutral"}},
    "required": ["sentiment"],
}


def test_a_schema_given_through_the_form_is_saved_and_kept_on_reopening(workbench_env) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    assert "No fields yet" in " ".join(c.value for c in at.caption)
    button(at, "Add a field").click().run()
    widget(at.text_input, "Field 1: name").input("sentiment").run()
    widget(at.text_input, "Field 1: description").input("positive, negative or neutral").run()
    assert widget(at.selectbox, "Field 1: type").value == "string"
    assert any(c.language == "json" and '"sentiment"' in c.value for c in at.code)  # the view
    button(at, "Save").click().run()
    assert not at.exception and not errors(at)
    assert library().load("zero-shot").output_schema == SENTIMENT
    open_template(at, "few-shot")
    open_template(at, "zero-shot")
    assert widget(at.text_input, "Field 1: name").value == "sentiment"
    assert widget(at.checkbox, "Field 1: required").value is True
    fresh = open_templates()
    open_template(fresh, "zero-shot")
    assert widget(fresh.text_input, "Field 1: name").value == "sentiment"
    assert any(c.language == "json" and '"sentiment"' in c.value for c in fresh.code)


def test_bad_json_is_refused_at_the_field_and_nothing_is_saved(workbench_env) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    widget(at.radio, "Edit the schema as").set_value("json").run()
    widget(at.text_area, "Output schema (JSON Schema)").input('{"type": "object",}').run()
    assert "not valid JSON" in errors(at) and "line 1, column" in errors(at)
    assert button(at, "Save").disabled
    widget(at.text_area, "Output schema (JSON Schema)").input('{"type": "objekt"}').run()
    assert "breaks the JSON Schema rules" in errors(at)
    assert button(at, "Save").disabled
    assert library().get("zero-shot").version == 1
    assert library().load("zero-shot").output_schema is None
    widget(at.text_area, "Output schema (JSON Schema)").input(json.dumps(SENTIMENT)).run()
    assert not errors(at) and not button(at, "Save").disabled
    button(at, "Save").click().run()
    assert library().load("zero-shot").output_schema == SENTIMENT


def test_the_form_and_json_carry_the_schema_over_and_a_nested_one_stays_json(workbench_env) -> None:
    at = open_templates()
    open_template(at, "contact-card-ko")
    assert widget(at.text_input, "Field 1: name").value == "이름"
    assert widget(at.selectbox, "Field 6: type").value == "array"
    widget(at.radio, "Edit the schema as").set_value("json").run()
    text = widget(at.text_area, "Output schema (JSON Schema)").value
    assert json.loads(text) == library().load("contact-card-ko").output_schema
    nested = {"type": "object", "properties": {"주소": {"type": "object"}}}
    widget(at.text_area, "Output schema (JSON Schema)").input(json.dumps(nested)).run()
    widget(at.radio, "Edit the schema as").set_value("form").run()
    assert widget(at.radio, "Edit the schema as").value == "json"
    assert any("cannot show" in i.value for i in at.info)
    assert not button(at, "Save").disabled  # a nested schema is fine, just not in the form


def test_tools_are_added_checked_at_their_field_and_saved(workbench_env) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    assert "No tools" in " ".join(c.value for c in at.caption)
    button(at, "Add this built-in tool").click().run()
    assert widget(at.text_input, "Tool 1: name").value == "calculator"
    button(at, "Add a tool").click().run()
    widget(at.text_input, "Tool 2: name").input("look up").run()
    assert "Tool 'look up', name" in errors(at) and button(at, "Save").disabled
    widget(at.text_input, "Tool 2: name").input("calculator").run()
    assert "another tool has the same name" in errors(at)
    widget(at.text_input, "Tool 2: name").input("look_up").run()
    widget(at.text_area, "Tool 2: parameters (JSON Schema)").input('{"type": "array"}').run()
    assert "Tool 'look_up', parameters" in errors(at) and button(at, "Save").disabled
    widget(at.text_area, "Tool 2: parameters (JSON Schema)").input("").run()
    widget(at.text_area, "Tool 2: what it does").input("Look a word up.").run()
    assert not errors(at)
    button(at, "Save").click().run()
    tools = library().load("zero-shot").tools
    assert [(tool.name, tool.description) for tool in tools] == [
        ("calculator", tools[0].description),
        ("look_up", "Look a word up."),
    ]
    assert tools[1].parameters == {"type": "object", "properties": {}}
    next(b for b in at.button if b.help == "Remove tool 1").click().run()
    assert widget(at.text_input, "Tool 1: name").value == "look_up"


def test_unsaved_schema_and_tools_survive_a_page_switch(workbench_env) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    button(at, "Add a field").click().run()
    widget(at.text_input, "Field 1: name").input("기분").run()
    button(at, "Add this built-in tool").click().run()
    widget(at.text_input, "Tool 1: name").input("calc").run()
    at.switch_page(pages_support.HOME).run()
    at.switch_page("pages/templates.py").run()
    assert widget(at.text_input, "Field 1: name").value == "기분"
    assert widget(at.text_input, "Tool 1: name").value == "calc"
    widget(at.radio, "Edit the schema as").set_value("json").run()
    widget(at.text_area, "Output schema (JSON Schema)").input('{"type": "string"}').run()
    at.switch_page(pages_support.HOME).run()
    at.switch_page("pages/templates.py").run()
    assert widget(at.radio, "Edit the schema as").value == "json"
    assert widget(at.text_area, "Output schema (JSON Schema)").value == '{"type": "string"}'


def test_checks_are_added_refused_at_their_field_and_saved(workbench_env) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    assert "No checks yet" in " ".join(c.value for c in at.caption)
    button(at, "Add a check").click().run()
    assert widget(at.selectbox, "Check 1").value == "contains"
    widget(at.text_area, "Texts, one per line").input("positive\nnegative").run()
    widget(at.selectbox, "Needs").select("any").run()
    assert not errors(at) and not button(at, "Save").disabled
    assert 'contains any of "positive", "negative"' in texts(at, ("text",))  # the read view
    button(at, "Add a check").click().run()
    widget(at.selectbox, "Check 2").select("regex").run()
    widget(at.text_input, "Pattern").input("(positive|negative").run()
    assert "regular expression is not valid: missing )" in errors(at)
    assert "has a check that is not valid" in errors(at)  # the preview says why
    assert button(at, "Save").disabled
    assert library().load("zero-shot").checks == []
    assert widget(at.text_area, "Texts, one per line").value == "positive\nnegative"  # kept
    widget(at.text_input, "Pattern").input("(positive|negative)").run()
    assert not errors(at)
    button(at, "Save").click().run()
    saved = library().load("zero-shot").checks
    assert [(c.kind, dict(c.args)) for c in saved] == [
        ("contains", {"values": ["positive", "negative"], "mode": "any", "ignore_case": False}),
        ("regex", {"pattern": "(positive|negative)", "ignore_case": False}),
    ]
    assert "checks:" in library().export(["zero-shot"])
    open_template(at, "few-shot")
    open_template(at, "zero-shot")
    assert widget(at.text_input, "Pattern").value == "(positive|negative)"
    open_template(at, "few-shot")  # the reopened checks are not an unsaved edit
    assert not any("unsaved changes" in w.value for w in at.warning)
    assert any("Few-shot" in s.value for s in at.subheader)


def test_unsaved_checks_survive_a_page_switch(workbench_env) -> None:
    at = open_templates()
    open_template(at, "zero-shot")
    button(at, "Add a check").click().run()
    widget(at.selectbox, "Check 1").select("length").run()
    widget(at.number_input, "At most").set_value(60).run()
    at.switch_page(pages_support.HOME).run()
    at.switch_page("pages/templates.py").run()
    assert widget(at.selectbox, "Check 1").value == "length"
    assert widget(at.number_input, "At most").value == 60
    assert "≤ 60 words" in texts(at, ("text",))
