"""The Templates page's editor: the draft, its fields, messages, variables and live preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES
from workbench.modelfile import PARAMETERS
from workbench.playground import (
    declare,
    example_rows,
    parameter_rows,
    rows_to_parameters,
    rows_to_variables,
    split_list,
    text_cell,
    variable_rows,
)
from workbench.templates import (
    ROLES,
    TECHNIQUES,
    Message,
    Template,
    TemplateChecksError,
    VariableType,
    check_template,
    render,
    undeclared_variables,
)
from workbench.ui.context import language, t
from workbench.ui.examples_table import examples_editor
from workbench.ui.feedback import show_error
from workbench.ui.kept import keep
from workbench.ui.templates.checks_section import checks_section, checks_view
from workbench.ui.templates.output import output_section, output_view

DRAFT_KEY = "tpl.draft"
COUNTER_KEY = "tpl.counter"
NOTICE_KEY = "tpl.notice"
PROBLEM_KEY = "tpl.problem"
CONFIRM_KEY = "tpl.confirm_delete"
ROLE_ICONS = {"system": "⚙️", "user": "🧑", "assistant": "🦙"}


@dataclass
class Draft:
    """The template loaded into the editor (its widgets' first values) and what it is based on."""

    template: Template
    version: int | None
    gen: int
    message_ids: list[int]
    variable_rows: list[dict[str, Any]]
    next_message: int
    rows_gen: int = 0
    parameter_base: list[dict[str, Any]] = field(default_factory=list)
    parameter_edits: list[dict[str, Any]] = field(default_factory=list)
    variable_edits: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    dirty: bool = False

    def key(self, name: str) -> str:
        """A widget key unique to this draft, so opening another template starts fresh widgets."""
        return f"tpl.{self.gen}.{name}"

    def kept(self, name: str) -> str:
        """This draft's key for an input whose value survives page switches (unsaved edits)."""
        return keep(self.key(name))


@dataclass(frozen=True)
class Edited:
    """What the editor's widgets hold: a valid template, or the problem that stops it."""

    template: Template | None
    problem: WorkbenchError | None


def load_draft(template: Template, version: int | None) -> None:
    """Put a template into the editor, replacing whatever was there."""
    gen = st.session_state.get(COUNTER_KEY, 0) + 1
    st.session_state[COUNTER_KEY] = gen
    count = len(template.messages)
    st.session_state[DRAFT_KEY] = Draft(
        template, version, gen, list(range(count)), variable_rows(template.variables), count
    )
    st.session_state.pop(PROBLEM_KEY, None)
    st.session_state.pop(CONFIRM_KEY, None)


def current_draft() -> Draft | None:
    """The draft in the editor, if any."""
    return st.session_state.get(DRAFT_KEY)


def close_draft() -> None:
    """Empty the editor."""
    st.session_state.pop(DRAFT_KEY, None)


def notify(message: str, done: bool = True) -> None:
    """Leave a message for the next run: a success, or (done=False) a note."""
    st.session_state.setdefault(NOTICE_KEY, []).append((message, done))


def notice() -> None:
    """Show the messages left by the last action, once."""
    for message, done in st.session_state.pop(NOTICE_KEY, []):
        if done:
            st.success(message, icon="✅")
        else:
            st.info(message, icon="⏭️")


def heading(draft: Draft) -> None:
    """Which template is open and which version the edits are based on."""
    template = draft.template
    if draft.version is None:
        st.subheader(f"✏️ {t('templates.editing_new', name=template.name)}")
    else:
        label = t("templates.editing", name=template.name, id=template.id, version=draft.version)
        st.subheader(f"✏️ {label}")


def fields(draft: Draft, models: list[str], variables_area: Any) -> Edited:
    """All the editor's inputs (variables drawn in `variables_area`); returns the edited template.

    An invalid template comes back as None with the problem that stops it.
    """
    details = _details(draft, models)
    parameters = _parameters_table(draft)
    chain = st.toggle(
        t("templates.chain"),
        draft.template.chain,
        key=draft.kept("chain"),
        help=t("templates.chain_help"),
    )
    system = st.text_area(
        t("templates.system"),
        draft.template.system,
        key=draft.kept("system"),
        height=110,
        help=t("templates.system_help"),
    )
    messages = _messages(draft)
    output_schema, tools, output_problem = output_section(draft.template, draft.key("output"))
    checks, checks_valid = checks_section(draft.template, draft.key("checks"), models)
    text_only = Template(id="draft", name="draft", messages=messages, system=system)
    with variables_area:
        rows = _variables(draft, text_only)
        examples = _examples(draft, rows)
    template_id = details["id"]
    if output_problem is not None or not checks_valid:
        draft.dirty = True
        return Edited(None, output_problem or TemplateChecksError(template_id))
    try:
        edited = Template(
            **details,
            messages=messages,
            variables=rows_to_variables(template_id, rows, examples),
            system=system,
            author=draft.template.author,
            parameters=rows_to_parameters(template_id, parameters),
            chain=chain,
            output_schema=output_schema,
            tools=tools,
            checks=checks,
        )
        check_template(edited)
    except WorkbenchError as exc:
        draft.dirty = True
        return Edited(None, exc)
    draft.dirty = edited != draft.template
    return Edited(edited, None)


def _details(draft: Draft, models: list[str]) -> dict[str, Any]:
    """Name, id, description, tags, technique, language and default model."""
    template, key = draft.template, draft.key
    name_col, id_col = st.columns(2)
    name = name_col.text_input(t("templates.name"), template.name, key=draft.kept("name"))
    template_id = id_col.text_input(
        t("templates.id"),
        template.id,
        key=draft.kept("id"),
        disabled=draft.version is not None,
        help=t("templates.id_help"),
    )
    description = st.text_input(
        t("templates.description"), template.description, key=draft.kept("description")
    )
    tags_col, technique_col = st.columns(2)
    tags = tags_col.text_input(
        t("templates.tags"),
        ", ".join(template.tags),
        key=draft.kept("tags"),
        help=t("templates.tags_help"),
    )
    technique = technique_col.selectbox(
        t("templates.technique"),
        TECHNIQUES,
        index=_index(TECHNIQUES, earlier_choice(key("technique"), template.technique)),
        format_func=technique_labels().__getitem__,
        key=keep(translated_key(key("technique"))),
    )
    language_col, model_col = st.columns(2)
    template_language = language_col.selectbox(
        t("templates.language"),
        list(LANGUAGES),
        index=_index(list(LANGUAGES), template.language),
        format_func=LANGUAGES.get,
        key=draft.kept("language"),
    )
    model_choices = list(dict.fromkeys(["", *models, template.model or ""]))
    no_model = t("templates.no_model")
    model = model_col.selectbox(
        t("templates.model"),
        model_choices,
        index=model_choices.index(template.model or ""),
        format_func=lambda m: m or no_model,
        key=draft.kept("model"),
    )
    return {
        "id": template_id.strip(),
        "name": name.strip(),
        "description": description.strip(),
        "tags": split_list(tags),
        "technique": technique,
        "language": template_language,
        "model": model or None,
    }


def translated_key(base: str) -> str:
    """A key that changes with the language, for a widget whose option labels are translated.

    Streamlit keeps showing a keyed widget's old labels after they change, so such a widget gets
    a new key per language; `earlier_choice` carries its value over.
    """
    return f"{base}.{language()}"


def earlier_choice(base: str, default: Any) -> Any:
    """The value chosen under another language's key (still there on the switching run)."""
    keys = (f"{base}.{code}" for code in LANGUAGES)
    return next((st.session_state[k] for k in keys if k in st.session_state), default)


def technique_labels() -> dict[str, str]:
    """Every technique's name in the reader's language ('' means all of them)."""
    labels = {"": t("templates.all")}
    labels |= {x: t(f"templates.technique_{x.replace('-', '_')}") for x in TECHNIQUES}
    return labels


def _index(options: Any, value: Any) -> int:
    options = list(options)
    return options.index(value) if value in options else 0


def _parameters_table(draft: Draft) -> list[dict[str, Any]]:
    with st.expander(f"⚙️ {t('templates.parameters')}"):
        st.caption(t("templates.parameters_help"))
        if draft.key("parameters") not in st.session_state:  # first draw, or after a page switch
            draft.parameter_base = (
                draft.parameter_edits
                or parameter_rows(draft.template.parameters)
                or [{"name": None, "value": ""}]
            )
        rows = st.data_editor(
            draft.parameter_base,
            num_rows="dynamic",
            key=draft.key("parameters"),
            width="stretch",
            column_config={
                "name": st.column_config.SelectboxColumn(
                    t("templates.parameter_name"), options=list(PARAMETERS)
                ),
                "value": st.column_config.TextColumn(t("templates.parameter_value")),
            },
        )
    draft.parameter_edits = list(rows)
    return draft.parameter_edits


def _messages(draft: Draft) -> list[Message]:
    st.markdown(f"**{t('templates.messages')}**")
    st.caption(t("templates.messages_help"))
    role_labels = {r: f"{ROLE_ICONS[r]} {t(f'templates.role_{r}')}" for r in ROLES}
    originals = dict(zip(range(len(draft.template.messages)), draft.template.messages, strict=True))
    messages = []
    removed = None
    for position, message_id in enumerate(draft.message_ids, start=1):
        original = originals.get(message_id, Message("user", ""))
        role_col, _, remove_col = st.columns([2, 4, 1], vertical_alignment="bottom")
        label = t("templates.message_text", number=position)
        role = role_col.selectbox(
            label,
            ROLES,
            index=_index(ROLES, earlier_choice(draft.key(f"role.{message_id}"), original.role)),
            format_func=role_labels.__getitem__,
            key=keep(translated_key(draft.key(f"role.{message_id}"))),
        )
        if remove_col.button(
            "🗑️",
            key=draft.key(f"remove.{message_id}"),
            help=t("templates.remove_message"),
            width="stretch",
        ):
            removed = message_id
        text = st.text_area(
            label,
            original.text,
            key=draft.kept(f"text.{message_id}"),
            height=_height(original.text),
            label_visibility="collapsed",
        )
        messages.append(Message(role, text))
    if st.button(t("templates.add_message"), icon="➕", key=draft.key("add")):
        draft.message_ids.append(draft.next_message)
        draft.next_message += 1
        st.rerun()
    if removed is not None:
        draft.message_ids.remove(removed)
        st.rerun()
    return messages


def _height(text: str) -> int:
    """A text box tall enough for `text` (within limits), in pixels."""
    return min(max(100, 24 * (text.count("\n") + 2)), 420)


def _variables(draft: Draft, text_only: Template) -> list[dict[str, Any]]:
    st.markdown(f"**{t('templates.variables')}**")
    st.caption(t("templates.variables_help"))
    kinds = [k.value for k in VariableType]
    edits = draft.variable_edits.get(draft.rows_gen)
    if draft.key(f"variables.{draft.rows_gen}") not in st.session_state and edits:
        draft.variable_rows = edits  # a page switch dropped the table's edits
    rows = st.data_editor(
        draft.variable_rows,
        num_rows="dynamic",
        key=draft.key(f"variables.{draft.rows_gen}"),
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(t("templates.var_name"), required=True),
            "type": st.column_config.SelectboxColumn(
                t("templates.var_type"),
                options=kinds,
                default=VariableType.SHORT_TEXT.value,
                help=t("templates.var_type_help"),
            ),
            "default": st.column_config.TextColumn(
                t("templates.var_default"), help=t("templates.var_default_help")
            ),
            "required": st.column_config.CheckboxColumn(t("templates.var_required"), default=True),
            "help": st.column_config.TextColumn(t("templates.var_help")),
            "minimum": st.column_config.NumberColumn(t("templates.var_minimum")),
            "maximum": st.column_config.NumberColumn(t("templates.var_maximum")),
            "options": st.column_config.TextColumn(
                t("templates.var_options"), help=t("templates.var_options_help")
            ),
        },
    )
    rows = list(rows)
    draft.variable_edits = {draft.rows_gen: rows}
    _offer_declarations(draft, text_only, rows)
    return rows


