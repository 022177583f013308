"""Retrieval: keyword tokens, BM25, vector vs hybrid on a small test set, the Korean warning."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import (
    EVAL_PASSAGES,
    EVAL_QUESTIONS,
    embedded_store,
    evaluate_retrieval,
    make_pdf,
)
from workbench.kb import collections as kb
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.keywords import Bm25Index, tokenize
from workbench.kb.language import is_english_only, korean_model_warning
from workbench.kb.retrieval import cosine, search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService

EVAL = "eval 평가"


@pytest.fixture(scope="module")
def eval_env(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ChromaStore, OllamaService]]:
    """The eval passages ingested once into a bge-m3 collection on a module-wide fake daemon."""
    with FakeOllama() as daemon:
        service = OllamaService(daemon.url)
        store = embedded_store(tmp_path_factory.mktemp("eval"))
        kb.create_collection(store, service, EVAL, "bge-m3")
        files = [SourceFile(name, data=text.encode()) for name, text in EVAL_PASSAGES.items()]
        assert not ingest_files(store, service, EVAL, files).failed
        yield store, service
        service.close()


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("The capital of Korea", ["capital", "korea"]),
        ("서울은", ["서울", "울은"]),
        ("한라산은 높다", ["한라", "라산", "산은", "높다"]),
        ("섬", ["섬"]),
        ("2호선은 GPU가", ["2", "호선", "선은", "gpu"]),
        ("\u1112\u1161\u11ab\u1100\u1173\u11af", ["한글"]),
    ],
)
def test_tokenize_words_and_hangul_bigrams(text: str, tokens: list[str]):
    assert tokenize(text) == tokens


def test_bm25_prefers_rare_terms_and_matches_korean_particles():
    index = Bm25Index(
        ["the city has a big port", "the city has a palace", "한라산은 제주도에 있다"]
    )
    assert index.top("palace city", 1)[0][0] == 1
    assert index.top("한라산이 어디 있나요", 1)[0][0] == 2
    assert index.top("nothing matches", 3) == []


@pytest.mark.parametrize(("question", "expected"), EVAL_QUESTIONS[::3])
@pytest.mark.parametrize("hybrid", [False, True], ids=["vector", "hybrid"])
def test_the_passage_that_answers_is_in_the_top_three(eval_env, question, expected, hybrid):
    store, service = eval_env
    hits = search(store, service, EVAL, question, k=3, hybrid=hybrid)
    assert expected in [hit.source for hit in hits]
    assert len(hits) == 3 and all(-1 <= hit.score <= 1 for hit in hits)


def test_hybrid_is_at_least_as_good_as_vector_on_the_eval_set(eval_env, capsys):
    store, service = eval_env
    vector = evaluate_retrieval(store, service, EVAL, hybrid=False)
    hybrid = evaluate_retrieval(store, service, EVAL, hybrid=True)
    with capsys.disabled():
        print(f"\nretrieval on {len(EVAL_QUESTIONS)} questions: vector {vector}, hybrid {hybrid}")
    assert vector["hit@3"] >= 0.9
    assert hybrid["hit@3"] >= vector["hit@3"] and hybrid["hit@1"] >= vector["hit@1"]


def test_hybrid_results_carry_all_scores(eval_env):
    store, service = eval_env
    hits = search(store, service, EVAL, "Golden Gate Bridge towers colour", k=2)
    assert hits[0].source == "golden-gate.txt"
    assert hits[0].keyword_score > 0 and hits[0].fused_score > hits[1].fused_score
    assert hits[0].score > 0.2


def test_search_sees_new_documents_and_pages(tmp_path: Path, service: OllamaService):
    store = embedded_store(tmp_path)
    kb.create_collection(store, service, "kb", "bge-m3")
    assert search(store, service, "kb", "anything") == []
    ingest_files(store, service, "kb", [SourceFile("a.txt", data=b"Apples are red.")])
    assert search(store, service, "kb", "zebra stripes", k=1)[0].source == "a.txt"
    pdf = make_pdf(["Nothing here.", "Zebras have black and white stripes."])
    ingest_files(store, service, "kb", [SourceFile("zoo.pdf", data=pdf)])
    (hit,) = search(store, service, "kb", "zebra stripes", k=1)
    assert (hit.source, hit.page) == ("zoo.pdf", 2)
    assert search(store, service, "kb", "   ") == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [([1.0, 0.0], [1.0, 0.0], 1.0), ([1.0, 0.0], [0.0, 2.0], 0.0), ([1.0, 0.0], None, 0.0)],
)
def test_cosine(a, b, expected):
    assert cosine(a, b) == pytest.approx(expected)


KOREAN_DOC = "대한민국의 수도는 서울이다. 서울에는 약 천만 명이 산다."


@pytest.mark.parametrize(
    ("model", "texts", "warns"),
    [
        ("all-minilm:latest", [KOREAN_DOC], True),
        ("nomic-embed-text", [KOREAN_DOC, "Some English too."], True),
        ("library/mxbai-embed-large:335m", [KOREAN_DOC], True),
        ("bge-m3:latest", [KOREAN_DOC], False),
        ("nomic-embed-text-v2-moe", [KOREAN_DOC], False),
        ("all-minilm", ["Mostly English text with one word 서울."], False),
        ("all-minilm", [], False),
    ],
)
def test_korean_documents_with_an_english_only_model_warn(model, texts, warns):
    warning = korean_model_warning("kb", model, texts)
    assert (warning is not None) is warns
    if warning:
        assert warning.code == "warning.kb_korean_english_model"
        assert warning.params["suggestion"] == "bge-m3"
        assert "ollama pull bge-m3" in warning.message and model in warning.message


@pytest.mark.parametrize(("model", "english_only"), [("all-minilm:l6-v2", True), ("bge-m3", False)])
def test_english_only_models(model: str, english_only: bool):
    assert is_english_only(model) is english_only


@pytest.mark.parametrize(("model", "warns"), [("all-minilm", True), ("bge-m3", False)])
def test_collection_language_warning(tmp_path: Path, service: OllamaService, model, warns):
    store = embedded_store(tmp_path)
    kb.create_collection(store, service, "한국어", model)
    ingest_files(store, service, "한국어", [SourceFile("k.txt", data=KOREAN_DOC.encode())])
    warning = kb.language_warning(store, "한국어")
    assert (warning is not None) is warns
    if warning:
        assert warning.params["percent"] == 100 and warning.params["collection"] == "한국어"


@pytest.mark.parametrize(("target", "warns"), [("all-minilm", True), ("bge-m3:latest", False)])
def test_language_warning_for_a_reindex_target(
    tmp_path: Path, service: OllamaService, target, warns
):
    store = embedded_store(tmp_path)
    kb.create_collection(store, service, "한국어", "bge-m3")
    ingest_files(store, service, "한국어", [SourceFile("k.txt", data=KOREAN_DOC.encode())])
    assert kb.language_warning(store, "한국어") is None
    warning = kb.language_warning(store, "한국어", model=target)
    assert (warning is not None) is warns
    if warning:
        assert warning.params["model"] == target
