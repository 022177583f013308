"""Tool calling: tool definitions, built-in tools and the tool loop."""

from workbench.tools.builtin import (
    BUILTIN_TOOLS,
    MAX_SEARCH_K,
    SEARCH_K,
    Passage,
    Search,
    builtin_spec,
    run_builtin,
    search_text,
)
from workbench.tools.calls import (
    MAX_TOOL_STEPS,
    Chat,
    ToolResult,
    assistant_message,
    check_call,
    error_result,
    run_tool_loop,
    tool_message,
    tool_steps,
)
from workbench.tools.failure import ToolFailure
from workbench.tools.spec import (
    ToolSpec,
    ToolSpecError,
    check_tool,
    check_tools,
    tool_from_dict,
    tool_payload,
    tool_to_dict,
)
