"""Output schemas and tools on Compare and History: what a prompt sends besides its messages,
the cells a model will refuse, each answer's check against the schema, the tool calls made, and
the share of valid answers per model and prompt."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from workbench.compare import (
    Attempt,
    Cell,
    Check,
    GridSpec,
    PromptVariant,
    Refusal,
    answer_check,
    check_state,
    refused_cells,
)
from workbench.structured import StructuredAnswer, schema_text
from workbench.ui.compare.text import escape_markdown
from workbench.ui.context import t
from workbench.ui.fleet import installed_everywhere, ref_of

BADGES = {  # highlighted text rather than badges: badges do not wrap in a narrow cell
    Check.VALID: ":green-background[✅ {}]",
    Check.INVALID: ":red-background[❌ {}]",
    Check.NOT_JSON: ":red-background[❌ {}]",
    Check.CUT: ":orange-background[✂️ {}]",
}


def shape_caption(variant: PromptVariant, details: bool = False) -> None:
    """What the prompt sends besides its messages: its output schema and its tools (with
    `details`, the schema's JSON and each tool's parameters in a popover)."""
    lines = []
    if variant.output_schema is not None:
        lines.append(t("compare.has_schema"))
    if variant.tools:
        names = ", ".join(tool.name for tool in variant.tools)
        lines.append(t("compare.has_tools", names=escape_markdown(names)))
    if not lines:
        return
    st.caption(" · ".join(lines))
    if details:
        with st.popover(t("compare.shape_details"), icon="📐"):
            shape_details(variant)


def shape_details(variant: PromptVariant) -> None:
    """The prompt's output schema as JSON and each tool with its parameter schema."""
    if variant.output_schema is not None:
        st.markdown(f"**{t('compare.output_schema')}**")
        st.code(schema_text(variant.output_schema), language="json")
    for tool in variant.tools:
        st.markdown(f"🛠️ **{escape_markdown(tool.name)}** {escape_markdown(tool.description)}")
        st.code(schema_text(tool.parameters), language="json")


def refusal_notice(host: str, spec: GridSpec) -> list[Refusal]:
    """Warn, before the run, about the cells the daemon will refuse (a prompt's tools on a model
    without tools); the other cells run as usual."""
    known = {m.name: m.capabilities for m in installed_everywhere(host)}
    capabilities = {model: known.get(ref_of(model).name, ()) for model in spec.models}
    found = refused_cells(spec.models, spec.variants, capabilities)
    for refusal in found:
        model, prompt = escape_markdown(refusal.model), escape_markdown(refusal.variant)
        why = t("capability.missing_tools", model=model)
        st.warning(f"{t('compare.refused', model=model, prompt=prompt)}  \n{why}", icon="🛠️")
    return found


def answer_view(cell: Cell, done: Sequence[Attempt]) -> None:
    """The first answer (pretty JSON when it parsed against a schema), its check against the
    schema, how many repeats were valid, and the tool calls it made."""
    first = done[0]
    answer = answer_check(cell, first)
    if answer is not None and answer.parsed:
        pretty = json.dumps(answer.value, ensure_ascii=False, indent=2)
        st.code(pretty, language="json", wrap_lines=True)
    elif first.text:
        st.markdown(escape_markdown(first.text))
    elif not first.tool_calls:
        st.markdown(f"_{t('compare.empty_answer')}_")
    check_view(answer)
    if len(done) > 1 and answer is not None:
        valid = sum(check_state(answer_check(cell, a)) == Check.VALID for a in done)
        st.caption(t("compare.valid_repeats", valid=valid, n=len(done)))
    calls_view(first)


def check_view(answer: StructuredAnswer | None) -> None:
    """A badge for the answer's check against the schema, and what is wrong, if anything."""
    state = check_state(answer)
    if answer is None or not state:
        return
    labels = {
        Check.VALID: t("compare.check_valid"),
        Check.INVALID: t("compare.check_invalid", n=len(answer.violations)),
        Check.NOT_JSON: t("compare.check_not_json"),
        Check.CUT: t("compare.check_cut"),
    }
    st.markdown(BADGES[state].format(labels[state]))
    for violation in answer.violations:
        st.caption(f"{escape_markdown(violation.path)} — {escape_markdown(violation.reason)}")
    if state == Check.CUT:
        st.caption(t("compare.check_cut_hint"))
    if answer.parse_error:
        st.caption(escape_markdown(answer.parse_error))


def calls_view(attempt: Attempt) -> None:
    """Each tool call the model made: the function's name and its arguments."""
    for call in attempt.tool_calls:
        name = escape_markdown(str(call.get("name", "")))
        st.markdown(t("compare.tool_call", name=name))
        arguments = json.dumps(call.get("arguments", {}), ensure_ascii=False, indent=2)
        st.code(arguments, language="json", wrap_lines=True)


def validity_table(validity: pd.DataFrame) -> None:
    """Per model and prompt: how many answers were valid against the schema, with a bar."""
    if validity.empty:
        return
    st.markdown(f"**{t('compare.validity_title')}**")
    share = t("compare.col.valid_share")
    rows = [
        {
            t("compare.col.model"): row.model,
            t("compare.col.variant"): row.variant,
            t("compare.col.valid_answers"): t(
                "compare.valid_of", valid=row.valid, checked=row.checked
            ),
            share: float(row.valid_share),
        }
        for row in validity.itertuples()
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={share: st.column_config.ProgressColumn(share, format="percent")},
    )
