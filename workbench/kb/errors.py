"""Knowledge-base errors: one factory per failure, each with a stable code (text in kb.toml)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.errors import Reason, WorkbenchError
from workbench.kb.documents import LoadedDocument

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


class NeedsVision(FileRejected):
    """No page of the file has a text layer; a vision model could read the pictures of
    `document` (the file as loaded, with its pages without text)."""

    code = "error.kb_pdf_no_text"

    def __init__(self, document: LoadedDocument, code: str | None = None, **params: Any) -> None:
        super().__init__(code=code, **params)
        self.document = document


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
        code="error.kb_file_too_large",
        file=file,
        size_mb=size_mb,
        limit_mb=limit_mb,
    )


def empty_file(file: str) -> FileRejected:
    """The file has no content at all."""
    return FileRejected(code="error.kb_empty_file", file=file)


def unsupported_type(file: str, extension: str, supported: Sequence[str]) -> FileRejected:
    """The file's extension is not one the loaders read."""
    kinds, shown = ", ".join(supported), extension or "(none)"
    return FileRejected(
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
        code = "error.kb_binary_data"
    elif kind == "PDF":
        code = "error.kb_binary_pdf"
    elif kind in IMAGE_FORMATS:
        code = "error.kb_binary_file"
    else:
        code = "error.kb_binary_format"
    return FileRejected(code=code, file=file, kind=kind or "")


def file_unreadable(file: str, detail: str) -> FileRejected:
    """Reading the file failed in an unexpected way."""
    return FileRejected(
        code="error.kb_file_unreadable",
        file=file,
        detail=detail,
    )


def not_a_pdf(file: str) -> FileRejected:
    """A .pdf file that does not start like a PDF."""
    return FileRejected(
        code="error.kb_not_a_pdf",
        file=file,
    )


def pdf_corrupt(file: str, detail: str) -> FileRejected:
    """pypdf cannot parse the file."""
    return FileRejected(
        code="error.kb_pdf_corrupt",
        file=file,
        detail=detail,
    )


def pdf_password_required(file: str) -> PdfPasswordRequired:
    """An encrypted PDF was uploaded without a password."""
    return PdfPasswordRequired(file=file)


def pdf_wrong_password(file: str) -> PdfWrongPassword:
    """The password does not decrypt the PDF."""
    return PdfWrongPassword(
        file=file,
    )


def pdf_needs_cryptography(file: str) -> FileRejected:
    """AES-encrypted PDFs need the cryptography package."""
    return FileRejected(
        code="error.kb_pdf_needs_cryptography",
        file=file,
    )


def pdf_no_text(document: LoadedDocument) -> NeedsVision:
    """No page of the PDF has a text layer."""
    return NeedsVision(document, file=document.name, pages=document.pages)


def image_needs_vision(document: LoadedDocument) -> NeedsVision:
    """An image file holds no text layer: only a vision model can read it."""
    return NeedsVision(document, code="error.kb_image_needs_vision", file=document.name)


def nothing_read(file: str, model: str, reason: Reason) -> FileRejected:
    """The vision model read none of the pages of a file that has no text layer."""
    return FileRejected(code="error.kb_nothing_read", file=file, model=model, reason=reason)


def image_unreadable(file: str, detail: str) -> FileRejected:
    """A .png or .jpg file that is not an image Pillow can decode."""
    return FileRejected(code="error.kb_image_unreadable", file=file, detail=detail)


def image_too_large(file: str, width: int, height: int, limit: int) -> FileRejected:
    """The image has more pixels than a vision model is sent (a decompression bomb, too)."""
    megapixels = round(width * height / 1_000_000, 1)
    return FileRejected(
        code="error.kb_image_too_large",
        file=file,
        width=width,
        height=height,
        megapixels=megapixels,
        limit=round(limit / 1_000_000),
    )


def csv_unreadable(file: str, detail: str) -> FileRejected:
    """pandas cannot parse the CSV."""
    return FileRejected(
        code="error.kb_csv_unreadable",
        file=file,
        detail=detail,
    )


def bad_chunk_settings(size: int, overlap: int, low: int, high: int) -> KbError:
    """Chunk size or overlap is out of range."""
    return KbError(
        code="error.kb_chunk_settings",
        size=size,
        overlap=overlap,
        low=low,
        high=high,
    )


def bad_collection_name(name: str, limit: int) -> KbError:
    """The display name is empty or too long."""
    return KbError(
        code="error.kb_collection_name",
        name=name,
        limit=limit,
    )


def collection_exists(name: str) -> KbError:
    """A knowledge base with this name exists already."""
    return KbError(
        code="error.kb_collection_exists",
        collection=name,
    )


def collection_not_found(name: str) -> CollectionNotFound:
    """No knowledge base has this name."""
    return CollectionNotFound(
        collection=name,
    )


def model_not_installed(model: str) -> EmbeddingModelRefused:
    """The embedding model is not installed in the daemon."""
    return EmbeddingModelRefused(
        code="error.kb_model_not_installed",
        model=model,
    )


def not_embedding_model(model: str, available: Sequence[str]) -> EmbeddingModelRefused:
    """The model generates text but cannot embed it."""
    choices = ", ".join(available) or "none installed; pull one, e.g. ollama pull bge-m3"
    return EmbeddingModelRefused(
        model=model,
        available=choices,
    )


def model_mismatch(collection: str, built_with: str, requested: str) -> EmbeddingModelRefused:
    """A search or ingest names another model than the collection was built with."""
    return EmbeddingModelRefused(
        code="error.kb_model_mismatch",
        collection=collection,
        built_with=built_with,
        requested=requested,
    )


def dimension_mismatch(collection: str, model: str, expected: int, got: int) -> KbError:
    """The model returned vectors of another size than the collection stores."""
    return KbError(
        code="error.kb_dimension_mismatch",
        collection=collection,
        model=model,
        expected=expected,
        got=got,
    )


def store_unavailable(location: str, detail: str) -> StoreUnavailable:
    """Chroma cannot be reached or failed."""
    return StoreUnavailable(
        location=location,
        detail=detail,
    )


def office_encrypted(file: str) -> FileRejected:
    """A .docx, .xlsx or .pptx saved with a password (an encrypted OLE compound file)."""
    return FileRejected(code="error.kb_office_encrypted", file=file)


def archive_too_large(file: str, unpacked: int, limit: int) -> FileRejected:
    """A zip package (DOCX, XLSX, PPTX, HWPX) that unpacks to more than the limit."""
    return FileRejected(
        code="error.kb_archive_too_large",
        file=file,
        unpacked_mb=round(unpacked / MEGABYTE, 1),
        limit_mb=round(limit / MEGABYTE, 1),
    )


def archive_ratio(file: str, ratio: float, limit: float) -> FileRejected:
    """A zip member compressed far better than documents are: a zip bomb."""
    return FileRejected(code="error.kb_archive_ratio", file=file, ratio=round(ratio), limit=limit)


def not_a_package(file: str, extension: str) -> FileRejected:
    """A file named like a zip-based document (.docx, .hwpx, ...) that is not a zip at all."""
    return FileRejected(code="error.kb_not_a_package", file=file, extension=extension)


def package_corrupt(file: str, detail: str) -> FileRejected:
    """A zip-based document that is damaged: a broken zip, a missing part, unreadable XML."""
    return FileRejected(code="error.kb_package_corrupt", file=file, detail=detail)


def xml_unsafe(file: str) -> FileRejected:
    """XML with a document type declaration (entities could expand without bound)."""
    return FileRejected(code="error.kb_xml_unsafe", file=file)


def hwp_binary(file: str) -> FileRejected:
    """A binary HWP 5 document, which no loader reads: save it as HWPX or PDF in Hangul."""
    return FileRejected(code="error.kb_hwp_binary", file=file)


def web_bad_url(url: str) -> KbError:
    """The address is not an http(s) URL with a host."""
    return KbError(code="error.kb_web_bad_url", url=url)


def web_unreachable(url: str, detail: str) -> KbError:
    """The host's name does not resolve or the connection failed."""
    return KbError(code="error.kb_web_unreachable", url=url, detail=detail)


def web_timeout(url: str, seconds: float) -> KbError:
    """The server did not answer in time."""
    return KbError(code="error.kb_web_timeout", url=url, seconds=round(seconds))


def web_http_status(url: str, status: int, reason: str) -> KbError:
    """The server answered with an error status."""
    return KbError(code="error.kb_web_http_status", url=url, status=status, reason=reason)


def web_wrong_type(url: str, content_type: str, supported: str) -> KbError:
    """The page is not HTML, plain text or a PDF."""
    return KbError(
        code="error.kb_web_wrong_type", url=url, content_type=content_type, supported=supported
    )


def web_too_large(url: str, limit: int) -> KbError:
    """The download grew past the size limit (it was stopped there)."""
    return KbError(code="error.kb_web_too_large", url=url, limit_mb=round(limit / MEGABYTE, 1))


def web_too_many_redirects(url: str, limit: int) -> KbError:
    """The address redirects more often than allowed."""
    return KbError(code="error.kb_web_too_many_redirects", url=url, limit=limit)
