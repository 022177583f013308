"""Modelfile PARAMETER names and types, checked the way `ollama create` does (api.FormatParams).

Values are parsed with Go's rules (strconv.ParseInt base 10, ParseFloat to float32, ParseBool), so
a value the workbench accepts is one Ollama accepts. Floats are kept as the shortest decimal that
names the same float32, which is also what Ollama sends as JSON.
"""

from __future__ import annotations

import difflib
import math
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from workbench.modelfile.syntax import ModelfileError

ParameterValue = int | float | bool | list[str]


@dataclass(frozen=True)
class Parameter:
    """One valid PARAMETER: type, Ollama's default, a suggested UI range and one-line help."""

    name: str
    type: str  # "int", "float", "bool" or "list" (a list of strings, one line per item)
    default: int | float | bool | None
    min: float | None
    max: float | None
    help: str


_TABLE = (
    ("num_ctx", "int", None, 1, None,
     "Context window in tokens; unset means OLLAMA_CONTEXT_LENGTH or 4k/32k/256k by VRAM."),
    ("num_predict", "int", -1, -1, None, "Most tokens to generate; -1 means no limit."),
    ("temperature", "float", 0.8, 0, 2, "Randomness: 0 is deterministic, higher is more creative."),
    ("top_k", "int", 40, 0, None, "Sample only from the k most likely tokens."),
    ("top_p", "float", 0.9, 0, 1, "Sample from the smallest token set whose probability is p."),
    ("min_p", "float", 0.0, 0, 1, "Drop tokens less likely than min_p times the best token."),
    ("typical_p", "float", 1.0, 0, 1, "Locally typical sampling; 1.0 turns it off."),
    ("repeat_last_n", "int", 64, -1, None,
     "How far back to look for repeats; 0 is off, -1 is num_ctx."),
    ("repeat_penalty", "float", 1.0, 0, 2, "Penalty for repeated tokens; 1.0 is no penalty."),
    ("presence_penalty", "float", 0.0, -2, 2, "Penalty for tokens that already appeared."),
    ("frequency_penalty", "float", 0.0, -2, 2, "Penalty growing with how often a token appeared."),
    ("seed", "int", -1, -1, None, "Random seed; a fixed seed repeats answers, -1 is random."),
    ("stop", "list", None, None, None, "Text that ends the answer; one PARAMETER stop per string."),
    ("num_keep", "int", 4, -1, None, "Tokens of the prompt kept when the context is shifted."),
    ("num_batch", "int", 512, 1, None, "Prompt tokens processed per batch."),
    ("num_gpu", "int", -1, -1, None, "Layers offloaded to the GPU; -1 decides automatically."),
    ("main_gpu", "int", None, 0, None, "GPU used for small tensors when several are present."),
    ("num_thread", "int", 0, 0, None, "CPU threads; 0 decides automatically."),
    ("use_mmap", "bool", None, None, None, "Memory-map the model file; unset decides itself."),
    ("draft_num_predict", "int", 4, 0, None, "Tokens the draft model proposes per step."),
)  # fmt: skip
PARAMETERS: dict[str, Parameter] = {row[0]: Parameter(*row) for row in _TABLE}
DEPRECATED_PARAMETERS = (
    "penalize_newline",
    "low_vram",
    "f16_kv",
    "logits_all",
    "vocab_only",
    "use_mlock",
    "mirostat",
    "mirostat_tau",
    "mirostat_eta",
)
REMOVED_PARAMETERS = ("numa", "tfs_z", "num_gqa", "embedding_only")
_OTHER_TOOLS_NAMES = {
    "batch_size": "num_batch",
    "n_batch": "num_batch",
    "max_tokens": "num_predict",
    "max_new_tokens": "num_predict",
    "n_predict": "num_predict",
    "context_length": "num_ctx",
    "context_size": "num_ctx",
    "ctx_size": "num_ctx",
    "n_ctx": "num_ctx",
    "threads": "num_thread",
    "n_threads": "num_thread",
    "num_threads": "num_thread",
    "gpu_layers": "num_gpu",
    "n_gpu_layers": "num_gpu",
    "repetition_penalty": "repeat_penalty",
    "stop_sequences": "stop",
}
_EXAMPLES = {"num_ctx": "4096", "main_gpu": "0"}
_DIGITS = r"[0-9](?:_?[0-9])*"
_HEX = r"[0-9a-fA-F](?:_?[0-9a-fA-F])*"
_INT_RE = re.compile(r"[+-]?[0-9]+")
_DECIMAL_RE = re.compile(
    rf"[+-]?(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?{_DIGITS})?"
)
_HEX_RE = re.compile(rf"[+-]?0[xX](?:_?{_HEX}(?:\.(?:{_HEX})?)?|\.{_HEX})[pP][+-]?{_DIGITS}")
_SPECIAL_RE = re.compile(r"[+-]?(?:inf|infinity)|nan", re.IGNORECASE)
_FLOAT32_MAX = (2 - 2**-23) * 2**127
_FLOAT32_OVERFLOW = (2 - 2**-24) * 2**127  # from here on, rounding to float32 gives infinity
_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def parse_parameter_value(name: str, raw: str, line: int | None = None) -> ParameterValue:
    """Convert one PARAMETER's text to its typed value, or raise Ollama's error plus a hint."""
    spec = PARAMETERS.get(name)
    if spec is None:
        raise unknown_parameter_error(name, line)
    if spec.type == "list":
        return [raw]
    value = {"int": go_parse_int, "float": go_parse_float32, "bool": go_parse_bool}[spec.type](raw)
    if value is None:
        raise _invalid_value_error(spec, raw, line)
    return value


