"""Planning tasks: the day in broad strokes, the hour-by-hour schedule, and an hour in detail."""

from __future__ import annotations

import random
import re
from typing import Any, ClassVar

from pydantic import BaseModel, Field, field_validator

from agents.llm.degenerate import AnswerShape
from agents.llm.task import Task
from agents.spatial import is_sleep
from agents.tasks.salvage import bounded, keep_valid

_TIME = re.compile(
    r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*[-–:,)]?\s*(.*)$", re.I
)
_BARE_TIME = re.compile(r"^\s*\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*$", re.I)
_WAKES = re.compile(
    r"wak\w*(?:\s+up)?\s+(?:at\s+)?(?:around\s+)?(\d{1,2})(?:[:.]\d{2})?\s*(am|pm)?", re.I
)
_UNTIL = re.compile(
    r"^(?:to|until|till|-|–)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?\s*[-–:,]?\s*", re.I
)


def parse_item(text: str) -> tuple[int | None, str]:
    """Split a plan item like "7:30 am - breakfast" into (7, "breakfast"); hour None if absent."""
    match = _TIME.match(text)
    if not match or not match.group(4):
        return None, text.strip()
    hour = int(match.group(1))
    suffix = (match.group(3) or "").lower().replace(".", "")
    if hour > 24 or (match.group(2) is None and not suffix):
        return None, text.strip()
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    # "06:30 to 15:00 serve customers": the end time is the schedule's business.
    return hour % 24, _UNTIL.sub("", match.group(4)).strip()


def wake_hour_of(lifestyle: str, default: int = 7) -> int:
    """The hour a lifestyle text says the persona wakes up at, else `default`."""
    match = _WAKES.search(lifestyle)
    if not match:
        return default
    hour = int(match.group(1)) % 12 if match.group(2) else int(match.group(1))
    return hour + 12 if (match.group(2) or "").lower() == "pm" else hour


class DayPlan(BaseModel):
    """The day in broad strokes: when the agent gets up, then 4–10 items with their start times."""

    wake_up_hour: int = Field(ge=0, le=23)
    items: list[str] = Field(min_length=1, max_length=15)

    @field_validator("items", mode="before")
    @classmethod
    def _drop_items_without_an_activity(cls, value: Any) -> Any:
        # "" or a bare "4:30 pm" plans nothing; the rest of the list may still be good.
        if not isinstance(value, list):
            return value
        return [
            item
            for item in value
            if isinstance(item, str) and parse_item(item)[1] and not _BARE_TIME.match(item)
        ]


class PlanDay(Task[DayPlan]):
    """Plan today in broad strokes from who the agent is and what it did yesterday."""

    name: ClassVar[str] = "plan_day"
    template: ClassVar[str] = "plan_day.txt"
    max_tokens: ClassVar[int] = 300
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("items",))

    agent: str
    summary: str
    lifestyle: str
    routine: tuple[str, ...] = ()
    yesterday: str = ""
    date: str

    def fallback(self) -> DayPlan:
        return self.routine_plan()

    def routine_plan(self) -> DayPlan:
        """The persona's usual routine as today's plan."""
        return DayPlan(
            wake_up_hour=wake_hour_of(self.lifestyle),
            items=list(self.routine) or ["8:00 am: spend the day at home", "11:00 pm: go to bed"],
        )

    def scripted(self, rng: random.Random) -> DayPlan:
        timed = [parse_item(r)[0] for r in self.routine]
        first = next((h for h in timed if h is not None), None)
        wake = wake_hour_of(self.lifestyle, default=first or rng.choice((6, 7, 7, 8)))
        items = list(self.routine) or [
            f"{wake}:00 am: wake up and have breakfast",
            "9:00 am: go for a walk",
            "12:00 pm: have lunch",
            "2:00 pm: read a book",
            "6:00 pm: cook dinner",
            "10:00 pm: go to bed",
        ]
        return DayPlan(wake_up_hour=wake, items=items)


class HourActivity(BaseModel):
    hour: int = Field(ge=0, le=23)
    activity: str = Field(min_length=1, max_length=160)


