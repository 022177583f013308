"""The pages' count of requests in flight per daemon."""

from __future__ import annotations

import threading

import pytest

from workbench.fleet import InFlight


def test_a_request_counts_while_it_runs_and_not_after():
    requests = InFlight()
    with requests.track("gpu"):
        with requests.track("gpu"), requests.track("cpu"):
            assert requests.counts() == {"gpu": 2, "cpu": 1}
        assert requests.counts() == {"gpu": 1}
    assert requests.counts() == {}


def test_one_daemon_is_not_counted_and_a_failure_still_ends_the_count():
    requests = InFlight()
    with requests.track(None):
        assert requests.counts() == {}
    with pytest.raises(RuntimeError), requests.track("gpu"):
        raise RuntimeError("the stream broke")
    assert requests.counts() == {}


def test_counts_stay_right_across_threads():
    requests, started, release = InFlight(), threading.Barrier(9), threading.Event()

    def answer() -> None:
        with requests.track("gpu"):
            started.wait(5)
            release.wait(5)

    threads = [threading.Thread(target=answer) for _ in range(8)]
    for thread in threads:
        thread.start()
    started.wait(5)
    assert requests.counts() == {"gpu": 8}
    release.set()
    for thread in threads:
        thread.join(5)
    assert requests.counts() == {}
