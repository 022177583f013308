"""AppTest flows of the Document chat page: answers with citations, follow-ups, Compare, errors."""

from __future__ import annotations

from functools import partial

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import make_pdf
from tests.pages_support import button, chat_bodies, clock_per_look, count_deltas
from workbench.docchat.chat import DocTurn
from workbench.kb.chunking import ChunkSettings
from workbench.kb.citations import build_context
from workbench.kb.collections import create_collection, delete_collection
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.retrieval import RetrievedChunk
from workbench.kb.store import ChromaStore
from workbench.library.store import STARTER_DIR, Library
from workbench.ollama.client import OllamaService
from workbench.settings import load_settings

HANDBOOK_PAGES = [
    "Welcome to Acme. This handbook explains how we work together.",
    "Employees get fifteen days of paid leave after their first year. Unused leave days do not "
    "carry over to the next year.",
    "The office car park opens at seven in the morning. Visitors park on level two.",
]
KOREAN_PAGES = [
    "회사 소개: 우리 회사는 서울에 있습니다.",
    "연차 휴가는 입사 1년 후 15일이 주어지며, 사용하지 않은 휴가는 다음 해로 이월되지 않습니다.",
]
LEAVE_QUESTION = "How many days of paid leave do employees get?"


def seed(
    daemon: FakeOllama, name: str, files: dict[str, bytes], model: str = "bge-m3:latest"
) -> None:
    """A knowledge base in the test's data dir, built outside the page."""
    store = ChromaStore.from_settings(load_settings())
    service = OllamaService(daemon.url)
    try:
        create_collection(store, service, name, model, ChunkSettings(200, 20))
        sources = [SourceFile(file, data=data) for file, data in files.items()]
        report = ingest_files(store, service, name, sources)
        assert not report.failed
    finally:
        service.close()


@pytest.fixture
def handbook(workbench_env: FakeOllama) -> FakeOllama:
    seed(workbench_env, "Handbook", {"handbook.pdf": make_pdf(HANDBOOK_PAGES)})
    return workbench_env


open_chat = partial(pages_support.open_page, "pages/document_chat.py")


def ask(at: AppTest, question: str) -> None:
    at.chat_input(key="dc.question").set_value(question).run()


def turns(at: AppTest) -> list[DocTurn]:
    return at.session_state["dc.turns"]


def source_expanders(at: AppTest) -> list:
    """The answers' source expanders ("[n] …"), not the settings' options expander."""
    return [e for e in at.expander if e.label.replace("\\", "").startswith("[")]


def source_labels(at: AppTest) -> list[str]:
    return [e.label.replace("\\", "") for e in source_expanders(at)]


def chat_requests(daemon: FakeOllama) -> list[list[dict]]:
    return [body["messages"] for body in chat_bodies(daemon)]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "There is no knowledge base yet"), ("ko", "아직 지식 베이스가 없습니다")],
)
def test_without_a_knowledge_base(workbench_env: FakeOllama, language: str, text: str) -> None:
    at = open_chat(language)
    assert not at.exception and not at.error
    assert text in at.info[0].value


@pytest.mark.parametrize(("language", "label"), [("en", "Automatic"), ("ko", "자동")])
def test_renders_with_the_automatic_template(handbook, language: str, label: str) -> None:
    at = open_chat(language)
    assert not at.exception and not at.error
    assert at.selectbox(key="dc.template").value == ""
    assert at.selectbox(key="dc.template").options[0].startswith(label)
    assert at.multiselect(key="dc.collections").value == ["Handbook"]
    assert "bge-m3:latest" not in at.selectbox(key="dc.model").options


def test_answer_cites_file_and_page(handbook: FakeOllama) -> None:
    at = open_chat()
    ask(at, LEAVE_QUESTION)
    assert not at.exception and not at.error
    answer = turns(at)[-1]
    assert answer.content and answer.error is None
    labels = source_labels(at)
    assert labels[0].startswith("[1] 📄 handbook.pdf, p. 2")
    assert all("handbook.pdf, p. " in label for label in labels)
    assert "fifteen days of paid leave" in source_expanders(at)[0].text[0].value
    system, user = chat_requests(handbook)[-1]
    assert system["role"] == "system" and "cite the passages" in system["content"]
    assert user["content"].startswith("Context:\n[1] (handbook.pdf, p. 2)\nEmployees get fifteen")
    assert user["content"].endswith(f"Question: {LEAVE_QUESTION}")


