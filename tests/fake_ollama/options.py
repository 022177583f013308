"""Runtime options: merging model parameters with request options and Go-style type checks."""

from __future__ import annotations

from typing import Any

INT_OPTIONS = frozenset(
    {
        "num_ctx",
        "num_predict",
        "top_k",
        "repeat_last_n",
        "seed",
        "num_keep",
        "num_batch",
        "num_gpu",
        "main_gpu",
        "num_thread",
        "draft_num_predict",
    }
)
FLOAT_OPTIONS = frozenset(
    {
        "temperature",
        "top_p",
        "min_p",
        "typical_p",
        "repeat_penalty",
        "presence_penalty",
        "frequency_penalty",
    }
)
BOOL_OPTIONS = frozenset({"use_mmap"})
LIST_OPTIONS = frozenset({"stop"})


class OptionError(ValueError):
    """An option with the wrong JSON type (the server answers 500)."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_options(options: dict[str, Any]) -> None:
    """Raise OptionError like api.Options.FromMap; unknown keys are ignored."""
    for key, value in options.items():
        if value is None:
            continue
        if key in INT_OPTIONS and not _is_number(value):
            raise OptionError(f'option "{key}" must be of type integer')
        if key in FLOAT_OPTIONS and not _is_number(value):
            raise OptionError(f'option "{key}" must be of type float32')
        if key in BOOL_OPTIONS and not isinstance(value, bool):
            raise OptionError(f'option "{key}" must be of type boolean')
        if key in LIST_OPTIONS:
            if not isinstance(value, list):
                raise OptionError(f'option "{key}" must be of type array')
            if not all(isinstance(item, str) for item in value):
                raise OptionError(f'option "{key}" must be of an array of strings')


def effective_options(parameters: dict[str, Any], request: Any) -> dict[str, Any]:
    """Merge model parameters and request options (request wins), checking both."""
    request_options = request if isinstance(request, dict) else {}
    check_options(parameters)
    check_options(request_options)
    merged = dict(parameters)
    merged.update({k: v for k, v in request_options.items() if v is not None})
    for key in INT_OPTIONS & merged.keys():
        merged[key] = int(merged[key])
    return merged
