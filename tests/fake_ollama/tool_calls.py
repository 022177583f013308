"""Tool calls the fake makes: the tool is picked by the words of its name, and the arguments
are read from the user's text (an arithmetic expression, an IANA time zone, the first number,
unit words in order, the question itself), so built-in tools get calls they can answer."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable
from typing import Any

_WORD = re.compile(r"[A-Za-z]+|[\uac00-\ud7a3]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_EXPRESSION = re.compile(r"[-+(]*\d[\d.\s]*(?:[-+*/%^×÷]+\s*[-+(]*\s*[\d.]+[\s)]*)+")
_ZONE = re.compile(
    r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)"
    r"/[A-Za-z_]+(?:/[A-Za-z_]+)?|\bUTC\b"
)
CITY_ZONES = {
    "seoul": "Asia/Seoul",
    "서울": "Asia/Seoul",
    "busan": "Asia/Seoul",
    "부산": "Asia/Seoul",
    "tokyo": "Asia/Tokyo",
    "도쿄": "Asia/Tokyo",
    "london": "Europe/London",
    "런던": "Europe/London",
    "paris": "Europe/Paris",
    "파리": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "york": "America/New_York",
    "뉴욕": "America/New_York",
    "sydney": "Australia/Sydney",
}
DEFAULT_ZONE = "UTC"
UNITS = frozenset(
    re.findall(
        r"\S+",
        "mm cm km meter meters metre metres kilometer kilometers kilometre kilometres mile "
        "miles mi ft foot feet inch inches yd yard yards kg gram grams kilogram kilograms lb "
        "lbs pound pounds oz ounce ounces celsius fahrenheit kelvin ml liter liters litre "
        "litres gallon gallons sec second seconds min minute minutes hour hours m2 km2 cm2 "
        "ft2 m3 mph kph",
    )
)
# Korean unit words, found at the start of a word ("평을" -> 평), longest first.
KOREAN_UNITS = ("킬로미터", "킬로그램", "제곱미터", "센티미터", "미터", "마일", "파운드", "리터")
KOREAN_UNITS += ("평", "근", "돈", "관")
PARTICLES = frozenset(("", "은", "는", "이", "가", "을", "를", "으로", "로", "에", "의", "에서"))
# One-letter units count right after a number ("3 m", "100°F") or as a capital C, F or K.
SHORT_UNITS = frozenset("mgclkfsh")
# Korean words that name what a tool does, mapped to the English word of its name.
KOREAN_HINTS = {
    "계산": "calculate",
    "시간": "time",
    "시각": "time",
    "몇시": "time",
    "변환": "convert",
    "환산": "convert",
    "검색": "search",
    "찾아": "search",
    "날씨": "weather",
}


def _similar(a: str, b: str) -> bool:
    """Whether two words share a stem ("calculate" ~ "calculator", "unit" ~ "units")."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= min(len(a), len(b)) - 2


