"""Number, date and bar formatting shared by the report renderers (no rich import)."""

from __future__ import annotations

import math
from datetime import datetime


def pct(fraction: float | None) -> str:
    """A 0..1 fraction as a whole percentage; 100% and 0% only when exact."""
    if fraction is None:
        return "n/a"
    value = fraction * 100
    shown = round(value)
    if shown == 100 and fraction < 1:
        shown = 99
    elif shown == 0 and fraction > 0:
        shown = 1
    return f"{shown}%"


def percent_number(fraction: float | None) -> float | None:
    """A 0..1 fraction as a number 0-100 with one decimal (for JSON)."""
    if fraction is None:
        return None
    return number(round(fraction * 100, 1))


def number(value: float | None, digits: int = 2) -> float | None:
    """An int when the value is whole, else rounded to ``digits`` decimals."""
    if value is None:
        return None
    rounded = round(float(value), digits)
    return int(rounded) if rounded.is_integer() else rounded


def num(value: float | None, digits: int = 1) -> str:
    """A level, gap, priority or hours for people: '2', '2.5', '-'."""
    if value is None:
        return "-"
    rounded = round(float(value), digits)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.{digits}f}"


def hours(value: float) -> str:
    """'10 h', '2.5 h'."""
    return f"{num(value)} h"


def when(moment: datetime | None) -> str:
    """A document timestamp for people: '2026-11-23 14:05 UTC'."""
    if moment is None:
        return "-"
    zone = moment.tzname() or ""
    return moment.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")


def date_range(started: datetime | None, updated: datetime | None) -> str:
    """'2026-11-20 to 2026-11-23 14:05 UTC', or just the update time on a single day."""
    end = when(updated)
    if started is None or updated is None or started.date() == updated.date():
        return end
    return f"{started:%Y-%m-%d} to {end}"


def iso(moment: datetime | None) -> str | None:
    """A timestamp for JSON (ISO 8601)."""
    return None if moment is None else moment.isoformat()


def bar_cells(
    current: float | None, target: float | None, lo: float, hi: float, width: int
) -> tuple[int, int]:
    """How many of ``width`` cells the current level and the target fill on the scale."""
    span = hi - lo
    if span <= 0:
        return 0, 0

    def cells(value: float | None) -> int:
        if value is None:
            return 0
        return max(0, min(width, math.floor((value - lo) / span * width + 0.5)))

    return cells(current), cells(target)


FULL, MISSING, EMPTY = "█", "░", "·"


def text_bar(
    current: float | None, target: float | None, lo: float, hi: float, width: int = 20
) -> str:
    """``██████░░░·····``: the current level, what is missing to target, the rest of the scale."""
    have, need = bar_cells(current, target, lo, hi, width)
    return FULL * have + MISSING * max(0, need - have) + EMPTY * (width - max(have, need))


def points(delta: float) -> str:
    """A readiness change in percentage points: '+30.5 points', '-2 points'."""
    value = round(delta * 100, 1)
    shown = str(int(value)) if value.is_integer() else f"{value:.1f}"
    return f"{'+' if value >= 0 else ''}{shown} points"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 skill', '3 skills'."""
    return f"{n} {noun if n == 1 else (many or noun + 's')}"
