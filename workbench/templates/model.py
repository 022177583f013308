"""The data of a prompt template: variables, chat messages and descriptive fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from workbench.checks import CheckSpec
from workbench.tools import ToolSpec

ROLES = ("system", "user", "assistant")
TECHNIQUES = (
    "structured",
    "role",
    "zero-shot",
    "one-shot",
    "few-shot",
    "reverse-prompt",
    "chain-of-thought",
    "tree-of-thoughts",
    "combination",
    "rag",
    "custom",
)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 64


class VariableType(StrEnum):
    """What kind of value a variable holds (and which input widget the UI shows)."""

    SHORT_TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    CHOICE = "choice"
    YES_NO = "yes_no"
    EXAMPLES = "examples"


@dataclass
class Variable:
    """One declared `{{name}}`: its type, default, whether it is required, and a help line."""

    name: str
    type: VariableType = VariableType.SHORT_TEXT
    default: Any = None
    required: bool = True
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    options: list[str] = field(default_factory=list)


@dataclass
class Message:
    """One chat message of a template; its text may hold `{{variables}}` and Jinja blocks."""

    role: str
    text: str


@dataclass
class Template:
    """A reusable prompt: a system prompt plus chat messages whose parts are variables, and
    optionally the JSON Schema its answer must follow, the tools the model may call and the
    checks its answers should pass."""

    id: str
    name: str
    messages: list[Message]
    variables: list[Variable] = field(default_factory=list)
    system: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    author: str = ""
    technique: str = "custom"
    language: str = "en"
    model: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    chain: bool = False
    output_schema: dict[str, Any] | None = None
    tools: list[ToolSpec] = field(default_factory=list)
    checks: list[CheckSpec] = field(default_factory=list)

    def variable(self, name: str) -> Variable | None:
        """The declared variable called `name`, if any."""
        return next((v for v in self.variables if v.name == name), None)


def slugify(text: str, fallback: str = "template") -> str:
    """A lowercase ASCII id such as 'blog-post' from a name; `fallback` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_ID_LENGTH].rstrip("-") or fallback