def test_follow_up_keeps_the_conversation(handbook: FakeOllama) -> None:
    at = open_chat()
    ask(at, LEAVE_QUESTION)
    first_answer = turns(at)[-1].content
    ask(at, "Where do visitors park?")
    assert not at.exception and not at.error
    assert [t.role for t in turns(at)] == ["user", "assistant", "user", "assistant"]
    messages = chat_requests(handbook)[-1]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[1]["content"] == LEAVE_QUESTION
    assert messages[2]["content"] == first_answer
    assert messages[3]["content"].startswith("Context:\n[1] (handbook.pdf, p. 3)\nThe office car")
    assert len([m for m in at.chat_message if m.name == "assistant"]) == 2


def test_send_to_compare_lands_as_a_prompt_variant(handbook: FakeOllama) -> None:
    at = open_chat()
    ask(at, LEAVE_QUESTION)
    sent = turns(at)[-1].messages
    button(at, "Send to Compare").click().run()
    assert not at.exception
    assert "compare.inbox" not in at.session_state
    (variant,) = at.session_state["compare.variants"]
    assert variant["kind"] == "sent"
    assert variant["messages"] == sent
    assert "[1] (handbook.pdf, p. 2)" in variant["messages"][-1]["content"]
    name = at.text_input(key=f"compare.variant.{variant['id']}.name").value
    assert name == f"Document chat: {LEAVE_QUESTION}"
    assert at.multiselect(key="compare.models").value == [turns_model(at)]


def turns_model(at: AppTest) -> str:
    return at.session_state["dc.model"]


def test_korean_question_with_the_korean_template(workbench_env: FakeOllama) -> None:
    seed(workbench_env, "사내 규정", {"규정.pdf": make_pdf(KOREAN_PAGES, korean=True)})
    at = open_chat("ko")
    ask(at, "사용하지 않은 연차는 다음 해로 이월되나요?")
    assert not at.exception and not at.error
    assert source_labels(at)[0].startswith("[1] 📄 규정.pdf, 2쪽")
    user = chat_requests(workbench_env)[-1][-1]["content"]
    assert user.startswith("문맥:\n[1] (규정.pdf, p. 2)\n연차 휴가는")


def test_cited_sources_are_marked(handbook: FakeOllama) -> None:
    chunks = [
        RetrievedChunk("a", "Fifteen days of leave.", "handbook.pdf", 0.9, page=2),
        RetrievedChunk("b", "Alice,Seoul", "people.csv", 0.5, row_start=2, row_end=4),
    ]
    _, citations = build_context(chunks)
    answer = DocTurn(
        "assistant", "You get fifteen days [1].", question="Leave?", citations=citations
    )
    answer.messages = [{"role": "user", "content": "..."}]
    at = open_chat()
    at.session_state["dc.turns"] = [DocTurn("user", "Leave?"), answer]
    at.run()
    assert source_labels(at) == [
        "[1] 📄 handbook.pdf, p. 2 · ✅ cited",
        "[2] 📄 people.csv, rows 2-4",
    ]
    assert any(c.value == "The answer cites [1]." for c in at.caption)


def test_several_knowledge_bases_each_with_its_model(handbook: FakeOllama) -> None:
    people = b"name,team\nAlice,Leave administration\nBob,Car park security\n"
    seed(handbook, "People", {"people.csv": people}, model="all-minilm:latest")
    at = open_chat()
    at.multiselect(key="dc.collections").set_value(["Handbook", "People"]).run()
    ask(at, "Who handles the car park?")
    assert not at.exception and not at.error
    files = {label.split(" 📄 ")[1].split(",")[0] for label in source_labels(at)}
    assert files == {"handbook.pdf", "people.csv"}


def test_daemon_failing_mid_stream_keeps_the_conversation(handbook: FakeOllama) -> None:
    at = open_chat()
    ask(at, LEAVE_QUESTION)
    handbook.fail_stream_after(3, "model runner crashed")
    ask(at, "And after two years?")
    assert not at.exception
    failed = turns(at)[-1]
    assert failed.error is not None and failed.content
    assert "model runner crashed" in at.error[0].value
    ask(at, "Where do visitors park?")
    assert len(at.error) == 1
    assert len(turns(at)) == 6 and turns(at)[-1].error is None


