"""What a check is (a kind, its arguments and a weight), what it reads, and what it gives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from workbench.errors import Reason


class Kind(StrEnum):
    """Every check type; the value is the name saved in templates, runs and exports."""

    EQUALS = "equals"
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    STARTS_WITH = "starts_with"
    REGEX = "regex"
    LENGTH = "length"
    IS_JSON = "is_json"
    JSON_SCHEMA = "json_schema"
    LANGUAGE = "language"
    REFUSES = "refuses"
    NOT_REFUSES = "not_refuses"
    METRIC = "metric"
    SIMILAR = "similar"
    JUDGE = "judge"
    CITES_SOURCES = "cites_sources"
    CONTEXT_CONTAINS = "context_contains"


MODEL_KINDS = frozenset({Kind.SIMILAR, Kind.JUDGE})


class Status(StrEnum):
    """How one check ended."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # the check could not judge (bad verdict, crash): never a pass


@dataclass(frozen=True)
class CheckSpec:
    """One check: its kind, its arguments (see workbench.checks.validate for each kind's) and
    its weight in the cell's score."""

    kind: str
    args: Mapping[str, Any] = field(default_factory=dict)
    weight: float = 1.0


@dataclass(frozen=True)
class CheckResult:
    """One check's verdict on one answer: status, a score in [0, 1] and a translatable reason."""

    kind: str
    status: str
    score: float
    reason: Reason
    weight: float = 1.0

    @property
    def passed(self) -> bool:
        """Whether the check passed (an error never does)."""
        return self.status == Status.PASS


@dataclass(frozen=True)
class AnswerUnderCheck:
    """What checks read: the answer, its own numbers, the question, and for document chat the
    citation numbers that exist and the retrieved context (None when not a RAG answer)."""

    text: str
    question: str = ""
    total_time: float | None = None
    time_to_first_token: float | None = None
    tokens_per_second: float | None = None
    output_tokens: int | None = None
    done_reason: str = ""
    citations: tuple[int, ...] | None = None
    context: str | None = None


class CheckModels(Protocol):
    """The daemon calls model-backed checks make (Compare routes them through its scheduler)."""

    def embed(self, model: str, texts: Sequence[str]) -> list[list[float]]:
        """One embedding per text."""

    def chat(self, model: str, messages: list[dict[str, Any]], schema: dict[str, Any]) -> str:
        """The model's whole answer to `messages`, asked to follow the JSON `schema`."""
