"""Schedule arithmetic: blocks cover the day, steps fill their block exactly, reactions cut in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agents.planning import (
    DAY_MINUTES,
    Block,
    blocks_from_hours,
    fit_steps,
    insert_block,
    needs_decomposition,
    plan_new_day,
)
from agents.tasks.planning import HourActivity


@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(1, 60)), min_size=1, max_size=12
    ),
    start=st.integers(0, 600),
    total=st.integers(1, 120),
)
def test_steps_fill_the_block_exactly(steps: list, start: int, total: int) -> None:
    out = fit_steps(steps, start, total)
    assert out[0].start == start
    assert out[-1].end == start + total
    assert all(a.end == b.start for a, b in zip(out, out[1:], strict=False))
    assert all(b.minutes >= 1 for b in out)


def test_steps_asked_for_more_time_than_the_block_are_squeezed_into_it() -> None:
    out = fit_steps([("x", 30), ("y", 30), ("z", 30)], 540, 60)
    assert [b.activity for b in out] == ["x", "y", "z"]
    assert sum(b.minutes for b in out) == 60


def test_hourly_schedule_becomes_blocks_covering_the_whole_day() -> None:
    hours = [
        HourActivity(hour=0, activity="sleeping"),
        HourActivity(hour=7, activity="breakfast"),
        HourActivity(hour=8, activity="work"),
        HourActivity(hour=9, activity="work"),
        HourActivity(hour=22, activity="sleeping"),
    ]
    blocks = blocks_from_hours(hours)
    assert blocks[0].start == 0 and blocks[-1].end == DAY_MINUTES
    assert all(a.end == b.start for a, b in zip(blocks, blocks[1:], strict=False))
    assert [(b.activity, b.start // 60, b.minutes // 60) for b in blocks] == [
        ("sleeping", 0, 7),
        ("breakfast", 7, 1),
        ("work", 8, 14),
        ("sleeping", 22, 2),
    ]


def test_reaction_cuts_into_the_schedule_and_the_rest_resumes() -> None:
    blocks = [
        Block(start=0, minutes=600, activity="sleeping"),
        Block(start=600, minutes=120, activity="paint"),
    ]
    out = insert_block(blocks, Block(start=590, minutes=20, activity="answer door", atomic=True))
    assert [(b.start, b.end, b.activity) for b in out] == [
        (0, 590, "sleeping"),
        (590, 610, "answer door"),
        (610, 720, "paint"),
    ]


def test_only_short_waking_blocks_are_decomposed() -> None:
    assert needs_decomposition(Block(start=600, minutes=60, activity="have lunch"))
    assert not needs_decomposition(Block(start=0, minutes=60, activity="sleeping"))
    assert not needs_decomposition(Block(start=540, minutes=480, activity="work at the cafe"))
    assert not needs_decomposition(Block(start=600, minutes=20, activity="chat", atomic=True))


def test_a_schedule_that_skips_most_of_the_day_is_laid_out_from_the_plan() -> None:
    import asyncio

    from agents.tasks.planning import HourlySchedule
    from tests.agents.fakes import SteeredModel, persona

    lazy = SteeredModel(
        schedule_hours=lambda t: HourlySchedule(
            hours=[
                HourActivity(hour=0, activity="sleeping"),
                HourActivity(hour=1, activity="morning routine"),
            ]
        )
    )
    day = asyncio.run(plan_new_day(lazy, persona(), "summary", "", "Monday"))
    at_two_pm = next(b for b in day.blocks if b.start <= 14 * 60 < b.end)
    assert at_two_pm.activity == "read a book in Johnson Park"
