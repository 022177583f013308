"""checked_zip: zip bombs (total size, compression ratio), impostors and encrypted Office files
are refused before any library opens the bytes; honest packages open."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.office_fixtures import encrypt_office, make_docx, zip_bomb
from workbench.kb import errors
from workbench.kb.archive import MAX_RATIO, checked_zip

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def refusal(name: str, data: bytes, **limits: int) -> errors.FileRejected:
    with pytest.raises(errors.FileRejected) as caught:
        checked_zip(name, data, **limits)
    return caught.value


def test_a_real_document_opens():
    with checked_zip("plan.docx", make_docx([("p", "안녕하세요")])) as archive:
        assert "word/document.xml" in archive.namelist()


def test_the_uncompressed_limit_counts_every_member():
    data = zip_bomb("a.xml", 3 * 1024 * 1024, {"b.xml": b"x" * 1000})
    error = refusal("a.xlsx", data, max_uncompressed=2 * 1024 * 1024)
    assert error.code == "error.kb_archive_too_large"
    assert error.params["unpacked_mb"] == 3.0 and error.params["limit_mb"] == 2.0


def test_a_member_compressed_beyond_the_ratio_is_a_bomb_even_under_the_limit():
    error = refusal("a.pptx", zip_bomb("ppt/slides/slide1.xml", 8 * 1024 * 1024))
    assert error.code == "error.kb_archive_ratio"
    assert error.params["ratio"] > MAX_RATIO


def test_small_highly_compressed_members_are_fine():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("styles.xml", b"<a/>" * 100_000)
    checked_zip("a.docx", buffer.getvalue()).close()


@pytest.mark.parametrize("name", ["a.docx", "b.xlsx", "c.pptx"])
def test_an_encrypted_office_file_says_to_remove_the_password(name: str):
    data = encrypt_office(make_docx([("p", "secret")]))
    assert refusal(name, data).code == "error.kb_office_encrypted"


def test_an_hwp5_file_named_hwpx_says_to_save_it_as_hwpx():
    assert refusal("a.hwpx", OLE).code == "error.kb_hwp_binary"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7 not a zip", "error.kb_not_a_package"),
        ("텍스트입니다".encode(), "error.kb_not_a_package"),
        (b"PK\x03\x04 broken", "error.kb_package_corrupt"),
    ],
)
def test_impostors_and_broken_zips(data: bytes, code: str):
    error = refusal("a.docx", data)
    assert error.code == code and error.params["file"] == "a.docx"
