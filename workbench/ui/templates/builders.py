"""Technique builders on the Templates page: a small form per technique that makes a template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES
from workbench.library import Library
from workbench.techniques import (
    ChainOfThoughtSpec,
    CombinationSpec,
    Example,
    ReverseSpec,
    RoleSpec,
    ShotSpec,
    StructuredSpec,
    TreeSpec,
    chain_of_thought,
    combination_prompt,
    rag_answer,
    reverse_prompt_chain,
    role_prompt,
    shot_prompt,
    structured_prompt,
    tree_of_thoughts_prompt,
)
from workbench.templates import Template, wording
from workbench.ui.context import language, t
from workbench.ui.examples_table import examples_editor
from workbench.ui.feedback import show_error
from workbench.ui.templates.editor import earlier_choice, load_draft, notify, translated_key

Build = Callable[[str], Template]
BUILDERS = ("structured", "role", "shots", "reverse", "cot", "tree", "combination", "rag")
STRUCTURED_FIELDS = ("kind", "topic", "audience", "keywords", "style", "length", "structure")


def technique_builders(lib: Library) -> None:
    """Pick a technique and a language, fill in its form, get an editable template."""
    kind_col, language_col = st.columns([2, 1])
    kind = kind_col.selectbox(
        t("templates.builder_kind"),
        BUILDERS,
        index=BUILDERS.index(earlier_choice("tpl.builder", BUILDERS[0])),
        format_func={k: t(f"templates.builder_{k}") for k in BUILDERS}.__getitem__,
        key=translated_key("tpl.builder"),
    )
    codes = list(LANGUAGES)
    target = language_col.radio(
        t("templates.builder_language"),
        codes,
        index=codes.index(language()),
        format_func=LANGUAGES.get,
        horizontal=True,
        key="tpl.builder_language",
        help=t("templates.builder_language_help"),
    )
    st.caption(t(f"templates.builder_help_{kind}"))
    with st.form(f"tpl.build.{kind}"):
        build = FORMS[kind](target)
        submitted = st.form_submit_button(t("templates.build"), icon="🛠️", type="primary")
    if not submitted:
        return
    try:
        template = build(target)
    except WorkbenchError as exc:
        show_error(exc)
        return
    template = replace(template, id=lib.unique_id(template.id))
    load_draft(template, None)
    notify(t("templates.built", name=template.name))
    st.rerun()


def _text(name: str, long: bool = False) -> str:
    label, key = t(f"templates.b_{name}"), f"tpl.b.{name}"
    placeholder = t(f"templates.ph_{name}")
    if long:
        return st.text_area(label, key=key, placeholder=placeholder, height=100)
    return st.text_input(label, key=key, placeholder=placeholder)


def _examples(key: str) -> list[Example]:
    st.markdown(f"**{t('templates.b_examples')}**")
    pairs = examples_editor([], f"tpl.b.examples.{key}")
    return [Example(pair["input"], pair["output"]) for pair in pairs]


def _structured_spec() -> StructuredSpec:
    columns = st.columns(2)
    values = {}
    for index, name in enumerate(STRUCTURED_FIELDS):
        with columns[index % 2]:
            values[name] = _text(name)
    return StructuredSpec(**values)


def _structured(_: str) -> Build:
    spec = _structured_spec()
    return lambda lang: structured_prompt(spec, lang)


def _role(_: str) -> Build:
    spec = RoleSpec(_text("persona"), _text("expertise"), _text("task", long=True))
    return lambda lang: role_prompt(spec, lang)


def _shots(_: str) -> Build:
    instruction = _text("instruction", long=True)
    examples = _examples("shots")
    new_input = _text("input", long=True)
    layouts = ["inline", "turns"]
    layout = st.radio(
        t("templates.b_layout"),
        layouts,
        index=layouts.index(earlier_choice("tpl.b.layout", "inline")),
        format_func={v: t(f"templates.b_layout_{v}") for v in layouts}.__getitem__,
        horizontal=True,
        key=translated_key("tpl.b.layout"),
    )
    spec = ShotSpec(instruction, examples, new_input, as_turns=layout == "turns")
    return lambda lang: shot_prompt(spec, lang)


def _reverse(_: str) -> Build:
    spec = ReverseSpec(_text("text", long=True))
    return lambda lang: reverse_prompt_chain(spec, lang)


def _cot(_: str) -> Build:
    task = _text("task", long=True)
    question, answer = _text("example_question", long=True), _text("example_answer", long=True)
    example = Example(question, answer) if question.strip() or answer.strip() else None
    spec = ChainOfThoughtSpec(task, example)
    return lambda lang: chain_of_thought(spec, lang)


def _tree(_: str) -> Build:
    question = _text("question", long=True)
    experts = st.number_input(t("templates.b_experts"), 2, 10, 3, key="tpl.b.experts")
    spec = TreeSpec(question, int(experts))
    return lambda lang: tree_of_thoughts_prompt(spec, lang)


def _combination(target: str) -> Build:
    persona_col, expertise_col = st.columns(2)
    with persona_col:
        persona = _text("persona")
    with expertise_col:
        expertise = _text("expertise")
    structured = _structured_spec()
    examples = _examples("combination")
    magic = st.text_area(
        t("templates.b_magic"),
        wording(target)["combination.magic"],
        key=f"tpl.b.magic.{target}",
        help=t("templates.b_magic_help"),
        height=70,
    )
    spec = CombinationSpec(persona, expertise, structured, examples, magic)
    return lambda lang: combination_prompt(spec, lang)


def _rag(_: str) -> Build:
    st.caption(t("templates.b_rag_note"))
    return rag_answer


FORMS: dict[str, Callable[[str], Build]] = {
    "structured": _structured,
    "role": _role,
    "shots": _shots,
    "reverse": _reverse,
    "cot": _cot,
    "tree": _tree,
    "combination": _combination,
    "rag": _rag,
}
