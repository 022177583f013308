"""AppTest flows of the Playground: chat with stats, templates, errors, chains and trees."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.pages_support import button, chat_bodies, clock_per_look, count_deltas, errors
from workbench.library.store import Library
from workbench.ollama.client import OllamaService
from workbench.settings import load_settings
from workbench.templates.rendering import Message, Template, Variable

open_playground = partial(pages_support.open_page, "pages/playground.py", no_exception=True)
markdown = partial(pages_support.texts, kinds=("markdown", "text"))
captions = partial(pages_support.texts, kinds=("caption",))


def send(at: AppTest, text: str, label: str = "Send") -> None:
    at.text_area(key="pg.message").input(text)
    button(at, label).click().run()
    assert not at.exception


def expected_answer(daemon: FakeOllama, model: str, messages: list[dict[str, Any]]) -> str:
    """What the deterministic fake answers to exactly this conversation."""
    client = OllamaService(daemon.url)
    try:
        return client.chat(model, messages).consume()
    finally:
        client.close()


@pytest.mark.parametrize(
    ("language", "title", "send_label"),
    [("en", "Playground", "Send"), ("ko", "플레이그라운드", "보내기")],
)
def test_the_page_offers_only_chat_models(workbench_env, language, title, send_label) -> None:
    at = open_playground(language)
    assert at.title[0].value.endswith(title)
    assert any(b.label == send_label for b in at.button)
    assert at.selectbox(key="pg.model").options == ["gemma3:270m", "qwen3:0.6b", "llava:7b"]


def test_send_streams_the_answer_and_its_stats(workbench_env: FakeOllama) -> None:
    at = open_playground()
    at.selectbox(key="pg.model").select("gemma3:270m").run()
    send(at, "Why is the sky blue?")
    question = [{"role": "user", "content": "Why is the sky blue?"}]
    assert expected_answer(workbench_env, "gemma3:270m", question) in markdown(at)
    stats = captions(at)
    for label in ["first token", "total", "load", "prompt tokens", "24 output tokens", "tokens/s"]:
        assert label in stats
    assert at.text_area(key="pg.message").value == ""


def test_follow_ups_keep_the_conversation_and_clear_forgets_it(workbench_env) -> None:
    at = open_playground()
    at.text_area(key="pg.system").input("Answer briefly.").run()
    send(at, "Why is the sky blue?")
    send(at, "And at sunset?")
    last = chat_bodies(workbench_env)[-1]["messages"]
    assert [m["role"] for m in last] == ["system", "user", "assistant", "user"]
    assert last[0]["content"] == "Answer briefly." and last[-1]["content"] == "And at sunset?"
    assert len([m for m in at.chat_message if m.name == "assistant"]) == 2
    button(at, "Clear the chat").click().run()
    assert not at.chat_message


def test_a_thinking_model_shows_its_thinking_apart(workbench_env: FakeOllama) -> None:
    at = open_playground()
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    assert at.toggle(key="pg.think").value is True
    send(at, "What is a tide?")
    thinking = next(e for e in at.expander if e.label == "Thinking")
    assert "the user is asking about" in thinking.markdown[0].value
    assert chat_bodies(workbench_env)[-1]["think"] is True


def test_parameters_are_sent_only_when_changed_and_reset(workbench_env: FakeOllama) -> None:
    at = open_playground()
    assert at.number_input(key="pg.param.seed").value == -1
    at.slider(key="pg.param.temperature").set_value(0.2).run()
    at.number_input(key="pg.param.seed").set_value(7).run()
    assert "temperature=0.2, seed=7" in captions(at)
    send(at, "Hello")
    assert chat_bodies(workbench_env)[-1]["options"] == {"temperature": 0.2, "seed": 7}
    button(at, "Reset to defaults").click().run()
    assert at.slider(key="pg.param.temperature").value == 1.0  # gemma3:270m's own PARAMETER
    send(at, "Hello again")
    assert "options" not in chat_bodies(workbench_env)[-1]


def test_template_variables_fill_the_prompt(workbench_env: FakeOllama) -> None:
    at = open_playground()
    at.selectbox(key="pg.template").select("structured-prompt").run()
    at.text_input(key="pg.var.structured-prompt.topic").input("tide pools").run()
    button(at, "Send the filled-in template").click().run()
    assert not at.exception
    prompt = chat_bodies(workbench_env)[-1]["messages"][-1]["content"]
    assert prompt.startswith("Write a blog post about tide pools.")
    assert "output tokens" in captions(at)


def test_a_templates_system_part_becomes_the_system_prompt(workbench_env: FakeOllama) -> None:
    at = open_playground()
    at.selectbox(key="pg.template").select("role-prompt").run()
    button(at, "Send the filled-in template").click().run()
    system = at.text_area(key="pg.system").value
    assert system.startswith("You are a senior data engineer with ten years of experience.")
    first = chat_bodies(workbench_env)[-1]["messages"][0]
    assert first == {"role": "system", "content": system}


def test_choosing_a_template_applies_its_model_and_parameters(workbench_env) -> None:
    template = Template(
        id="terse",
        name="Terse",
        messages=[Message("user", "{{q}}")],
        variables=[Variable("q", default="Why?")],
        model="qwen3:0.6b",
        parameters={"temperature": 0.1, "num_ctx": 2048, "stop": ["###"]},
    )
    Library(load_settings().templates_dir).save(template, None)
    at = open_playground()
    at.selectbox(key="pg.template").select("terse").run()
    assert at.selectbox(key="pg.model").value == "qwen3:0.6b"
    assert at.slider(key="pg.param.temperature").value == pytest.approx(0.1)
    assert at.number_input(key="pg.param.num_ctx").value == 2048
    assert "temperature=0.1, num_ctx=2048" in captions(at)


def test_a_missing_template_value_is_explained_and_blocks_sending(workbench_env) -> None:
    at = open_playground()
    at.selectbox(key="pg.template").select("structured-prompt").run()
    at.text_input(key="pg.var.structured-prompt.topic").input("").run()
    assert "Missing values: topic" in errors(at)
    assert button(at, "Send the filled-in template").disabled


def test_an_unknown_model_error_keeps_the_history(workbench_env: FakeOllama) -> None:
    at = open_playground()
    send(at, "First question")
    first_answer = next(m for m in at.chat_message if m.name == "assistant").markdown[0].value
    workbench_env.remove_model("gemma3:270m")
    send(at, "Second question")
    assert "The model 'gemma3:270m' was not found" in errors(at)
    assert first_answer in markdown(at)
    assert "Second question" in markdown(at)
    assert any(b.label == "Retry" for b in at.button)


def test_a_daemon_failing_mid_stream_keeps_the_partial_answer(workbench_env) -> None:
    at = open_playground()
    send(at, "First question")
    workbench_env.drop_stream_after(3)
    send(at, "Second question")
    assert "closed the connection in the middle of the answer" in errors(at)
    assert "First question" in markdown(at)
    button(at, "Retry").click().run()
    assert not at.error
    last = chat_bodies(workbench_env)[-1]["messages"]
    assert [m["role"] for m in last] == ["user", "assistant", "user"]


def test_a_vision_model_accepts_images(workbench_env: FakeOllama) -> None:
    at = open_playground()
    at.selectbox(key="pg.model").select("llava:7b").run()
    assert at.get("file_uploader")
    at.selectbox(key="pg.model").select("gemma3:270m").run()
    assert not at.get("file_uploader")


def test_the_reverse_prompt_chain_runs_four_steps_then_saves(workbench_env) -> None:
    at = open_playground()
    button(at, "Run all steps").click().run()
    assert not at.exception
    bodies = chat_bodies(workbench_env)
    assert [len(b["messages"]) for b in bodies] == [1, 3, 5, 7]
    assert "Step 4 of 4" in captions(at)
    found = at.text_area(key="pg.found.1")
    found.input("Write about [[topic: hiking backpacks]] for [[audience: beginners]].").run()
    assert "Variables: topic, audience" in captions(at)
    at.text_input(key="pg.found_name.1").input("Backpack copy").run()
    button(at, "Save as template").click().run()
    assert "Saved Backpack copy as backpack-copy (version 1)." in [s.value for s in at.success]
    saved = Library(load_settings().templates_dir).load("backpack-copy")
    assert [v.name for v in saved.variables] == ["topic", "audience"]


def test_tree_of_thoughts_shows_the_tree(workbench_env: FakeOllama) -> None:
    at = open_playground()
    at.number_input(key="pg.tree_breadth").set_value(2).run()
    at.number_input(key="pg.tree_rounds").set_value(2).run()
    button(at, "Grow the tree").click().run()
    assert not at.exception
    assert len(chat_bodies(workbench_env)) == 8
    text = markdown(at)
    assert "Round 1" in text and "Round 2" in text
    assert text.count("✅ chosen") == 2
    assert "Best thought" in "\n".join(s.value for s in at.success)


def test_the_page_in_korean(workbench_env: FakeOllama) -> None:
    at = open_playground("ko")
    assert at.title[0].value.endswith("플레이그라운드")
    send(at, "하늘은 왜 파란가요?", label="보내기")
    assert "첫 토큰" in captions(at) and "출력 토큰" in captions(at)


def test_the_template_picker_searches_a_large_library(workbench_env: FakeOllama) -> None:
    open_playground()
    lib = Library(load_settings().templates_dir)
    for number in range(80):
        ask = [Message("user", f"Describe item {number}.")]
        lib.save(Template(id=f"gen-{number:02d}", name=f"Item {number:02d}", messages=ask), None)
    at = open_playground()
    assert len(at.selectbox(key="pg.template").options) == 50
    at.text_input(key="pg.template_search").input("item 42").run()
    assert at.selectbox(key="pg.template").options == ["Item 42 (gen-42)"]
    at.selectbox(key="pg.template").select("gen-42").run()
    at.text_input(key="pg.template_search").input("slogan").run()
    assert "Item 42 (gen-42)" in at.selectbox(key="pg.template").options
    assert at.selectbox(key="pg.template").value == "gen-42"


def deltas_for_an_answer(daemon: FakeOllama, monkeypatch, tokens: int) -> tuple[int, str]:
    """Elements sent while the Playground answers with `tokens` tokens, and the answer shown."""
    daemon.settings.answer_tokens = tokens
    at = open_playground()
    at.number_input(key="pg.param.num_predict").set_value(2000).run()
    with monkeypatch.context() as patch:
        sent = count_deltas(patch)
        send(at, "Tell me a long story.")
    return sent[0], at.session_state["pg.turns"][-1].content


def test_a_long_answer_is_redrawn_per_interval_not_per_token(workbench_env, monkeypatch) -> None:
    """1,000 tokens, one per millisecond by the throttle's clock: about 10 redraws at 100 ms."""
    clock_per_look(monkeypatch, 0.001)
    short, _ = deltas_for_an_answer(workbench_env, monkeypatch, 10)
    long, answer = deltas_for_an_answer(workbench_env, monkeypatch, 1000)
    assert len(answer.split()) > 800
    settled_blocks = len(answer) // 1000 + 1
    assert long - short <= 11 * 2 + settled_blocks


