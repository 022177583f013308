"""The convert_units tool: length, mass, area, volume, speed, temperature, data size, time."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from workbench.tools.failure import ToolFailure

TEMPERATURE = "temperature"


@dataclass(frozen=True)
class Unit:
    """A unit: its symbol, its kind, and value-in-base = value * factor + offset."""

    symbol: str
    kind: str
    factor: float
    offset: float = 0.0


# kind: (symbol, factor to the kind's base unit, aliases separated by "|"); the first entry
# of each kind is its base. Plurals ("meters", "inches") are found without being listed.
_TABLE: dict[str, tuple[tuple[str, float, str], ...]] = {
    "length": (
        ("m", 1.0, "meter|metre|미터"),
        ("km", 1e3, "kilometer|kilometre|킬로미터"),
        ("cm", 1e-2, "centimeter|centimetre|센티미터|센티"),
        ("mm", 1e-3, "millimeter|millimetre|밀리미터"),
        ("um", 1e-6, "micrometer|micrometre|micron|마이크로미터"),
        ("nm", 1e-9, "nanometer|nanometre|나노미터"),
        ("in", 0.0254, 'inch|inches|인치|"'),
        ("ft", 0.3048, "foot|feet|피트|'"),
        ("yd", 0.9144, "yard|야드"),
        ("mi", 1609.344, "mile|마일"),
        ("nmi", 1852.0, "nautical mile|해리"),
    ),
    "mass": (
        ("kg", 1.0, "kilogram|kilogramme|kilo|킬로그램"),
        ("g", 1e-3, "gram|gramme|그램"),
        ("mg", 1e-6, "milligram|밀리그램"),
        ("t", 1e3, "tonne|metric ton|ton|톤"),
        ("lb", 0.45359237, "pound|lbs|파운드"),
        ("oz", 0.028349523125, "ounce|온스"),
        ("근", 0.6, "geun"),
        ("돈", 0.00375, "don"),
        ("관", 3.75, "gwan"),
    ),
    "area": (
        ("m2", 1.0, "square meter|square metre|sqm|제곱미터|㎡"),
        ("km2", 1e6, "square kilometer|square kilometre|제곱킬로미터|㎢"),
        ("cm2", 1e-4, "square centimeter|square centimetre|제곱센티미터|㎠"),
        ("ha", 1e4, "hectare|헥타르"),
        ("acre", 4046.8564224, "ac|에이커"),
        ("ft2", 0.09290304, "square foot|square feet|sq ft|제곱피트"),
        ("평", 3.305785, "pyeong|pyung"),
    ),
    "volume": (
        ("l", 1.0, "liter|litre|리터|ℓ"),
        ("ml", 1e-3, "milliliter|millilitre|cc|밀리리터|㎖"),
        ("m3", 1e3, "cubic meter|cubic metre|세제곱미터|㎥"),
        ("gal", 3.785411784, "gallon|us gallon|갤런"),
        ("fl oz", 0.0295735295625, "fluid ounce|floz"),
        ("cup", 0.2365882365, "cups|컵"),
    ),
    "speed": (
        ("m/s", 1.0, "meter per second|metre per second|mps|초속"),
        ("km/h", 1 / 3.6, "kph|kmh|kilometer per hour|kilometre per hour|시속|킬로미터/시"),
        ("mph", 0.44704, "mile per hour|miles per hour|mi/h"),
        ("kn", 0.514444444444, "knot|kt|노트"),
        ("ft/s", 0.3048, "foot per second|feet per second|fps"),
    ),
    TEMPERATURE: (
        ("K", 1.0, "kelvin|켈빈"),
        ("°C", 1.0, "c|celsius|degc|degree celsius|degrees celsius|섭씨|℃|섭씨온도"),
        ("°F", 5 / 9, "f|fahrenheit|degf|degree fahrenheit|degrees fahrenheit|화씨|℉|화씨온도"),
    ),
    "data size": (
        ("B", 1.0, "byte|바이트"),
        ("bit", 0.125, "비트"),
        ("kB", 1e3, "kilobyte|kb|킬로바이트"),
        ("MB", 1e6, "megabyte|메가바이트|메가"),
        ("GB", 1e9, "gigabyte|기가바이트|기가"),
        ("TB", 1e12, "terabyte|테라바이트|테라"),
        ("KiB", 1024.0, "kibibyte"),
        ("MiB", 1024.0**2, "mebibyte"),
        ("GiB", 1024.0**3, "gibibyte"),
        ("TiB", 1024.0**4, "tebibyte"),
    ),
    "time": (
        ("s", 1.0, "sec|second|초"),
        ("ms", 1e-3, "millisecond|밀리초"),
        ("min", 60.0, "minute|분"),
        ("h", 3600.0, "hr|hour|시간"),
        ("day", 86400.0, "d|일"),
        ("week", 604800.0, "wk|주"),
        ("year", 31557600.0, "yr|y|년"),  # a Julian year: 365.25 days
    ),
}
_OFFSETS = {"°C": 273.15, "°F": 273.15 - 32 * 5 / 9}
_SPELLING = str.maketrans({"²": "2", "³": "3", "µ": "u", "μ": "u", "º": "°"})


@cache
def _units() -> dict[str, Unit]:
    """Every unit under its symbol and each alias, lowercased."""
    found: dict[str, Unit] = {}
    for kind, rows in _TABLE.items():
        for symbol, factor, aliases in rows:
            unit = Unit(symbol, kind, factor, _OFFSETS.get(symbol, 0.0))
            for name in (symbol, *aliases.split("|")):
                found.setdefault(_key(name), unit)
    return found


def _key(name: str) -> str:
    """The lookup form: lowercase, single spaces, no degree or caret signs, no space at "/"."""
    text = " ".join(name.translate(_SPELLING).lower().split())
    return re.sub(r"\s*/\s*", "/", text.replace("°", "").replace("^", "")).strip()


def unit_named(name: str) -> Unit:
    """The unit called `name` (symbol, name, plural or Korean name); raises ToolFailure."""
    units = _units()
    key = _key(name)
    for candidate in (key, key.removesuffix("s"), key.removesuffix("es")):
        if candidate in units:
            return units[candidate]
    raise ToolFailure(code="error.tool_unit_unknown", unit=name, known=known_units())


def known_units(kind: str | None = None) -> str:
    """The units the tool knows, by kind ("length: m, km, ..."), or those of one kind."""
    kinds = [kind] if kind else list(_TABLE)
    return "; ".join(f"{k}: {', '.join(row[0] for row in _TABLE[k])}" for k in kinds)


def convert(value: float, from_unit: str, to_unit: str) -> str:
    """E.g. "1 mi = 1.609344 km"; raises ToolFailure for unknown or incompatible units."""
    source, target = unit_named(from_unit), unit_named(to_unit)
    if source.kind != target.kind:
        raise ToolFailure(
            code="error.tool_unit_mismatch",
            source=source.symbol,
            source_kind=source.kind,
            target=target.symbol,
            target_kind=target.kind,
            known=known_units(source.kind),
        )
    base = value * source.factor + source.offset
    if source.kind == TEMPERATURE and base < 0:
        raise ToolFailure(code="error.tool_unit_below_zero", value=_text(value), unit=source.symbol)
    result = (base - target.offset) / target.factor
    if source.kind == TEMPERATURE:
        result = round(result, 10)  # 32 °F is 0 °C, not 5.7e-14 °C
    if not math.isfinite(result):
        raise ToolFailure(code="error.tool_calc_too_large")
    return f"{_text(value)} {source.symbol} = {_text(result)} {target.symbol}"


def _text(number: float) -> str:
    """At most 10 significant digits, without a trailing .0."""
    if float(number).is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.10g}"
