"""Technique builders: small pure functions that turn a few inputs into an editable Template."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.techniques.reverse_chain import (
    Chain,
    ReverseSpec,
    build_chain,
    reverse_prompt_chain,
    run_chain,
    template_from_prompt,
)
from workbench.techniques.tree import (
    ThoughtNode,
    ThoughtTree,
    TreePrompts,
    parse_score,
    tree_of_thoughts,
    tree_prompts,
)
from workbench.templates import (
    LANGUAGES,
    Message,
    Template,
    Variable,
    VariableType,
    escape_jinja,
    slugify,
    wording,
)

__all__ = [
    "LANGUAGES",
    "Chain",
    "ChainOfThoughtSpec",
    "CombinationSpec",
    "Example",
    "ReverseSpec",
    "RoleSpec",
    "ShotSpec",
    "StructuredSpec",
    "ThoughtNode",
    "ThoughtTree",
    "TreePrompts",
    "TreeSpec",
    "build_chain",
    "chain_of_thought",
    "combination_prompt",
    "examples_block",
    "parse_score",
    "rag_answer",
    "reverse_prompt_chain",
    "role_prompt",
    "run_chain",
    "shot_prompt",
    "shot_technique",
    "structured_prompt",
    "template_from_prompt",
    "tree_of_thoughts",
    "tree_of_thoughts_prompt",
    "tree_prompts",
]

TEXT, LONG = VariableType.SHORT_TEXT, VariableType.LONG_TEXT
STRUCTURED_MODIFIERS = ("audience", "keywords", "style", "length", "structure")


@dataclass
class Example:
    """One example pair for few-shot prompting."""

    input: str
    output: str


@dataclass
class StructuredSpec:
    """The kind of output and its topic, plus optional modifiers (empty ones are left out)."""

    kind: str
    topic: str
    audience: str = ""
    keywords: str = ""
    style: str = ""
    length: str = ""
    structure: str = ""


@dataclass
class RoleSpec:
    """A persona, its expertise and the task (an empty task becomes a required variable)."""

    persona: str
    expertise: str
    task: str = ""


@dataclass
class ShotSpec:
    """An instruction and 0, 1 or more examples, inline or as prior chat turns."""

    instruction: str
    examples: list[Example] = field(default_factory=list)
    input: str = ""
    as_turns: bool = False


@dataclass
class ChainOfThoughtSpec:
    """A task, optionally with a worked example (question and reasoned answer)."""

    task: str
    example: Example | None = None


@dataclass
class TreeSpec:
    """A question for the one-prompt 'panel of experts' form of tree of thoughts."""

    question: str
    experts: int = 3


@dataclass
class CombinationSpec:
    """Role + structured prompt + examples + closing magic words (None: the default ones)."""

    persona: str
    expertise: str
    structured: StructuredSpec
    examples: list[Example] = field(default_factory=list)
    magic_words: str | None = None


def _short(text: str, limit: int = 48) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _new(technique: str, language: str, name: str, key: str, **fields: Any) -> Template:
    """A template whose id joins the technique and a key phrase: 'role-data-engineer-ko'."""
    slug = slugify(key, fallback="")
    base = f"{technique}-{slug}" if slug else technique
    suffix = "" if language == "en" else f"-{language}"
    template_id = base[: 64 - len(suffix)].rstrip("-") + suffix
    title = name[:1].upper() + name[1:]
    return Template(id=template_id, name=title, technique=technique, language=language, **fields)


def _var(words: dict[str, str], name: str, default: Any, kind: VariableType = TEXT) -> Variable:
    return Variable(name, kind, default=default or None, help=words[f"help.{name}"])


def structured_prompt(spec: StructuredSpec, language: str = "en") -> Template:
    """'Write a {{kind}} about {{topic}}.' plus one sentence per chosen modifier."""
    words = wording(language)
    text, variables = _structured_parts(words, spec)
    name = words["structured.name"].format(kind=_short(spec.kind), topic=_short(spec.topic))
    key = f"{spec.kind} {spec.topic}"
    message = Message("user", text)
    return _new("structured", language, name, key, messages=[message], variables=variables)


def _structured_parts(words: dict[str, str], spec: StructuredSpec) -> tuple[str, list[Variable]]:
    chosen = [m for m in STRUCTURED_MODIFIERS if getattr(spec, m).strip()]
    lines = [words["structured.kind"]] + [words[f"structured.{m}"] for m in chosen]
    variables = [_var(words, "kind", spec.kind), _var(words, "topic", spec.topic)]
    variables += [_var(words, m, getattr(spec, m)) for m in chosen]
    return "\n".join(lines), variables


def role_prompt(spec: RoleSpec, language: str = "en") -> Template:
    """A system prompt that sets up the persona and its expertise; the task is the message."""
    words = wording(language)
    return _new(
        "role",
        language,
        words["role.name"].format(persona=_short(spec.persona)),
        spec.persona,
        system=words["role.system"],
        messages=[Message("user", "{{task}}")],
        variables=[
            _var(words, "persona", spec.persona),
            _var(words, "expertise", spec.expertise),
            _var(words, "task", spec.task, LONG),
        ],
    )


def shot_technique(count: int) -> str:
    """'zero-shot', 'one-shot' or 'few-shot' for a number of examples."""
    return {0: "zero-shot", 1: "one-shot"}.get(count, "few-shot")


def shot_prompt(spec: ShotSpec, language: str = "en") -> Template:
    """Zero-, one- or few-shot: examples inline ('Here are examples I like') or as chat turns."""
    words = wording(language)
    technique = shot_technique(len(spec.examples))
    name = words[f"shot.name.{technique}"].format(instruction=_short(spec.instruction))
    build = _shot_turns if spec.as_turns else _shot_inline
    system, messages, variables = build(words, spec)
    fields = {"system": system, "messages": messages, "variables": variables}
    return _new(technique, language, name, spec.instruction, **fields)


def examples_block(words: dict[str, str], count: int) -> str:
    """The Jinja loop that lists the `examples` variable as Input/Output pairs."""
    header = words["shot.one_header"] if count == 1 else words["shot.many_header"]
    pair = f"{words['shot.input_label']}: {{{{ ex.input }}}}\n"
    pair += f"{words['shot.output_label']}: {{{{ ex.output }}}}\n"
    return f"{header}\n{{% for ex in examples %}}\n\n{pair}{{% endfor %}}\n"


def _examples_variable(words: dict[str, str], examples: list[Example]) -> Variable:
    default = [{"input": e.input, "output": e.output} for e in examples]
    return _var(words, "examples", default, VariableType.EXAMPLES)


def _shot_inline(
    words: dict[str, str], spec: ShotSpec
) -> tuple[str, list[Message], list[Variable]]:
    text = "{{instruction}}"
    variables = [_var(words, "instruction", spec.instruction, LONG)]
    if spec.examples:
        text += "\n\n" + examples_block(words, len(spec.examples))
        variables.append(_examples_variable(words, spec.examples))
    if spec.input.strip():
        text += f"\n{words['shot.apply']}\n{{{{input}}}}" if spec.examples else "\n\n{{input}}"
        variables.append(_var(words, "input", spec.input, LONG))
    elif spec.examples:
        text += "\n" + words["shot.similar"]
    return "", [Message("user", text)], variables


def _shot_turns(words: dict[str, str], spec: ShotSpec) -> tuple[str, list[Message], list[Variable]]:
    messages: list[Message] = []
    variables = [_var(words, "instruction", spec.instruction, LONG)]
    for number, example in enumerate(spec.examples, start=1):
        for side, role, value in (
            ("input", "user", example.input),
            ("output", "assistant", example.output),
        ):
            name = f"example_{number}_{side}"
            messages.append(Message(role, f"{{{{{name}}}}}"))
            help_text = words[f"help.example_{side}"].format(number=number)
            variables.append(Variable(name, LONG, default=value or None, help=help_text))
    messages.append(Message("user", "{{input}}"))
    variables.append(_var(words, "input", spec.input, LONG))
    return "{{instruction}}", messages, variables


def chain_of_thought(spec: ChainOfThoughtSpec, language: str = "en") -> Template:
    """The task plus 'think step by step', optionally after a worked example."""
    words = wording(language)
    text = "{{task}}\n\n" + words["cot.closing"]
    variables = [_var(words, "task", spec.task, LONG)]
    if spec.example is not None:
        text = words["cot.example"] + text
        variables = [
            _var(words, "example_question", spec.example.input, LONG),
            _var(words, "example_answer", spec.example.output, LONG),
            *variables,
        ]
    name = words["cot.name"].format(task=_short(spec.task))
    message = Message("user", text)
    return _new(
        "chain-of-thought", language, name, spec.task, messages=[message], variables=variables
    )


def tree_of_thoughts_prompt(spec: TreeSpec, language: str = "en") -> Template:
    """The one-prompt tree of thoughts: a panel of experts reasoning step by step."""
    words = wording(language)
    experts = Variable(
        "experts",
        VariableType.NUMBER,
        spec.experts,
        help=words["help.experts"],
        minimum=2,
        maximum=10,
    )
    return _new(
        "tree-of-thoughts",
        language,
        words["tot.name"].format(question=_short(spec.question)),
        spec.question,
        messages=[Message("user", words["tot.prompt"])],
        variables=[_var(words, "question", spec.question, LONG), experts],
    )


def combination_prompt(spec: CombinationSpec, language: str = "en") -> Template:
    """Role (system prompt) + structured prompt + examples + closing magic words."""
    words = wording(language)
    text, variables = _structured_parts(words, spec.structured)
    if spec.examples:
        text += "\n\n" + examples_block(words, len(spec.examples))
        variables.append(_examples_variable(words, spec.examples))
    magic = words["combination.magic"] if spec.magic_words is None else spec.magic_words
    if magic.strip():
        text += ("\n" if spec.examples else "\n\n") + escape_jinja(magic.strip())
    kind, topic = _short(spec.structured.kind), _short(spec.structured.topic)
    return _new(
        "combination",
        language,
        words["combination.name"].format(kind=kind, topic=topic),
        f"{spec.structured.kind} {spec.structured.topic}",
        system=words["role.system"],
        messages=[Message("user", text)],
        variables=[
            _var(words, "persona", spec.persona),
            _var(words, "expertise", spec.expertise),
            *variables,
        ],
    )


def rag_answer(language: str = "en") -> Template:
    """Answer only from the numbered context, cite passages as [n], otherwise say so."""
    words = wording(language)
    question = Variable("question", LONG, help=words["help.rag_question"])
    return _new(
        "rag",
        language,
        words["rag.name"],
        "answer",
        system=words["rag.system"],
        messages=[Message("user", words["rag.user"])],
        variables=[Variable("context", LONG, help=words["help.context"]), question],
    )
