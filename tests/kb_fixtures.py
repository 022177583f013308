"""Helpers for the knowledge-base tests: PDFs made with reportlab, a Chroma server, an eval set."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.fake_ollama import FakeOllama
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService
from workbench.settings import load_settings

KOREAN_FONT = "HYSMyeongJo-Medium"
pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_FONT))


def make_pdf(
    pages: Sequence[str],
    *,
    korean: bool = False,
    password: str | None = None,
    blank_pages: Sequence[int] = (),
) -> bytes:
    """A PDF with one page per text (RC4-128 encrypted with a password); pages listed in
    `blank_pages` (1-based) carry only a drawn rectangle, like a scanned image."""
    buffer = io.BytesIO()
    encrypt = (
        StandardEncryption(password, ownerPassword="owner", strength=128) if password else None
    )
    pdf = canvas.Canvas(buffer, encrypt=encrypt, pageCompression=0)
    for number, text in enumerate(pages, start=1):
        if number in blank_pages:
            pdf.rect(72, 72, 400, 600, fill=1)
        else:
            _draw_text(pdf, text, korean)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_text(pdf: canvas.Canvas, text: str, korean: bool) -> None:
    pdf.setFont(KOREAN_FONT if korean else "Helvetica", 10)
    y = 800
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, 45 if korean else 95) or [""]:
            pdf.drawString(40, y, line)
            y -= 13
            if y < 40:
                return


def aes_encrypt(pdf: bytes, password: str) -> bytes:
    """The same PDF encrypted with AES-256 by pypdf (needs the cryptography package)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _chroma_executable() -> str:
    beside = Path(sys.executable).with_name("chroma")
    return str(beside) if beside.exists() else shutil.which("chroma") or "chroma"


