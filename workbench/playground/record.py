"""A Playground exchange as a one-cell run, so History keeps it next to the comparisons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.compare import (
    DONE,
    Attempt,
    Cell,
    CompareSpec,
    GridSpec,
    ParamSet,
    PromptVariant,
    RunSettings,
    expand_grid,
)
from workbench.playground.conversation import Turn, conversation_messages
from workbench.tools import ToolSpec

VARIANT_NAME = "Playground"


@dataclass(frozen=True)
class PlaygroundRecord:
    """What History stores for the last answer: the run's spec, its one cell and the attempt."""

    spec: CompareSpec
    cells: list[Cell]
    attempt: Attempt


def last_exchange_record(
    model: str,
    system: str,
    turns: Sequence[Turn],
    options: Mapping[str, Any],
    output_schema: dict[str, Any] | None = None,
    tools: Sequence[ToolSpec] = (),
) -> PlaygroundRecord | None:
    """The last answer with its prompt (system and earlier turns, tool calls and results
    included), options, schema, tools, the calls it made and its metrics; None while nothing has
    been answered."""
    answered = [i for i, turn in enumerate(turns) if turn.role == "assistant" and turn.stats]
    if not answered:
        return None
    last = answered[-1]
    answer, stats = turns[last], turns[last].stats
    assert stats is not None
    prompt = tuple(conversation_messages(system, turns[:last]))
    param_sets = (ParamSet(VARIANT_NAME, dict(options)),) if options else ()
    used = answer.model or model
    variant = PromptVariant(VARIANT_NAME, prompt, output_schema=output_schema, tools=tuple(tools))
    grid = GridSpec((used,), (variant,), (), param_sets)
    spec = CompareSpec(grid, RunSettings(warmup=False))
    cells = expand_grid(grid)
    attempt = Attempt(
        cells[0].id,
        0,
        used,
        DONE,
        answer.content,
        answer.thinking,
        time_to_first_token=stats.time_to_first_token,
        total_time=stats.wall_time,
        load_time=stats.load_duration,
        prompt_tokens=stats.prompt_tokens,
        output_tokens=stats.output_tokens,
        tokens_per_second=stats.tokens_per_second,
        done_reason=stats.done_reason,
        options=dict(options),
        tool_calls=[{"name": c.name, "arguments": dict(c.arguments)} for c in answer.tool_calls],
    )
    return PlaygroundRecord(spec, cells, attempt)
