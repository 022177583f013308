"""Document chat: search knowledge bases, fill a RAG template, keep the conversation going."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import WorkbenchError
from workbench.kb.citations import Citation, used_citations
from workbench.kb.collections import CollectionInfo
from workbench.kb.embedders import Embedders
from workbench.kb.embedding import same_model
from workbench.kb.encoding import hangul_ratio
from workbench.kb.language import MULTILINGUAL_MODEL, base_model_name, is_english_only
from workbench.kb.retrieval import RetrievedChunk, distinct, search
from workbench.kb.store import ChromaStore
from workbench.ollama import GenerationStats
from workbench.templates import Template, render

RAG_VARIABLES = ("context", "question")
DEFAULT_TEMPLATES = {"en": "rag-answer", "ko": "rag-answer-ko"}
DEFAULT_K = 5
NAME_LIMIT = 60
KOREAN_QUESTION = 0.3  # share of Hangul among the letters that makes a question Korean


@dataclass
class DocTurn:
    """One message of a document chat; an answer keeps its prompt, sources and outcome."""

    role: str
    content: str = ""
    question: str = ""
    model: str = ""
    citations: list[Citation] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    error: WorkbenchError | None = None
    stats: GenerationStats | None = None

    @property
    def used(self) -> list[Citation]:
        """The sources the answer refers to with [n] markers, in order of first use."""
        return used_citations(self.content, self.citations)


@dataclass(frozen=True)
class ChatSetup:
    """What the next question is answered with."""

    collections: tuple[str, ...]
    model: str
    template: Template
    k: int = DEFAULT_K
    hybrid: bool = True
    include_partial: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    by_question: tuple[Template, ...] = ()  # until the user picks a template: follow the question

    def template_for(self, question: str) -> Template:
        """The chosen template, or the RAG template in the question's language."""
        if not self.by_question:
            return self.template
        return self.by_question[default_template(self.by_question, question_language(question))]

    def options_for(self, template: Template) -> dict[str, Any] | None:
        """The template's own parameters, overridden by the options set on the page."""
        return {**template.parameters, **self.options} or None


def search_collections(
    store: ChromaStore,
    service: Embedders,
    collections: Sequence[str],
    question: str,
    k: int = DEFAULT_K,
    hybrid: bool = True,
    include_partial: bool = False,
) -> list[RetrievedChunk]:
    """The k best chunks, never the same text twice; several knowledge bases are searched each
    with its own embedding model (with FleetEmbedders, on a daemon whose model has its digest)
    and merged by similarity score."""
    found = [
        chunk
        for name in collections
        for chunk in search(
            store, service, name, question, k, hybrid=hybrid, include_partial=include_partial
        )
    ]
    if len(collections) == 1:
        return found
    return distinct(sorted(found, key=lambda chunk: (-chunk.score, chunk.id)), k)


def missing_embedders(infos: Iterable[CollectionInfo], installed: Sequence[str]) -> list[str]:
    """Embedding models the chosen knowledge bases need but the daemon does not have."""
    missing: list[str] = []
    for info in infos:
        model = info.embedding_model
        if not any(same_model(model, name) for name in installed) and model not in missing:
            missing.append(model)
    return missing


def preferred_embedder(names: Sequence[str]) -> int:
    """Index of the embedding model to preselect: bge-m3, else any multilingual one, else 0."""
    ranks = [
        0 if base_model_name(name) == MULTILINGUAL_MODEL else 1 + is_english_only(name)
        for name in names
    ]
    return ranks.index(min(ranks)) if ranks else 0


def is_rag_template(template: Template) -> bool:
    """True when the template declares both a `context` and a `question` variable."""
    return all(template.variable(name) is not None for name in RAG_VARIABLES)


def rag_templates(library: Iterable[Template], starters: Iterable[Template]) -> list[Template]:
    """The library's RAG templates, then the starter ones the library lacks (not copied in)."""
    own = [template for template in library if is_rag_template(template)]
    ids = {template.id for template in own}
    return own + [s for s in starters if is_rag_template(s) and s.id not in ids]


def question_language(question: str) -> str:
    """'ko' for a question written mostly in Hangul, else 'en'."""
    return "ko" if hangul_ratio(question) >= KOREAN_QUESTION else "en"


def default_template(templates: Sequence[Template], language: str) -> int:
    """Index of the template to preselect: rag-answer, or rag-answer-ko for Korean."""
    wanted = DEFAULT_TEMPLATES.get(language, DEFAULT_TEMPLATES["en"])
    ids = [template.id for template in templates]
    return ids.index(wanted) if wanted in ids else 0


def conversation_history(turns: Sequence[DocTurn]) -> list[dict[str, str]]:
    """Earlier questions and the answers they got, as plain chat messages (no old context);
    a question whose answer failed empty is left out."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        if turn.role == "assistant" and turn.content:
            messages.append({"role": "user", "content": turn.question})
            messages.append({"role": "assistant", "content": turn.content})
    return messages


def prompt_messages(
    template: Template, context: str, question: str, history: Sequence[dict[str, str]] = ()
) -> list[dict[str, str]]:
    """The rendered template's system prompt, then the conversation so far, then its messages
    for the new question with the numbered context."""
    rendered = render(template, {"context": context, "question": question})
    head = rendered[:1] if rendered and rendered[0]["role"] == "system" else []
    return [*head, *(dict(m) for m in history), *rendered[len(head) :]]


def shorten(text: str, limit: int = NAME_LIMIT) -> str:
    """The text on one line, cut at `limit` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
