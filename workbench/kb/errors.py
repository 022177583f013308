"""Knowledge-base errors: one factory per failure, each with a stable code and English text."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.errors import WorkbenchError

MEGABYTE = 1024 * 1024
IMAGE_FORMATS = ("PNG", "JPEG", "GIF")


class KbError(WorkbenchError):
    """A knowledge-base operation cannot go on."""

    code = "error.kb"


class FileRejected(KbError):
    """One file cannot be read into the knowledge base (the other files go on)."""

    code = "error.kb_file"


class PdfPasswordRequired(FileRejected):
    """The PDF is encrypted and no password was given: ask the user for one."""

    code = "error.kb_pdf_password_required"


class PdfWrongPassword(FileRejected):
    """The password given for an encrypted PDF does not open it."""

    code = "error.kb_pdf_wrong_password"


class CollectionNotFound(KbError):
    """No knowledge base has this name."""

    code = "error.kb_collection_not_found"


class EmbeddingModelRefused(KbError):
    """The chosen model cannot embed text for this knowledge base."""

    code = "error.kb_not_embedding_model"


class StoreUnavailable(KbError):
    """The Chroma store cannot be reached or failed."""

    code = "error.kb_store_unavailable"


def file_too_large(file: str, size: int, limit: int) -> FileRejected:
    """The file is bigger than the upload limit."""
    size_mb, limit_mb = round(size / MEGABYTE, 1), round(limit / MEGABYTE, 1)
    return FileRejected(
        f"{file} is {size_mb} MB; the limit is {limit_mb} MB. Split it into smaller files "
        "or raise the limit.",
        code="error.kb_file_too_large",
        file=file,
        size_mb=size_mb,
        limit_mb=limit_mb,
    )


def empty_file(file: str) -> FileRejected:
    """The file has no content at all."""
    return FileRejected(
        f"{file} is empty: there is nothing to index.", code="error.kb_empty_file", file=file
    )


def unsupported_type(file: str, extension: str, supported: Sequence[str]) -> FileRejected:
    """The file's extension is not one the loaders read."""
    kinds, shown = ", ".join(supported), extension or "(none)"
    return FileRejected(
        f"{file}: files of type '{shown}' are not supported yet. Supported: {kinds}.",
        code="error.kb_unsupported_type",
        file=file,
        extension=shown,
        supported=kinds,
    )


def binary_file(file: str, kind: str | None = None) -> FileRejected:
    """A file named like text holds binary data; `kind` is a format name such as "PNG".

    The catalogs phrase the format ("a PNG image", "PNG 이미지"; "a GGUF file", "GGUF 파일"), so
    `kind` holds no English words. A PDF gets its own hint (rename it), and data of no known
    format its own code.
    """
    if kind is None:
        looks_like, code = "binary data", "error.kb_binary_data"
    elif kind == "PDF":
        looks_like, code = "a PDF document; give it a .pdf name", "error.kb_binary_pdf"
    elif kind in IMAGE_FORMATS:
        looks_like, code = f"a {kind} image", "error.kb_binary_file"
    else:
        looks_like, code = f"a {kind} file", "error.kb_binary_format"
    return FileRejected(
        f"{file} is not a text file (it looks like {looks_like}). Upload the original document, "
        "or convert it to PDF or plain text first.",
        code=code,
        file=file,
        kind=kind or "",
    )


def file_unreadable(file: str, detail: str) -> FileRejected:
    """Reading the file failed in an unexpected way."""
    return FileRejected(
        f"{file} could not be read ({detail}). Check that the file opens on your computer, "
        "then upload it again.",
        code="error.kb_file_unreadable",
        file=file,
        detail=detail,
    )


def not_a_pdf(file: str) -> FileRejected:
    """A .pdf file that does not start like a PDF."""
    return FileRejected(
        f"{file} is not a PDF (no PDF header): it only has a .pdf name. Upload the real "
        "document, or give the file the name of its real type.",
        code="error.kb_not_a_pdf",
        file=file,
    )


def pdf_corrupt(file: str, detail: str) -> FileRejected:
    """pypdf cannot parse the file."""
    return FileRejected(
        f"{file} is not a readable PDF (damaged or incomplete: {detail}). Open it in a PDF "
        "viewer and save or print it as a new PDF, then upload that.",
        code="error.kb_pdf_corrupt",
        file=file,
        detail=detail,
    )


def pdf_password_required(file: str) -> PdfPasswordRequired:
    """An encrypted PDF was uploaded without a password."""
    return PdfPasswordRequired(
        f"{file} is protected by a password. Enter the password to index it.", file=file
    )


