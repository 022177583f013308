"""Multi-step techniques in the Playground: the reverse-prompt chain and the tree of thoughts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES
from workbench.library import Library, LibraryEntry
from workbench.playground import Turn, require_filled, substitutions, tree_dot, tree_rows
from workbench.techniques import (
    Chain,
    ReverseSpec,
    ThoughtNode,
    ThoughtTree,
    build_chain,
    reverse_prompt_chain,
    strip_fence,
    template_from_prompt,
    tree_of_thoughts,
)
from workbench.templates import Template
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.kept import forget, keep
from workbench.ui.playground.inputs import AVATARS, variable_inputs
from workbench.ui.playground.panels import draw_turn, stream_turn
from workbench.ui.playground.settings import RunSettings
from workbench.ui.stream_view import LiveAnswer, LiveText

CHAIN_KEY = "pg.chain"
CHAIN_TEMPLATE_KEY = "pg.chain_template"
CHAIN_GO_KEY = "pg.chain_go"
TREE_KEY = "pg.tree"


@dataclass
class ChainRun:
    """A chain being run: its steps, the answers so far and the run's number (for widget keys)."""

    chain: Chain
    language: str
    number: int
    answers: list[Turn] = field(default_factory=list)
    failed: Turn | None = None

    @property
    def done(self) -> bool:
        """True once every step has an answer."""
        return len(self.answers) == len(self.chain.steps)


def chain_templates(entries: list[LibraryEntry]) -> list[Template]:
    """Chain templates of the library (the UI language's first); the built-in one if none."""
    found = [e.template for e in entries if e.template and e.template.chain]
    found.sort(key=lambda tpl: (tpl.language != language(), tpl.name))
    return found or [reverse_prompt_chain(ReverseSpec(), language())]


def chain_panel(lib: Library, entries: list[LibraryEntry], run: RunSettings) -> None:
    """Pick a chain, fill its variables, run the steps one after another, save the result."""
    st.caption(t("playground.chain_intro"))
    templates = {tpl.id: tpl for tpl in chain_templates(entries)}
    if st.session_state.get(CHAIN_TEMPLATE_KEY) not in templates:
        forget(CHAIN_TEMPLATE_KEY)
    chosen = st.selectbox(
        t("playground.chain_template"),
        list(templates),
        format_func=lambda i: f"{templates[i].name} ({i})",
        key=keep(CHAIN_TEMPLATE_KEY),
    )
    template = templates[chosen]
    values = variable_inputs(template, f"pg.chainvar.{template.id}")
    if st.button(t("playground.chain_run"), icon="▶️", type="primary"):
        try:
            require_filled(template, values)
            chain = build_chain(template, values)
        except WorkbenchError as exc:
            show_error(exc)
            return
        previous: ChainRun | None = st.session_state.get(CHAIN_KEY)
        number = previous.number + 1 if previous else 1
        st.session_state[CHAIN_KEY] = ChainRun(chain, template.language, number)
        st.session_state[CHAIN_GO_KEY] = True
    state: ChainRun | None = st.session_state.get(CHAIN_KEY)
    if state is not None:
        _chain_steps(state, run)
        if state.done:
            save_found_prompt(lib, state)


def _chain_steps(state: ChainRun, run: RunSettings) -> None:
    for index, turn in enumerate(state.answers):
        _step_prompt(state, index)
        with st.chat_message("assistant", avatar=AVATARS["assistant"]):
            draw_turn(turn)
    if st.session_state.pop(CHAIN_GO_KEY, False):
        _run_steps(state, run)
    elif state.failed is not None:
        _step_prompt(state, len(state.answers))
        with st.chat_message("assistant", avatar=AVATARS["assistant"]):
            draw_turn(state.failed)
    if not state.done and st.button(t("playground.chain_continue"), icon="🔁"):
        st.session_state[CHAIN_GO_KEY] = True
        st.rerun()


def _run_steps(state: ChainRun, run: RunSettings) -> None:
    """Stream the remaining steps one after another; stop at the first that fails."""
    state.failed = None
    for index in range(len(state.answers), len(state.chain.steps)):
        _step_prompt(state, index)
        turn = Turn("assistant", model=run.model.name, host=run.host or "")
        messages = state.chain.messages_for([answer.content for answer in state.answers])
        with st.chat_message("assistant", avatar=AVATARS["assistant"]):
            stream_turn(turn, run, messages)
        if turn.failed:
            state.failed = turn
            return
        state.answers.append(turn)


def _step_prompt(state: ChainRun, index: int) -> None:
    total = len(state.chain.steps)
    with st.chat_message("user", avatar=AVATARS["user"]):
        st.caption(t("playground.chain_step", number=index + 1, total=total))
        st.text(state.chain.steps[index])


