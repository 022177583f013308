"""Deduplication (exact and near, Korean included), the seeded split, and per-example stats."""

from __future__ import annotations

import random
import unicodedata

import pytest

from workbench.datasets import DatasetError, Dropped, deduplicate, example_stats, split

from .builders import example

SKY = "하늘은 왜 파란가요?"


def test_exact_duplicates_after_nfc_case_and_whitespace_folding():
    items = [
        example("new", SKY),
        example("nfd", unicodedata.normalize("NFD", SKY)),  # jamo, as macOS may give it
        example("spaced", "  하늘은   왜\n파란가요?  "),
        example("en", "Why is the SKY blue?"),
        example("en-case", "why is the sky BLUE?"),
    ]
    kept, dropped = deduplicate(items)
    assert [item.key for item in kept] == ["new", "en"]
    assert [(d.example.key, d.reason, d.duplicate_of, d.similarity) for d in dropped] == [
        ("nfd", "exact", "new", 1.0),
        ("spaced", "exact", "new", 1.0),
        ("en-case", "exact", "en", 1.0),
    ]


def test_near_duplicates_in_korean_and_english_name_what_they_repeat():
    items = [
        example("ko", "서울에서 부산까지 기차로 몇 시간 걸리나요?"),
        example("ko-near", "서울에서 부산까지 기차로 몇 시간 걸리나요"),
        example("ko-other", "부산에서 먹을 만한 음식을 추천해 주세요."),
        example("en", "Summarise the following meeting notes in three bullet points."),
        example("en-near", "Summarise the following meeting notes in three bullet points!"),
    ]
    kept, dropped = deduplicate(items, near=0.9)
    assert [item.key for item in kept] == ["ko", "ko-other", "en"]
    assert [(d.example.key, d.reason, d.duplicate_of) for d in dropped] == [
        ("ko-near", "near", "ko"),
        ("en-near", "near", "en"),
    ]
    assert all(isinstance(d, Dropped) and 0.9 <= d.similarity < 1 for d in dropped)


def test_the_threshold_decides_what_is_near():
    items = [example("a", "한국의 수도는 어디인가요?"), example("b", "일본의 수도는 어디인가요?")]
    assert len(deduplicate(items, near=0.9)[0]) == 2
    kept, (dropped,) = deduplicate(items, near=0.5)
    assert [item.key for item in kept] == ["a"]
    assert (dropped.reason, dropped.duplicate_of) == ("near", "a")
    assert 0.5 <= dropped.similarity < 0.9


def test_the_first_item_is_kept_and_the_most_similar_is_named():
    items = [
        example("first", "파이썬으로 리스트를 정렬하는 방법"),
        example("second", "파이썬으로 리스트를 정렬하는 방법은?"),
        example("third", "파이썬으로 리스트를 정렬하는 방법은?!"),
    ]
    kept, dropped = deduplicate(items, near=0.8)
    assert [item.key for item in kept] == ["first"]
    assert [d.duplicate_of for d in dropped] == ["first", "first"]


@pytest.mark.parametrize("near", [0, -0.1, 1.5])
def test_a_threshold_outside_zero_one_is_refused(near: float):
    with pytest.raises(DatasetError) as raised:
        deduplicate([example("a", SKY)], near=near)
    assert raised.value.code == "error.dataset_near"


ITEMS = [example(f"key-{i}", f"질문 {i}") for i in range(50)]


def test_the_split_is_the_same_for_a_seed_whatever_the_order():
    train, validation = split(ITEMS, 0.2, seed=7)
    assert (len(train), len(validation)) == (40, 10)
    assert [item.key for item in train + validation] != [item.key for item in ITEMS]
    assert sorted(item.key for item in train + validation) == sorted(i.key for i in ITEMS)
    assert split(ITEMS, 0.2, seed=7) == (train, validation)
    shuffled = random.Random(1).sample(ITEMS, len(ITEMS))
    again = split(shuffled, 0.2, seed=7)[1]
    assert {item.key for item in again} == {item.key for item in validation}
    assert [item.key for item in train] == [i.key for i in ITEMS if i not in validation]
    other = split(ITEMS, 0.2, seed=8)[1]
    assert {item.key for item in other} != {item.key for item in validation}


def test_adding_examples_keeps_most_of_the_old_split():
    validation = {item.key for item in split(ITEMS[:40], 0.2, seed=3)[1]}
    grown = {item.key for item in split(ITEMS, 0.2, seed=3)[1]}
    assert len(validation & grown) >= 6


@pytest.mark.parametrize(
    ("count", "share", "held_out"),
    [(50, 0.0, 0), (50, 0.5, 25), (50, 0.1, 5), (3, 0.1, 1), (1, 0.5, 0), (0, 0.2, 0)],
)
def test_validation_shares(count: int, share: float, held_out: int):
    train, validation = split(ITEMS[:count], share, seed=1)
    assert (len(train), len(validation)) == (count - held_out, held_out)


@pytest.mark.parametrize("share", [-0.1, 0.51, 1.0])
def test_a_share_outside_zero_to_half_is_refused(share: float):
    with pytest.raises(DatasetError) as raised:
        split(ITEMS, share, seed=1)
    assert raised.value.code == "error.dataset_share"


def test_stats_count_characters_and_estimated_tokens_of_prompt_and_target():
    item = example(
        "k",
        "하늘은 왜 파란가요?",  # 8 syllables + "?" : 8 + 1 token, + 4 role markers
        "Because of Rayleigh scattering.",  # 28 non-space characters: 7 tokens, + 4
        messages=(
            {"role": "system", "content": "짧게"},  # 2 + 4
            {"role": "user", "content": "하늘은 왜 파란가요?"},
        ),
    )
    assert example_stats(item) == {
        "prompt_chars": 2 + 11,
        "answer_chars": 31,
        "prompt_tokens": 6 + 13,
        "answer_tokens": 11,
        "total_tokens": 30,
    }
    corrected = example_stats(example("k", "하늘", "산란", gold="레일리 산란 때문"))
    assert (corrected["answer_chars"], corrected["answer_tokens"]) == (9, 7 + 4)
