from datetime import datetime

import pytest

from sim.clock import GameClock


def test_ticks_advance_by_tick_seconds_from_start():
    clock = GameClock(datetime(2026, 2, 13, 7, 0), tick_seconds=10)
    assert clock.time(0) == datetime(2026, 2, 13, 7, 0)
    assert clock.time(6) == datetime(2026, 2, 13, 7, 1)
    assert clock.ticks_per_hour() == 360


def test_day_boundary_is_the_first_tick_after_midnight():
    clock = GameClock(datetime(2026, 2, 13, 23, 59, 0), tick_seconds=20)
    days = [t for t in range(10) if clock.starts_day(t)]
    # tick 0 starts the run's first day; 23:59:00 + 3 ticks of 20 s = 00:00:00
    assert days == [0, 3]
    assert clock.time(3) == datetime(2026, 2, 14, 0, 0)


def test_span_and_time_conversions_round_up_to_whole_ticks():
    clock = GameClock(datetime(2026, 2, 13, 7, 0), tick_seconds=10)
    assert clock.ticks_for(hours=2) == 720
    assert clock.ticks_for(minutes=0.25) == 2  # 15 s needs two 10 s ticks
    assert clock.tick_at(datetime(2026, 2, 13, 7, 0, 15)) == 2
    assert clock.tick_at(datetime(2026, 2, 13, 6, 0)) == 0


def test_a_tick_must_last_at_least_a_second():
    with pytest.raises(ValueError, match="tick_seconds"):
        GameClock(datetime(2026, 2, 13), tick_seconds=0)
