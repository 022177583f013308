"""Go-compatible formatting and parsing helpers: JSON, fmt verbs, durations and timestamps."""

from __future__ import annotations

import json
import math
import re
import time
from decimal import Decimal
from typing import Any

JSON_CT = "application/json; charset=utf-8"
PLAIN_JSON_CT = "application/json"
NDJSON_CT = "application/x-ndjson"
TEXT_CT = "text/plain; charset=utf-8"

FOREVER_SECONDS = (2**63 - 1) / 1e9
_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_NUMBER = re.compile(r"(\d*)(\.\d*)?")
_UNIT = re.compile(r"[^\d.]*")


def go_json(obj: Any) -> bytes:
    """Encode like Go's encoding/json: compact, raw UTF-8, HTML characters escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _HTML_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text.replace("\u2029", "\\u2029").encode("utf-8")


def go_float(value: float) -> str:
    """Format a float like Go's %v (shortest representation, %e for large/small exponents)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign = "-" if value < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    point = len(digit_tuple) + int(exponent)
    exp10 = point - 1
    if exp10 < -4 or exp10 >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exp10 < 0 else '+'}{abs(exp10):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def go_quote(text: str) -> str:
    """Quote a string like Go's strconv.Quote (also what %q and %#v print)."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    escapes |= {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def go_value(value: Any, *, sharp: bool = False) -> str:
    """Format a JSON-decoded value like Go's %v (or %#v when sharp)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return go_float(float(value))
    if isinstance(value, str):
        return go_quote(value) if sharp else value
    if value is None:
        return "<nil>"
    if isinstance(value, list):
        return "[" + " ".join(go_value(item, sharp=sharp) for item in value) + "]"
    return str(value)


def rfc3339_nano(ns: int | None = None) -> str:
    """Format epoch nanoseconds (default: now) like Go's time.RFC3339Nano in UTC."""
    ns = time.time_ns() if ns is None else ns
    seconds, fraction = divmod(ns, 1_000_000_000)
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    if fraction:
        text += "." + f"{fraction:09d}".rstrip("0")
    return text + "Z"


def parse_go_duration(text: str) -> float:
    """Parse a Go duration string ("5m", "1h30m", "-1s") into seconds; errors match Go's."""
    original, rest, negative = text, text, False
    if rest[:1] in ("+", "-"):
        negative, rest = rest[0] == "-", rest[1:]
    if rest == "0":
        return 0.0
    if not rest:
        raise ValueError(f"time: invalid duration {go_quote(original)}")
    total = 0.0
    while rest:
        number = _NUMBER.match(rest)
        assert number is not None
        whole, fraction = number.group(1), number.group(2) or ""
        if not whole and len(fraction) <= 1:
            raise ValueError(f"time: invalid duration {go_quote(original)}")
        rest = rest[number.end() :]
        unit = _UNIT.match(rest).group(0)  # type: ignore[union-attr]
        if not unit:
            raise ValueError(f"time: missing unit in duration {go_quote(original)}")
        if unit not in _DURATION_UNITS:
            raise ValueError(
                f"time: unknown unit {go_quote(unit)} in duration {go_quote(original)}"
            )
        total += float((whole or "0") + fraction) * _DURATION_UNITS[unit]
        rest = rest[len(unit) :]
    return -total if negative else total


def parse_keep_alive(value: Any) -> float | None:
    """Decode an api.Duration keep_alive: seconds, math.inf for "forever", None when absent."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"Unsupported type: '{go_value(value)}'")
    if isinstance(value, int | float):
        return math.inf if value < 0 else float(value)
    if isinstance(value, str):
        seconds = parse_go_duration(value)
        return math.inf if seconds < 0 else seconds
    raise ValueError(f"Unsupported type: '{type(value).__name__}'")
