"""Multi-turn chains (reverse prompt engineering) and turning a found prompt into a template."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.errors import WorkbenchError
from workbench.templates import (
    Message,
    Template,
    Variable,
    VariableType,
    escape_jinja,
    render,
    slugify,
    to_variable_name,
    wording,
)

Generate = Callable[[list[dict[str, str]]], str]
_FENCE = re.compile(
    r"\s*(?:```[^\n]*\n(?P<fenced>.*?)\n?```|\"\"\"\n?(?P<quoted>.*?)\n?\"\"\")\s*", re.S
)
_MARK = r"\[\[\s*(?P<mark>[^\[\]:]+?)\s*(?::\s*(?P<phrase>[^\[\]]*?))?\s*\]\]"
_PLACEHOLDER = r"\{\{\s*(?P<placeholder>[^{}|]+?)\s*(?:\|[^{}]*)?\}\}"


@dataclass(frozen=True)
class Chain:
    """Rendered steps of a chain: the runner sends them one by one, appending each answer."""

    system: str
    steps: tuple[str, ...]

    def messages_for(self, answers: Sequence[str]) -> list[dict[str, str]]:
        """The conversation to send for step len(answers) + 1, given the answers so far."""
        if len(answers) >= len(self.steps):
            raise ValueError("every step already has an answer")
        messages = [{"role": "system", "content": self.system}] if self.system.strip() else []
        for step, answer in zip(self.steps, answers, strict=False):
            messages += [
                {"role": "user", "content": step},
                {"role": "assistant", "content": answer},
            ]
        messages.append({"role": "user", "content": self.steps[len(answers)]})
        return messages


class NotAChainError(WorkbenchError):
    """A template without `chain: true` was run as a chain."""

    code = "error.template_not_chain"

    def __init__(self, template: str) -> None:
        super().__init__(template=template)


def build_chain(template: Template, values: Mapping[str, Any]) -> Chain:
    """Render a chain template into its ordered steps."""
    if not template.chain:
        raise NotAChainError(template.id)
    messages = render(template, values)
    system = messages[0]["content"] if messages[0]["role"] == "system" else ""
    return Chain(system, tuple(m["content"] for m in messages if m["role"] == "user"))


def run_chain(chain: Chain, generate: Generate) -> list[dict[str, str]]:
    """Send every step in turn through `generate`; return the whole conversation."""
    answers: list[str] = []
    for _ in chain.steps:
        answers.append(generate(chain.messages_for(answers)))
    return [*chain.messages_for(answers[:-1]), {"role": "assistant", "content": answers[-1]}]


@dataclass
class ReverseSpec:
    """The text whose prompt reverse prompt engineering should find."""

    text: str = ""


def reverse_prompt_chain(spec: ReverseSpec, language: str = "en") -> Template:
    """Four steps: set up the expert (reply 'ok'), ask for an example, a template, then apply."""
    words = wording(language)
    steps = [Message("user", words[f"reverse.step{n}"]) for n in range(1, 5)]
    text = Variable("text", VariableType.LONG_TEXT, spec.text or None, help=words["help.text"])
    return Template(
        id="reverse-prompt" + ("" if language == "en" else f"-{language}"),
        name=words["reverse.name"],
        technique="reverse-prompt",
        language=language,
        chain=True,
        messages=steps,
        variables=[text],
    )


def template_from_prompt(
    prompt: str,
    *,
    name: str = "",
    substitutions: Mapping[str, str] | None = None,
    language: str = "en",
    author: str = "",
) -> Template:
    """A new template from a found prompt: marked parts and given phrases become variables.

    `[[topic: quantum computing]]` marks a variable with its default; `{{topic}}` placeholders
    are kept; `substitutions` maps phrases to variable names ({"quantum computing": "topic"}).
    """
    title = name or wording(language)["reverse.product_name"]
    plain = re.sub(r"\r\n?", "\n", strip_fence(prompt))
    text, variables = variabilize(plain, substitutions)
    return Template(
        id=slugify(title, fallback="reverse-prompt-result"),
        name=title,
        technique="custom",
        language=language,
        tags=["reverse-prompt"],
        author=author,
        messages=[Message("user", text)],
        variables=variables,
    )


def strip_fence(text: str) -> str:
    """A model's answer without a surrounding ``` code fence or triple quotes."""
    match = _FENCE.fullmatch(text)
    if match is None:
        return text.strip()
    return (match.group("fenced") or match.group("quoted") or "").strip()


def variabilize(
    text: str,
    substitutions: Mapping[str, str] | None = None,
    kind: VariableType = VariableType.SHORT_TEXT,
    marks: bool = True,
) -> tuple[str, list[Variable]]:
    """Template text with [[marks]], {{placeholders}} and phrases as variables, the rest literal."""
    phrases = {p: to_variable_name(n) for p, n in (substitutions or {}).items() if p.strip()}
    patterns = [_MARK, _PLACEHOLDER] if marks else [_PLACEHOLDER]
    if phrases:
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        patterns.append(f"(?P<phrase_sub>{alternatives})")
    declared: dict[str, Variable] = {}
    pieces: list[str] = []
    position = 0
    for match in re.finditer("|".join(patterns), text):
        name, default, var_kind = _match_variable(match, phrases, kind)
        declared.setdefault(name, Variable(name, var_kind, default=default))
        pieces += [escape_jinja(text[position : match.start()]), f"{{{{{name}}}}}"]
        position = match.end()
    pieces.append(escape_jinja(text[position:]))
    return "".join(pieces), list(declared.values())


def _match_variable(
    match: re.Match[str], phrases: Mapping[str, str], kind: VariableType
) -> tuple[str, str | None, VariableType]:
    if match.groupdict().get("mark") is not None:
        return to_variable_name(match.group("mark")), match.group("phrase") or None, kind
    if match.group("placeholder") is not None:
        return to_variable_name(match.group("placeholder")), None, VariableType.LONG_TEXT
    phrase = match.group("phrase_sub")
    return phrases[phrase], phrase, kind