def test_a_template_without_parameters_leaves_the_users_parameters(workbench_env) -> None:
    template = Template(id="plain", name="Plain", messages=[Message("user", "{{q}}")])
    template.variables = [Variable("q", default="Why?")]
    Library(load_settings().templates_dir).save(template, None)
    at = open_playground()
    at.slider(key="pg.param.temperature").set_value(0.2).run()
    at.number_input(key="pg.param.num_predict").set_value(60).run()
    at.selectbox(key="pg.template").select("plain").run()
    assert at.slider(key="pg.param.temperature").value == pytest.approx(0.2)
    assert at.number_input(key="pg.param.num_predict").value == 60


def test_switching_models_keeps_changed_parameters_only(workbench_env) -> None:
    at = open_playground()
    assert at.number_input(key="pg.param.top_k").value == 64  # gemma3:270m's own PARAMETER
    at.number_input(key="pg.param.num_predict").set_value(60).run()
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    assert at.number_input(key="pg.param.num_predict").value == 60
    assert at.number_input(key="pg.param.top_k").value != 64
    assert "num_predict=60" in captions(at)


def test_the_last_model_is_remembered_across_sessions(workbench_env) -> None:
    first = open_playground()
    first.selectbox(key="pg.model").select("qwen3:0.6b").run()
    again = open_playground()
    assert again.selectbox(key="pg.model").value == "qwen3:0.6b"
    assert "qwen3:0.6b" in (load_settings().data_dir / "preferences.json").read_text()


