"""CPU that a fake model spends per token, burnt in worker processes like a runner's threads.

A real model runner is its own process whose threads use every core for each token, and a token
is done when all of them are. Sleeping per token cannot show what a busy browser does to such a
model; burning a fixed amount of CPU time per token in separate processes can: when something
else takes the cores, each token takes longer on the wall clock, exactly as on a real CPU daemon.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from multiprocessing.connection import Connection

JOIN_SECONDS = 2.0


def _burn_forever(connection: Connection) -> None:
    """A worker: for every number of milliseconds received, spin that much CPU time, answer."""
    while True:
        try:
            milliseconds = connection.recv()
        except EOFError:
            return
        if milliseconds is None:
            return
        until = time.process_time() + milliseconds / 1000
        while time.process_time() < until:
            pass
        connection.send(True)


class Burner:
    """`workers` processes that each burn the asked CPU time per token, all at the same time."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._connections: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for number in range(max(workers, 1)):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_burn_forever, args=(theirs,), name=f"fake-runner-{number}", daemon=True
            )
            process.start()
            theirs.close()
            self._connections.append(mine)
            self.processes.append(process)

    def burn(self, milliseconds: float) -> None:
        """Spend `milliseconds` of CPU time in every worker; return when all are done."""
        with self._lock:
            for connection in self._connections:
                connection.send(milliseconds)
            for connection in self._connections:
                connection.recv()

    def close(self) -> None:
        """Stop the workers (after the token in progress)."""
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.send(None)
                connection.close()
            for process in self.processes:
                process.join(JOIN_SECONDS)
                if process.is_alive():
                    process.terminate()
                    process.join(JOIN_SECONDS)  # reap it: no zombie left behind
            self._connections.clear()
