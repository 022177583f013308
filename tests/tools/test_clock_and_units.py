"""current_time in IANA zones, and convert_units across kinds, aliases and Korean names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from workbench.tools.clock import current_time
from workbench.tools.failure import ToolFailure
from workbench.tools.units import convert, known_units

NOW = datetime(2026, 12, 7, 12, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "text"),
    [
        ("Asia/Seoul", "2026-12-07 21:14:05 KST (Asia/Seoul, UTC+09:00), Monday"),
        ("UTC", "2026-12-07 12:14:05 UTC (UTC, UTC+00:00), Monday"),
        ("america/new_york", "2026-12-07 07:14:05 EST (America/New_York, UTC-05:00), Monday"),
        ("Asia/Kolkata", "2026-12-07 17:44:05 IST (Asia/Kolkata, UTC+05:30), Monday"),
        ("Seoul", "2026-12-07 21:14:05 KST (Asia/Seoul, UTC+09:00), Monday"),
        (
            " Pacific/Kiritimati ",
            "2026-12-08 02:14:05 +14 (Pacific/Kiritimati, UTC+14:00), Tuesday",
        ),
    ],
)
def test_current_time_in_a_zone(zone: str, text: str) -> None:
    assert current_time(zone, NOW) == text


def test_summer_time_and_a_naive_now_in_another_zone() -> None:
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert current_time("Europe/London", summer) == (
        "2026-07-01 11:00:00 BST (Europe/London, UTC+01:00), Wednesday"
    )


def test_without_now_the_clock_is_read() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = current_time("UTC")[:19]
    assert before <= datetime.fromisoformat(stamp).replace(tzinfo=UTC) <= datetime.now(UTC)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd", "KST+9"])
def test_unknown_zones_suggest_the_form(zone: str) -> None:
    with pytest.raises(ToolFailure, match="Asia/Seoul") as caught:
        current_time(zone, NOW)
    assert caught.value.code == "error.tool_time_zone"


@pytest.mark.parametrize(
    ("value", "source", "target", "text"),
    [
        (1, "mi", "km", "1 mi = 1.609344 km"),
        (5, "inches", "cm", "5 in = 12.7 cm"),
        (3, "feet", "meters", "3 ft = 0.9144 m"),
        (2.5, "킬로미터", "미터", "2.5 km = 2500 m"),
        (150, "센티미터", "m", "150 cm = 1.5 m"),
        (1, "킬로그램", "그램", "1 kg = 1000 g"),
        (2, "근", "g", "2 근 = 1200 g"),
        (10, "lbs", "kg", "10 lb = 4.5359237 kg"),
        (30, "평", "m²", "30 평 = 99.17355 m2"),
        (100, "square metres", "평", "100 m2 = 30.25000113 평"),
        (1, "ha", "m^2", "1 ha = 10000 m2"),
        (2, "리터", "ml", "2 l = 2000 ml"),
        (1, "gallon", "L", "1 gal = 3.785411784 l"),
        (100, "km / h", "m/s", "100 km/h = 27.77777778 m/s"),
        (60, "mph", "km/h", "60 mph = 96.56064 km/h"),
        (100, "섭씨", "화씨", "100 °C = 212 °F"),
        (32, "°F", "°C", "32 °F = 0 °C"),
        (-40, "F", "C", "-40 °F = -40 °C"),
        (0, "K", "celsius", "0 K = -273.15 °C"),
        (25, "℃", "kelvin", "25 °C = 298.15 K"),
        (1, "GiB", "MB", "1 GiB = 1073.741824 MB"),
        (8, "bits", "bytes", "8 bit = 1 B"),
        (3, "hours", "minutes", "3 h = 180 min"),
        (1, "year", "days", "1 year = 365.25 day"),
        (90, "분", "시간", "90 min = 1.5 h"),
    ],
)
def test_conversions(value: float, source: str, target: str, text: str) -> None:
    assert convert(value, source, target) == text


def test_an_unknown_unit_lists_the_known_ones() -> None:
    with pytest.raises(ToolFailure) as caught:
        convert(1, "furlong", "m")
    assert caught.value.code == "error.tool_unit_unknown"
    assert "furlong" in str(caught.value) and known_units() in str(caught.value)
    assert "length: m, km" in known_units() and "평" in known_units()


def test_units_of_different_kinds_do_not_convert() -> None:
    with pytest.raises(ToolFailure) as caught:
        convert(1, "kg", "m")
    message = str(caught.value)
    assert caught.value.code == "error.tool_unit_mismatch"
    assert "kg (mass)" in message and "m (length)" in message and "lb" in message


def test_no_temperature_is_below_absolute_zero() -> None:
    with pytest.raises(ToolFailure, match="absolute zero"):
        convert(-300, "C", "F")


def test_an_overflowing_conversion_is_refused() -> None:
    with pytest.raises(ToolFailure) as caught:
        convert(1e308, "km", "nm")
    assert caught.value.code == "error.tool_calc_too_large"