def _user_words(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    hints = [hint for korean, hint in KOREAN_HINTS.items() if korean in text.replace(" ", "")]
    return words + hints


def _properties(function: dict[str, Any]) -> dict[str, Any]:
    params = function.get("parameters") or {}
    properties = params.get("properties") if isinstance(params, dict) else None
    return properties if isinstance(properties, dict) else {}


def _score(function: dict[str, Any], words: list[str], text: str) -> int:
    """Two points per word of the name the user used, one per parameter the text can fill."""
    name_words = [w for w in re.split(r"[^a-z]+", str(function.get("name", "")).lower()) if w]
    score = 2 * sum(any(_similar(n, w) for w in words) for n in name_words)
    for key in _properties(function):
        kind = _kind(key)
        if (kind == "expression" and _expression(text)) or (kind == "zone" and _zone(text, "")):
            score += 1
        if kind in ("from_unit", "to_unit") and _units(text):
            score += 1
    return score


def choose(tools: list[Any], user_text: str) -> dict[str, Any]:
    """The function the user's words point at (the first one when nothing fits)."""
    functions = [t.get("function") or {} for t in tools if isinstance(t, dict)]
    functions = [f for f in functions if isinstance(f, dict)]
    if not functions:
        return {}
    words = _user_words(user_text)
    best = max(_score(f, words, user_text) for f in functions)
    return next(f for f in functions if _score(f, words, user_text) == best)


def _kind(key: str) -> str:
    """What a parameter asks for, judged by its name."""
    name = key.lower()
    if re.search(r"expr|formula|equation|calculation", name):
        return "expression"
    if re.search(r"zone|^tz$|^tz_", name):
        return "zone"
    if "unit" in name or name in ("from", "to", "source", "target"):
        return "to_unit" if name.startswith(("to", "target")) else "from_unit"
    if name in ("query", "question", "q", "search", "keywords", "prompt"):
        return "query"
    return ""


def _expression(text: str) -> str:
    """The longest arithmetic expression in the text ("12*(3+4)"), or ""."""
    found = [m.group(0).strip() for m in _EXPRESSION.finditer(text)]
    found = [e for e in found if re.search(r"\d\s*[-+*/%^×÷]", e)]
    if not found:
        return ""
    expression = max(found, key=len)
    balance = expression.count("(") - expression.count(")")
    return expression + ")" * balance if balance > 0 else expression.lstrip(")")


def _zone(text: str, default: str = DEFAULT_ZONE) -> str:
    """An IANA zone named in the text, or a city's zone, or the default."""
    match = _ZONE.search(text)
    if match:
        return match.group(0)
    lowered = text.lower()
    return next((zone for city, zone in CITY_ZONES.items() if city in lowered), default)


def _units(text: str) -> list[str]:
    """Unit words in the order the text names them ("3 km in miles" -> km, miles)."""
    found = []
    for match in re.finditer(r"[A-Za-z]+\d?|[\uac00-\ud7a3]+", text):
        word = match.group(0)
        after_number = re.search(r"\d\s*°?$", text[: match.start()]) is not None
        short = word.lower() in SHORT_UNITS and (after_number or word in ("C", "F", "K"))
        korean = next((unit for unit in KOREAN_UNITS if word.startswith(unit)), "")
        if len(korean) == 1 and word[1:] not in PARTICLES:
            korean = ""
        if word.lower() in UNITS or short:
            found.append(word)
        elif korean:
            found.append(korean)
    return found


def _number(text: str, integer: bool) -> int | float | None:
    match = _NUMBER.search(text)
    if match is None:
        return None
    value = float(match.group(0))
    return int(value) if integer or value.is_integer() else value


def _argument(key: str, schema: Any, text: str) -> tuple[bool, Any]:
    """A value for one parameter read from the text; (False, None) when the text has none."""
    schema = schema if isinstance(schema, dict) else {}
    kind, enum = _kind(key), schema.get("enum")
    if kind in ("from_unit", "to_unit"):
        units = [u for u in _units(text) if not enum or u in enum]
        if units:
            return True, units[-1] if kind == "to_unit" and len(units) > 1 else units[0]
    if enum:
        return False, None
    if kind == "expression":
        return True, _expression(text) or text.strip()
    if kind == "zone":
        return True, _zone(text)
    if kind == "query":
        return True, text.strip()
    if schema.get("type") in ("number", "integer"):
        number = _number(text, schema.get("type") == "integer")
        if number is not None:
            return True, number
    return False, None


def arguments(
    function: dict[str, Any],
    user_text: str,
    value: Callable[[Any, list[str]], Any],
) -> dict[str, Any]:
    """The call's arguments: every required parameter (all of them when none is required)."""
    properties = _properties(function)
    params = function.get("parameters") or {}
    required = params.get("required") if isinstance(params, dict) else None
    keys = [k for k in required or list(properties) if isinstance(k, str)]
    echo = _CAPITALISED.findall(user_text)[-1:] or _LATIN_WORD.findall(user_text)[-1:]
    echo = echo or ["example"]
    filled = {}
    for key in keys:
        found, got = _argument(key, properties.get(key), user_text)
        filled[key] = got if found else value(properties.get(key, {}), echo)
    return filled


def tool_call(
    tools: list[Any],
    user_text: str,
    rng: random.Random,
    value: Callable[[Any, random.Random, list[str]], Any],
    step: int = 0,
) -> dict[str, Any]:
    """One call in the real daemon's shape: {"id", "function": {"index", "name", "arguments"}}."""
    chosen = choose(tools, user_text)
    filled = arguments(chosen, user_text, lambda schema, echo: value(schema, rng, echo))
    material = json.dumps([chosen.get("name"), filled, step], ensure_ascii=False)
    digest = hashlib.sha256(material.encode("utf-8")).hexdigest()
    return {
        "id": f"call_{digest[:8]}",
        "function": {"index": 0, "name": chosen.get("name", ""), "arguments": filled},
    }
