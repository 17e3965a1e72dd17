from pathlib import Path

import pytest

from viz.frame_reader import FrameReader
from viz.playback import Playback, Speed
from viz.timeline import TimelineBar, find_moment


@pytest.fixture
def reader(run_dir: Path) -> FrameReader:
    r = FrameReader(run_dir / "frames.jsonl")
    r.poll_all()
    return r


@pytest.mark.parametrize(
    ("typed", "tick"),
    [
        ("08:04", 4),
        ("8:04:30", 4),
        ("day 1 08:09", 9),
        ("2023-02-13T08:02", 2),
        ("6", 6),
        ("09:00", 9),
    ],
)
def test_jump_to_a_game_time_or_tick_lands_on_the_last_frame_at_or_before(reader, typed, tick):
    assert reader.tick_of(find_moment(typed, reader)) == tick


def test_jump_before_the_run_began_says_when_it_starts(reader):
    with pytest.raises(ValueError, match="starts at 2023-02-13 08:00"):
        find_moment("07:30", reader)


def test_jump_to_nonsense_names_the_forms_it_accepts(reader):
    with pytest.raises(ValueError, match="08:30"):
        find_moment("half past eight", reader)


def test_timeline_bar_ends_are_first_and_last_frame_and_positions_round_trip():
    bar = TimelineBar(x=100, y=0, width=501, height=10)
    assert bar.index_at(100, 11) == 0
    assert bar.index_at(600, 11) == 10
    assert bar.index_at(10_000, 11) == 10
    assert all(bar.index_at(bar.x_of(i, 11), 11) == i for i in range(11))


def test_playback_at_1x_advances_base_rate_ticks_per_second_and_pause_holds():
    pb = Playback(base_tps=2.0)
    pb.update(0.0, 100)
    pb.update(1.0, 100)
    assert pb.index == 2
    pb.speed = Speed.X10
    pb.update(0.5, 100)
    assert pb.index == 12
    pb.toggle_pause()
    pb.update(5.0, 100)
    assert pb.index == 12


def test_live_playback_shows_the_newest_frame_as_frames_arrive():
    pb = Playback(live=True, speed=Speed.MAX)
    assert pb.update(0.1, 0) == -1  # waiting for frames
    assert pb.update(0.1, 3) == 2
    assert pb.update(0.1, 7) == 6
    pb.seek(1, 7)
    assert not pb.live  # scrubbing back leaves the live edge
    pb.go_live(9)
    assert pb.update(0.1, 12) == 11


def test_stepping_pauses_and_moves_one_tick():
    pb = Playback()
    pb.update(0, 10)
    pb.step(10)
    pb.step(10)
    pb.step(10, -1)
    assert pb.index == 1 and pb.paused