def _offer_declarations(draft: Draft, text_only: Template, rows: list[dict[str, Any]]) -> None:
    try:
        used = undeclared_variables(text_only)
    except WorkbenchError:
        return
    declared = {text_cell(row.get("name")).strip() for row in rows}
    unknown = sorted(used - declared)
    if not unknown:
        return
    st.info(t("templates.undeclared", names=", ".join(unknown)), icon="💡")
    if st.button(t("templates.declare", count=len(unknown)), icon="➕", key=draft.key("declare")):
        draft.variable_rows = declare(rows, unknown)
        draft.rows_gen += 1
        st.rerun()


def _examples(draft: Draft, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """One small table per examples variable, for its default input/output pairs."""
    names = [
        text_cell(row.get("name")).strip()
        for row in rows
        if row.get("type") == VariableType.EXAMPLES.value and text_cell(row.get("name")).strip()
    ]
    found: dict[str, list[dict[str, str]]] = {}
    for name in names:
        original = draft.template.variable(name)
        start = example_rows(original.default if original else None)
        st.markdown(f"**{t('templates.examples_of', name=name)}**")
        found[name] = examples_editor(start, draft.key(f"examples.{name}"))
    return found


def preview(edited: Edited) -> None:
    """The template rendered with its defaults, or exactly why it cannot be."""
    st.subheader(f"👁️ {t('templates.preview')}")
    st.caption(t("templates.preview_help"))
    if edited.problem is not None:
        show_error(edited.problem)
        return
    assert edited.template is not None
    try:
        messages = render(edited.template, {})
    except WorkbenchError as exc:
        show_error(exc)
        return
    step = 0
    for message in messages:
        role = message["role"]
        with st.chat_message(role, avatar=ROLE_ICONS[role]):
            label = t(f"templates.role_{role}")
            if edited.template.chain and role == "user":
                step += 1
                label = t("templates.step", number=step)
            st.caption(label)
            st.text(message["content"])
    output_view(edited.template)
    checks_view(edited.template)
