"""The current_time tool: the date and time now in an IANA time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from workbench.tools.failure import ToolFailure

EXAMPLE_ZONE = "Asia/Seoul"


@cache
def _zones() -> dict[str, str]:
    """Every IANA zone by its lowercased name, and by its lowercased city when unique."""
    names = sorted(available_timezones())
    by_city: dict[str, list[str]] = {}
    for name in names:
        by_city.setdefault(name.rsplit("/", 1)[-1].lower(), []).append(name)
    cities = {city: found[0] for city, found in by_city.items() if len(found) == 1}
    return {**cities, **{name.lower(): name for name in names}}


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone called `name` (any case; a unique city such as "Seoul" too); raises
    ToolFailure."""
    key = _zones().get(name.strip().replace(" ", "_").lower())
    if key is None:
        raise ToolFailure(code="error.tool_time_zone", zone=name, example=EXAMPLE_ZONE)
    return ZoneInfo(key)


def current_time(zone: str, now: datetime | None = None) -> str:
    """E.g. "2026-12-07 21:14:05 KST (Asia/Seoul, UTC+09:00), Monday"; `now` is for tests."""
    info = zone_named(zone)
    moment = (now or datetime.now(UTC)).astimezone(info)
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M:%S} {moment.tzname()} ({info.key}, {offset}), {moment:%A}"
