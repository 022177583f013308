"""Open zip-based documents (DOCX, XLSX, PPTX, HWPX) safely: no zip bombs, no impostors."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from workbench.kb import errors

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100.0
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OFFICE_EXTENSIONS = (".docx", ".xlsx", ".pptx")


def checked_zip(
    name: str, data: bytes, max_uncompressed: int = MAX_UNCOMPRESSED
) -> zipfile.ZipFile:
    """The zip in `data`, after refusing what is no zip (a password-protected Office file, an
    HWP 5 file, anything renamed) and what would unpack to more than `max_uncompressed` bytes
    or holds a member larger than a megabyte compressed over MAX_RATIO times (a zip bomb).

    The sizes checked are those the zip declares; Python's zipfile never unpacks a member past
    its declared size, so the libraries reading the zip afterwards stay within them."""
    extension = PurePath(name).suffix.lower()
    if data.startswith(OLE_MAGIC):
        if extension in OFFICE_EXTENSIONS:
            raise errors.office_encrypted(name)
        if extension == ".hwpx":
            raise errors.hwp_binary(name)
    if not data.startswith(b"PK"):
        raise errors.not_a_package(name, extension)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise errors.package_corrupt(name, str(exc) or type(exc).__name__) from exc
    if len(members) > MAX_MEMBERS:
        raise errors.package_corrupt(name, f"{len(members)} parts")
    total = sum(member.file_size for member in members)
    if total > max_uncompressed:
        raise errors.archive_too_large(name, total, max_uncompressed)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise errors.archive_ratio(name, ratio, MAX_RATIO)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, member: str) -> bytes:
    """One part of a checked zip; a missing or damaged part is a damaged document."""
    try:
        return archive.read(member)
    except KeyError as exc:
        raise errors.package_corrupt(name, f"{member} is missing") from exc
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise errors.package_corrupt(name, f"{member}: {exc}") from exc