@contextmanager
def chroma_server(path: Path, timeout: float = 30.0) -> Iterator[tuple[str, int]]:
    """Run `chroma run` on a free loopback port until the block ends; yields (host, port)."""
    port = free_port()
    log = (path / "server.log").open("wb")
    process = subprocess.Popen(
        [
            _chroma_executable(),
            "run",
            "--path",
            str(path / "data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        _wait_for_heartbeat(process, port, timeout, path / "server.log")
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for_heartbeat(
    process: subprocess.Popen[bytes], port: int, timeout: float, log: Path
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma run exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"chroma run did not answer within {timeout} s")


def embedded_store(data_dir: Path) -> ChromaStore:
    """An embedded Chroma store in a fresh data directory."""
    return ChromaStore.from_settings(load_settings({"WORKBENCH_DATA_DIR": str(data_dir)}))


def server_store(data_dir: Path, host: str, port: int) -> ChromaStore:
    """A store talking to a Chroma server, emptied first."""
    environ = {"WORKBENCH_DATA_DIR": str(data_dir), "CHROMA_HOST": host, "CHROMA_PORT": str(port)}
    store = ChromaStore.from_settings(load_settings(environ))
    for collection in store.collections():
        store.drop(collection.name)
    return store


def embed_requests(daemon: FakeOllama) -> list[list[str]]:
    """The inputs of every /api/embed request the daemon received, in order."""
    return [list(body["input"]) for _, path, body in daemon.requests if path == "/api/embed"]


# A small retrieval test set: passages (one file each) and questions naming the passage that
# answers them. Distractors share topic words (two bridges, two drinks, refunds in English
# and Korean, photosynthesis in both languages).
EVAL_PASSAGES: dict[str, str] = {
    "golden-gate.txt": "The Golden Gate Bridge in San Francisco opened to traffic in May 1937. "
    "Its towers are painted International Orange so that the bridge stays visible in fog.",
    "brooklyn.txt": "The Brooklyn Bridge, finished in 1883, connects Manhattan and Brooklyn "
    "across the East River. It was the first steel-wire suspension bridge in the world.",
    "coffee.txt": "Coffee plants grow best at high altitudes in tropical regions. Arabica beans "
    "need cooler temperatures than robusta beans and give a sweeter cup.",
    "tea.txt": "Green tea is made from leaves that are steamed or pan-fired soon after picking, "
    "which stops oxidation. Black tea leaves are fully oxidised before drying.",
    "python.txt": "CPython has a global interpreter lock that lets only one thread execute "
    "bytecode at a time. Multiprocessing sidesteps the lock with separate processes.",
    "rust.txt": "Rust's borrow checker allows either one mutable reference or any number of "
    "shared references to a value, which rules out data races at compile time.",
    "photosynthesis.txt": "Photosynthesis converts light energy, water and carbon dioxide into "
    "glucose and oxygen. In plants the reactions take place inside chloroplasts in the leaves.",
    "vesuvius.txt": "Mount Vesuvius erupted in the year 79 and buried the Roman towns of "
    "Pompeii and Herculaneum under volcanic ash.",
    "marathon.txt": "The marathon distance of 42.195 kilometres was fixed at the 1908 London "
    "Olympics so that the race could finish in front of the royal box.",
    "refunds.txt": "Customers may return unopened products within 30 days of delivery for a "
    "full refund. Opened items can only be exchanged for store credit.",
    "hangul.txt": "세종대왕은 1443년에 훈민정음을 창제하였다. 훈민정음은 백성을 가르치는 바른 "
    "소리라는 뜻이다.",
    "hallasan.txt": "한라산은 제주도 중앙에 있는 화산으로, 높이는 1,947미터이며 남한에서 가장 "
    "높은 산이다.",
    "kimchi.txt": "김치는 배추와 무에 고춧가루, 마늘, 젓갈을 넣어 발효시킨 음식이다. 겨울을 "
    "앞두고 김치를 담그는 일을 김장이라고 한다.",
    "subway.txt": "서울 지하철 2호선은 순환선으로, 시청역과 강남역을 비롯한 주요 역을 지난다.",
    "busan.txt": "부산은 대한민국 제2의 도시이며 해운대 해수욕장과 자갈치 시장으로 유명하다.",
    "gyeongju.txt": "경주는 신라의 수도였으며 불국사와 석굴암이 유네스코 세계유산으로 지정되어 "
    "있다.",
    "returns-ko.txt": "반품은 상품 수령 후 7일 이내에 신청할 수 있으며, 단순 변심의 경우 왕복 "
    "배송비는 고객이 부담합니다.",
    "leave.txt": "연차 휴가는 입사 1년 후 15일이 주어지며, 사용하지 않은 휴가는 다음 해로 "
    "이월되지 않습니다.",
    "bibimbap.txt": "비빔밥은 밥 위에 나물, 고기, 달걀을 올리고 고추장을 넣어 비벼 먹는 "
    "음식이다. 전주비빔밥이 특히 유명하다.",
    "gwanghapseong.txt": "광합성은 식물의 잎에서 빛 에너지를 이용해 물과 이산화탄소로 포도당과 "
    "산소를 만드는 과정이다.",
}

EVAL_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("When did the Golden Gate Bridge open?", "golden-gate.txt"),
    ("Which river does the Brooklyn Bridge cross?", "brooklyn.txt"),
    ("Which coffee beans need cooler temperatures?", "coffee.txt"),
    ("How is green tea processed after picking?", "tea.txt"),
    ("Why can only one Python thread run bytecode at a time?", "python.txt"),
    ("What does the Rust borrow checker prevent?", "rust.txt"),
    ("Where in the plant does photosynthesis happen?", "photosynthesis.txt"),
    ("Which Roman towns were buried by Vesuvius?", "vesuvius.txt"),
    ("Why is the marathon 42.195 kilometres long?", "marathon.txt"),
    ("Can I get a refund for an opened item?", "refunds.txt"),
    ("훈민정음은 언제 만들어졌나요?", "hangul.txt"),
    ("남한에서 가장 높은 산은 무엇인가요?", "hallasan.txt"),
    ("김장이 무엇인가요?", "kimchi.txt"),
    ("2호선은 어떤 역을 지나나요?", "subway.txt"),
    ("해운대는 어느 도시에 있나요?", "busan.txt"),
    ("불국사는 어느 도시에 있나요?", "gyeongju.txt"),
    ("단순 변심으로 반품하면 배송비는 누가 내나요?", "returns-ko.txt"),
    ("쓰지 않은 연차는 다음 해로 넘어가나요?", "leave.txt"),
    ("전주에서 유명한 음식은 무엇인가요?", "bibimbap.txt"),
    ("광합성은 식물의 어디에서 일어나나요?", "gwanghapseong.txt"),
    ("What colour are the towers of the San Francisco bridge?", "golden-gate.txt"),
    ("When was the East River crossing completed?", "brooklyn.txt"),
    ("Which beans give a sweeter cup?", "coffee.txt"),
    ("How can Python code use several CPU cores despite the lock?", "python.txt"),
    ("What happened to Pompeii?", "vesuvius.txt"),
    ("Where did the 1908 Olympic race finish?", "marathon.txt"),
    ("How many days do I have to send back a product?", "refunds.txt"),
    ("세종대왕이 만든 문자는 무엇인가요?", "hangul.txt"),
    ("제주도에 있는 화산의 높이는?", "hallasan.txt"),
    ("신라의 수도는 어디였나요?", "gyeongju.txt"),
    ("물과 이산화탄소로 포도당을 만드는 과정은?", "gwanghapseong.txt"),
    ("해수욕장과 시장으로 유명한 도시는?", "busan.txt"),
    ("배추로 만드는 발효 음식은?", "kimchi.txt"),
    ("입사 1년 후 연차는 며칠인가요?", "leave.txt"),
)


def evaluate_retrieval(
    store: ChromaStore, service: OllamaService, collection: str, hybrid: bool, k: int = 3
) -> dict[str, float]:
    """hit@1, hit@k and MRR@k of `search` over EVAL_QUESTIONS."""
    hit_1 = hit_k = reciprocal = 0.0
    for question, expected in EVAL_QUESTIONS:
        sources = [c.source for c in search(store, service, collection, question, k, hybrid=hybrid)]
        if expected in sources:
            rank = sources.index(expected) + 1
            hit_1 += rank == 1
            hit_k += 1
            reciprocal += 1 / rank
    n = len(EVAL_QUESTIONS)
    return {"hit@1": hit_1 / n, f"hit@{k}": hit_k / n, f"mrr@{k}": reciprocal / n}
