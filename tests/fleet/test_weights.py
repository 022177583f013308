"""The same model on several daemons: one row per daemon, digests compared."""

from __future__ import annotations

from tests.fake_ollama import FakeOllama
from tests.fleet.conftest import fleet_over
from workbench.fleet import Fleet, weights_table


def rows(fleet: Fleet) -> list[tuple[str, str, bool | None]]:
    return [(row.name, row.host, row.same_weights) for row in weights_table(fleet.probe())]


def test_same_digest_is_same_weights_and_another_digest_differs(fleet: Fleet) -> None:
    assert rows(fleet) == [
        ("all-minilm:latest", "gpu", True),
        ("all-minilm:latest", "laptop", True),
        ("gemma3:270m", "gpu", True),
        ("gemma3:270m", "cpu", True),
        ("qwen3:0.6b", "gpu", False),
        ("qwen3:0.6b", "cpu", False),
    ]


def test_a_model_on_one_daemon_only_has_nothing_to_compare(gpu: FakeOllama) -> None:
    single = fleet_over(gpu=gpu)
    assert {row.same_weights for row in weights_table(single.probe())} == {None}
    assert len(weights_table(single.probe())) == 3
    single.close()


def test_a_daemon_that_does_not_answer_leaves_the_others_alone(
    fleet: Fleet, laptop: FakeOllama
) -> None:
    laptop.stop()
    assert ("all-minilm:latest", "gpu", None) in rows(fleet)
    assert all(host != "laptop" for _, host, _ in rows(fleet))


def test_the_row_keeps_the_daemons_record(fleet: Fleet) -> None:
    (row,) = [r for r in weights_table(fleet.probe()) if (r.name, r.host) == ("qwen3:0.6b", "cpu")]
    assert row.model.digest == "f" * 64
