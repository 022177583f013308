"""What the Playground asks of an answer's shape and which tools it offers the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.tools import ToolSpec, tool_payload

NO_FORMAT = "none"
JSON_MODE = "json"
SCHEMA = "schema"
OUTPUT_MODES = (NO_FORMAT, JSON_MODE, SCHEMA)


@dataclass(frozen=True)
class OutputSettings:
    """The output format (none, JSON mode or a JSON Schema), the tools, the knowledge bases the
    search_knowledge tool searches, and what stops sending (an invalid schema or tool)."""

    mode: str = NO_FORMAT
    schema: dict[str, Any] | None = None
    tools: tuple[ToolSpec, ...] = ()
    knowledge_bases: tuple[str, ...] = ()
    problem: WorkbenchError | None = None

    @property
    def format(self) -> str | dict[str, Any] | None:
        """Ollama's `format`: "json", the schema, or None for a free answer."""
        if self.mode == JSON_MODE:
            return "json"
        return self.schema if self.mode == SCHEMA else None

    @property
    def output_schema(self) -> dict[str, Any] | None:
        """The schema answers are checked against (None in JSON mode or without a format)."""
        return self.schema if self.mode == SCHEMA else None

    def payload(self) -> list[dict[str, Any]]:
        """The tools as Ollama's request takes them."""
        return [tool_payload(spec) for spec in self.tools]


def needed_capabilities(tools: bool, think: bool, images: bool) -> list[str]:
    """The model capabilities the settings ask for, in the order their gaps are told."""
    wanted = {"tools": tools, "thinking": think, "vision": images}
    return [need for need, asked in wanted.items() if asked]
