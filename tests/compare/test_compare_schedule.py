"""Scheduler decisions (no threads), policy choice from /api/ps, seeded order and options."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from workbench.compare.fairness import RunSettings, request_options, run_order
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.schedule import (
    CPU_SAFE,
    FREE,
    LIMIT_MODEL,
    LIMIT_MODELS,
    LIMIT_TOTAL,
    SchedulePolicy,
    WaitReason,
    blocked_reason,
    cpu_split_policy,
    gpu_policy,
    pick_next,
    policy_for_daemon,
)
from workbench.i18n import catalog, translate
from workbench.ollama.models import RunningModel

SPLIT = cpu_split_policy(models=2, cores=2)
TWO_PER_MODEL = SchedulePolicy("test", max_in_flight=3, per_model=2, max_models=2)


@pytest.mark.parametrize(
    ("policy", "model", "in_flight", "reason"),
    [
        (CPU_SAFE, "a", {}, None),
        (CPU_SAFE, "a", {"a": 1}, (LIMIT_TOTAL, 1)),
        (CPU_SAFE, "b", {"a": 1}, (LIMIT_TOTAL, 1)),
        (CPU_SAFE, "a", {"a": 0}, None),
        (FREE, "a", {"a": 50, "b": 50}, None),
        (gpu_policy(), "a", {"a": 1}, (LIMIT_MODEL, 1)),
        (gpu_policy(), "b", {"a": 1}, None),
        (gpu_policy(parallel=4), "a", {"a": 3}, None),
        (gpu_policy(max_models=2), "c", {"a": 1, "b": 1}, (LIMIT_MODELS, 2)),
        (gpu_policy(max_models=2), "c", {"a": 1, "b": 0}, None),
        (TWO_PER_MODEL, "a", {"a": 1}, None),
        (TWO_PER_MODEL, "a", {"a": 2}, (LIMIT_MODEL, 2)),
        (TWO_PER_MODEL, "c", {"a": 1, "b": 1}, (LIMIT_MODELS, 2)),
        (TWO_PER_MODEL, "b", {"a": 2, "b": 1}, (LIMIT_TOTAL, 3)),
        (cpu_split_policy(models=3, cores=2), "c", {"a": 1, "b": 1}, (LIMIT_TOTAL, 2)),
    ],
)
def test_blocked_reason(policy, model, in_flight, reason):
    expected = WaitReason(reason[0], model, reason[1]) if reason else None
    assert blocked_reason(model, in_flight, policy) == expected


@pytest.mark.parametrize(
    ("policy", "pending", "in_flight", "index"),
    [
        (CPU_SAFE, ["a", "b"], {}, 0),
        (CPU_SAFE, ["a", "b"], {"a": 1}, None),
        (gpu_policy(), ["a", "a", "b"], {"a": 1}, 2),
        (gpu_policy(max_models=1), ["b", "a"], {"a": 1}, None),
        (TWO_PER_MODEL, ["c", "a"], {"a": 1, "b": 1}, 1),
        (FREE, [], {}, None),
    ],
)
def test_pick_next_takes_the_first_allowed_in_run_order(policy, pending, in_flight, index):
    assert pick_next(pending, in_flight, policy) == index


def test_simulated_cpu_safe_run_never_has_two_requests_in_flight():
    pending, in_flight, peak = ["a", "b", "a", "c", "b"], Counter(), 0
    started = []
    while pending or sum(in_flight.values()):
        index = pick_next(pending, in_flight, CPU_SAFE)
        if index is None:
            busy = next(m for m, n in in_flight.items() if n)
            in_flight[busy] -= 1
            continue
        model = pending.pop(index)
        in_flight[model] += 1
        started.append(model)
        peak = max(peak, sum(in_flight.values()))
    assert peak == 1 and started == ["a", "b", "a", "c", "b"]


@pytest.mark.parametrize(
    ("policy", "cap", "expected"),
    [
        (FREE, None, None),
        (FREE, 3, 3),
        (CPU_SAFE, 8, 1),
        (gpu_policy(), 0, 1),
    ],
)
def test_user_max_concurrency_caps_the_overall_limit(policy, cap, expected):
    assert policy.capped(cap).max_in_flight == expected


@pytest.mark.parametrize(
    ("models", "cores", "at_once", "threads"),
    [(2, 2, 2, 1), (3, 2, 2, 1), (1, 8, 1, 8), (2, 8, 2, 4), (4, 1, 1, 1)],
)
def test_cpu_split_shares_the_cores(models, cores, at_once, threads):
    policy = cpu_split_policy(models, cores)
    assert (policy.max_models, policy.max_in_flight, policy.per_model) == (at_once, at_once, 1)
    assert policy.extra_options == {"num_thread": threads}


def _loaded(name: str, size: int, vram: int) -> RunningModel:
    return RunningModel(name, size, vram, None, 4096)


@pytest.mark.parametrize(
    ("running", "models", "name", "max_models"),
    [
        ([], ["a:1b"], "cpu-safe", 1),
        ([_loaded("a:1b", 100, 0)], ["a:1b"], "cpu-safe", 1),
        ([_loaded("a:1b", 100, 60)], ["a:1b"], "cpu-safe", 1),
        ([_loaded("a:1b", 100, 100)], ["a:1b"], "gpu", None),
        ([_loaded("a:latest", 100, 100)], ["A"], "gpu", None),
        ([_loaded("other:1b", 100, 100)], ["a:1b"], "cpu-safe", 1),
        ([_loaded("a:1b", 100, 100)], ["a:1b", "b:1b", "c:1b"], "gpu", 1),
        ([_loaded("a:1b", 9, 9), _loaded("b:1b", 5, 5)], ["a:1b", "b:1b", "c:1b"], "gpu", 2),
        ([_loaded("a:1b", 100, 100), _loaded("b:1b", 5, 5)], ["a:1b", "b:1b"], "gpu", None),
        ([_loaded("a:1b", 100, 100), _loaded("b:1b", 5, 0)], ["a:1b", "b:1b"], "cpu-safe", 1),
    ],
)
def test_policy_for_daemon_reads_the_gpu_split(running, models, name, max_models):
    policy = policy_for_daemon(running, models)
    assert (policy.name, policy.max_models) == (name, max_models)


def test_policies_survive_a_round_trip_and_describe_their_waits():
    policy = cpu_split_policy(2, 2)
    assert SchedulePolicy.from_dict(policy.to_dict()) == policy
    for reason in (WaitReason(LIMIT_MODEL, "gemma3", 1), WaitReason(LIMIT_MODELS, "x", 2)):
        for language in ("en", "ko"):
            key = f"compare.wait.{reason.code}"
            assert catalog(language)[key], (key, language)
    assert translate("compare.wait.limit_models", "en", limit=2) == "Queued: 2 model(s) at a time"


CELLS = expand_grid(
    GridSpec(("a", "b", "c"), (PromptVariant("v", ({"role": "user", "content": "q"},)),))
)


def test_run_order_without_shuffle_is_repeat_by_repeat():
    jobs = run_order(CELLS, repeats=2, shuffle=False, seed=1)
    assert [j.key for j in jobs] == [
        "m0-v0-r0-p0#0",
        "m1-v0-r0-p0#0",
        "m2-v0-r0-p0#0",
        "m0-v0-r0-p0#1",
        "m1-v0-r0-p0#1",
        "m2-v0-r0-p0#1",
    ]


def test_shuffle_is_reproducible_per_seed_and_keeps_repeats_apart():
    orders = {
        seed: [j.key for j in run_order(CELLS, repeats=3, shuffle=True, seed=seed)]
        for seed in range(8)
    }
    assert orders[3] == [j.key for j in run_order(CELLS, repeats=3, shuffle=True, seed=3)]
    assert len({tuple(order) for order in orders.values()}) > 1
    for order in orders.values():
        assert [key[-1] for key in order] == list("000111222")
        assert sorted(order) == sorted(j.key for j in run_order(CELLS, 3, False, 0))


@pytest.mark.parametrize(
    ("settings", "policy", "cell_options", "expected"),
    [
        (RunSettings(seed=5), CPU_SAFE, {}, {"seed": 5}),
        (RunSettings(lock_seed=False), CPU_SAFE, {"temperature": 0}, {"temperature": 0}),
        (RunSettings(seed=1), CPU_SAFE, {"seed": 9}, {"seed": 1}),
        (RunSettings(lock_seed=False), SPLIT, {}, {"num_thread": 1}),
        (RunSettings(lock_seed=False), SPLIT, {"num_thread": 2}, {"num_thread": 2}),
    ],
)
def test_request_options(settings, policy, cell_options, expected):
    cell = replace(CELLS[0], options=cell_options)
    assert request_options(cell, settings, policy) == expected
