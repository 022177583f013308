"""Result frames, repeat summaries, figure builders and the word diff."""

from __future__ import annotations

import pytest

from workbench.compare.analysis import (
    attempts_frame,
    latency_figure,
    output_length_figure,
    summary_frame,
    tokens_per_second_figure,
    word_diff,
)
from workbench.compare.grid import GridSpec, ParamSet, PromptVariant, expand_grid
from workbench.compare.results import Attempt

CELLS = expand_grid(
    GridSpec(("a", "b"), (PromptVariant("v", ({"role": "user", "content": "q"},), "t", "2"),))
)
A, B = CELLS[0].id, CELLS[1].id


def attempt(cell_id: str, repeat: int, tps: float, total: float, status: str = "done", **kw):
    model = "a" if cell_id == A else "b"
    return Attempt(
        cell_id,
        repeat,
        model,
        status,
        text=kw.pop("text", "하나 둘 셋"),
        tokens_per_second=tps if status == "done" else None,
        total_time=total,
        output_tokens=kw.pop("tokens", 10),
        queue_wait=0.0,
        **kw,
    )


ATTEMPTS = [
    attempt(A, 0, 10.0, 1.0),
    attempt(A, 1, 20.0, 2.0),
    attempt(A, 2, 30.0, 3.0, tokens=40),
    attempt(B, 0, 50.0, 0.5),
    attempt(B, 1, 0.0, 9.0, status="error", error_code="error.stream_interrupted"),
]


def test_attempts_frame_has_one_row_per_attempt_with_cell_axes():
    frame = attempts_frame(CELLS, ATTEMPTS)
    assert len(frame) == 5
    assert list(frame.loc[0, ["cell_id", "model", "variant", "template", "params"]]) == [
        A,
        "a",
        "v",
        "t@2",
        "default",
    ]
    assert frame["output_words"].tolist() == [3.0] * 5
    assert frame.loc[4, "error_code"] == "error.stream_interrupted"
    assert frame["tokens_per_second"].isna().tolist() == [False] * 4 + [True]


def test_the_parameters_column_shows_each_sets_values_not_only_its_name():
    spec = GridSpec(
        ("a",),
        (PromptVariant("v", ({"role": "user", "content": "q"},)),),
        param_sets=(ParamSet("정확", {"temperature": 0, "num_predict": 60}), ParamSet("plain")),
    )
    cells = expand_grid(spec)
    frame = attempts_frame(cells, [attempt(cell.id, 0, 1.0, 1.0) for cell in cells])
    assert frame["params"].tolist() == ["정확 (temperature=0, num_predict=60)", "plain"]


@pytest.mark.parametrize(
    ("metric", "mean_a", "std_a", "mean_b"),
    [
        ("tokens_per_second", 20.0, 10.0, 50.0),
        ("total_time", 2.0, 1.0, 0.5),
        ("output_tokens", 20.0, 17.320508, 10.0),
    ],
)
def test_summary_gives_mean_and_spread_of_finished_repeats(metric, mean_a, std_a, mean_b):
    summary = summary_frame(attempts_frame(CELLS, ATTEMPTS)).set_index("cell_id")
    assert summary.loc[A, "n"] == 3 and summary.loc[B, "n"] == 1
    assert summary.loc[A, f"{metric}_mean"] == pytest.approx(mean_a)
    assert summary.loc[A, f"{metric}_std"] == pytest.approx(std_a)
    assert summary.loc[B, f"{metric}_mean"] == pytest.approx(mean_b)


def test_tokens_per_second_figure_is_a_bar_per_model_with_error_bars():
    data = tokens_per_second_figure(attempts_frame(CELLS, ATTEMPTS)).to_dict()
    (bar,) = data["data"]
    assert bar["type"] == "bar" and list(bar["x"]) == ["a", "b"]
    assert list(bar["y"]) == pytest.approx([20.0, 50.0])
    assert list(bar["error_y"]["array"]) == pytest.approx([10.0, 0.0])
    assert data["layout"]["yaxis"]["title"]["text"] == "tokens/s"


@pytest.mark.parametrize(
    ("metric", "values_a", "values_b"),
    [("total_time", [1.0, 2.0, 3.0], [0.5]), ("queue_wait", [0.0] * 3, [0.0])],
)
def test_latency_figure_is_a_box_per_model_of_finished_attempts(metric, values_a, values_b):
    data = latency_figure(attempts_frame(CELLS, ATTEMPTS), metric).to_dict()
    boxes = {box["name"]: list(box["y"]) for box in data["data"]}
    assert {box["type"] for box in data["data"]} == {"box"}
    assert boxes == {"a": values_a, "b": values_b}
    assert metric in data["layout"]["title"]["text"]


def test_output_length_figure_and_empty_frames():
    bar = output_length_figure(attempts_frame(CELLS, ATTEMPTS)).to_dict()["data"][0]
    assert list(bar["y"]) == pytest.approx([20.0, 10.0])
    empty = attempts_frame(CELLS, [])
    assert summary_frame(empty).empty
    assert list(tokens_per_second_figure(empty).to_dict()["data"][0]["x"]) == []
    assert latency_figure(empty).to_dict()["data"] == []


@pytest.mark.parametrize(
    ("before", "after", "segments"),
    [
        ("a b c", "a b c", [("equal", "a b c")]),
        ("", "new words", [("insert", "new words")]),
        ("old words", "", [("delete", "old words")]),
        (
            "the sky is blue",
            "the sky is red today",
            [("equal", "the sky is "), ("delete", "blue"), ("insert", "red today")],
        ),
        (
            "하늘은 파랗다 오늘",
            "하늘은 붉다 오늘 정말",
            [
                ("equal", "하늘은 "),
                ("delete", "파랗다"),
                ("insert", "붉다"),
                ("equal", " 오늘"),
                ("insert", " 정말"),
            ],
        ),
        (
            "one  two\nthree",
            "one two\nthree",
            [("equal", "one"), ("delete", "  "), ("insert", " "), ("equal", "two\nthree")],
        ),
    ],
)
def test_word_diff(before, after, segments):
    result = word_diff(before, after)
    assert result == segments
    assert "".join(t for op, t in result if op != "insert") == before
    assert "".join(t for op, t in result if op != "delete") == after
