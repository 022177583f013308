"""The checks editor shared by the Templates page and Compare: one row per check (its kind, the
kind's arguments, a weight), each problem shown under the input it is about.

What is typed survives reruns and page switches (workbench.ui.kept); the row numbers live in
plain Session State under `<key>.rows`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from workbench.checks import (
    ANSWER_LANGUAGES,
    METRIC_NAMES,
    MODES,
    UNITS,
    CheckError,
    CheckSpec,
    Kind,
    validate_check,
)
from workbench.i18n import LANGUAGES
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.kept import forget, keep

KINDS = tuple(Kind)
NEW_KIND = Kind.CONTAINS


@dataclass(frozen=True)
class Input:
    """How one argument is edited: its name, the widget's kind, its choices and default, and
    `id`, the widget's own name when two kinds give one argument different inputs."""

    arg: str
    widget: str
    choices: tuple[str, ...] = ()
    default: Any = None
    id: str = ""

    @property
    def name(self) -> str:
        """The widget's name inside its row (also names its label)."""
        return self.id or self.arg


_IGNORE_CASE = Input("ignore_case", "bool", default=False)
_VALUES = (Input("values", "lines"), Input("mode", "choice", MODES, "all"), _IGNORE_CASE)
INPUTS: dict[str, tuple[Input, ...]] = {
    Kind.EQUALS: (Input("value", "text"), _IGNORE_CASE),
    Kind.CONTAINS: _VALUES,
    Kind.NOT_CONTAINS: _VALUES,
    Kind.CONTEXT_CONTAINS: _VALUES,
    Kind.STARTS_WITH: (Input("value", "text"), _IGNORE_CASE),
    Kind.REGEX: (Input("pattern", "text"), _IGNORE_CASE),
    Kind.LENGTH: (
        Input("unit", "choice", UNITS, "words"),
        Input("min", "int", id="length_min"),
        Input("max", "int", id="length_max"),
    ),
    Kind.IS_JSON: (),
    Kind.JSON_SCHEMA: (Input("schema", "schema"),),
    Kind.LANGUAGE: (
        Input("language", "choice", ANSWER_LANGUAGES, "ko"),
        Input("min_share", "share", default=0.5),
    ),
    Kind.REFUSES: (),
    Kind.NOT_REFUSES: (),
    Kind.METRIC: (
        Input("metric", "choice", METRIC_NAMES, "total_time"),
        Input("min", "float", id="metric_min"),
        Input("max", "float", id="metric_max"),
    ),
    Kind.SIMILAR: (
        Input("reference", "long_text"),
        Input("model", "embed_model", id="embed_model"),
        Input("threshold", "share", default=0.8),
    ),
    Kind.JUDGE: (
        Input("rubric", "long_text"),
        Input("model", "chat_model", id="chat_model"),
        Input("min_score", "score", default=4),
        Input("language", "choice", ANSWER_LANGUAGES, "en", id="judge_language"),
    ),
    Kind.CITES_SOURCES: (),
}


def checks_editor(
    key: str,
    checks: Sequence[CheckSpec],
    models: Sequence[str],
    embed_models: Sequence[str],
) -> tuple[list[CheckSpec], bool]:
    """Edit checks under widget key `key`; returns the valid checks (defaults filled in) and
    whether every row is valid. `checks` seeds the editor the first time `key` is drawn; use
    another key (or forget_checks_editor) to show other checks. `models` are the chat models a
    judge may use, `embed_models` the embedding models for similar-to."""
    if f"{key}.rows" not in st.session_state:
        st.session_state[f"{key}.rows"] = []
        st.session_state[f"{key}.next"] = 0
        for spec in checks:
            _add_row(key, spec)
    st.caption(t("checks_editor.help"))
    rows = st.session_state[f"{key}.rows"]
    if not rows:
        st.caption(t("checks_editor.none"))
    valid: list[CheckSpec] = []
    all_valid = True
    choices = {"chat_model": list(models), "embed_model": list(embed_models)}
    for number, row in enumerate(rows, start=1):
        with st.container(border=True):
            spec = _row(key, row, number, choices)
        if spec is None:
            all_valid = False
        else:
            valid.append(spec)
    st.button(
        t("checks_editor.add"),
        icon="➕",
        key=f"{key}.add",
        on_click=_add_row,
        args=(key, CheckSpec(NEW_KIND)),
    )
    return valid, all_valid


def forget_checks_editor(key: str) -> None:
    """Drop everything the editor under `key` holds, so its next draw starts from `checks`."""
    for row in st.session_state.get(f"{key}.rows", []):
        _forget_row(key, row)
    for name in ("rows", "next"):
        st.session_state.pop(f"{key}.{name}", None)


def _row(key: str, row: int, number: int, choices: Mapping[str, list[str]]) -> CheckSpec | None:
    """One check's inputs; returns it validated, or None after showing why it is not valid."""
    base = f"{key}.{row}"
    kind_col, weight_col, remove_col = st.columns([5, 2, 1], vertical_alignment="bottom")
    with kind_col:
        kind = _kind_select(base, number)
    with weight_col:
        weight = st.number_input(
            t("checks_editor.weight"),
            min_value=0.0,
            step=0.5,
            key=keep(f"{base}.weight", 1.0),
            help=t("checks_editor.weight_help"),
        )
    remove_col.button(
        "🗑️",
        key=f"{base}.remove",
        help=t("checks_editor.remove", number=number),
        on_click=_remove_row,
        args=(key, row),
        width="stretch",
    )
    slots = {"weight": st.empty()}
    args = {}
    for item in INPUTS.get(kind, ()):
        args[item.arg] = _argument(base, item, choices)
        slots[item.arg] = st.empty()
    if not INPUTS.get(kind):
        st.caption(t("checks_editor.no_arguments"))
    try:
        return validate_check(CheckSpec(kind, args, float(weight)))
    except CheckError as exc:
        slot = slots.get(str(exc.params.get("field")))
        with slot.container() if slot is not None else st.container():
            show_error(exc)
        return None


