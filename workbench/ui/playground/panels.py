"""The Playground's model settings and chat: history, template prompts, streaming with stop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.errors import WorkbenchError
from workbench.i18n import format_number, localized_help
from workbench.library import LibraryEntry
from workbench.modelfile import PARAMETERS
from workbench.ollama import InstalledModel, TextStream, capability_labels
from workbench.playground import (
    CHAT_PARAMETERS,
    Turn,
    chat_options,
    conversation_messages,
    last_exchange_record,
    parameter_defaults,
    parse_stop_lines,
    prompt_to_compare,
    require_filled,
    stats_items,
    stop_lines,
    template_parameters,
)
from workbench.templates import Template, render
from workbench.ui.cache import model_details
from workbench.ui.compare import open_in_compare
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded, show_error
from workbench.ui.kept import forget, keep
from workbench.ui.picker import searched
from workbench.ui.playground.inputs import AVATARS, show_messages, variable_inputs
from workbench.ui.resources import history_store, last_models, service
from workbench.ui.stream_view import LiveAnswer, LiveText

MODEL_KEY = "pg.model"
SYSTEM_KEY = "pg.system"
SYSTEM_NEXT_KEY = "pg.system_next"
THINK_KEY = "pg.think"
TURNS_KEY = "pg.turns"
PENDING_KEY = "pg.pending"
PARTIAL_KEY = "pg.partial"
MESSAGE_KEY = "pg.message"
UPLOADS_KEY = "pg.uploads"
TEMPLATE_KEY = "pg.template"
TEMPLATE_SEARCH_KEY = "pg.template_search"
PAGE = "playground"
DEFAULTS_KEY = "pg.param_defaults"
SLIDERS = {"temperature": 0.05, "top_p": 0.05, "repeat_penalty": 0.05, "min_p": 0.01}


@dataclass(frozen=True)
class RunSettings:
    """Everything a generation needs besides the messages."""

    model: InstalledModel
    system: str
    options: dict[str, Any]
    think: bool | None

    def chat(self, messages: list[dict[str, Any]]) -> TextStream:
        """Start streaming the model's answer to `messages` with these settings."""
        return service().chat(
            self.model.name, messages, options=self.options or None, think=self.think
        )


def turns() -> list[Turn]:
    """The conversation so far (kept in the session)."""
    return st.session_state.setdefault(TURNS_KEY, [])


def finish_interrupted() -> None:
    """Keep an answer whose run was cut short (Stop, or any click mid-stream) as 'stopped'."""
    partial: Turn | None = st.session_state.pop(PARTIAL_KEY, None)
    if partial is not None:
        partial.stopped = True
        turns().append(partial)
        st.session_state.pop(PENDING_KEY, None)


def _forget_parameters() -> None:
    for name in CHAT_PARAMETERS:
        forget(f"pg.param.{name}")


def _forget_untouched() -> None:
    """Let parameters still at the old model's defaults follow the new model's; keep the rest."""
    defaults = st.session_state.get(DEFAULTS_KEY, {})
    for name in CHAT_PARAMETERS:
        key = f"pg.param.{name}"
        if st.session_state.get(key) == _widget_value(name, defaults.get(name)):
            forget(key)


def run_settings(models: list[InstalledModel], host: str) -> RunSettings:
    """Model, system prompt, thinking and parameters, like LM Studio's side panel."""
    names = [m.name for m in models]
    if st.session_state.get(MODEL_KEY) not in names:
        forget(MODEL_KEY)
    remembered = last_models().pick(PAGE, names)
    name = st.selectbox(
        t("playground.model"),
        names,
        key=keep(MODEL_KEY, names[remembered or 0]),
        on_change=_forget_untouched,
    )
    last_models().set(PAGE, name)
    model = next(m for m in models if m.name == name)
    capabilities = capability_labels(model.capabilities, language())
    context = format_number(model.context_length, language()) if model.context_length else "—"
    st.caption(t("playground.model_caption", capabilities=capabilities, context=context))
    if SYSTEM_NEXT_KEY in st.session_state:
        st.session_state[SYSTEM_KEY] = st.session_state.pop(SYSTEM_NEXT_KEY)
    system = st.text_area(
        t("playground.system"),
        key=keep(SYSTEM_KEY, ""),
        height=120,
        placeholder=t("playground.system_placeholder"),
    )
    think = None
    if "thinking" in model.capabilities:
        think = st.toggle(
            t("playground.think"), key=keep(THINK_KEY, True), help=t("playground.think_help")
        )
    options = _parameters(host, model.name)
    return RunSettings(model, system, options, think)


