"""Game time: ticks of a fixed number of game seconds from a start date-time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sim.errors import ConfigError

_CLOCK_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")


def parse_game_time(text: str, reference: datetime) -> datetime:
    """A game time from "HH:MM" (on the reference's day) or an ISO date-time."""
    text = text.strip()
    try:
        if _CLOCK_TIME.match(text):
            return datetime.combine(reference.date(), time.fromisoformat(text.zfill(5)))
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(
            f"game time {text!r}: expected HH:MM or an ISO date-time like 2024-03-05T08:30"
        ) from exc


@dataclass(frozen=True)
class GameClock:
    """Maps tick numbers to game date-times; tick 0 is `start`."""

    start: datetime
    tick_seconds: int = 10

    def __post_init__(self) -> None:
        if self.tick_seconds < 1:
            raise ValueError(f"tick_seconds must be at least 1, got {self.tick_seconds}")

    def time(self, tick: int) -> datetime:
        return self.start + timedelta(seconds=tick * self.tick_seconds)

    def ticks_for(self, *, hours: float = 0.0, minutes: float = 0.0) -> int:
        """How many ticks cover a span of game time (rounded up to a whole tick)."""
        seconds = hours * 3600 + minutes * 60
        return max(0, -(-int(round(seconds)) // self.tick_seconds))

    def tick_at(self, when: datetime) -> int:
        """The first tick at or after a game time."""
        seconds = (when - self.start).total_seconds()
        return max(0, -(-int(seconds) // self.tick_seconds))

    def starts_day(self, tick: int) -> bool:
        """True when `tick` is the first tick of a new calendar day (tick 0 included)."""
        if tick == 0:
            return True
        return self.time(tick).date() != self.time(tick - 1).date()

    def ticks_per_hour(self) -> int:
        return max(1, 3600 // self.tick_seconds)