def _kind_select(base: str, number: int) -> str:
    """The kind's selectbox; its key changes with the language so its labels follow it."""
    chosen = st.selectbox(
        t("checks_editor.kind", number=number),
        KINDS,
        format_func=kind_label,
        key=keep(f"{base}.kind.{language()}", st.session_state[f"{base}.kind"]),
    )
    st.session_state[f"{base}.kind"] = chosen
    return str(chosen)


def kind_label(kind: str) -> str:
    """A kind's name in the reader's language."""
    return t(f"kind.{kind}")


def _argument(base: str, item: Input, choices: Mapping[str, list[str]]) -> Any:
    """Draw one argument's input and return its value as the check takes it."""
    key = f"{base}.{item.name}"
    label = t(f"checks_editor.arg_{item.name}")
    help_text = t(f"checks_editor.help_{item.name}")
    if item.widget in ("text", "long_text", "lines", "schema"):
        height = {"text": None, "long_text": 100, "lines": 100, "schema": 180}[item.widget]
        keep(key, "")
        if height is None:
            text = st.text_input(label, key=key, help=help_text)
        else:
            text = st.text_area(label, key=key, height=height, help=help_text)
        return _from_text(item.widget, text)
    if item.widget == "bool":
        return st.checkbox(label, key=keep(key, item.default), help=help_text)
    if item.widget == "choice":
        return _choice(key, label, item, help_text)
    if item.widget in ("chat_model", "embed_model"):
        return _model(key, label, choices[item.widget], help_text)
    bounds = {"share": (0.0, 1.0, 0.05), "score": (1, 5, 1), "int": (0, None, 1)}
    low, high, step = bounds.get(item.widget, (None, None, None))
    return st.number_input(
        label,
        min_value=low,
        max_value=high,
        step=step,
        key=keep(key, item.default),
        placeholder=t("checks_editor.no_bound"),
        help=help_text,
    )


def _from_text(widget: str, text: str) -> Any:
    """A text input's value as the check's argument: lines as a list, a schema parsed."""
    if widget == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if widget == "schema":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text  # the check says what is wrong with it, at this field
    return text


def _choice(key: str, label: str, item: Input, help_text: str) -> str:
    """A choice among fixed values with translated labels (a key per language, as the kind)."""
    if item.arg == "language":
        labels = {code: LANGUAGES[code] for code in item.choices}
    else:
        labels = {code: t(f"checks_editor.choice_{code}") for code in item.choices}
    chosen = st.selectbox(
        label,
        item.choices,
        format_func=labels.__getitem__,
        key=keep(f"{key}.{language()}", st.session_state.get(key, item.default)),
        help=help_text,
    )
    st.session_state[key] = chosen
    return str(chosen)


def _model(key: str, label: str, installed: list[str], help_text: str) -> str:
    """A model picked among the installed ones; a saved model that is not installed stays
    listed, with a warning under it."""
    current = str(st.session_state.get(key) or "")
    options = list(dict.fromkeys(["", *installed, current]))
    chosen = st.selectbox(
        label,
        options,
        format_func=lambda name: name or t("checks_editor.pick_model"),
        key=keep(key, current),
        help=help_text,
    )
    if chosen and chosen not in installed:
        st.caption(f"⚠️ {t('checks_editor.not_installed', model=chosen)}")
    return str(chosen or "")


def _add_row(key: str, spec: CheckSpec) -> None:
    """Append a row holding `spec`: every input of its kind seeded with the argument."""
    row = st.session_state[f"{key}.next"]
    st.session_state[f"{key}.next"] = row + 1
    st.session_state[f"{key}.rows"] = [*st.session_state[f"{key}.rows"], row]
    base = f"{key}.{row}"
    kind = str(spec.kind)
    st.session_state[f"{base}.kind"] = kind if kind in KINDS else NEW_KIND
    keep(f"{base}.weight", float(spec.weight))
    for item in INPUTS.get(kind, ()):
        value = spec.args.get(item.arg, item.default)
        if item.widget == "choice":
            st.session_state[f"{base}.{item.name}"] = (
                value if value in item.choices else item.default
            )
        elif item.widget in ("chat_model", "embed_model"):
            st.session_state[f"{base}.{item.name}"] = str(value or "")
        else:
            keep(f"{base}.{item.name}", _to_widget(item.widget, value))


def _to_widget(widget: str, value: Any) -> Any:
    """An argument as its input shows it."""
    if widget == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
    if widget == "schema":
        if isinstance(value, Mapping):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return str(value or "")
    if widget in ("text", "long_text"):
        return str(value or "")
    if widget == "bool":
        return bool(value)
    try:
        return int(value) if widget in ("int", "score") else float(value)
    except (TypeError, ValueError):
        return None  # an input left empty: the check names what is missing


def _remove_row(key: str, row: int) -> None:
    st.session_state[f"{key}.rows"] = [r for r in st.session_state[f"{key}.rows"] if r != row]
    _forget_row(key, row)


def _forget_row(key: str, row: int) -> None:
    prefix = f"{key}.{row}."
    for name in [str(n) for n in st.session_state if str(n).startswith(prefix)]:
        forget(name)