def test_min_p_and_stop_strings_are_sent_and_a_cut_answer_is_marked(workbench_env) -> None:
    at = open_playground()
    at.slider(key="pg.param.min_p").set_value(0.1).run()
    at.text_area(key="pg.param.stop").input("###\n끝\n\\n\\n").run()
    at.number_input(key="pg.param.num_predict").set_value(3).run()
    send(at, "Tell me about tide pools")
    options = chat_bodies(workbench_env)[-1]["options"]
    assert options["min_p"] == pytest.approx(0.1)
    assert options["stop"] == ["###", "끝", "\n\n"]
    assert options["num_predict"] == 3
    assert any("Cut off after 3 tokens" in w.value for w in at.warning)


def test_an_answer_that_ends_by_itself_is_not_marked_as_cut(workbench_env) -> None:
    at = open_playground()
    send(at, "Hello")
    assert not any("Cut off" in w.value for w in at.warning)


def test_open_in_compare_takes_the_prompt_and_the_model(workbench_env) -> None:
    at = open_playground()
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    at.text_area(key="pg.system").input("너는 간결하게 답해.").run()
    at.number_input(key="pg.param.num_predict").set_value(60).run()
    at.slider(key="pg.param.min_p").set_value(0.1).run()
    send(at, "조수 웅덩이가 뭐야?")
    button(at, "Compare").click().run()
    assert not at.exception
    (variant,) = at.session_state["compare.variants"]
    assert variant["messages"] == [
        {"role": "system", "content": "너는 간결하게 답해."},
        {"role": "user", "content": "조수 웅덩이가 뭐야?"},
    ]
    assert at.multiselect(key="compare.models").value == ["qwen3:0.6b"]
    name = at.text_input(key=f"compare.variant.{variant['id']}.name").value
    assert name == "Playground: 조수 웅덩이가 뭐야?"
    (param_set,) = at.session_state["compare.params_saved"]  # it replaces the blank default set
    assert param_set["name"] == name and param_set["num_predict"] == 60
    assert "left out: min_p" in " ".join(c.value for c in at.caption)