def save_found_prompt(lib: Library, state: ChainRun) -> None:
    """Turn the last answer into a template; [[name: phrase]] marks and a table make variables."""
    st.subheader(f"💾 {t('playground.save_as_template')}")
    st.caption(t("playground.save_help"))
    prompt = st.text_area(
        t("playground.found_prompt"),
        strip_fence(state.answers[-1].content),
        key=f"pg.found.{state.number}",
        height=180,
    )
    rows = st.data_editor(
        [{"phrase": "", "variable": ""}],
        num_rows="dynamic",
        key=f"pg.phrases.{state.number}",
        width="stretch",
        column_config={
            "phrase": st.column_config.TextColumn(t("playground.phrase")),
            "variable": st.column_config.TextColumn(t("playground.variable")),
        },
    )
    name = st.text_input(t("playground.template_name"), key=f"pg.found_name.{state.number}")
    try:
        template = template_from_prompt(
            prompt, name=name.strip(), substitutions=substitutions(rows), language=state.language
        )
    except WorkbenchError as exc:
        show_error(exc)
        return
    names = ", ".join(v.name for v in template.variables) or "—"
    st.caption(t("playground.found_variables", names=names))
    st.code(template.messages[0].text, language=None, wrap_lines=True)
    if st.button(t("playground.save_template"), icon="💾"):
        template = replace(template, id=lib.unique_id(template.id))
        try:
            version = lib.save(template, None)
        except WorkbenchError as exc:
            show_error(exc)
            return
        st.success(
            t("playground.template_saved", name=template.name, id=template.id, version=version),
            icon="✅",
        )
        st.page_link("pages/templates.py", label=t("playground.open_templates"), icon="📝")


def tree_panel(run: RunSettings) -> None:
    """Grow a tree of thoughts with the chosen model and show it with the chosen path."""
    st.caption(t("playground.tree_intro"))
    problem = st.text_area(
        t("playground.tree_problem"),
        t("playground.tree_example"),
        key=keep("pg.tree_problem"),
        height=110,
    )
    breadth_col, rounds_col, language_col = st.columns(3)
    breadth = breadth_col.number_input(
        t("playground.tree_breadth"), 1, 10, 3, key=keep("pg.tree_breadth")
    )
    rounds = rounds_col.number_input(
        t("playground.tree_rounds"), 1, 10, 2, key=keep("pg.tree_rounds")
    )
    codes = list(LANGUAGES)
    wording = language_col.selectbox(
        t("playground.tree_language"),
        codes,
        index=codes.index(language()),
        format_func=LANGUAGES.get,
        key=keep("pg.tree_language"),
    )
    if st.button(t("playground.tree_run"), icon="🌳", type="primary", disabled=not problem.strip()):
        tree = _grow(problem, int(breadth), int(rounds), wording, run)
        if tree is not None:
            st.session_state[TREE_KEY] = tree
    tree = st.session_state.get(TREE_KEY)
    if tree is not None:
        show_tree(tree)


def _grow(
    problem: str, breadth: int, rounds: int, wording: str, run: RunSettings
) -> ThoughtTree | None:
    total = rounds * breadth * 2
    calls = 0
    with st.status(t("playground.tree_running"), expanded=True) as status:
        bar, thought = st.progress(0.0), st.empty()

        def generate(messages: list[dict[str, Any]]) -> str:
            nonlocal calls
            calls += 1
            bar.progress(
                min(calls / total, 1.0), text=t("playground.tree_call", number=calls, total=total)
            )
            stream, live = run.chat(messages), LiveAnswer(LiveText(thought))
            for _ in stream:
                live.update(stream.text)
            live.finish("")
            return stream.text

        try:
            tree = tree_of_thoughts(
                problem, generate, breadth=breadth, rounds=rounds, language=wording
            )
        except WorkbenchError as exc:
            status.update(label=t("playground.tree_failed"), state="error")
            show_error(exc)
            return None
        status.update(
            label=t("playground.tree_done", calls=calls), state="complete", expanded=False
        )
    return tree


def show_tree(tree: ThoughtTree) -> None:
    """The best thought, a picture of the tree and every thought with its score and judgement."""
    st.success(t("playground.tree_best"), icon="🏆")
    st.markdown(tree.best)
    labels = {"problem": t("playground.tree_root"), "no_score": t("playground.no_score")}
    st.graphviz_chart(tree_dot(tree, labels))
    for number, rows in groupby(tree_rows(tree), key=lambda row: row.round):
        st.markdown(f"**{t('playground.tree_round', number=number)}**")
        for row in rows:
            _thought(row.round, row.number, row.node)


def _thought(round_number: int, number: int, node: ThoughtNode) -> None:
    """One thought in a bordered box; the chosen ones are marked green."""
    score = (
        t("playground.no_score")
        if node.score is None
        else t("playground.tree_score", score=f"{node.score:g}/10")
    )
    title = f"**{round_number}.{number}** · {score}"
    if node.chosen:
        why = "tree_chosen_unscored" if node.chosen_by_order else "tree_chosen"
        title = f":green-background[{title} · ✅ {t(f'playground.{why}')}]"
    with st.container(border=True):
        st.markdown(title)
        st.markdown(node.text)
        with st.expander(t("playground.tree_judgement")):
            st.markdown(node.judgement)
