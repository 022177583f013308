"""The Playground's logic: conversation turns, chat options, stats, template edit forms, the
output format and tools, and the tool loop."""

from workbench.playground.context_meter import (
    ContextSize,
    context_size,
    estimate_prompt_tokens,
    probably_cut,
)
from workbench.playground.conversation import (
    CHAT_PARAMETERS,
    Turn,
    chat_models,
    chat_options,
    conversation_messages,
    parameter_defaults,
    parse_stop_lines,
    prompt_to_compare,
    require_filled,
    stats_items,
    stop_lines,
    substitutions,
    template_parameters,
    tree_dot,
    tree_rows,
)
from workbench.playground.forms import (
    copy_of,
    declare,
    default_text,
    example_rows,
    parameter_rows,
    rows_to_examples,
    rows_to_parameters,
    rows_to_variables,
    split_list,
    text_cell,
    variable_rows,
)
from workbench.playground.output import (
    JSON_MODE,
    NO_FORMAT,
    OUTPUT_MODES,
    SCHEMA,
    OutputSettings,
    needed_capabilities,
)
from workbench.playground.record import PlaygroundRecord, last_exchange_record
from workbench.playground.tool_loop import (
    AWAITING,
    CONTINUE,
    IDLE,
    LIMIT,
    answer_automatically,
    automatic_result,
    calling_turn,
    loop_state,
    open_calls,
)
