"""One block per export format, with its trainers and checked downloads of each part."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from workbench.datasets import (
    EXPORT_FORMATS,
    Example,
    ExampleFilter,
    alpaca_json,
    chat_jsonl,
    parquet,
    preference_jsonl,
    preference_pairs,
)
from workbench.errors import WorkbenchError
from workbench.history import History
from workbench.i18n import error_text
from workbench.ui.context import language, t
from workbench.ui.download import QUIET_DOWNLOAD
from workbench.ui.kept import keep

FILES = {
    "chat_jsonl": ("{part}.chat.jsonl", "application/jsonl"),
    "preference_jsonl": ("preferences.jsonl", "application/jsonl"),
    "alpaca_json": ("{part}.alpaca.json", "application/json"),
    "parquet": ("{part}.parquet", "application/vnd.apache.parquet"),
}


def _texts() -> dict[str, tuple[str, str]]:
    """Each format's name and its note on which trainers read it."""
    return {
        "chat_jsonl": (t("datasets.fmt_chat_jsonl"), t("datasets.note_chat_jsonl")),
        "preference_jsonl": (
            t("datasets.fmt_preference_jsonl"),
            t("datasets.note_preference_jsonl"),
        ),
        "alpaca_json": (t("datasets.fmt_alpaca_json"), t("datasets.note_alpaca_json")),
        "parquet": (t("datasets.fmt_parquet"), t("datasets.note_parquet")),
    }


def export_section(
    history: History, chosen: ExampleFilter, train: list[Example], validation: list[Example]
) -> None:
    """An optional system message, then each format with its trainers and a checked download
    of the training part (and of the validation part when there is one); the preference file
    comes from the votes of the selected runs."""
    system = st.text_input(
        t("datasets.system"), key=keep("datasets.system", ""), help=t("datasets.system_help")
    )
    pairs = preference_pairs(history, chosen)
    build: dict[str, Callable[[list[Example]], bytes]] = {
        "chat_jsonl": lambda items: chat_jsonl(items, system.strip() or None),
        "alpaca_json": alpaca_json,
        "parquet": parquet,
    }
    parts = {"train": train, "validation": validation} if validation else {"train": train}
    texts = _texts()
    for name in EXPORT_FORMATS:
        with st.container(border=True):
            title, note = texts[name]
            st.markdown(f"**{title}**")
            st.caption(note)
            if name == "preference_jsonl":
                st.caption(t("datasets.pairs", count=len(pairs)))
                _download(name, "train", lambda: preference_jsonl(pairs), t("datasets.download"))
                continue
            for part, column in zip(parts, st.columns(3), strict=False):
                with column:
                    label = _part_label(part, len(parts[part]))
                    make = build[name]
                    _download(name, part, lambda make=make, items=parts[part]: make(items), label)


def _part_label(part: str, count: int) -> str:
    if part == "validation":
        return t("datasets.part_validation", count=count)
    return t("datasets.part_train", count=count)


def _download(name: str, part: str, build: Callable[[], bytes], label: str) -> None:
    """The download button of one file, or the reason it cannot be downloaded."""
    try:
        data = build()
    except WorkbenchError as exc:
        st.warning(error_text(exc, language()), icon="🚫")  # a refusal, not a failure
        return
    file_name, mime = FILES[name]
    st.download_button(
        label,
        data,
        file_name=file_name.format(part=part),
        mime=mime,
        key=f"datasets.download.{name}.{part}",
        **QUIET_DOWNLOAD,
    )