def test_save_the_last_answer_to_history(workbench_env) -> None:
    from workbench.history import History

    at = open_playground()
    at.number_input(key="pg.param.num_predict").set_value(40).run()
    at.text_area(key="pg.system").input("짧게 답해.").run()
    send(at, "하늘은 왜 파래?")
    button(at, "Save to History").click().run()
    assert not at.exception
    assert any("Saved as" in s.value for s in at.success)
    history = History(load_settings().history_db)
    (summary,) = history.list_runs()
    run = history.load_run(summary.id)
    assert summary.answered == 1 and run.name == "Playground · gemma3:270m"
    assert [dict(m) for m in run.cells[0].messages] == [
        {"role": "system", "content": "짧게 답해."},
        {"role": "user", "content": "하늘은 왜 파래?"},
    ]
    (attempt,) = run.attempts
    assert attempt.text == at.session_state["pg.turns"][-1].content
    assert attempt.options["num_predict"] == 40 and attempt.output_tokens
    history.close()


def test_nothing_to_save_before_an_answer(workbench_env) -> None:
    at = open_playground()
    assert not [b for b in at.button if b.label == "Save to History"]


def test_the_context_meter_estimates_then_shows_the_daemons_count(workbench_env) -> None:
    at = open_playground()
    at.number_input(key="pg.param.num_ctx").set_value(64).run()
    at.text_area(key="pg.message").input("조수 웅덩이 " * 20).run()
    assert any(
        "of 64 tokens of context (num_ctx set here)" in p.proto.text for p in at.get("progress")
    )
    assert any("probably longer than the 64-token context" in w.value for w in at.warning)
    send(at, "Hello")
    counted = at.session_state["pg.turns"][-1].stats.prompt_tokens
    assert f"Last prompt: {counted} tokens, counted by the model, of 64." in captions(at)


