"""Frames carry a resident's path where it changes; every reader gets each tick's path back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.reading import read_frames, read_header
from sim.frame_paths import PathWriter, walked
from sim.frames import FULL_PATHS, PATHS_ON_CHANGE, AgentFrame, Frame, FrameHeader
from sim.run_folder import RunFolder, frames_going_on
from tests.support.runs import tiny_run
from viz.frame_reader import FrameReader

# The first frames of a tiny run, as the writer wrote them before frames named a format.
OLD_STREAM = Path(__file__).parent / "data" / "frames_full_paths.jsonl"
HEADER = FrameHeader(
    run_id="r",
    world="w",
    map_path="world/map.tmj",
    backend="scripted",
    tick_seconds=10,
    start_time="2024-03-05T07:00:00",
    agents=["Ada", "Bo"],
    frame_format=PATHS_ON_CHANGE,
)


def write_stream(run_dir: Path, header: FrameHeader, lines: list[str]) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "frames.jsonl"
    path.write_text("".join(line + "\n" for line in [header.model_dump_json(), *lines]))
    return path


def through_both_readers(run_dir: Path) -> tuple[list[Frame], list[Frame]]:
    """The frames as the viewer's reader (seeking backwards) and the analysis read them."""
    reader = FrameReader(run_dir / "frames.jsonl")
    reader.poll_all()
    backwards = [reader.frame(i) for i in reversed(range(len(reader)))]
    return backwards[::-1], read_frames(run_dir, every=1)[0]


def frame(tick: int, agents: dict[str, tuple[tuple[int, int], list[tuple[int, int]]]]) -> Frame:
    return Frame(
        tick=tick,
        time=f"2024-03-05T07:{tick // 6:02d}:{tick % 6 * 10:02d}",
        agents=[
            AgentFrame(name=name, tile=tile, place="p", action="a", path=path)
            for name, (tile, path) in agents.items()
        ],
    )


tiles = st.tuples(st.integers(0, 4), st.integers(0, 4))  # few tiles: paths cross themselves
paths = st.lists(tiles, max_size=6)
moves = st.sampled_from(["step", "step", "step", "new", "give up", "stay", "jump"])


@st.composite
def walks(draw) -> list[Frame]:
    """Two residents tick by tick: stepping along, re-routing, giving up, standing, jumping."""
    where = {name: (draw(tiles), draw(paths)) for name in ("Ada", "Bo")}
    frames = []
    for tick in range(draw(st.integers(1, 30))):
        for name, (tile, path) in where.items():
            move = draw(moves)
            if move == "step" and path:
                tile, path = path[0], path[1:]
            elif move == "new":
                path = draw(paths)
            elif move == "give up":
                path = []
            elif move == "jump":
                tile = draw(tiles)
            where[name] = (tile, path)
        frames.append(frame(tick, where))
    return frames


@settings(max_examples=60, deadline=None)
@given(frames=walks(), stop=st.integers(0, 30))
def test_any_walk_reads_back_tick_by_tick_and_a_writer_going_on_writes_the_same(
    tmp_path_factory, frames, stop
):
    writer = PathWriter(PATHS_ON_CHANGE)
    lines = [writer.line(f) for f in frames]
    run_dir = tmp_path_factory.mktemp("walk")
    write_stream(run_dir, HEADER, lines)
    viewed, analysed = through_both_readers(run_dir)
    assert viewed == frames and analysed == frames
    # A run resumed after any frame writes on exactly what it would have written.
    stop = min(stop, len(frames))
    going_on = frames_going_on(write_stream(run_dir / "cut", HEADER, lines[:stop]))
    assert [going_on.line(f) for f in frames[stop:]] == lines[stop:]


def test_walking_along_a_path_writes_it_once():
    path = [(1, 0), (2, 0), (3, 0)]
    steps = [frame(0, {"Ada": ((0, 0), path)})]
    steps += [frame(i + 1, {"Ada": (tile, path[i + 1 :])}) for i, tile in enumerate(path)]
    steps.append(frame(4, {"Ada": ((3, 0), [(3, 1)])}))  # a new way
    writer = PathWriter(PATHS_ON_CHANGE)
    written = ["path" in json.loads(writer.line(f))["agents"][0] for f in steps]
    assert written == [True, False, False, False, True]
    assert walked(path, (2, 0)) == [(3, 0)] and walked(path, (9, 9)) == path


def test_a_runs_frames_read_back_to_what_the_old_writer_wrote(tmp_path, monkeypatch):
    given_to_the_writer: list[Frame] = []
    write_tick = RunFolder.write_tick

    def keeping(self, events, frame, calls):
        given_to_the_writer.append(frame.model_copy(deep=True))
        write_tick(self, events, frame, calls)

    monkeypatch.setattr(RunFolder, "write_tick", keeping)
    run_dir = tiny_run(tmp_path, "run", seed=3, ticks=400)
    old_writer = PathWriter(FULL_PATHS)
    old_lines = [old_writer.line(f) for f in given_to_the_writer]
    as_the_old_writer_wrote = [Frame.model_validate_json(line) for line in old_lines]
    assert any(agent.path for f in as_the_old_writer_wrote for agent in f.agents)
    assert read_header(run_dir).frame_format == PATHS_ON_CHANGE
    viewed, analysed = through_both_readers(run_dir)
    assert viewed == as_the_old_writer_wrote and analysed == as_the_old_writer_wrote
    old_size = sum(len(line.encode()) + 1 for line in old_lines)
    new_size = (run_dir / "frames.jsonl").stat().st_size
    assert new_size < old_size


def test_a_run_stopped_mid_walk_resumes_to_the_same_frames(tmp_path):
    from sim import Simulation

    whole = tiny_run(tmp_path, "whole", seed=3, ticks=40)
    options = {"backend": "scripted", "executor": "inline", "seed": 3, "ticks": 40}
    with Simulation.from_world("tiny", out=tmp_path, run_id="parted", **options) as sim:
        sim.run(ticks=6, progress=False)  # everyone is on the way somewhere at tick 5
    with Simulation.resume(tmp_path / "parted") as sim:
        sim.run(progress=False)
    frames = [(run / "frames.jsonl").read_text().splitlines()[1:] for run in (whole, sim.run_dir)]
    assert frames[0] == frames[1]


def test_the_old_frame_format_still_reads(tmp_path):
    run_dir = tmp_path / "old"
    run_dir.mkdir()
    shutil.copyfile(OLD_STREAM, run_dir / "frames.jsonl")
    lines = OLD_STREAM.read_text().splitlines()
    as_written = [Frame.model_validate_json(line) for line in lines[1:]]
    assert "frame_format" not in json.loads(lines[0])
    assert read_header(run_dir).frame_format == FULL_PATHS
    viewed, analysed = through_both_readers(run_dir)
    assert viewed == as_written and analysed == as_written
    assert sum(bool(agent.path) for f in viewed for agent in f.agents) > 20
    # A run of the old format goes on in it when resumed.
    going_on = frames_going_on(run_dir / "frames.jsonl")
    assert [going_on.line(f) for f in as_written] == lines[1:]
