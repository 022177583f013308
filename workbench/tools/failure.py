"""A built-in tool's failure: a catalog message that goes back to the model as an error."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class ToolFailure(WorkbenchError):
    """A built-in tool could not do what it was asked; the message says why and what to try."""

    code = "error.tool_failed"
