"""Benchmark the knowledge base: ingest a generated 500-page PDF against the in-process fake
daemon, then measure retrieval latency with 100k chunks in the embedded Chroma store.

Run from the repository root:  python benchmarks/bench_ingest.py  [--pages 500 --chunks 100000]
Prints a Markdown table. The fake daemon embeds instantly unless --embed-delay is given (a real
all-MiniLM on a 2-core CPU manages about 21 chunks/s, i.e. --embed-delay 0.048).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import make_pdf
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings, chunk_document
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.loaders import load_document
from workbench.kb.progress import FileStatus, IngestProgress
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService
from workbench.settings import load_settings

T = TypeVar("T")
ENGLISH_WORDS = (
    *("model", "daemon", "embedding", "vector", "chunk", "page", "retrieval", "answer"),
    *("question", "context", "token", "prompt", "latency", "batch", "queue", "memory"),
    *("thread", "server", "client", "collection", "document", "citation", "source", "cache"),
)
WORDS = (*ENGLISH_WORDS, "서울", "부산", "문서", "검색", "질문", "답변", "모델", "임베딩")


def page_text(rng: random.Random, words: int = 380) -> str:
    """A page of sentences of random vocabulary."""
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        length = rng.randint(6, 18)
        sentences.append(
            " ".join(rng.choice(ENGLISH_WORDS) for _ in range(length)).capitalize() + "."
        )
    return " ".join(sentences)


def timed(label: str, results: dict[str, float], func: Callable[..., T], *args: Any) -> T:
    """Call func, store its wall time under label, return its result."""
    start = time.perf_counter()
    value = func(*args)
    results[label] = time.perf_counter() - start
    return value


def bench_ingest(pages: int, delay: float, data_dir: Path) -> list[tuple[str, str]]:
    """Extraction, chunking, embedding and re-ingest numbers for one generated PDF."""
    rng = random.Random(7)
    t: dict[str, float] = {}
    pdf = timed("generate", t, make_pdf, [page_text(rng) for _ in range(pages)])
    source = SourceFile("bench.pdf", data=pdf)
    settings = ChunkSettings()
    document = timed("extract", t, load_document, source)
    chunks = timed("chunk", t, chunk_document, document, settings)
    stamps: dict[str, float] = {}

    def on_progress(progress: IngestProgress) -> None:
        status = progress.files[0].status
        if status is FileStatus.EMBEDDING and "embed" not in stamps:
            stamps["embed"] = time.perf_counter()
        if status is FileStatus.DONE:
            stamps["done"] = time.perf_counter()

    with FakeOllama(token_delay=delay) as daemon:
        service = OllamaService(daemon.url, stream_timeout=600)
        store = ChromaStore.from_settings(load_settings({"WORKBENCH_DATA_DIR": str(data_dir)}))
        kb.create_collection(store, service, "bench", "all-minilm", settings)
        daemon.clear_requests()
        report = timed("ingest", t, ingest_files, store, service, "bench", [source], on_progress)
        calls = sum(1 for _, path, _ in daemon.requests if path == "/api/embed")
        daemon.clear_requests()
        timed("again", t, ingest_files, store, service, "bench", [source])
        calls_again = sum(1 for _, path, _ in daemon.requests if path == "/api/embed")
        service.close()
    assert not report.failed, report.failed
    extraction = t["extract"] + t["chunk"]
    embedding = stamps["done"] - stamps["embed"]
    return [
        (
            "PDF generated (reportlab)",
            f"{pages} pages, {len(pdf) / 1e6:.1f} MB in {t['generate']:.1f} s",
        ),
        ("Extraction + chunking", f"{extraction:.2f} s ({pages / extraction:.0f} pages/s)"),
        ("Chunks (size 800, overlap 100)", f"{len(chunks)}"),
        ("/api/embed calls (batch 32)", f"{calls}"),
        ("Embedding + storing", f"{embedding:.2f} s ({len(chunks) / embedding:.0f} chunks/s)"),
        ("Ingest total (read, chunk, embed, store)", f"{t['ingest']:.2f} s"),
        ("Same file again", f"{t['again']:.2f} s, {calls_again} /api/embed calls"),
    ]


def bench_retrieval(total: int, queries: int, data_dir: Path) -> list[tuple[str, str]]:
    """Latency of queries against `total` precomputed 384-dim chunks in the embedded store."""
    rng = np.random.default_rng(11)
    texts_rng = random.Random(3)
    store = ChromaStore.from_settings(load_settings({"WORKBENCH_DATA_DIR": str(data_dir)}))
    meta = kb.collection_metadata("big", "all-minilm:latest", 384, ChunkSettings())
    collection = store.create(kb.chroma_name("big"), meta)
    batch = store.max_batch
    start = time.perf_counter()
    for offset in range(0, total, batch):
        size = min(batch, total - offset)
        vectors = rng.normal(size=(size, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"c{offset + i}" for i in range(size)]
        texts = [" ".join(texts_rng.choices(WORDS, k=30)) for _ in range(size)]
        metas = [{"source": f"doc{(offset + i) // 500}.pdf", "page": 1} for i in range(size)]
        collection.add(ids=ids, embeddings=vectors, documents=texts, metadatas=metas)
    load_time = time.perf_counter() - start
    probes = rng.normal(size=(queries, 384)).astype(np.float32)
    raw = []
    for probe in probes:
        begin = time.perf_counter()
        store.query(collection, probe / np.linalg.norm(probe), 5)
        raw.append(time.perf_counter() - begin)
    rows = [
        ("Chunks loaded into the embedded store", f"{total} in {load_time:.1f} s (batch {batch})"),
        ("Chroma query, top 5", _percentiles(raw)),
    ]
    with FakeOllama() as daemon:
        service = OllamaService(daemon.url)
        questions = [" ".join(texts_rng.choices(WORDS, k=6)) for _ in range(queries)]
        rows.append(
            ("search(), vector only (incl. /api/embed)", _latency(store, service, questions, False))
        )
        build = time.perf_counter()
        search(store, service, "big", questions[0], hybrid=True)
        rows.append(
            ("Keyword index build (first hybrid query)", f"{time.perf_counter() - build:.1f} s")
        )
        rows.append(("search(), hybrid BM25 + vector", _latency(store, service, questions, True)))
        service.close()
    return rows


def _latency(store: ChromaStore, service: OllamaService, questions: list[str], hybrid: bool) -> str:
    times = []
    for question in questions:
        begin = time.perf_counter()
        search(store, service, "big", question, k=5, hybrid=hybrid)
        times.append(time.perf_counter() - begin)
    return _percentiles(times)


def _percentiles(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100)
    return f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms ({len(times)} queries)"


def main() -> None:
    """Run both benchmarks and print one Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embed-delay", type=float, default=0.0, help="fake seconds per text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_ingest(args.pages, args.embed_delay, Path(tmp) / "ingest")
        rows += bench_retrieval(args.chunks, args.queries, Path(tmp) / "retrieval")
    print("| Measure | Result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
