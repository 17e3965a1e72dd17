"""Where in a run to look: "08:30", "day 2 07:00", a tick number, or a point on the timeline bar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

_CLOCK = re.compile(
    r"^(?:d(?:ay)?\s*(?P<day>\d+)\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?$"
)

MOMENT_FORMS = 'a game time "08:30" or "08:30:10", "day 2 08:30", an ISO time, or a tick number'


class FrameIndex(Protocol):
    @property
    def ticks(self) -> list[int]: ...
    def __len__(self) -> int: ...
    def time_of(self, index: int) -> datetime: ...
    def index_at_tick(self, tick: int) -> int | None: ...
    def index_at_time(self, when: datetime) -> int | None: ...


def parse_moment(text: str, first_day: date) -> int | datetime:
    """A moment the user typed: a tick (int) or a game time (datetime).

    A bare clock time means that time on the run's first day; "day N HH:MM"
    counts days from it (day 1 is the first).
    """
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    clock = _CLOCK.match(text)
    if clock:
        hour, minute, second = int(clock["h"]), int(clock["m"]), int(clock["s"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"{text!r} is not a time of day (expected {MOMENT_FORMS})")
        day = first_day + timedelta(days=int(clock["day"] or 1) - 1)
        return datetime.combine(day, time(hour, minute, second))
    try:
        return datetime.fromisoformat(text.upper() if "t" in text else text)
    except ValueError:
        raise ValueError(f"cannot read {text!r} as a moment (expected {MOMENT_FORMS})") from None


def find_moment(text: str, frames: FrameIndex) -> int:
    """The index of the last frame at or before a typed moment; ValueError says why not."""
    if len(frames) == 0:
        raise ValueError("the run has no frames yet")
    moment = parse_moment(text, frames.time_of(0).date())
    if isinstance(moment, int):
        found = frames.index_at_tick(moment)
        first = f"tick {frames.ticks[0]}"
    else:
        found = frames.index_at_time(moment)
        first = frames.time_of(0).isoformat(sep=" ")
    if found is None:
        raise ValueError(f"no frame at or before {text.strip()!r}: the run starts at {first}")
    return found


def clock_label(when: datetime, first_day: date) -> str:
    """The game clock as the viewer shows it: "Day 1  Mon 08:30:10"."""
    day = (when.date() - first_day).days + 1
    return f"Day {day}  {when:%a %H:%M:%S}"


@dataclass(frozen=True)
class TimelineBar:
    """The scrub bar: maps between a horizontal pixel and a frame index."""

    x: int
    y: int
    width: int
    height: int

    def contains(self, pos: tuple[int, int]) -> bool:
        px, py = pos
        return self.x <= px < self.x + self.width and self.y - 4 <= py < self.y + self.height + 4

    def index_at(self, px: int, count: int) -> int:
        """The frame under a pixel column; the ends of the bar are the first and last frame."""
        if count <= 1:
            return 0
        share = (px - self.x) / max(1, self.width - 1)
        return min(count - 1, max(0, round(share * (count - 1))))

    def x_of(self, index: int, count: int) -> int:
        if count <= 1:
            return self.x
        return self.x + round(index / (count - 1) * (self.width - 1))
