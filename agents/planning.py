"""Planning: the day as blocks of the schedule, and the current block as 5–15 minute steps.

The arithmetic (blocks from hours, fitting steps to a block, inserting a
reaction) is pure; `plan_new_day` and `decompose_block` ask the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from agents.llm.protocol import LanguageModel
from agents.persona import Persona
from agents.spatial import is_sleep
from agents.tasks.planning import Decompose, HourActivity, PlanDay, ScheduleHours

DAY_MINUTES = 24 * 60
# Blocks longer than this are routine (a shift at work) and become one action.
ROUTINE_MINUTES = 120
# An hourly schedule naming fewer hours than this is replaced by the rule-based one.
MIN_SCHEDULED_HOURS = 12


class Block(BaseModel):
    """A stretch of the day given to one activity: [start, start + minutes) in minutes of the day.

    `atomic` blocks (reactions) are acted on as they are, never decomposed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0, le=DAY_MINUTES)
    minutes: int = Field(ge=1, le=DAY_MINUTES)
    activity: str
    atomic: bool = False

    @property
    def end(self) -> int:
        return self.start + self.minutes


class DayState(BaseModel):
    """Today's plan: the broad items, the schedule blocks, and the steps of the current block."""

    model_config = ConfigDict(extra="forbid")

    date: str
    wake_up_hour: int
    items: list[str]
    blocks: list[Block]
    steps: list[Block] = []
    steps_for: int | None = None  # start minute of the block the steps belong to


def clock(minute: int) -> str:
    """Minutes of the day as "HH:MM"."""
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def blocks_from_hours(hours: Sequence[HourActivity]) -> list[Block]:
    """Merge an hour-by-hour schedule into blocks covering the whole day; gaps continue the last."""
    by_hour: dict[int, str] = {h.hour: h.activity.strip() for h in hours}
    current = by_hour.get(0, "sleeping")
    per_hour = []
    for h in range(24):
        current = by_hour.get(h, current)
        per_hour.append(current)
    blocks: list[Block] = []
    for h, activity in enumerate(per_hour):
        if blocks and blocks[-1].activity.lower() == activity.lower():
            last = blocks[-1]
            blocks[-1] = last.model_copy(update={"minutes": last.minutes + 60})
        else:
            blocks.append(Block(start=h * 60, minutes=60, activity=activity))
    return blocks


def block_at(blocks: Sequence[Block], minute: int) -> Block | None:
    """The block that covers a minute of the day, if any."""
    for block in blocks:
        if block.start <= minute < block.end:
            return block
    return None


def fit_steps(steps: Sequence[tuple[str, int]], start: int, total: int) -> list[Block]:
    """Lay steps end to end from `start` so that together they last exactly `total` minutes.

    Lengths are scaled to the total and kept within 5–15 minutes where the
    total allows; the last step takes up what rounding leaves.
    """
    steps = [(a, max(1, m)) for a, m in steps if a.strip()] or [("carry on", total)]
    asked = sum(m for _, m in steps)
    out: list[Block] = []
    cursor = start
    for i, (activity, minutes) in enumerate(steps):
        left = start + total - cursor
        if left <= 0:
            break
        if i == len(steps) - 1:
            size = left
        else:
            size = max(5, min(15, round(minutes * total / asked)))
            size = min(size, left)
        out.append(Block(start=cursor, minutes=size, activity=activity.strip()))
        cursor += size
    if cursor < start + total:
        last = out[-1]
        out[-1] = last.model_copy(update={"minutes": last.minutes + start + total - cursor})
    return out


def insert_block(blocks: Sequence[Block], new: Block) -> list[Block]:
    """The schedule with `new` in it: overlapped blocks are cut around it (re-planning from now)."""
    out: list[Block] = []
    for block in blocks:
        if block.end <= new.start or block.start >= new.end:
            out.append(block)
            continue
        if block.start < new.start:
            out.append(block.model_copy(update={"minutes": new.start - block.start}))
        if block.end > new.end:
            out.append(block.model_copy(update={"start": new.end, "minutes": block.end - new.end}))
    out.append(new)
    return sorted(out, key=lambda b: b.start)


def needs_decomposition(block: Block) -> bool:
    """Sleep, reactions and long routine blocks are acted on whole; the rest are detailed."""
    return not (block.atomic or is_sleep(block.activity) or block.minutes > ROUTINE_MINUTES)


def schedule_lines(blocks: Sequence[Block]) -> list[str]:
    return [f"{clock(b.start)}–{clock(b.end)} {b.activity}" for b in blocks]


# A plan with this many timed items already is an hourly schedule.
TIMED_ITEMS_FOR_A_SCHEDULE = 4


async def plan_new_day(
    llm: LanguageModel,
    persona: Persona,
    summary: str,
    yesterday: str,
    date: str,
    *,
    from_routine: bool = False,
) -> DayState:
    """Today's broad plan and hourly schedule, as blocks covering the day.

    The schedule costs a second call only when the plan does not say when
    its items happen. `from_routine` takes the persona's routine as the plan,
    with no call.
    """
    planning = PlanDay(
        agent=persona.name,
        summary=summary,
        lifestyle=persona.lifestyle,
        routine=tuple(persona.daily_routine),
        yesterday=yesterday or "(nothing remembered)",
        date=date,
    )
    if from_routine:
        plan = planning.routine_plan()
    else:
        plan = await llm.run(planning, agent=persona.name)
    task = ScheduleHours(
        agent=persona.name,
        summary=summary,
        wake_up_hour=plan.wake_up_hour,
        plan=tuple(plan.items),
        date=date,
    )
    if task.timed_items() >= TIMED_ITEMS_FOR_A_SCHEDULE:
        # The plan already says when each thing happens: its schedule needs no call.
        hours = task.from_plan()
    else:
        hours = await llm.run(task, agent=persona.name)
    if len({h.hour for h in hours.hours}) < MIN_SCHEDULED_HOURS:
        # A model that skips most of the day would leave one activity for all of it.
        hours = task.fallback()
    blocks = blocks_from_hours(hours.hours)
    return DayState(date=date, wake_up_hour=plan.wake_up_hour, items=plan.items, blocks=blocks)


async def decompose_block(
    llm: LanguageModel, persona: Persona, summary: str, day: DayState, block: Block, start: int
) -> list[Block]:
    """Steps covering exactly [start, block.end) of a block (one call)."""
    minutes = block.end - start
    answer = await llm.run(
        Decompose(
            agent=persona.name,
            summary=summary,
            activity=block.activity,
            start=clock(start),
            minutes=minutes,
            schedule=tuple(schedule_lines(day.blocks)),
        ),
        agent=persona.name,
    )
    return fit_steps([(s.activity, s.minutes) for s in answer.steps], start, minutes)


def block_now(day: DayState, minute: int) -> Block:
    """The plan's block that covers `minute`; past the plan's end the agent sleeps."""
    return block_at(day.blocks, minute) or Block(
        start=minute, minutes=max(1, 24 * 60 - minute), activity="sleeping"
    )


async def step_now(
    llm: LanguageModel, persona: Persona, summary: str, day: DayState, block: Block, minute: int
) -> Block:
    """The step of `block` (the one covering `minute`) to do now.

    A block that needs decomposing is decomposed once, when its first step is
    wanted (one call); other blocks are their own step.
    """
    if not needs_decomposition(block):
        return block
    step = block_at(day.steps, minute) if day.steps_for == block.start else None
    if step is None:
        day.steps = await decompose_block(llm, persona, summary, day, block, minute)
        day.steps_for = block.start
        step = block_at(day.steps, minute)
    return step or block
