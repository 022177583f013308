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
    return DaemonUnavailable(host=host)


def translate(exc: BaseException, host: str, model: str = "", streaming: bool = False) -> Exception:
    """Map one exception from the client stack to the matching WorkbenchError."""
    if isinstance(exc, WorkbenchError):
        return exc
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimedOut(host=host)
    if isinstance(exc, ConnectionError | httpx.ConnectError):
        return daemon_unavailable(host)
    if isinstance(exc, httpx.TransportError):
        if streaming:
            return StreamInterrupted(code="error.stream_dropped", host=host, detail=str(exc))
        return daemon_unavailable(host)
    if isinstance(exc, ollama.ResponseError):
        return _from_response_error(exc, host, model)
    if isinstance(exc, pydantic.ValidationError):
        return BadRequest(code="error.no_model_chosen", detail=str(exc))
    return exc if isinstance(exc, Exception) else RuntimeError(str(exc))


REGISTRY_UNREACHABLE = (
    "dial tcp",
    "no such host",
    "connection refused",
    "i/o timeout",
    "network is unreachable",
    "tls: ",
    "server misbehaving",
)


def _from_response_error(exc: ollama.ResponseError, host: str, model: str) -> WorkbenchError:
    detail = str(exc.error)
    if "no space left on device" in detail:
        return DaemonError(code="error.disk_full", host=host, model=model, detail=detail)
    if "file does not exist" in detail:
        return ModelNotFound(code="error.registry_unknown", model=model, detail=detail)
    if "manifest" in detail and any(sign in detail for sign in REGISTRY_UNREACHABLE):
        return DaemonError(code="error.registry_unreachable", model=model, detail=detail)
    if exc.status_code == 404:
        return ModelNotFound(model=model, detail=detail)
    if exc.status_code == 503:
        return DaemonBusy(host=host)
    if exc.status_code == -1:
        return StreamInterrupted(host=host, detail=detail)
    if 400 <= exc.status_code < 500:
        return BadRequest(detail=detail)
    return DaemonError(detail=detail)


@contextmanager
def ollama_errors(host: str, model: str = "", streaming: bool = False) -> Iterator[None]:
    """Re-raise anything the client stack raises inside the block as a WorkbenchError."""
    try:
        yield
    except WorkbenchError:
        raise
    except Exception as exc:
        raise translate(exc, host, model, streaming) from exc
