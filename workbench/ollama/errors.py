"""Turn what the ollama client and httpx raise into workbench errors a person can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import ollama
import pydantic

from workbench.errors import (
    BadRequest,
    DaemonBusy,
    DaemonError,
    DaemonUnavailable,
    ModelNotFound,
    RequestTimedOut,
    StreamInterrupted,
    WorkbenchError,
)


def daemon_unavailable(host: str) -> DaemonUnavailable:
    """The error for a daemon that does not answer at `host`."""
    return DaemonUnavailable(
        f"No Ollama daemon answers at {host}. Start one with `ollama serve`, or set OLLAMA_HOST "
        "to the address of the machine that runs it, then retry.",
        host=host,
    )


def translate(exc: BaseException, host: str, model: str = "", streaming: bool = False) -> Exception:
    """Map one exception from the client stack to the matching WorkbenchError."""
    if isinstance(exc, WorkbenchError):
        return exc
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimedOut(
            f"The Ollama daemon at {host} did not answer in time. It may be busy loading a large "
            "model: wait and retry, or raise WORKBENCH_REQUEST_TIMEOUT / WORKBENCH_STREAM_TIMEOUT.",
            host=host,
        )
    if isinstance(exc, ConnectionError | httpx.ConnectError):
        return daemon_unavailable(host)
    if isinstance(exc, httpx.TransportError):
        if streaming:
            return StreamInterrupted(
                f"The daemon at {host} closed the connection in the middle of the answer "
                "(did it stop or crash?). Check that `ollama serve` is still running and retry.",
                code="error.stream_dropped",
                host=host,
                detail=str(exc),
            )
        return daemon_unavailable(host)
    if isinstance(exc, ollama.ResponseError):
        return _from_response_error(exc, host, model)
    if isinstance(exc, pydantic.ValidationError):
        return BadRequest("Choose a model first: the request names none.", detail=str(exc))
    return exc if isinstance(exc, Exception) else RuntimeError(str(exc))


def _from_response_error(exc: ollama.ResponseError, host: str, model: str) -> WorkbenchError:
    detail = str(exc.error)
    if "file does not exist" in detail:
        return ModelNotFound(
            f"There is no model called '{model}' in the registry. Check the spelling and the tag "
            "on ollama.com/library (e.g. gemma3:270m, bge-m3).",
            code="error.registry_unknown",
            model=model,
            detail=detail,
        )
    if exc.status_code == 404:
        return ModelNotFound(
            f"The model '{model}' was not found. Check the name and its tag (e.g. gemma3:270m) "
            "on the Models page, or pull it first.",
            model=model,
            detail=detail,
        )
    if exc.status_code == 503:
        return DaemonBusy(
            f"The daemon at {host} is busy (its request queue is full). Wait a moment and retry, "
            "or send fewer requests at once.",
            host=host,
        )
    if exc.status_code == -1:
        return StreamInterrupted(
            f"The daemon stopped with an error in the middle of the answer: {detail}",
            host=host,
            detail=detail,
        )
    if 400 <= exc.status_code < 500:
        return BadRequest(f"The daemon refused the request: {detail}", detail=detail)
    return DaemonError(f"The daemon failed: {detail}", detail=detail)


@contextmanager
def ollama_errors(host: str, model: str = "", streaming: bool = False) -> Iterator[None]:
    """Re-raise anything the client stack raises inside the block as a WorkbenchError."""
    try:
        yield
    except WorkbenchError:
        raise
    except Exception as exc:
        raise translate(exc, host, model, streaming) from exc