# --- structured output and tool calling (issue 15) ---------------------------------------------

WEATHER = {
    "name": "get_weather",
    "description": "The weather in a city now",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string", "description": "The city"}},
        "required": ["city"],
    },
}


def save_template(template_id: str, question: str, **fields: Any) -> None:
    """Put a one-message template into the library (the page lists it on its next run)."""
    from workbench.tools import tool_from_dict

    tools = [tool_from_dict(tool) for tool in fields.pop("tools", [])]
    template = Template(id=template_id, name=template_id, messages=[Message("user", question)])
    template.tools = tools
    for name, value in fields.items():
        setattr(template, name, value)
    Library(load_settings().templates_dir).save(template, None)


def send_template(at: AppTest, template_id: str, model: str = "qwen3:0.6b") -> None:
    at.selectbox(key="pg.model").select(model).run()
    at.selectbox(key="pg.template").select(template_id).run()
    button(at, "Send the filled-in template").click().run()
    assert not at.exception


def successes(at: AppTest) -> str:
    return "\n".join(s.value for s in at.success)


def test_a_schema_answer_is_validated_and_shown_as_a_table(workbench_env) -> None:
    at = open_playground()
    send_template(at, "contact-card")
    assert at.radio(key="pg.output_mode").value == "schema"
    (body,) = chat_bodies(workbench_env)
    assert body["format"]["properties"]["email"] == {
        "type": "string",
        "description": "Email address",
    }
    assert not body.get("tools")
    assert "Valid against the schema." in successes(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["field", "value"]
    assert {"name", "company", "email", "topics"} <= set(table["field"])
    shown = "\n".join(c.value for c in at.code)
    answer = json.loads(at.session_state["pg.turns"][-1].content)
    assert json.dumps(answer, indent=2, ensure_ascii=False) in shown


def test_an_answer_that_breaks_the_schema_lists_each_violation(workbench_env) -> None:
    workbench_env.format_fault("qwen3:0.6b", "wrong")
    at = open_playground()
    send_template(at, "contact-card")
    problems = errors(at)
    assert "The answer does not match the schema" in problems
    assert "`$" in problems and "Valid against" not in successes(at)


def test_json_mode_sends_format_json_and_shows_the_value(workbench_env) -> None:
    at = open_playground()
    at.radio(key="pg.output_mode").set_value("json").run()
    send(at, "Describe a tide pool as JSON.")
    assert chat_bodies(workbench_env)[-1]["format"] == "json"
    assert "✅ Valid JSON." in captions(at)
    assert at.dataframe and "Valid against" not in successes(at)


def test_an_answer_cut_by_num_predict_shows_the_raw_text_and_the_hint(workbench_env) -> None:
    at = open_playground()
    at.number_input(key="pg.param.num_predict").set_value(6).run()
    send_template(at, "contact-card", model="gemma3:270m")
    assert chat_bodies(workbench_env)[-1]["options"]["num_predict"] == 6
    assert "The answer is not valid JSON" in errors(at)
    hint = "\n".join(w.value for w in at.warning)
    assert "before the JSON was complete. Raise num_predict" in hint
    raw = at.session_state["pg.turns"][-1].content
    assert raw.strip() and raw in [c.value for c in at.code]
    assert not at.dataframe


def test_a_malformed_answer_is_shown_raw_with_the_parse_error(workbench_env) -> None:
    workbench_env.format_fault("qwen3:0.6b", "malformed")
    at = open_playground()
    send_template(at, "contact-card")
    assert "The answer is not valid JSON" in errors(at)
    assert not any("Raise num_predict" in w.value for w in at.warning)


def test_an_invalid_schema_is_refused_at_the_field(workbench_env) -> None:
    at = open_playground()
    at.radio(key="pg.output_mode").set_value("schema").run()
    at.radio(key="pg.schema_editor.0.mode").set_value("json").run()
    at.text_area(key="pg.schema_editor.0.json").input('{"type": "object", "properties": [}').run()
    assert "The schema is not valid JSON" in errors(at)
    assert "Sending is paused" in captions(at)
    assert button(at, "Send").disabled
    at.text_area(key="pg.schema_editor.0.json").input('{"type": "objekt"}').run()
    assert "breaks the JSON Schema rules" in errors(at)
    at.text_area(key="pg.schema_editor.0.json").input('{"type": "object"}').run()
    assert not button(at, "Send").disabled
    assert not chat_bodies(workbench_env)


def test_the_calculator_tool_runs_and_the_model_answers(workbench_env) -> None:
    at = open_playground()
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    at.selectbox(key="pg.template").select("calculator-tool").run()
    send(at, "How much flour for 7 people, if 4 need 350 g? Work out 350 * 7 / 4 for me")
    first, second = chat_bodies(workbench_env)
    assert [tool["function"]["name"] for tool in first["tools"]] == ["calculator"]
    sent = second["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool"]
    (call,) = sent[1]["tool_calls"]
    assert call["function"] == {"name": "calculator", "arguments": {"expression": "350 * 7 / 4"}}
    assert sent[2] == {"role": "tool", "content": "612.5", "tool_name": "calculator"}
    calling, final = at.session_state["pg.turns"][1:]
    assert calling.tool_results[0].source == "builtin" and final.content and not final.tool_calls
    assert "The model calls **calculator** with:" in markdown(at)
    assert "Result of the built-in tool, sent to the model:" in captions(at)
    assert "612.5" in [c.value for c in at.code]
    assert final.content in markdown(at)


def test_the_user_answers_for_a_custom_tool(workbench_env) -> None:
    save_template("weather", "What is the weather in Seoul?", tools=[WEATHER])
    at = open_playground()
    send_template(at, "weather")
    assert len(chat_bodies(workbench_env)) == 1
    assert "waits for the results of its tool calls" in "\n".join(i.value for i in at.info)
    button(at, "Send the result").click().run()
    assert "Type a result first" in "\n".join(w.value for w in at.warning)
    at.text_area(key="pg.tool_result.1.0").input("맑음, 21°C").run()
    button(at, "Send the result").click().run()
    assert not at.exception
    last = chat_bodies(workbench_env)[-1]["messages"]
    assert last[-1] == {"role": "tool", "content": "맑음, 21°C", "tool_name": "get_weather"}
    assert "Your result, sent to the model:" in captions(at)
    assert not at.session_state["pg.turns"][-1].tool_calls


def test_arguments_that_fail_the_schema_are_answered_as_a_tool_error(workbench_env) -> None:
    strict = {**WEATHER, "parameters": {**WEATHER["parameters"]}}
    code = {"type": "string", "pattern": "^[A-Z]{3}$", "description": "IATA city code"}
    strict["parameters"]["properties"] = {"city": code}
    save_template("strict-weather", "What is the weather in Seoul?", tools=[strict])
    at = open_playground()
    send_template(at, "strict-weather")
    sent = chat_bodies(workbench_env)[-1]["messages"]
    assert sent[-1]["role"] == "tool" and sent[-1]["content"].startswith("Error: $.city:")
    assert "Answered to the model as a tool error: $.city:" in errors(at)
    assert at.session_state["pg.turns"][-1].content  # the model answered; the chat goes on


def test_a_call_to_an_unknown_tool_is_answered_as_a_tool_error(workbench_env, monkeypatch):
    from workbench.playground import OutputSettings
    from workbench.tools import ToolSpec, tool_payload

    offered = OutputSettings.payload
    ghost = tool_payload(ToolSpec("ghost_tool", "A tool the model imagines"))
    monkeypatch.setattr(OutputSettings, "payload", lambda self: [*offered(self), ghost])
    at = open_playground()
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    at.selectbox(key="pg.template").select("calculator-tool").run()
    send(at, "Call the ghost tool, please.")
    sent = chat_bodies(workbench_env)[-1]["messages"]
    assert (
        sent[-1]["content"]
        == "Error: There is no tool called 'ghost_tool'. Known tools: calculator."
    )
    assert "Answered to the model as a tool error: There is no tool called" in errors(at)
    assert len(at.session_state["pg.turns"]) == 3


def test_the_step_limit_stops_a_model_that_keeps_calling_tools(workbench_env) -> None:
    workbench_env.settings.always_call_tools = True
    at = open_playground()
    send_template(at, "calculator-tool")
    assert len(chat_bodies(workbench_env)) == 5
    assert "Stopped after 5 tool steps in a row" in "\n".join(w.value for w in at.warning)
    assert len(at.session_state["pg.turns"]) == 6
    workbench_env.settings.always_call_tools = False
    send(at, "Answer now without tools.")
    assert len(chat_bodies(workbench_env)) == 7  # one more call, then the answer
    assert not at.session_state["pg.turns"][-1].tool_calls
    assert not any("Stopped after" in w.value for w in at.warning)


def test_tools_on_a_model_without_them_are_flagged_and_not_sent(workbench_env) -> None:
    at = open_playground()
    at.selectbox(key="pg.template").select("calculator-tool").run()
    at.selectbox(key="pg.model").select("gemma3:270m").run()
    warning = "\n".join(w.value for w in at.warning)
    assert "Tool calling needs a model with the tools capability, and **gemma3:270m**" in warning
    assert button(at, "Send").disabled and button(at, "Send the filled-in template").disabled
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    assert not at.warning and not button(at, "Send").disabled


def test_thinking_switched_off_by_a_model_without_it_is_explained(workbench_env) -> None:
    at = open_playground()
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    assert at.toggle(key="pg.think").value is True
    at.selectbox(key="pg.model").select("gemma3:270m").run()
    notes = "\n".join(i.value for i in at.info)
    assert "needs the thinking capability, and **gemma3:270m** has none" in notes
    send(at, "Hello")
    assert "think" not in chat_bodies(workbench_env)[-1]
    button(at, "Keep thinking off").click().run()
    assert not at.info
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    assert at.toggle(key="pg.think").value is False


def test_open_in_compare_carries_the_schema_and_the_tools(workbench_env) -> None:
    at = open_playground()
    at.selectbox(key="pg.model").select("qwen3:0.6b").run()
    at.selectbox(key="pg.template").select("contact-card").run()
    at.selectbox(key="pg.template").select("calculator-tool").run()
    send(at, "Dana Kim, dana@riverbank.example")
    assert chat_bodies(workbench_env)[-1]["format"]["required"] == ["name"]
    button(at, "Compare").click().run()
    assert not at.exception
    (variant,) = at.session_state["compare.variants"]
    assert variant["output_schema"]["properties"]["topics"]["type"] == "array"
    assert [tool.name for tool in variant["tools"]] == ["calculator"]
    assert variant["messages"][-1] == {
        "role": "user",
        "content": "Dana Kim, dana@riverbank.example",
    }


def test_the_output_settings_survive_a_page_switch(workbench_env) -> None:
    at = open_playground()
    at.selectbox(key="pg.template").select("calculator-tool").run()
    at.radio(key="pg.output_mode").set_value("json").run()
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/playground.py").run()
    assert at.radio(key="pg.output_mode").value == "json"
    assert at.text_input(key="pg.tools_editor.1.0.name").value == "calculator"