class HourlySchedule(BaseModel):
    """What the agent does in each hour of the day, 0 to 23."""

    hours: list[HourActivity] = Field(min_length=1, max_length=24)

    @field_validator("hours", mode="before")
    @classmethod
    def _drop_bad_hours(cls, value: Any) -> Any:
        kept = keep_valid(value, HourActivity)
        if kept is value:
            return value
        first_per_hour = {entry.hour: entry for entry in reversed(kept)}
        return sorted(first_per_hour.values(), key=lambda entry: entry.hour)


class ScheduleHours(Task[HourlySchedule]):
    """Turn the broad daily plan into an activity for each hour of the day."""

    name: ClassVar[str] = "schedule_hours"
    template: ClassVar[str] = "schedule_hours.txt"
    max_tokens: ClassVar[int] = 600
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("hours.activity",))

    agent: str
    summary: str
    wake_up_hour: int = Field(ge=0, le=23)
    plan: tuple[str, ...]
    date: str

    def fallback(self) -> HourlySchedule:
        return self.from_plan()

    def scripted(self, rng: random.Random) -> HourlySchedule:
        return self.from_plan()

    def timed_items(self) -> int:
        """How many of the plan's items say when they start."""
        return sum(parse_item(item)[0] is not None for item in self.plan)

    def from_plan(self) -> HourlySchedule:
        """The schedule the plan's own times give: each item until the next, asleep at night."""
        parsed = [(h, a) for h, a in (parse_item(item) for item in self.plan) if a]
        if not parsed:
            parsed = [(self.wake_up_hour, "spend the day at home")]
        starts: list[tuple[int, str]] = []
        cursor = self.wake_up_hour
        for hour, activity in parsed:
            start = hour if hour is not None else cursor
            starts.append((start, activity))
            cursor = start + 1
        starts.sort(key=lambda s: s[0])
        bedtime = next((h for h, a in starts if h >= 18 and is_sleep(a)), None)
        if bedtime is None:
            bedtime = max(22, min(23, (starts[-1][0] + 2) if starts else 22))
        hours = []
        for h in range(24):
            if h < self.wake_up_hour or h >= bedtime:
                activity = "sleeping"
            else:
                current = [a for s, a in starts if s <= h]
                activity = current[-1] if current else starts[0][1]
            hours.append(HourActivity(hour=h, activity=activity))
        return HourlySchedule(hours=hours)


class Step(BaseModel):
    activity: str = Field(min_length=1, max_length=160)
    minutes: int = Field(ge=1, le=60)

    @field_validator("minutes", mode="before")
    @classmethod
    def _within_an_hour(cls, value: object) -> object:
        # A 240-minute "step" is a step too long, not a wrong answer: it is cut to the hour.
        return bounded(value, 1, 60)


class Decomposition(BaseModel):
    """An activity broken into consecutive 5–15 minute steps."""

    steps: list[Step] = Field(min_length=1, max_length=24)

    @field_validator("steps", mode="before")
    @classmethod
    def _drop_bad_steps(cls, value: Any) -> Any:
        return keep_valid(value, Step)


class Decompose(Task[Decomposition]):
    """Break one block of the schedule into 5–15 minute steps that fill it exactly."""

    name: ClassVar[str] = "decompose"
    template: ClassVar[str] = "decompose.txt"
    max_tokens: ClassVar[int] = 400
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("steps.activity",))
    example: ClassVar[dict[str, Any] | None] = {
        "steps": [
            {"activity": "fill the kettle and set out two cups", "minutes": 5},
            {"activity": "eat toast by the window", "minutes": 10},
        ]
    }

    agent: str
    summary: str
    activity: str = Field(min_length=1)
    start: str
    minutes: int = Field(ge=1, le=24 * 60)
    schedule: tuple[str, ...] = ()

    def fallback(self) -> Decomposition:
        return Decomposition(steps=[Step(activity=self.activity, minutes=min(60, self.minutes))])

    def scripted(self, rng: random.Random) -> Decomposition:
        steps: list[Step] = []
        left = self.minutes
        while left > 0:
            size = min(left, rng.choice((5, 10, 15, 15)))
            label = self.activity
            if not steps and self.minutes >= 30:
                label = f"getting ready to {self.activity[:1].lower()}{self.activity[1:]}"
            steps.append(Step(activity=label[:160], minutes=size))
            left -= size
        return Decomposition(steps=steps[:24])
