"""The Templates page's "Output schema & tools" section and how a template shows them."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.structured import schema_text
from workbench.templates import Template
from workbench.tools import ToolSpec
from workbench.ui.context import t
from workbench.ui.schema_tools import schema_editor, tools_editor


def output_section(
    template: Template, key: str
) -> tuple[dict[str, Any] | None, list[ToolSpec], WorkbenchError | None]:
    """Edit the template's output schema and tools (widgets under `key`); returns them with the
    first problem."""
    opened = template.output_schema is not None or bool(template.tools)
    with st.expander(f"🧩 {t('templates.output_section')}", expanded=opened):
        st.caption(t("templates.output_help"))
        st.markdown(f"**{t('templates.schema_title')}**")
        schema, schema_problem = schema_editor(f"{key}.schema", template.output_schema)
        st.divider()
        st.markdown(f"**{t('templates.tools_title')}**")
        tools, tools_problem = tools_editor(f"{key}.tools", template.tools)
    return schema, tools, schema_problem or tools_problem


def output_view(template: Template) -> None:
    """The template's output schema and tools, as the model will get them."""
    if template.output_schema is not None:
        st.markdown(f"**🧩 {t('templates.view_schema')}**")
        st.code(schema_text(template.output_schema), language="json")
    for tool in template.tools:
        st.markdown(f"**🧰 {t('templates.view_tool', name=tool.name)}**")
        if tool.description:
            st.caption(tool.description)
        st.code(schema_text(tool.parameters), language="json")
