"""AppTest flows of the Knowledge page: create, upload with bad files, browse, preview, delete."""

from __future__ import annotations

import re
import tomllib
from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import make_pdf
from tests.local_web import local_server
from tests.pages_support import button
from tests.vision_fixtures import jpeg_with_text, png_with_text, scanned_pdf
from workbench.kb.loaders import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
LEAVE = (
    "Employees get fifteen days of paid leave after their first year. Unused leave days do "
    "not carry over to the next year."
)
PARKING = "The office car park opens at seven in the morning. Visitors park on level two."
KOREAN = (
    "연차 휴가는 입사 1년 후 15일이 주어지며, 사용하지 않은 휴가는 다음 해로 이월되지 않습니다."
)
CITIES = "name,city,population\nAlice,Seoul,9400000\nBob,Busan,3300000\nChloe,Daegu,2400000\n"


open_knowledge = partial(pages_support.open_page, "pages/knowledge.py")
shown = partial(
    pages_support.texts,
    kinds=("markdown", "error", "success", "warning", "caption", "info", "text"),
    unescape=True,
)


def button_starting(at: AppTest, prefix: str):
    return next(b for b in at.button if b.label.startswith(prefix))


def create(at: AppTest, name: str, model: str = "bge-m3:latest") -> None:
    at.text_input(key="kb.new_name").input(name)
    at.selectbox(key="kb.new_model").select(model)
    button(at, "Create").click().run()


def upload(at: AppTest, *files: tuple[str, bytes, str]) -> None:
    at.file_uploader[0].set_value(list(files)).run()
    button_starting(at, "Add ").click().run()


def text_file(name: str, text: str) -> tuple[str, bytes, str]:
    return (name, text.encode("utf-8"), "text/plain")


def collection_row(at: AppTest, name: str) -> dict:
    frame = at.dataframe[0].value
    return frame[frame.iloc[:, 0] == name].iloc[0].to_dict()


@pytest.mark.parametrize(
    ("language", "title", "empty"),
    [
        ("en", "Knowledge", "No knowledge base yet"),
        ("ko", "지식 베이스", "아직 지식 베이스가 없습니다"),
    ],
)
def test_empty_page_in_both_languages(workbench_env, language, title, empty) -> None:
    at = open_knowledge(language)
    assert not at.exception and not at.error
    assert at.title[0].value.endswith(title)
    assert empty in shown(at)
    assert at.selectbox(key="kb.new_model").value == "bge-m3:latest"
    assert at.selectbox(key="kb.new_model").options == ["all-minilm:latest", "bge-m3:latest"]


def test_create_upload_and_see_counts(workbench_env: FakeOllama) -> None:
    at = open_knowledge()
    create(at, "사내 규정")
    assert "Created the knowledge base '사내 규정'." in shown(at)
    row = collection_row(at, "사내 규정")
    assert (row["Documents"], row["Passages"], row["Dimension"]) == (0, 0, 1024)
    assert (row["Embedding model"], row["Chunk size"], row["Overlap"]) == (
        "bge-m3:latest",
        800,
        100,
    )
    upload(at, text_file("leave.txt", LEAVE), ("cities.csv", CITIES.encode(), "text/csv"))
    assert not at.exception and not at.error
    assert " new passages from 2 file(s)." in shown(at)
    row = collection_row(at, "사내 규정")
    assert row["Documents"] == 2 and row["Passages"] >= 2
    documents = at.dataframe[2].value
    assert list(documents["File"]) == ["cities.csv", "leave.txt"]


def test_csv_chunks_show_their_rows(workbench_env: FakeOllama) -> None:
    at = open_knowledge()
    create(at, "Cities")
    upload(at, ("cities.csv", CITIES.encode(), "text/csv"))
    chunks = at.dataframe[3].value
    assert chunks.iloc[0]["Location"] == "rows 2-4"
    assert "Seoul" in chunks.iloc[0]["Text"]


