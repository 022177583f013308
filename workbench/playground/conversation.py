"""Playground logic: the conversation, chat options, answer stats, thought trees, library seed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import WorkbenchError
from workbench.i18n import format_duration, format_number
from workbench.modelfile import PARAMETERS
from workbench.ollama import GenerationStats, InstalledModel, ToolCall
from workbench.techniques import ThoughtNode, ThoughtTree
from workbench.templates import Template, TemplateVariablesError, is_empty, unknown_variables
from workbench.tools import ToolResult, assistant_message, tool_message

CHAT_PARAMETERS = ("temperature", "top_p", "top_k", "num_ctx", "num_predict", "seed")
CHAT_PARAMETERS += ("repeat_penalty", "min_p", "stop")
STAT_KEYS = ("ttft", "total", "load", "prompt_tokens", "output_tokens", "speed")


@dataclass
class Turn:
    """One message of the Playground's conversation, with what happened while it was answered.

    An answer keeps the output format it was asked for ("json" or a JSON Schema), the tool calls
    it made and the results they got so far (by the call's place in `tool_calls`).
    """

    role: str
    content: str = ""
    images: list[bytes] = field(default_factory=list)
    thinking: str = ""
    stats: GenerationStats | None = None
    error: WorkbenchError | None = None
    stopped: bool = False
    model: str = ""
    host: str = ""  # the label of the daemon that answered, when there are several
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_results: dict[int, ToolResult] = field(default_factory=dict)
    output_format: str | dict[str, Any] | None = None

    @property
    def failed(self) -> bool:
        """True for an answer that ended in an error (it is not sent back to the model)."""
        return self.error is not None


def chat_models(models: Iterable[InstalledModel]) -> list[InstalledModel]:
    """The installed models that can chat (embedding models left out)."""
    return [m for m in models if m.is_chat]


def conversation_messages(system: str, turns: Sequence[Turn]) -> list[dict[str, Any]]:
    """What to send: the system prompt, then every turn except answers that failed (tool calls
    and tool results as Ollama takes them back)."""
    messages: list[dict[str, Any]] = []
    if system.strip():
        messages.append({"role": "system", "content": system})
    for turn in turns:
        if turn.failed:
            continue
        message: dict[str, Any] = {"role": turn.role, "content": turn.content}
        if turn.tool_calls:
            message = assistant_message(turn.content, turn.tool_calls)
        if turn.images:
            message["images"] = list(turn.images)
        messages.append(message)
        messages += [tool_message(turn.tool_results[i]) for i in sorted(turn.tool_results)]
    return messages


def prompt_to_compare(system: str, turns: Sequence[Turn], draft: str) -> list[dict[str, Any]]:
    """The prompt to try on other models: the conversation up to its last question (the draft,
    when one is typed), without the answer it got; [] when there is no question yet."""
    messages = conversation_messages(system, turns)
    if draft.strip():
        return [*messages, {"role": "user", "content": draft}]
    while messages and messages[-1]["role"] != "user":
        messages.pop()
    return messages if any(m["role"] == "user" for m in messages) else []


def parameter_defaults(model_parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Ollama's default for each Playground parameter, overridden by the model's own PARAMETERs."""
    return {name: model_parameters.get(name, PARAMETERS[name].default) for name in CHAT_PARAMETERS}


def chat_options(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """The options to send: only values that are set and differ from the model's defaults."""
    return {
        name: value
        for name, value in values.items()
        if value is not None and value != defaults.get(name)
    }


def template_parameters(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The Playground parameters a template sets (others, such as mirostat, are left out)."""
    return {name: value for name, value in parameters.items() if name in CHAT_PARAMETERS}


def stop_lines(stops: Sequence[str] | None) -> str:
    """Stop strings as the Playground's text box shows them: one per line, newlines as \\n."""
    return "\n".join(stop.replace("\n", "\\n").replace("\t", "\\t") for stop in stops or [])


def parse_stop_lines(text: str) -> list[str] | None:
    """The stop strings typed one per line (\\n and \\t stand for newline and tab), or None."""
    stops = [
        line.rstrip("\r").replace("\\n", "\n").replace("\\t", "\t")
        for line in text.split("\n")
        if line.strip()
    ]
    return stops or None


def stats_items(stats: GenerationStats, language: str) -> list[tuple[str, str]]:
    """(key, formatted value) for each number shown under an answer, in STAT_KEYS order."""
    first = stats.time_to_first_token
    speed = stats.tokens_per_second
    values = {
        "ttft": "—" if first is None else format_duration(first, language),
        "total": format_duration(stats.wall_time, language),
        "load": format_duration(stats.load_duration, language),
        "prompt_tokens": format_number(stats.prompt_tokens, language),
        "output_tokens": format_number(stats.output_tokens, language),
        "speed": "—" if speed is None else format_number(speed, language, 1),
    }
    return [(key, values[key]) for key in STAT_KEYS]


@dataclass(frozen=True)
class TreeRow:
    """One thought of a tree, flattened: its round (1 = first ideas), place and node."""

    round: int
    number: int
    node: ThoughtNode


def tree_rows(tree: ThoughtTree) -> list[TreeRow]:
    """Every thought below the problem, round by round, in the order they were proposed."""
    rows: list[TreeRow] = []
    level = tree.root.children
    depth = 1
    while level:
        rows += [TreeRow(depth, n, node) for n, node in enumerate(level, start=1)]
        level = [child for node in level for child in node.children]
        depth += 1
    return rows


def tree_dot(tree: ThoughtTree, labels: Mapping[str, str]) -> str:
    """A Graphviz picture of the tree: one box per thought with its score, the chosen path green.

    `labels` holds the words "problem" and "no_score" in the reader's language.
    """
    lines = ["digraph thoughts {", "  rankdir=TB;", '  node [shape=box, style="rounded,filled"];']
    lines.append(f'  n0 [label="{_dot_text(labels["problem"])}", fillcolor="#e8eefc"];')
    ids = {id(tree.root): "n0"}
    for index, row in enumerate(tree_rows(tree), start=1):
        ids[id(row.node)] = f"n{index}"
        score = labels["no_score"] if row.node.score is None else f"{row.node.score:g}/10"
        colour = "#b7e4c7" if row.node.chosen else "#f1f3f5"
        label = _dot_text(f"{row.round}.{row.number} · {score}")
        lines.append(f'  n{index} [label="{label}", fillcolor="{colour}"];')
    for parent in [tree.root, *(row.node for row in tree_rows(tree))]:
        for child in parent.children:
            bold = " [penwidth=2.5]" if child.chosen else ""
            lines.append(f"  {ids[id(parent)]} -> {ids[id(child)]}{bold};")
    lines.append("}")
    return "\n".join(lines)


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def substitutions(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """{phrase: variable name} from table rows; rows without both cells are skipped."""
    found: dict[str, str] = {}
    for row in rows:
        phrase = str(row.get("phrase") or "").strip()
        name = str(row.get("variable") or "").strip()
        if phrase and name:
            found[phrase] = name
    return found


def require_filled(template: Template, values: Mapping[str, Any]) -> None:
    """Raise TemplateVariablesError if a required input was left empty.

    The Playground's inputs start at the defaults, so an input the user cleared means "missing",
    not "use the default" as `render` would read it.
    """
    empty = [v.name for v in template.variables if v.required and is_empty(values.get(v.name))]
    if empty:
        raise TemplateVariablesError(template.id, empty, unknown_variables(template))
