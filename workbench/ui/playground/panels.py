"""The Playground's chat: history, template prompts, streaming with stop, the tool loop."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.errors import WorkbenchError
from workbench.i18n import format_number
from workbench.playground import (
    CONTINUE,
    OutputSettings,
    Turn,
    answer_automatically,
    conversation_messages,
    last_exchange_record,
    loop_state,
    prompt_to_compare,
    require_filled,
    stats_items,
)
from workbench.templates import Template, render
from workbench.ui.compare import open_in_compare
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded, show_error
from workbench.ui.kept import keep
from workbench.ui.playground.answers import loop_notice, structured_view, tool_cards
from workbench.ui.playground.inputs import AVATARS, show_messages, variable_inputs
from workbench.ui.playground.output import knowledge
from workbench.ui.playground.settings import SYSTEM_NEXT_KEY, RunSettings
from workbench.ui.playground.state import PENDING_KEY, TURNS_KEY, turns
from workbench.ui.resources import history_store, page_requests
from workbench.ui.stream_view import LiveAnswer, LiveText

PARTIAL_KEY = "pg.partial"
MESSAGE_KEY = "pg.message"
UPLOADS_KEY = "pg.uploads"


def finish_interrupted() -> None:
    """Keep an answer whose run was cut short (Stop, or any click mid-stream) as 'stopped'."""
    partial: Turn | None = st.session_state.pop(PARTIAL_KEY, None)
    if partial is not None:
        partial.stopped = True
        turns().append(partial)
        st.session_state.pop(PENDING_KEY, None)


def template_form(template: Template, run: RunSettings) -> None:
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
        disabled=messages is None or generating or run.blocked,
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


def history(run: RunSettings) -> None:
    """Every turn so far, with thinking, images, structured answers, tool calls, stop marks,
    errors and stats; then why the tool loop waits or stopped."""
    conversation = turns()
    for place, turn in enumerate(conversation):
        with st.chat_message(turn.role, avatar=AVATARS[turn.role]):
            draw_turn(turn)
            if turn.tool_calls:
                tool_cards(turn, place, run.output, place == len(conversation) - 1)
    loop_notice()


def draw_turn(turn: Turn) -> None:
    """One message's content and everything recorded about it."""
    if turn.images:
        st.image(turn.images, width=160)
    if turn.thinking:
        with st.expander(t("playground.thinking"), icon="💭"):
            st.markdown(turn.thinking)
    if turn.content and turn.role == "user":
        st.text(turn.content)
    elif turn.output_format is not None and not turn.tool_calls and (turn.content or turn.stats):
        structured_view(turn)
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
    model = f"{turn.model}@{turn.host}" if turn.host else turn.model
    return f"⏱️ {model} · " + " · ".join(parts)


def _save_to_history(
    column: DeltaGenerator, run: RunSettings, conversation: list[Turn], generating: bool
) -> None:
    """Keep the last answered exchange in History as a one-cell run, then say where it went."""
    record = last_exchange_record(
        run.model.name,
        run.system,
        conversation,
        run.options,
        run.output.output_schema,
        run.output.tools,
    )
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
        disabled=generating or run.blocked,
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
    if run.blocked:
        st.caption(f"⚠️ {t('playground.send_blocked')}")
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
        output = run.output
        open_in_compare(
            name, prompt, [run.model.name], run.options, output.output_schema, output.tools
        )


def answer_if_pending(slot: Any, run: RunSettings) -> None:
    """Stream the model's answer to the conversation into `slot`, then keep it in the history."""
    if not st.session_state.get(PENDING_KEY):
        return
    if run.blocked:
        st.session_state.pop(PENDING_KEY, None)
        return
    messages = conversation_messages(run.system, turns())
    turn = Turn("assistant", model=run.model.name, host=run.host or "")
    st.session_state[PARTIAL_KEY] = turn
    with slot, st.chat_message("assistant", avatar=AVATARS["assistant"]):
        stream_turn(turn, run, messages, run.output)
    st.session_state.pop(PARTIAL_KEY, None)
    st.session_state.pop(PENDING_KEY, None)
    turns().append(turn)
    if turn.tool_calls:
        with guarded():
            answer_automatically(turn, run.output.tools, knowledge(run.output))
        st.session_state[PENDING_KEY] = loop_state(turns()) == CONTINUE
    st.rerun()


def stream_turn(
    turn: Turn,
    run: RunSettings,
    messages: list[dict[str, Any]],
    output: OutputSettings | None = None,
) -> None:
    """Send `messages` (with the output format and tools, when given) and draw the answer
    (thinking apart) into `turn` at a bounded rate; the calls it makes land in `turn`."""
    thoughts = st.status(t("playground.thinking_live"), expanded=False) if run.think else None
    thinking_box = thoughts.empty() if thoughts is not None else None
    body = st.empty()
    body.caption(t("playground.waiting", model=run.model.name))
    thinking = LiveText(thinking_box, cursor="") if thinking_box is not None else None
    live = LiveAnswer(LiveText(body), thinking)
    try:
        turn.output_format = output.format if output else None
        with page_requests().track(run.host):
            stream = run.chat(messages, output)
            for piece in stream.pieces():
                if piece.thinking and thinking is not None:
                    turn.thinking += piece.text
                elif not piece.thinking:
                    turn.content += piece.text
                live.update(turn.content, turn.thinking)
        turn.tool_calls = list(stream.tool_calls)
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