def _parameters(host: str, name: str) -> dict[str, Any]:
    try:
        own = model_details(host, name).parameters
    except WorkbenchError as exc:
        show_error(exc)
        own = {}
    defaults = parameter_defaults(own)
    st.session_state[DEFAULTS_KEY] = defaults
    with st.expander(f"⚙️ {t('playground.parameters')}", expanded=True):
        values = {p: _parameter(p, defaults[p]) for p in CHAT_PARAMETERS}
        st.button(t("playground.reset"), icon="↩️", on_click=_forget_parameters)
    options = chat_options(values, defaults)
    if options:
        changed = ", ".join(f"{k}={v}" for k, v in options.items())
        st.caption(t("playground.sent_options", options=changed))
    else:
        st.caption(t("playground.model_defaults"))
    return options


def _parameter(name: str, default: Any) -> Any:
    spec = PARAMETERS[name]
    key = f"pg.param.{name}"
    keep(key, _widget_value(name, default))
    shown = "—" if default is None else default
    if isinstance(default, list):
        shown = " · ".join(default)
    help_text = localized_help(f"parameter.{name}", spec.help, language())
    help_text += "\n\n" + t("playground.default_is", value=shown)
    label = f"{name} · {t('playground.default_short', value=shown)}"
    if name == "stop":
        text = st.text_area(
            label, key=key, help=help_text + "\n\n" + t("playground.stop_help"), height=68
        )
        return parse_stop_lines(text)
    if name in SLIDERS:
        return st.slider(
            label,
            min(float(spec.min or 0), float(default or 0)),
            max(float(spec.max or 2), float(default or 0)),
            step=SLIDERS[name],
            key=key,
            help=help_text,
        )
    return st.number_input(
        label,
        min_value=None if spec.min is None else int(spec.min),
        step=1,
        key=key,
        help=help_text,
        placeholder=t("playground.unset"),
    )


def _widget_value(name: str, value: Any) -> Any:
    """A parameter's value as its input holds it (stop strings as lines of text)."""
    if name == "stop":
        return stop_lines(value)
    return _cast(value, PARAMETERS[name].type == "float")


def _cast(value: Any, is_float: bool) -> Any:
    if value is None:
        return None
    return float(value) if is_float else int(value)


def template_picker(entries: list[LibraryEntry], model_names: list[str]) -> Template | None:
    """Optionally choose a library template; choosing one applies its model and parameters."""
    usable = [e for e in entries if e.template and not e.template.chain]
    shown = searched(usable, TEMPLATE_SEARCH_KEY, st.session_state.get(TEMPLATE_KEY))
    templates = {e.id: e.template for e in shown if e.template}
    chosen = st.selectbox(
        t("playground.template"),
        list(templates),
        index=None,
        format_func=lambda i: f"{templates[i].name} ({i})",
        placeholder=t("playground.no_template"),
        key=keep(TEMPLATE_KEY),
        on_change=_apply_template,
        args=(templates, model_names),
    )
    return templates.get(chosen) if chosen else None


def _apply_template(templates: dict[str, Template], model_names: list[str]) -> None:
    template = templates.get(st.session_state.get(TEMPLATE_KEY) or "")
    if template is None:
        return
    if template.model in model_names and template.model != st.session_state.get(MODEL_KEY):
        st.session_state[MODEL_KEY] = template.model
        _forget_untouched()
    for name, value in template_parameters(template.parameters).items():
        st.session_state[f"pg.param.{name}"] = _widget_value(name, value)