def test_bad_files_show_reasons_and_do_not_stop_the_others(workbench_env: FakeOllama) -> None:
    at = open_knowledge()
    create(at, "Mixed")
    locked = make_pdf(["The secret launch date is the ninth of March."], password="s3cret")
    upload(
        at,
        text_file("empty.txt", ""),
        ("picture.txt", PNG, "text/plain"),
        ("locked.pdf", locked, "application/pdf"),
        text_file("leave.txt", LEAVE),
    )
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("empty.txt is empty" in e for e in errors)
    assert any("picture.txt is not a text file (it looks like a PNG image)" in e for e in errors)
    assert any("locked.pdf is protected by a password" in e for e in errors)
    assert collection_row(at, "Mixed")["Documents"] == 1
    report = at.dataframe[1].value
    statuses = dict(zip(report["File"], report["Status"], strict=True))
    assert statuses["leave.txt"] == "✅ done" and statuses["empty.txt"] == "❌ failed"

    at.text_input(key="kb.password.locked.pdf").input("wrong")
    button(at, "Unlock and add").click().run()
    assert any("The password for locked.pdf is wrong" in e.value for e in at.error)
    assert not any(s.value.startswith("Added") for s in at.success)
    at.text_input(key="kb.password.locked.pdf").input("s3cret")
    button(at, "Unlock and add").click().run()
    assert not any("locked.pdf" in e.value for e in at.error)
    assert " new passages from 1 file(s)." in shown(at)
    assert any("empty.txt is empty" in e.value for e in at.error)
    assert collection_row(at, "Mixed")["Documents"] == 2
    assert not [i for i in at.text_input if i.key == "kb.password.locked.pdf"]


def test_every_uploaded_file_gets_a_row_and_honest_messages(
    workbench_env: FakeOllama, tmp_path: Path
) -> None:
    at = open_knowledge()
    create(at, "Rows")
    upload(
        at,
        text_file("leave.txt", LEAVE),
        text_file("leave copy.txt", LEAVE),
        ("notes.odt", b"PK\x03\x04 not really", "application/octet-stream"),
        ("garbage.pdf", b"this is not a pdf at all", "application/pdf"),
    )
    assert not at.exception
    report = at.dataframe[1].value
    rows = dict(
        zip(report["File"], zip(report["Status"], report["Note"], strict=True), strict=True)
    )
    assert set(rows) == {"leave.txt", "leave copy.txt", "notes.odt", "garbage.pdf"}
    assert rows["leave copy.txt"] == ("⏭️ skipped", "Same content as leave.txt, skipped.")
    assert rows["notes.odt"][0] == "❌ failed"
    assert "'.odt' are not supported yet. Supported: .pdf, .txt" in rows["notes.odt"][1]
    assert rows["garbage.pdf"][1].startswith("garbage.pdf is not a PDF (no PDF header)")
    assert "Added 1 new passages from 1 file(s)." in shown(at)
    pending = tmp_path / "data" / "kb-pending"
    assert pending.is_dir() and not [p for p in pending.rglob("*") if p.is_file()]

    upload(at, text_file("leave.txt", LEAVE))
    assert "Nothing new: 1 passages were already stored." in shown(at)
    assert not any(s.value.startswith("Added") for s in at.success)


def test_a_long_ingest_shows_its_estimate_and_asks_first(workbench_env: FakeOllama) -> None:
    at = open_knowledge()
    at.text_input(key="kb.new_name").input("Long")
    at.number_input(key="kb.new_size").set_value(50)
    at.number_input(key="kb.new_overlap").set_value(0)
    button(at, "Create").click().run()
    big = " ".join(f"Fact {i} is here." for i in range(15000))
    at.file_uploader[0].set_value([text_file("big.txt", big)]).run()
    estimate = next(c.value for c in at.caption if "new passages to embed" in c.value)
    assert "passages/s (assumed for a 2-core CPU" in estimate
    assert button_starting(at, "Add ").disabled
    at.checkbox[0].check().run()
    assert "This will take about" in at.checkbox[0].label
    assert not button_starting(at, "Add ").disabled

    at.file_uploader[0].set_value([text_file("small.txt", LEAVE)]).run()
    assert not [c for c in at.checkbox if "This will take" in c.label]
    assert not button_starting(at, "Add ").disabled


def test_the_uploader_limit_is_the_loaders_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == DEFAULT_MAX_BYTES


def test_failure_reasons_are_translated(workbench_env: FakeOllama) -> None:
    at = open_knowledge("ko")
    at.text_input(key="kb.new_name").input("빈 파일")
    button(at, "만들기").click().run()
    at.file_uploader[0].set_value([text_file("empty.txt", "")]).run()
    button_starting(at, "빈 파일에 ").click().run()
    assert not at.exception
    assert any(e.value.startswith("empty.txt") and "비어" in e.value for e in at.error)
    assert "❌ 실패" in list(at.dataframe[1].value["상태"])


