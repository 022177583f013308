"""Document chat: search knowledge bases, build the RAG prompt, answer with numbered citations."""

from workbench.docchat.chat import (
    DEFAULT_K,
    ChatSetup,
    DocTurn,
    conversation_history,
    default_template,
    missing_embedders,
    preferred_embedder,
    prompt_messages,
    question_language,
    rag_templates,
    search_collections,
    shorten,
)
from workbench.docchat.tool_search import knowledge_search
from workbench.docchat.views import (
    IngestReport,
    chunk_rows,
    collection_rows,
    document_rows,
    escape_markdown,
    failure_text,
    hit_label,
    ingest_rows,
    ingest_summary,
    location_text,
    progress_text,
    warning_text,
)
