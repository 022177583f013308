"""Placement over three fake daemons: loaded first, then least busy, then order; never down."""

from __future__ import annotations

import pytest

from tests.fake_ollama import FakeOllama
from workbench.fleet import Fleet, ModelRef, PlacementError, hosts_with, place
from workbench.i18n import error_text

GEMMA = ModelRef("gemma3:270m")  # on gpu and cpu
MINILM = ModelRef("all-minilm")  # on gpu and laptop


def test_a_bare_name_goes_to_the_first_daemon_that_has_it(fleet: Fleet) -> None:
    states = fleet.probe()
    assert place(GEMMA, states, {}) == "gpu"
    assert place(ModelRef("QWEN3:0.6b"), states, {}) == "gpu"


def test_a_daemon_where_the_model_is_loaded_comes_first(fleet: Fleet) -> None:
    fleet.service("cpu").load("gemma3:270m")
    states = fleet.probe()
    assert place(GEMMA, states, {"gpu": 0, "cpu": 5}) == "cpu"
    assert place(MINILM, states, {}) == "gpu"


def test_then_the_daemon_with_the_fewest_requests_in_flight(fleet: Fleet) -> None:
    states = fleet.probe()
    assert place(GEMMA, states, {"gpu": 2, "cpu": 1}) == "cpu"
    assert place(GEMMA, states, {"gpu": 1, "cpu": 1}) == "gpu"
    assert place(MINILM, states, {"gpu": 1, "cpu": 0}) == "laptop"


def test_among_loaded_daemons_the_least_busy_wins(fleet: Fleet) -> None:
    for label in ("gpu", "cpu"):
        fleet.service(label).load("gemma3:270m")
    states = fleet.probe()
    assert place(GEMMA, states, {"gpu": 3, "cpu": 2}) == "cpu"


def test_a_daemon_that_does_not_answer_is_never_chosen(fleet: Fleet, gpu: FakeOllama) -> None:
    fleet.service("gpu").load("gemma3:270m")
    gpu.stop()
    states = fleet.probe()
    assert place(GEMMA, states, {"cpu": 9}) == "cpu"
    assert hosts_with("gemma3:270m", states) == ["cpu"]


def test_excluded_daemons_are_passed_over(fleet: Fleet) -> None:
    states = fleet.probe()
    assert place(GEMMA, states, {}, exclude={"gpu"}) == "cpu"


def test_no_daemon_for_a_bare_name_says_which_were_tried_and_why(
    fleet: Fleet, laptop: FakeOllama
) -> None:
    laptop.stop()
    states = fleet.probe()
    with pytest.raises(PlacementError) as caught:
        place(GEMMA, states, {}, exclude={"gpu", "cpu"})
    error = caught.value
    assert error.code == "error.fleet_no_host"
    assert error.model == "gemma3:270m"
    assert error.reasons == {"gpu": "excluded", "cpu": "excluded", "laptop": "down"}
    assert (
        "No answering daemon has gemma3:270m. Not answering: laptop. Without the model: none. "
        "Left out after a failure: gpu, cpu."
    ) in str(error)
    assert "응답 없음: laptop. 모델 없음: 없음. 실패 후 제외: gpu, cpu." in error_text(error, "ko")


def test_a_model_no_daemon_has_lists_every_daemon_as_without_it(fleet: Fleet) -> None:
    with pytest.raises(PlacementError) as caught:
        place(ModelRef("llama3:70b"), fleet.probe(), {})
    assert caught.value.reasons == {"gpu": "missing", "cpu": "missing", "laptop": "missing"}
    assert "Not answering: none. Without the model: gpu, cpu, laptop." in str(caught.value)
    assert "응답 없음: 없음. 모델 없음: gpu, cpu, laptop." in error_text(caught.value, "ko")


def test_a_pinned_model_runs_on_its_daemon_even_when_busier(fleet: Fleet) -> None:
    fleet.service("gpu").load("gemma3:270m")
    states = fleet.probe()
    assert place(ModelRef("gemma3:270m", "cpu"), states, {"cpu": 7}) == "cpu"


@pytest.mark.parametrize(
    ("ref", "exclude", "code", "english", "korean"),
    [
        (
            ModelRef("all-minilm", "cpu"),
            (),
            "error.fleet_pinned_missing",
            "the daemon cpu does not have all-minilm",
            "데몬 cpu에 all-minilm이(가) 없습니다",
        ),
        (
            ModelRef("all-minilm", "laptop"),
            (),
            "error.fleet_pinned_down",
            "the daemon laptop does not answer",
            "데몬 laptop이(가) 응답하지 않습니다",
        ),
        (
            ModelRef("gemma3:270m", "tpu"),
            (),
            "error.fleet_pinned_unknown",
            "gemma3:270m@tpu names a daemon that is not configured",
            "설정되어 있지 않습니다",
        ),
        (
            ModelRef("gemma3:270m", "gpu"),
            ("gpu",),
            "error.fleet_pinned_excluded",
            "already failed on gpu",
            "gpu에서 이미 실패",
        ),
    ],
)
def test_a_pinned_model_that_cannot_run_there_is_refused_with_the_reason(
    fleet: Fleet,
    laptop: FakeOllama,
    ref: ModelRef,
    exclude: tuple[str, ...],
    code: str,
    english: str,
    korean: str,
) -> None:
    laptop.stop()
    with pytest.raises(PlacementError) as caught:
        place(ref, fleet.probe(), {}, exclude=exclude)
    assert caught.value.code == code
    assert caught.value.reasons == {ref.host: code.rsplit("_", 1)[1]}
    assert english in str(caught.value)
    assert korean in error_text(caught.value, "ko")


def test_hosts_with_lists_answering_daemons_that_have_the_model_in_order(fleet: Fleet) -> None:
    states = fleet.probe()
    assert hosts_with("gemma3:270m", states) == ["gpu", "cpu"]
    assert hosts_with("all-minilm:latest", states) == ["gpu", "laptop"]
    assert hosts_with("llama3:70b", states) == []