def template_form(template: Template) -> None:
    """The template's variables as typed inputs, a preview, and a button that sends it."""
    if template.description:
        st.caption(template.description)
    values = variable_inputs(template, f"pg.var.{template.id}")
    try:
        require_filled(template, values)
        messages = render(template, values)
    except WorkbenchError as exc:
        show_error(exc)
        messages = None
    if messages:
        with st.expander(f"👁️ {t('playground.filled_prompt')}"):
            show_messages(messages)
    generating = st.session_state.get(PENDING_KEY, False)
    if st.button(
        t("playground.send_template"),
        icon="🧩",
        type="primary",
        disabled=messages is None or generating,
    ):
        _start_with(messages or [])


def _start_with(messages: list[dict[str, str]]) -> None:
    """Append a rendered template to the conversation (its system part sets the system prompt)."""
    for message in messages:
        if message["role"] == "system":
            st.session_state[SYSTEM_NEXT_KEY] = message["content"]
        else:
            turns().append(Turn(message["role"], message["content"]))
    st.session_state[PENDING_KEY] = True
    st.rerun()


def history() -> None:
    """Every turn so far, with thinking, images, stop marks, errors and stats."""
    for turn in turns():
        with st.chat_message(turn.role, avatar=AVATARS[turn.role]):
            draw_turn(turn)


def draw_turn(turn: Turn) -> None:
    """One message's content and everything recorded about it."""
    if turn.images:
        st.image(turn.images, width=160)
    if turn.thinking:
        with st.expander(t("playground.thinking"), icon="💭"):
            st.markdown(turn.thinking)
    if turn.content and turn.role == "user":
        st.text(turn.content)
    elif turn.content:
        st.markdown(turn.content)
    if turn.stopped:
        st.caption(f"⏹️ {t('playground.stopped')}")
    if turn.stats is not None and turn.stats.done_reason == "length":
        tokens = format_number(turn.stats.output_tokens, language())
        st.warning(t("playground.cut_by_length", tokens=tokens), icon="✂️")
    if turn.error is not None:
        show_error(turn.error)
    if turn.stats is not None:
        st.caption(stats_line(turn))


def stats_line(turn: Turn) -> str:
    """'First token 120 ms · Total 1.2 s · …' for an answer."""
    assert turn.stats is not None
    parts = [
        t(f"playground.stat_{key}", value=value)
        for key, value in stats_items(turn.stats, language())
    ]
    return f"⏱️ {turn.model} · " + " · ".join(parts)


def _save_to_history(
    column: DeltaGenerator, run: RunSettings, conversation: list[Turn], generating: bool
) -> None:
    """Keep the last answered exchange in History as a one-cell run, then say where it went."""
    record = last_exchange_record(run.model.name, run.system, conversation, run.options)
    if record is None or generating:
        return
    if column.button(
        t("playground.save_history"),
        icon="💾",
        help=t("playground.save_history_help"),
        width="stretch",
    ):
        with guarded():
            store = history_store()
            name = t("playground.history_name", model=record.attempt.model)
            run_id = store.create_run(record.spec, record.cells, {}, name)
            store.save_attempt(run_id, record.attempt)
            store.finish_run(run_id, "finished")
            st.success(t("playground.saved_history", name=name), icon="💾")
            st.page_link("pages/history.py", label=t("playground.go_history"), icon="🕘")


def _send() -> None:
    text = str(st.session_state.get(MESSAGE_KEY) or "").strip()
    generation = st.session_state.get(UPLOADS_KEY, 0)
    uploads = st.session_state.get(f"pg.images.{generation}") or []
    images = [upload.getvalue() for upload in uploads]
    if not text and not images:
        return
    turns().append(Turn("user", text, images=images))
    st.session_state[MESSAGE_KEY] = ""
    st.session_state[UPLOADS_KEY] = generation + 1
    st.session_state[PENDING_KEY] = True