def test_missing_embedding_model_is_explained(handbook: FakeOllama) -> None:
    handbook.remove_model("bge-m3:latest")
    at = open_chat()
    assert any("bge-m3:latest" in w.value and "not installed" in w.value for w in at.warning)
    ask(at, LEAVE_QUESTION)
    assert not at.exception
    assert "bge-m3" in at.error[0].value
    assert [t.role for t in turns(at)] == ["user", "assistant"]
    assert not chat_requests(handbook)


def test_no_knowledge_base_chosen(handbook: FakeOllama) -> None:
    at = open_chat()
    at.multiselect(key="dc.collections").set_value([]).run()
    assert "Choose at least one knowledge base" in at.warning[0].value
    assert at.chat_input(key="dc.question").disabled


def test_templates_from_the_library(handbook: FakeOllama) -> None:
    library = Library(load_settings().templates_dir)
    starter = Library(STARTER_DIR).load("rag-answer")
    starter.id, starter.name = "my-rag", "My RAG"
    library.save(starter, None)
    library.save(Library(STARTER_DIR).load("zero-shot"), None)
    at = open_chat()
    options = at.selectbox(key="dc.template").options
    assert "My RAG (my-rag)" in options and "zero-shot" not in " ".join(options)
    assert at.selectbox(key="dc.template").value == ""  # automatic: rag-answer or rag-answer-ko
    assert not list(library.root.glob("rag-answer*.yaml"))


def test_a_knowledge_base_deleted_elsewhere_drops_out(handbook: FakeOllama) -> None:
    seed(handbook, "People", {"people.csv": b"name,team\nAlice,Leave\n"})
    at = open_chat()
    at.multiselect(key="dc.collections").set_value(["Handbook", "People"]).run()
    delete_collection(ChromaStore.from_settings(load_settings()), "People")
    at.run()
    assert not at.exception and not at.error
    assert at.multiselect(key="dc.collections").value == ["Handbook"]


def deltas_for_an_answer(daemon: FakeOllama, monkeypatch, tokens: int) -> tuple[int, str]:
    """Elements sent while the page answers with `tokens` tokens, and the answer kept."""
    daemon.settings.answer_tokens = tokens
    at = open_chat()
    at.selectbox(key="dc.model").select("llava:7b").run()
    with monkeypatch.context() as patch:
        sent = count_deltas(patch)
        ask(at, LEAVE_QUESTION)
    assert not at.exception
    return sent[0], turns(at)[-1].content


def test_a_long_answer_is_redrawn_per_interval_not_per_token(handbook, monkeypatch) -> None:
    """1,000 tokens, one per millisecond by the throttle's clock: about 10 redraws at 100 ms."""
    clock_per_look(monkeypatch, 0.001)
    short, _ = deltas_for_an_answer(handbook, monkeypatch, 10)
    long, answer = deltas_for_an_answer(handbook, monkeypatch, 1000)
    assert len(answer.split()) > 800
    settled_blocks = len(answer) // 1000 + 1
    assert long - short <= 11 + settled_blocks


def test_a_korean_question_gets_the_korean_template_until_one_is_picked(handbook) -> None:
    at = open_chat()
    assert at.selectbox(key="dc.template").value == ""  # automatic
    ask(at, "직원은 유급 휴가를 며칠 받나요?")
    system = chat_requests(handbook)[-1][0]
    korean_system = Library(STARTER_DIR).load("rag-answer-ko").system
    assert system["content"] == korean_system
    at.selectbox(key="dc.template").select("rag-answer").run()
    ask(at, "직원은 유급 휴가를 며칠 받나요?")
    system = chat_requests(handbook)[-1][0]
    assert system["content"] == Library(STARTER_DIR).load("rag-answer").system


def test_generation_options_cap_the_answer(handbook) -> None:
    at = open_chat()
    at.number_input(key="dc.num_predict").set_value(5).run()
    at.number_input(key="dc.temperature").set_value(0.2).run()
    ask(at, LEAVE_QUESTION)
    options = chat_bodies(handbook)[-1]["options"]
    assert options["num_predict"] == 5 and options["temperature"] == pytest.approx(0.2)
    assert "num_ctx" not in options
