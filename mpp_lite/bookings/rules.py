"""A queue's booking rules, kept inside its schedule (CONTRACT.md "Bookings").

Pure values: whether the queue takes bookings, the slot length, the share of each slot's
estimated capacity offered for booking, how far ahead, the grace time at check-in, and the
hour on the day before a day when its booking closes (optional).

Wire form: {"enabled": false, "slot_minutes": 30, "online_percent": 40, "days_ahead": 14,
            "grace_minutes": 15, "closes_day_before": "15:00" | null}
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

_CLOCK = re.compile(r"^([01]\d|2[0-3])[:.]([0-5]\d)$")


@dataclass(frozen=True)
class BookingRules:
    enabled: bool = False
    slot_minutes: int = 30
    online_percent: int = 40
    days_ahead: int = 14  # working days of the queue, today included
    grace_minutes: int = 15
    closes_day_before: int | None = None  # minutes after midnight of the day before; None: until the slot

    @classmethod
    def from_json(cls, data: object, errors: dict[str, str], where: str = "booking") -> BookingRules:
        """Read the wire form; problems go into `errors` named by field path (booking.slot_minutes)."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            errors[where] = _l(
                "must be an object with enabled, slot_minutes, online_percent, days_ahead, grace_minutes"
            )
            return cls()
        enabled = data.get("enabled", False)
        if not isinstance(enabled, bool):
            errors[f"{where}.enabled"] = _l("true or false")
            enabled = False
        numbers = {}
        for name, low, high, default in (
            ("slot_minutes", 5, 240, 30),
            ("online_percent", 0, 100, 40),
            ("days_ahead", 1, 90, 14),
            ("grace_minutes", 0, 120, 15),
        ):
            value = data.get(name, default)
            if type(value) is not int or not low <= value <= high:
                errors[f"{where}.{name}"] = _l("a whole number from %(low)d to %(high)d", low=low, high=high)
                value = default
            numbers[name] = value
        closes = data.get("closes_day_before")
        minutes = None
        if closes not in (None, ""):
            match = _CLOCK.match(closes.strip()) if isinstance(closes, str) else None
            if match is None:
                errors[f"{where}.closes_day_before"] = _l("a time as HH:MM, or null")
            else:
                minutes = int(match.group(1)) * 60 + int(match.group(2))
        return cls(enabled=enabled, closes_day_before=minutes, **numbers)

    def to_json(self) -> dict:
        closes = self.closes_day_before
        return {
            "enabled": self.enabled,
            "slot_minutes": self.slot_minutes,
            "online_percent": self.online_percent,
            "days_ahead": self.days_ahead,
            "grace_minutes": self.grace_minutes,
            "closes_day_before": f"{closes // 60:02d}:{closes % 60:02d}" if closes is not None else None,
        }
