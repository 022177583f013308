"""Every export format reads back through json and pandas with its Korean text as UTF-8, uses
gold answers, and refuses an empty or broken selection with a translated reason."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pandas as pd
import pytest

from workbench.datasets import (
    EXPORT_FORMATS,
    DatasetError,
    Example,
    ExampleFilter,
    alpaca_json,
    chat_jsonl,
    examples,
    parquet,
    preference_jsonl,
    save_gold,
)
from workbench.history import History
from workbench.i18n import error_text

from .builders import example, save_run

A, C = "m0-v0-r0-p0", "m0-v1-r1-p0"  # template 하늘@1 without system; 하늘@2 with one
GOLD = '햇빛의 파란빛이 공기 분자에 더 많이 흩어지기 때문입니다. "레일리 산란"이라고 해요.'


def selection(history: History) -> list[Example]:
    run = save_run(history, {A: "잘 모르겠어요.", C: "노을은 빛이 대기를 길게 지나서 붉어요."})
    save_gold(history, f"{run}/{A}/0", GOLD)
    return examples(history, ExampleFilter())


def assert_raw_korean(data: bytes) -> None:
    assert "하늘은 왜 파란가요?".encode() in data
    assert b"\\u" not in data
    data.decode("utf-8")


def test_chat_jsonl_reads_back_with_gold_as_the_answer(history: History):
    items = selection(history)
    data = chat_jsonl(items)
    assert_raw_korean(data)
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert [line["messages"] for line in lines] == [
        [
            {"role": "user", "content": "하늘은 왜 파란가요?"},
            {"role": "assistant", "content": GOLD},
        ],
        [
            {"role": "system", "content": "친절한 과학 선생님처럼 답하세요."},
            {"role": "user", "content": "노을은 왜 붉은가요?"},
            {"role": "assistant", "content": "노을은 빛이 대기를 길게 지나서 붉어요."},
        ],
    ]
    frame = pd.read_json(io.BytesIO(data), lines=True)
    assert frame["messages"][0][1]["content"] == GOLD


def test_the_system_given_is_used_only_where_the_example_has_none(history: History):
    items = selection(history)
    lines = chat_jsonl(items, system="한국어로 답하세요.").decode("utf-8").splitlines()
    first, second = (json.loads(line)["messages"] for line in lines)
    assert first[0] == {"role": "system", "content": "한국어로 답하세요."}
    assert second[0] == {"role": "system", "content": "친절한 과학 선생님처럼 답하세요."}
    assert [m["role"] for m in first] == ["system", "user", "assistant"]


def test_alpaca_json_reads_back(history: History):
    items = selection(history)
    data = alpaca_json(items)
    assert_raw_korean(data)
    assert json.loads(data) == [
        {"instruction": "하늘은 왜 파란가요?", "input": "", "output": GOLD},
        {
            "instruction": "노을은 왜 붉은가요?",
            "input": "",
            "output": "노을은 빛이 대기를 길게 지나서 붉어요.",
        },
    ]
    assert list(pd.read_json(io.BytesIO(data))["output"]) == [
        GOLD,
        "노을은 빛이 대기를 길게 지나서 붉어요.",
    ]


def test_parquet_reads_back_with_pandas(history: History):
    items = selection(history)
    frame = pd.read_parquet(io.BytesIO(parquet(items)))
    assert list(frame["key"]) == [item.key for item in items]
    assert list(frame["prompt"]) == ["하늘은 왜 파란가요?", "노을은 왜 붉은가요?"]
    assert (frame["answer"][0], frame["gold"][0], frame["target"][0]) == (
        "잘 모르겠어요.",
        GOLD,
        GOLD,
    )
    assert pd.isna(frame["gold"][1]) and pd.isna(frame["thumbs"][1])
    assert [dict(m) for m in frame["messages"][1]][-1] == {
        "role": "assistant",
        "content": "노을은 빛이 대기를 길게 지나서 붉어요.",
    }
    assert set(frame["template"]) == {"하늘@1", "하늘@2"}


def test_preference_jsonl_reads_back():
    from workbench.datasets import PreferencePair

    pair = PreferencePair(
        ({"role": "user", "content": "하늘은 왜 파란가요?"},),
        "산란 때문입니다.",
        "모릅니다.",
        "blind",
    )
    data = preference_jsonl([pair])
    assert_raw_korean(data)
    (line,) = [json.loads(text) for text in data.decode("utf-8").splitlines()]
    assert line == {
        "prompt": [{"role": "user", "content": "하늘은 왜 파란가요?"}],
        "chosen": [{"role": "assistant", "content": "산란 때문입니다."}],
        "rejected": [{"role": "assistant", "content": "모릅니다."}],
    }
    assert list(pd.read_json(io.BytesIO(data), lines=True).columns) == [
        "prompt",
        "chosen",
        "rejected",
    ]


EXPORTS: dict[str, Callable[[list], bytes]] = {
    "chat_jsonl": chat_jsonl,
    "preference_jsonl": preference_jsonl,
    "alpaca_json": alpaca_json,
    "parquet": parquet,
}


def test_every_format_is_listed():
    assert tuple(EXPORTS) == EXPORT_FORMATS


@pytest.mark.parametrize("form", [f for f in EXPORT_FORMATS if f != "preference_jsonl"])
def test_an_empty_selection_is_refused_with_the_reason(history: History, form: str):
    empty = examples(history, ExampleFilter(models=("없는 모델",)))
    with pytest.raises(DatasetError) as raised:
        EXPORTS[form](empty)
    assert raised.value.code == "error.dataset_empty"
    assert str(raised.value).startswith("Nothing selected: choose runs or loosen the filters")
    assert "_" not in str(raised.value)  # the file's name, e.g. "chat JSONL", not chat_jsonl
    assert "선택된 예제가 없습니다" in error_text(raised.value, "ko")


def test_no_preference_pairs_says_how_to_get_some() -> None:
    with pytest.raises(DatasetError) as raised:
        preference_jsonl([])
    assert raised.value.code == "error.dataset_no_pairs"
    assert "blind A/B" in str(raised.value)
    assert "선호 쌍이 없습니다" in error_text(raised.value, "ko")


@pytest.mark.parametrize(
    "messages",
    [
        ({"role": "system", "content": "시스템만 있음"},),
        ({"role": "assistant", "content": "답이 먼저"}, {"role": "user", "content": "질문"}),
        ({"role": "user", "content": "질문"}, {"role": "system", "content": "늦은 시스템"}),
    ],
)
def test_a_chat_in_the_wrong_order_is_refused(messages: tuple[dict[str, str], ...]):
    good = example("good", "좋은 질문")
    bad = example("bad", "", messages=messages)
    with pytest.raises(DatasetError) as raised:
        chat_jsonl([good, bad])
    assert raised.value.code == "error.dataset_roles"
    assert raised.value.params["row"] == 2
    assert "2번째 예제" in error_text(raised.value, "ko")


def test_an_alpaca_row_without_an_instruction_is_refused():
    bad = example("bad", "", messages=({"role": "system", "content": "질문이 없음"},))
    with pytest.raises(DatasetError) as raised:
        alpaca_json([bad])
    assert (raised.value.code, raised.value.params["row"]) == ("error.dataset_missing", 1)
