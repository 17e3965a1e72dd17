import threading
import time
from pathlib import Path

import pytest

from tests.viz.conftest import frame_line, header_line
from viz.frame_reader import FrameReader, FrameStreamError


def test_reader_reads_header_and_every_frame_of_a_finished_run(run_dir: Path):
    reader = FrameReader(run_dir / "frames.jsonl")
    assert reader.poll_all() == 10
    assert reader.header is not None and reader.header.backend == "scripted"
    assert reader.ticks == list(range(10))
    assert reader.frame(4).agents[0].tile == (6, 7)


def test_half_written_last_line_is_held_back_until_its_end_arrives(tmp_path: Path):
    path = tmp_path / "frames.jsonl"
    whole, partial = frame_line(1), frame_line(2)
    path.write_text(header_line() + frame_line(0) + whole + partial[:37])
    reader = FrameReader(path)
    assert reader.poll().new_frames == 2
    assert reader.poll().new_frames == 0  # nothing complete arrived
    with path.open("a") as f:
        f.write(partial[37:])
    assert reader.poll().new_frames == 1
    assert reader.frame(2).tick == 2


def test_last_line_without_newline_is_read_once_even_when_the_newline_comes_later(tmp_path: Path):
    path = tmp_path / "frames.jsonl"
    path.write_text(header_line() + frame_line(0) + frame_line(1).rstrip("\n"))
    reader = FrameReader(path)
    assert reader.poll_all() == 2
    with path.open("a") as f:
        f.write("\n" + frame_line(2))
    assert reader.poll_all() == 1
    assert reader.ticks == [0, 1, 2]


def test_reader_follows_a_file_that_grows_while_it_reads(tmp_path: Path):
    path = tmp_path / "frames.jsonl"
    text = header_line() + "".join(frame_line(t) for t in range(60))
    done = threading.Event()

    def writer():
        # Cut the stream at awkward places: mid-line, mid-UTF-8 character, line ends.
        with path.open("wb") as f:
            data = text.encode()
            step = 97
            for start in range(0, len(data), step):
                f.write(data[start : start + step])
                f.flush()
                time.sleep(0.001)
        done.set()

    reader = FrameReader(path, poll_bytes=500)
    thread = threading.Thread(target=writer)
    thread.start()
    seen, polls_with_frames = 0, 0
    while True:
        finished = done.is_set()
        result = reader.poll()
        seen += result.new_frames
        polls_with_frames += result.new_frames > 0
        if finished and not result.more_pending:
            break
    thread.join()
    assert seen == 60
    assert polls_with_frames > 1  # frames arrived while the file was still growing
    assert reader.ticks == list(range(60))
    assert reader.frame(59).agents[1].name == "Bo Chen"


def test_reader_waits_for_a_frames_file_that_does_not_exist_yet(tmp_path: Path):
    path = tmp_path / "frames.jsonl"
    reader = FrameReader(path)
    assert reader.poll().new_frames == 0 and reader.header is None
    path.write_text(header_line())
    reader.poll()
    assert reader.header is not None and len(reader) == 0


def test_inspector_of_an_agent_is_its_latest_entry_at_or_before_the_frame(run_dir: Path):
    reader = FrameReader(run_dir / "frames.jsonl")
    reader.poll_all()
    assert reader.inspector_at("Ada Lovelace", 4).recent_memories == ["saw Bo Chen in the park"]
    assert reader.inspector_at("Ada Lovelace", 5).recent_memories == ["Bo Chen said good morning"]
    assert reader.inspector_at("Bo Chen", 9).summary == "Bo is a retired teacher."
    assert reader.inspector_at("Nobody", 3) is None


def test_a_broken_line_is_reported_with_file_and_line_number(tmp_path: Path):
    path = tmp_path / "frames.jsonl"
    path.write_text(header_line() + frame_line(0) + "{not json}\n")
    with pytest.raises(FrameStreamError, match=r"frames.jsonl: line 3"):
        FrameReader(path).poll_all()


def test_seeking_by_tick_and_time_lands_on_the_last_frame_at_or_before(run_dir: Path):
    from datetime import datetime

    reader = FrameReader(run_dir / "frames.jsonl")
    reader.poll_all()
    assert reader.index_at_tick(7) == 7
    assert reader.index_at_tick(500) == 9
    assert reader.index_at_time(datetime(2023, 2, 13, 8, 3, 30)) == 3
    assert reader.index_at_time(datetime(2023, 2, 13, 7, 59)) is None
