"""Fuzzing the frame reader: any frames file gives frames or a `FrameStreamError`
naming the file and line, never another exception."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from tests.support.fuzz import FUZZ, mutated
from tests.viz.conftest import frame_line, header_line, make_frame
from viz.frame_reader import FrameReader, FrameStreamError

FRAME = make_frame(3).model_dump(mode="json")
HEADER = json.loads(header_line())

lines = st.one_of(
    st.just(header_line()),
    st.builds(frame_line, st.integers(0, 50)),
    mutated(FRAME).map(lambda d: json.dumps(d) + "\n"),
    mutated(HEADER).map(lambda d: json.dumps(d) + "\n"),
    st.text(max_size=60).map(lambda t: t + "\n"),
)


def read_everything(raw: bytes) -> None:
    """Poll a frames file written at once, then ask the reader for everything it indexed."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frames.jsonl"
        path.write_bytes(raw)
        reader = FrameReader(path, poll_bytes=64)
        try:
            reader.poll_all()
            for index in range(len(reader)):
                reader.frame(index)
                reader.index_at_time(reader.time_of(index))
                reader.index_at_tick(reader.tick_of(index))
                for agent in ("Ada Lovelace", "Bo Chen"):
                    reader.inspector_at(agent, index)
            reader.index_at_time(datetime(2024, 3, 5, 8, 0))
        except FrameStreamError as exc:
            assert str(path) in str(exc)


@FUZZ
@given(st.lists(lines, max_size=6))
@example([header_line(), json.dumps({**FRAME, "tick": float("inf")}) + "\n"])
@example([header_line(), json.dumps({**FRAME, "inspector": [1, 2]}) + "\n"])
@example([header_line(), json.dumps({**FRAME, "agents": "nobody"}) + "\n"])
@example([frame_line(0), json.dumps({**FRAME, "time": "2024-03-05T08:00:00+02:00"}) + "\n"])
@example(["[" * 100_000 + "\n"])
def test_any_frames_file_gives_frames_or_a_frame_stream_error(file_lines):
    read_everything("".join(file_lines).encode())


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_give_frames_or_a_frame_stream_error(raw):
    read_everything(raw)
