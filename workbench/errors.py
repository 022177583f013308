"""The workbench's own exceptions: a stable code whose catalog entry is the message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    """A catalog message inside another message's params, translated along with it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class WorkbenchError(Exception):
    """Base error: `code` names a catalog message, `params` fill it in at display time.

    Without `message`, the English catalog entry for the code is the message, so English text
    has one home; a message given here is kept for errors that quote another program's text.
    """

    code = "error.unexpected"

    def __init__(self, message: str | None = None, code: str | None = None, **params: Any) -> None:
        if code is not None:
            self.code = code
        if message is None:
            from workbench.i18n import DEFAULT_LANGUAGE, error_text  # i18n imports this module

            self.message, self.params = self.code, params
            message = error_text(self, DEFAULT_LANGUAGE)
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message


class SettingsError(WorkbenchError):
    """A setting from the environment has a value the workbench cannot use."""

    code = "error.settings"


class DaemonUnavailable(WorkbenchError):
    """No Ollama daemon answers at the configured address."""

    code = "error.daemon_unavailable"


class RequestTimedOut(WorkbenchError):
    """The daemon did not answer within the configured timeout."""

    code = "error.timeout"


class ModelNotFound(WorkbenchError):
    """The daemon does not know the requested model."""

    code = "error.model_not_found"


class StreamInterrupted(WorkbenchError):
    """A stream ended with an error after it had started."""

    code = "error.stream_interrupted"


class DaemonBusy(WorkbenchError):
    """The daemon's request queue is full (HTTP 503)."""

    code = "error.daemon_busy"


class BadRequest(WorkbenchError):
    """The daemon rejected the request as invalid (HTTP 400 and similar)."""

    code = "error.bad_request"


class DaemonError(WorkbenchError):
    """The daemon failed for another reason (HTTP 5xx)."""

    code = "error.daemon_error"


class InvalidModelName(WorkbenchError):
    """A model name breaks Ollama's naming rules."""

    code = "error.invalid_model_name"
