"""Benchmark Office extraction: a ~200-page DOCX and a 5,000-row XLSX, loaded and chunked with
embedding left out, against the embedding time at all-minilm's speed on this machine.

Run from the repository root:  python benchmarks/bench_office.py  [--pages 200 --rows 5000]
Prints a Markdown table. Target: extraction + chunking under 10 % of the embedding time, which
is chunks / --embed-rate (18 chunks/s: all-minilm measured 15-21 chunks/s on 2 CPU cores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

from docx import Document
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_ingest import WORDS, page_text
from workbench.kb.chunking import ChunkSettings, chunk_document
from workbench.kb.documents import SourceFile
from workbench.kb.loaders import load_document

WORDS_PER_PAGE = 380
PARAGRAPHS_PER_PAGE = 4
EMBED_RATE = 18.0
TARGET_SHARE = 0.10
REPEATS = 3


def make_docx(pages: int, rng: random.Random) -> bytes:
    """About `pages` pages: a heading per page (a subheading every other one), paragraphs of
    random English and Korean words, and a small table every tenth page."""
    document = Document()
    for page in range(1, pages + 1):
        if page % 2:
            document.add_heading(f"{page // 2 + 1}. 장 Chapter {page // 2 + 1}", level=1)
        document.add_heading(f"{page // 2 + 1}.{page % 2 + 1} 절 Section", level=2)
        text = page_text(rng, WORDS_PER_PAGE)
        step = len(text) // PARAGRAPHS_PER_PAGE
        for start in range(0, len(text), step):
            document.add_paragraph(text[start : start + step] + " " + rng.choice(WORDS))
        if page % 10 == 0:
            table = document.add_table(rows=3, cols=3)
            for row in table.rows:
                for cell in row.cells:
                    cell.text = rng.choice(WORDS)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx(rows: int, rng: random.Random) -> bytes:
    """One sheet "예산" of `rows` rows under a header: text, numbers and dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("예산")
    sheet.append(["번호", "항목 Item", "부서 Team", "금액 Amount", "날짜 Date", "메모 Note"])
    start = dt.date(2026, 1, 1)
    for number in range(1, rows + 1):
        note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        sheet.append(
            [
                number,
                rng.choice(WORDS),
                rng.choice(("재무", "인사", "Sales", "R&D")),
                rng.randint(1, 10_000) * 1000,
                start + dt.timedelta(days=number % 365),
                note,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(name: str, data: bytes, settings: ChunkSettings) -> dict[str, float]:
    """Best of REPEATS: load and chunk times, the chunk count and the share of embedding time."""
    best_load = best_chunk = float("inf")
    chunks = 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        document = load_document(SourceFile(name, data=data))
        loaded = time.perf_counter()
        chunks = len(chunk_document(document, settings))
        done = time.perf_counter()
        best_load, best_chunk = min(best_load, loaded - start), min(best_chunk, done - loaded)
    total = best_load + best_chunk
    embedding = chunks / EMBED_RATE
    return {
        "size_mb": len(data) / 1e6,
        "sections": len(document.sections),
        "chunks": chunks,
        "load_s": best_load,
        "chunk_s": best_chunk,
        "chunks_per_s": chunks / total,
        "embed_s": embedding,
        "share": total / embedding,
    }


def main() -> None:
    """Generate both files, measure them and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    settings = ChunkSettings()
    files = {
        f"plan-{args.pages}p.docx": make_docx(args.pages, rng),
        f"budget-{args.rows}rows.xlsx": make_xlsx(args.rows, rng),
    }
    print(f"Chunks {settings.size}/{settings.overlap}; embedding at {EMBED_RATE:g} chunks/s.\n")
    print(
        "| file | MB | sections | chunks | load s | chunk s | chunks/s (no embedding) "
        "| embedding s | extraction share | target |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, data in files.items():
        r = measure(name, data, settings)
        verdict = "met" if r["share"] < TARGET_SHARE else "MISSED"
        print(
            f"| {name} | {r['size_mb']:.2f} | {r['sections']:.0f} | {r['chunks']:.0f} "
            f"| {r['load_s']:.2f} | {r['chunk_s']:.2f} | {r['chunks_per_s']:,.0f} "
            f"| {r['embed_s']:.0f} | {r['share']:.1%} | < {TARGET_SHARE:.0%} {verdict} |"
        )


if __name__ == "__main__":
    main()