@pytest.fixture
def handbook(workbench_env: FakeOllama) -> AppTest:
    at = open_knowledge()
    create(at, "Handbook")
    upload(
        at,
        text_file("leave.txt", LEAVE),
        text_file("parking.txt", PARKING),
        text_file("휴가.txt", KOREAN),
    )
    return at


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("How many days of paid leave do employees get?", "leave.txt"),
        ("Where do visitors park?", "parking.txt"),
        ("사용하지 않은 휴가는 이월되나요?", "휴가.txt"),
    ],
)
def test_retrieval_preview_finds_the_passage(handbook: AppTest, query: str, expected: str) -> None:
    at = handbook
    at.text_input(key="kb.query").input(query).run()
    assert not at.exception and not at.error
    headers = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("#1 · ")]
    assert headers and headers[0].startswith(f"#1 · {expected} · similarity ")
    assert "Hybrid search: BM25 keywords + vectors" in shown(at)


def test_retrieval_preview_vector_only(handbook: AppTest) -> None:
    at = handbook
    at.toggle(key="kb.hybrid").set_value(False)
    at.number_input(key="kb.k").set_value(1)
    at.text_input(key="kb.query").input("visitors car park").run()
    headers = [m.value for m in at.markdown if m.value[:2] in ("#1", "#2")]
    assert len(headers) == 1
    assert "Vector search only" in shown(at)
    assert "keywords" not in headers[0] and "parking.txt" in headers[0]


def test_delete_a_document_after_confirming(handbook: AppTest) -> None:
    at = handbook
    at.selectbox(key="kb.document").select("parking.txt").run()
    button(at, "Delete parking.txt").click().run()
    assert "Delete parking.txt and its passages from 'Handbook'?" in at.warning[0].value
    button(at, "Cancel").click().run()
    assert collection_row(at, "Handbook")["Documents"] == 3
    button(at, "Delete parking.txt").click().run()
    button(at, "Yes, delete parking.txt").click().run()
    assert "Deleted parking.txt (1 passages)." in shown(at)
    assert collection_row(at, "Handbook")["Documents"] == 2


def test_delete_the_collection_after_confirming(handbook: AppTest) -> None:
    at = handbook
    button(at, "Delete the knowledge base").click().run()
    assert "Delete 'Handbook' with its 3 document(s)?" in at.warning[0].value
    button(at, "Yes, delete Handbook").click().run()
    assert "Deleted the knowledge base 'Handbook'." in shown(at)
    assert "No knowledge base yet" in shown(at)


def test_reindex_with_another_model(handbook: AppTest) -> None:
    at = handbook
    at.selectbox(key="kb.reindex").select("all-minilm:latest").run()
    assert not any("is Korean" in w.value for w in at.warning)
    button(at, "Re-index with all-minilm:latest").click().run()
    assert not at.exception and not at.error
    row = collection_row(at, "Handbook")
    assert (row["Embedding model"], row["Dimension"], row["Documents"]) == (
        "all-minilm:latest",
        384,
        3,
    )


def test_english_only_model_warnings(workbench_env: FakeOllama) -> None:
    at = open_knowledge()
    at.selectbox(key="kb.new_model").select("all-minilm:latest").run()
    warning = next(w.value for w in at.warning if "English only" in w.value)
    assert "choose bge-m3 instead" in warning
    create(at, "한국어 문서", model="all-minilm:latest")
    upload(at, text_file("휴가.txt", KOREAN * 3))
    korean = "Most of the text in '한국어 문서' is Korean"
    warnings = [w.value for w in at.warning if korean in w.value and "bge-m3" in w.value]
    assert len(warnings) == 2  # under the picker and in the retrieval preview
    assert korean in at.dataframe[1].value["Note"].iloc[0]
    assert "re-index with bge-m3" in collection_row(at, "한국어 문서")["Warning"]
    at.switch_page("pages/document_chat.py").run()
    assert not at.exception
    assert any(korean in w.value for w in at.warning)


def test_bad_names_and_duplicates_are_explained(workbench_env: FakeOllama) -> None:
    at = open_knowledge()
    button(at, "Create").click().run()
    assert "needs a name of 1-200 characters" in at.error[0].value
    create(at, "Handbook")
    create(at, "Handbook")
    assert "A knowledge base called 'Handbook' exists already" in at.error[0].value


def test_no_embedding_model_installed(workbench_env: FakeOllama) -> None:
    for name in ["all-minilm:latest", "bge-m3:latest"]:
        workbench_env.remove_model(name)
    at = open_knowledge()
    assert not at.exception
    assert "No embedding model is installed" in shown(at)
    assert any(c.value == "ollama pull bge-m3" for c in at.code)