def _clear() -> None:
    st.session_state[TURNS_KEY] = []
    st.session_state.pop(PENDING_KEY, None)


def _retry() -> None:
    conversation = turns()
    if conversation and conversation[-1].failed:
        conversation.pop()
    st.session_state[PENDING_KEY] = True


def compose(run: RunSettings) -> None:
    """The message box (with images for vision models) and Send, Stop, Retry and Clear."""
    generating = st.session_state.get(PENDING_KEY, False)
    st.text_area(
        t("playground.message"),
        key=keep(MESSAGE_KEY, ""),
        height=100,
        placeholder=t("playground.message_placeholder"),
        label_visibility="collapsed",
    )
    if "vision" in run.model.capabilities:
        st.file_uploader(
            t("playground.images"),
            type=["png", "jpg", "jpeg", "webp", "gif"],
            accept_multiple_files=True,
            key=f"pg.images.{st.session_state.get(UPLOADS_KEY, 0)}",
        )
    send, stop, retry, clear = st.columns(4)
    send.button(
        t("playground.send"),
        icon="📨",
        type="primary",
        on_click=_send,
        disabled=generating,
        width="stretch",
    )
    if generating:
        stop.button(t("playground.stop"), icon="⏹️", width="stretch")
    conversation = turns()
    if conversation and conversation[-1].failed and not generating:
        retry.button(t("playground.retry"), icon="🔁", on_click=_retry, width="stretch")
    clear.button(
        t("playground.clear"), icon="🧹", on_click=_clear, disabled=generating, width="stretch"
    )
    compare, save, _, _ = st.columns(4)
    _save_to_history(save, run, conversation, generating)
    prompt = prompt_to_compare(run.system, conversation, str(st.session_state.get(MESSAGE_KEY, "")))
    if compare.button(
        t("playground.open_in_compare"),
        icon="⚖️",
        disabled=generating or not prompt,
        help=t("playground.open_in_compare_help"),
        width="stretch",
    ):
        question = next(m["content"] for m in reversed(prompt) if m["role"] == "user")
        name = t("playground.compare_name", question=" ".join(question.split())[:50])
        open_in_compare(name, prompt, [run.model.name], run.options)


def answer_if_pending(slot: Any, run: RunSettings) -> None:
    """Stream the model's answer to the conversation into `slot`, then keep it in the history."""
    if not st.session_state.get(PENDING_KEY):
        return
    messages = conversation_messages(run.system, turns())
    turn = Turn("assistant", model=run.model.name)
    st.session_state[PARTIAL_KEY] = turn
    with slot, st.chat_message("assistant", avatar=AVATARS["assistant"]):
        stream_turn(turn, run, messages)
    st.session_state.pop(PARTIAL_KEY, None)
    st.session_state.pop(PENDING_KEY, None)
    turns().append(turn)
    st.rerun()


def stream_turn(turn: Turn, run: RunSettings, messages: list[dict[str, Any]]) -> None:
    """Send `messages` and draw the answer (thinking apart) into `turn` at a bounded rate."""
    thoughts = st.status(t("playground.thinking_live"), expanded=False) if run.think else None
    thinking_box = thoughts.empty() if thoughts is not None else None
    body = st.empty()
    body.caption(t("playground.waiting", model=run.model.name))
    thinking = LiveText(thinking_box, cursor="") if thinking_box is not None else None
    live = LiveAnswer(LiveText(body), thinking)
    try:
        stream = run.chat(messages)
        for piece in stream.pieces():
            if piece.thinking and thinking is not None:
                turn.thinking += piece.text
            elif not piece.thinking:
                turn.content += piece.text
            live.update(turn.content, turn.thinking)
        turn.stats = stream.stats
    except WorkbenchError as exc:
        turn.error = exc
    live.finish(turn.content, turn.thinking)
    if thoughts is not None:
        done = "error" if turn.failed else "complete"
        thoughts.update(label=t("playground.thinking"), state=done)
    if turn.error is not None:
        show_error(turn.error)
    if turn.stats is not None:
        st.caption(stats_line(turn))