def pdf_wrong_password(file: str) -> PdfWrongPassword:
    """The password does not decrypt the PDF."""
    return PdfWrongPassword(
        f"The password for {file} is wrong. Check it (it is case-sensitive) and try again.",
        file=file,
    )


def pdf_needs_cryptography(file: str) -> FileRejected:
    """AES-encrypted PDFs need the cryptography package."""
    return FileRejected(
        f"{file} uses AES encryption, which needs the 'cryptography' package: "
        "pip install cryptography, then try again.",
        code="error.kb_pdf_needs_cryptography",
        file=file,
    )


def pdf_no_text(file: str, pages: int) -> FileRejected:
    """No page of the PDF has a text layer."""
    return FileRejected(
        f"{file} has no text layer on any of its {pages} pages: it is probably scanned. "
        "OCR it first (e.g. ocrmypdf), then upload the result.",
        code="error.kb_pdf_no_text",
        file=file,
        pages=pages,
    )


def csv_unreadable(file: str, detail: str) -> FileRejected:
    """pandas cannot parse the CSV."""
    return FileRejected(
        f"{file} is not a readable CSV table ({detail}). Check the separators and quotes, "
        "or export it again from the spreadsheet.",
        code="error.kb_csv_unreadable",
        file=file,
        detail=detail,
    )


def bad_chunk_settings(size: int, overlap: int, low: int, high: int) -> KbError:
    """Chunk size or overlap is out of range."""
    return KbError(
        f"Chunk size must be {low}-{high} characters and the overlap 0 to half the size "
        f"(got size {size}, overlap {overlap}).",
        code="error.kb_chunk_settings",
        size=size,
        overlap=overlap,
        low=low,
        high=high,
    )


def bad_collection_name(name: str, limit: int) -> KbError:
    """The display name is empty or too long."""
    return KbError(
        f"A knowledge base needs a name of 1-{limit} characters (got {name!r}).",
        code="error.kb_collection_name",
        name=name,
        limit=limit,
    )


def collection_exists(name: str) -> KbError:
    """A knowledge base with this name exists already."""
    return KbError(
        f"A knowledge base called '{name}' exists already. Pick another name, or add files "
        "to the existing one.",
        code="error.kb_collection_exists",
        collection=name,
    )


def collection_not_found(name: str) -> CollectionNotFound:
    """No knowledge base has this name."""
    return CollectionNotFound(
        f"There is no knowledge base called '{name}'. Create it on the Knowledge page first.",
        collection=name,
    )


def model_not_installed(model: str) -> EmbeddingModelRefused:
    """The embedding model is not installed in the daemon."""
    return EmbeddingModelRefused(
        f"The embedding model '{model}' is not installed. Pull it first (ollama pull {model}).",
        code="error.kb_model_not_installed",
        model=model,
    )


def not_embedding_model(model: str, available: Sequence[str]) -> EmbeddingModelRefused:
    """The model generates text but cannot embed it."""
    choices = ", ".join(available) or "none installed; pull one, e.g. ollama pull bge-m3"
    return EmbeddingModelRefused(
        f"'{model}' is not an embedding model, so it cannot index documents. "
        f"Choose an embedding model ({choices}).",
        model=model,
        available=choices,
    )


def model_mismatch(collection: str, built_with: str, requested: str) -> EmbeddingModelRefused:
    """A search or ingest names another model than the collection was built with."""
    return EmbeddingModelRefused(
        f"The knowledge base '{collection}' was built with {built_with}; its vectors cannot be "
        f"compared with {requested}'s. Search it with {built_with}, or re-index it with "
        f"{requested} first.",
        code="error.kb_model_mismatch",
        collection=collection,
        built_with=built_with,
        requested=requested,
    )


def dimension_mismatch(collection: str, model: str, expected: int, got: int) -> KbError:
    """The model returned vectors of another size than the collection stores."""
    return KbError(
        f"{model} now returns vectors of {got} numbers, but '{collection}' stores vectors of "
        f"{expected}. The model was probably replaced; re-index the knowledge base.",
        code="error.kb_dimension_mismatch",
        collection=collection,
        model=model,
        expected=expected,
        got=got,
    )


def store_unavailable(location: str, detail: str) -> StoreUnavailable:
    """Chroma cannot be reached or failed."""
    return StoreUnavailable(
        f"The knowledge-base store at {location} is not available ({detail}). If you use a "
        "Chroma server (CHROMA_HOST), check that it is running; otherwise check the data "
        "directory.",
        location=location,
        detail=detail,
    )
