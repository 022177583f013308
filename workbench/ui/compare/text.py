"""Words the compare views share: cell labels, metric lines, error texts and safe Markdown."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from workbench.compare import Attempt, Cell, WaitReason, word_diff
from workbench.errors import WorkbenchError
from workbench.i18n import error_text, format_duration, format_number
from workbench.ui.context import language, t

_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$/&=])")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_INNER_INDENT = re.compile(r"(?<=\n)[ \t]+")
STATUS_ICONS = {"queued": "⏳", "running": "🟢", "done": "✅", "error": "❌", "cancelled": "⏹️"}
DIFF_STYLES = {"insert": ":green-background[{}]", "delete": ":red-background[~~{}~~]"}


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Model text made literal for st.markdown: no formatting, links, icons or code blocks.

    `line_start` False: the text continues a line, so its leading spaces are not indentation.
    """
    escaped = _SPECIALS.sub(r"\\\1", text)
    indent = _INDENT if line_start else _INNER_INDENT
    escaped = indent.sub(lambda m: "\u00a0" * len(m.group(0)), escaped)
    return escaped.replace("\n", "  \n")


def diff_markdown(before: str, after: str) -> str:
    """A word diff as Markdown: removed words struck through in red, added ones in green."""
    parts: list[str] = []
    for op, text in word_diff(before, after):
        line_start = not parts or parts[-1].endswith("\n")
        if op not in DIFF_STYLES:
            parts.append(escape_markdown(text, line_start))
            continue
        lines = [
            escape_markdown(line, line_start or i > 0) for i, line in enumerate(text.split("\n"))
        ]
        styled = (DIFF_STYLES[op].format(line) if line.strip() else line for line in lines)
        parts.append("  \n".join(styled))
    return "".join(parts)


def cell_label(cell: Cell, many_rows: bool = True) -> str:
    """`model · prompt · parameters` (and the row number when the grid has several rows)."""
    parts = [cell.model, cell.variant, cell.params_name]
    if many_rows:
        parts.append(t("compare.row_n", n=cell.row_index + 1))
    return " · ".join(parts)


def seconds(value: float | None) -> str:
    """A duration in the session's language, or a dash."""
    return "—" if value is None or math.isnan(value) else format_duration(value, language())


def spread(mean: float | None, std: float | None, unit: str = "", decimals: int = 1) -> str:
    """`mean ± std` (std left out when there is one value), in seconds when unit is 's'."""
    if mean is None or math.isnan(mean):
        return "—"
    show = seconds if unit == "s" else lambda v: format_number(v, language(), decimals)
    text = show(mean)
    if std is not None and not math.isnan(std) and show(std) != show(0.0):
        text += f" ± {show(std)}"
    return text


def policy_text(first: str, hosts: Mapping[str, str]) -> str:
    """The scheduling policy to show: `first` on one host; with several, each host's policy
    name after its label, made literal for markdown ("gpu: gpu · cpu: cpu-safe")."""
    if len(hosts) <= 1:
        return first
    return " · ".join(f"{escape_markdown(label, False)}: {name}" for label, name in hosts.items())


def attempt_error(attempt: Attempt) -> str:
    """The attempt's error in the session's language (its English text when not catalogued)."""
    exc = WorkbenchError(attempt.error_message, code=attempt.error_code, **attempt.error_params)
    return error_text(exc, language()) if attempt.error_code else attempt.error_message


def wait_text(reason: WaitReason | None) -> str:
    """Why a queued cell waits, from the scheduler."""
    if reason is None:
        return t("compare.wait.queued")
    return t(f"compare.wait.{reason.code}", model=reason.model, limit=reason.limit)


def done_line(attempts: Sequence[Attempt]) -> str:
    """A finished cell's headline numbers: total time, output tokens and tokens per second."""
    last = attempts[-1]
    return t(
        "compare.done_line",
        total=seconds(last.total_time),
        tokens=last.output_tokens if last.output_tokens is not None else "—",
        speed=spread(last.tokens_per_second, None),
    )
