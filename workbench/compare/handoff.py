"""A prompt handed to Compare by another page (Document chat, the Playground)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from workbench.compare.setup import PARAM_TYPES
from workbench.tools import ToolSpec, tool_to_dict


def compare_request(
    name: str,
    messages: Sequence[dict[str, Any]],
    models: Sequence[str] = (),
    options: Mapping[str, Any] | None = None,
    output_schema: Mapping[str, Any] | None = None,
    tools: Sequence[ToolSpec] = (),
) -> dict[str, Any]:
    """The Compare page's inbox entry: a name, the exact messages to send to each model, the
    models to preselect, the options it was sent with, and its output schema and tools. Options
    that Compare's parameter table has no column for are listed apart, so the page can say they
    were left behind."""
    given = {key: value for key, value in (options or {}).items() if value is not None}
    return {
        "name": name,
        "messages": [dict(message) for message in messages],
        "models": list(models),
        "options": {key: value for key, value in given.items() if key in PARAM_TYPES},
        "left_out": sorted(key for key in given if key not in PARAM_TYPES),
        "output_schema": dict(output_schema) if output_schema is not None else None,
        "tools": [tool_to_dict(tool) for tool in tools],
    }