def normalize_parameters(parameters: Mapping[str, object]) -> dict[str, ParameterValue]:
    """Check typed parameter values and canonicalise them (floats to float32, stop to a list)."""
    return {name: _normalize_value(name, value) for name, value in parameters.items()}


def go_parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 10, 64): ASCII digits with an optional sign, no underscores."""
    if not _INT_RE.fullmatch(text):
        return None
    value = int(text)
    return value if -(2**63) <= value < 2**63 else None


def go_parse_float32(text: str) -> float | None:
    """strconv.ParseFloat(text, 32) as a finite float32, or None where Ollama would fail."""
    if _DECIMAL_RE.fullmatch(text):
        value = float(text.replace("_", ""))
    elif _HEX_RE.fullmatch(text):
        try:
            value = float.fromhex(text.replace("_", ""))
        except OverflowError:
            return None
    else:
        return None
    return to_float32(value)


def go_parse_bool(text: str) -> bool | None:
    """strconv.ParseBool: 1, t, T, TRUE, true, True and their false twins."""
    return True if text in _TRUE else False if text in _FALSE else None


def to_float32(value: float) -> float | None:
    """Round to float32 and return its shortest decimal; None if infinite, NaN or out of range."""
    rounded = _round_float32(value)
    if rounded is None:
        return None
    for digits in range(1, 10):
        candidate = float(f"{rounded:.{digits}g}")
        if _round_float32(candidate) == rounded:
            return candidate
    return rounded


def _round_float32(value: float) -> float | None:
    if not math.isfinite(value) or abs(value) >= _FLOAT32_OVERFLOW:
        return None
    if abs(value) > _FLOAT32_MAX:
        return math.copysign(_FLOAT32_MAX, value)
    return struct.unpack("<f", struct.pack("<f", value))[0]


def format_parameter_value(value: int | float | bool) -> str:
    """Text for a typed scalar value that parses back to the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def unknown_parameter_error(name: str, line: int | None) -> ModelfileError:
    """Ollama's `unknown parameter 'x'` with the line and a suggestion."""
    code, suggestion = "error.modelfile_unknown_parameter", ""
    if name in REMOVED_PARAMETERS:
        code = "error.modelfile_unknown_parameter_removed"
    elif not name:
        code = "error.modelfile_unknown_parameter_unnamed"
    elif name.lower() in PARAMETERS:
        code, suggestion = "error.modelfile_unknown_parameter_case", name.lower()
    elif name.lower() in _OTHER_TOOLS_NAMES:
        code = "error.modelfile_unknown_parameter_renamed"
        suggestion = _OTHER_TOOLS_NAMES[name.lower()]
    else:
        guess = difflib.get_close_matches(name, list(PARAMETERS), n=1, cutoff=0.6)
        if guess:
            code, suggestion = "error.modelfile_unknown_parameter_guess", guess[0]
    return ModelfileError(
        line=line, code=code, name=name, suggestion=suggestion, names=", ".join(PARAMETERS)
    )


def _invalid_value_error(spec: Parameter, raw: str, line: int | None) -> ModelfileError:
    """Ollama's `invalid int value [x]`; one code per type, so the type's words translate."""
    code = f"error.modelfile_invalid_{spec.type}"
    if " #" in raw or raw.startswith("#"):
        code += "_comment"
    elif _SPECIAL_RE.fullmatch(raw):
        code += "_infinite"
    return ModelfileError(line=line, code=code, name=spec.name, value=raw, example=_example(spec))


def _normalize_value(name: str, value: object) -> ParameterValue:
    spec = PARAMETERS.get(name)
    if spec is None:
        raise unknown_parameter_error(name, None)
    if spec.type == "list" and isinstance(value, list | tuple):
        if all(isinstance(item, str) for item in value):
            return list(value)
    elif spec.type == "bool" and isinstance(value, bool):
        return value
    elif spec.type == "int" and isinstance(value, int) and not isinstance(value, bool):
        if -(2**63) <= value < 2**63:
            return value
    elif spec.type == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        converted = to_float32(float(value))
        if converted is not None:
            return converted
    raise ModelfileError(
        code=f"error.modelfile_parameter_type_{spec.type}",
        name=name,
        value=value,
        example=_example(spec),
    )


def _example(spec: Parameter) -> str:
    if spec.default is None:
        return _EXAMPLES.get(spec.name, "1")
    return format_parameter_value(spec.default)