def fetch_url(at: AppTest, url: str, label: str = "Fetch and add") -> None:
    at.text_input(key="kb.web.url").input(url)
    button(at, label).click().run()


def test_a_web_page_by_url_shows_its_final_address_and_is_indexed(
    workbench_env: FakeOllama,
) -> None:
    at = open_knowledge()
    create(at, "Web")
    with local_server() as base:
        fetch_url(at, f"{base}/redirect/2")
    assert not at.exception and not at.error
    name = "Release notes · 127.0.0.1/en.html"
    notes = shown(at)
    assert f"Last page fetched: {name} from {base}/en, retrieved " in notes
    assert f"{base}/redirect/2 redirected to {base}/en;" in notes
    assert " new passages from 1 file(s)." in notes
    assert collection_row(at, "Web")["Documents"] == 1
    assert name in list(at.dataframe[2].value["File"])
    assert f"🌐 Fetched from {base}/en, retrieved " in shown(at)
    assert at.text_input(key="kb.web.url").value == ""


def test_a_korean_web_page_and_the_refusals_in_korean(workbench_env: FakeOllama) -> None:
    at = open_knowledge("ko")
    at.text_input(key="kb.new_name").input("웹 문서")
    button(at, "만들기").click().run()
    with local_server() as base:
        fetch_url(at, "ftp://example.com/a.html", "가져와서 추가")
        assert any("http:// 또는 https://" in e.value for e in at.error)
        fetch_url(at, f"{base}/missing", "가져와서 추가")
        assert any("404" in e.value and "오류로 응답" in e.value for e in at.error)
        fetch_url(at, f"{base}/image.png", "가져와서 추가")
        assert any("image/png" in e.value for e in at.error)
        assert collection_row(at, "웹 문서")["문서"] == 0
        fetch_url(at, f"{base}/ko", "가져와서 추가")
    assert not at.exception and not at.error
    assert "마지막으로 가져온 페이지: " in shown(at)
    assert collection_row(at, "웹 문서")["문서"] == 1
    assert "2026년 예산 안내 · 127.0.0.1/ko.html" in list(at.dataframe[2].value.iloc[:, 0])


def test_a_vision_model_is_chosen_and_the_estimate_shown_before_reading(
    workbench_env: FakeOllama,
) -> None:
    at = open_knowledge()
    create(at, "Scans")
    picker = at.selectbox(key="kb.vision.Scans")
    assert picker.options == ["Off: flag scanned pages as without text", "llava:7b"]
    picker.select("llava:7b").run()
    assert "Scanned pages and images of 'Scans' are read by llava:7b from now on." in shown(at)
    assert "llava:7b reads a page in about 1 min 30 s (assumed" in shown(at)
    text = "The scanned receipt shows a total of 38 euros."
    at.file_uploader[0].set_value([("receipt.png", png_with_text(text), "image/png")]).run()
    estimate = "1 scanned page(s) or image(s) to read with llava:7b first: about 1 min 30 s."
    assert estimate in shown(at)
    assert not [b for _, path, b in workbench_env.requests if path == "/api/chat"]
    button_starting(at, "Add ").click().run()
    assert not at.exception and not at.error
    assert collection_row(at, "Scans")["Documents"] == 1
    chats = [b for _, path, b in workbench_env.requests if path == "/api/chat"]
    assert [b["model"] for b in chats] == ["llava:7b"]
    at = open_knowledge()
    assert at.selectbox(key="kb.vision.Scans").value == "llava:7b"
    assert re.search(r"llava:7b reads a page in about .+ \(measured", shown(at))


def test_without_a_vision_model_scans_are_flagged_and_the_option_named(
    workbench_env: FakeOllama,
) -> None:
    workbench_env.remove_model("llava:7b")
    at = open_knowledge("ko")
    at.text_input(key="kb.new_name").input("스캔")
    button(at, "만들기").click().run()
    assert any("llava:7b 같은 비전 모델을 설치하세요" in i.value for i in at.info)
    assert not [s for s in at.selectbox if s.key == "kb.vision.스캔"]
    scan = scanned_pdf([jpeg_with_text("Invoice total 4,200 euros.")])
    at.file_uploader[0].set_value([("scan.pdf", scan, "application/pdf")]).run()
    assert any("텍스트 레이어가 없습니다" in i.value for i in at.info)
    next(b for b in at.button if "파일 1개 추가" in b.label).click().run()
    assert any("scan.pdf" in e.value and "llava:7b" in e.value for e in at.error)
    assert not [b for _, path, b in workbench_env.requests if path == "/api/chat"]
