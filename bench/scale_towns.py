"""Generated towns, each run a game hour by `hamlet run` in a process of its own, measured.

A town is written by the new-world generator into a temporary folder, then
run with the scripted backend (or through the latency stand-in endpoint)
on Ray with `--agents-per-actor auto`, as `python -m sim run ...`, the
command a user types. A `PeakMemory` samples the command's process tree
meanwhile: the driver, the actors (the processes of Ray's `HostActor` and
`GateActor`) and everything together. The row says how many host actors
ran, so how many residents auto put in each; the command's wall (from its
start to its exit, just after it prints its summary) and the run wall its
`summary.json` holds; and the run folder's size per resident-hour.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench.peak_memory import Peak, PeakMemory
from sim.summary import RunSummary

ROOT = Path(__file__).resolve().parents[1]
TOWN_SIZES = (25, 250, 1000)
STANDIN_SIZE = 1000
GAME_HOURS = 1.0
HOST_ACTOR, GATE_ACTOR = "HostActor", "GateActor"
GB, MB = 1e9, 1e6
WALL_GOAL_S = 300.0  # 1,000 residents, one game hour, from the command to its summary
MEMORY_GOAL_BYTES = 8 * GB  # 1,000 residents, everything together
FOLDER_GOAL_BYTES = 1 * MB  # per resident-hour, every town


@dataclass(frozen=True)
class TownRun:
    """One town's run: what ran, how long, how much memory and disk; `status` says how it ended."""

    residents: int
    label: str
    scripted: bool
    status: str
    actors: int
    wall_s: float
    summary: RunSummary | None
    peak: Peak
    folder_bytes: int
    frames: int


def child_env() -> dict[str, str]:
    """This environment with the repository first on the import path, as for the bench itself."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def folder_bytes(folder: Path) -> int:
    """The total size of the files under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def frames_written(folder: Path) -> int:
    """How many ticks the run folder's frames hold, to say how far a stopped run got."""
    frames = folder / "frames.jsonl"
    if not frames.exists():
        return 0
    with frames.open("rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)  # its first line is the header


def run_command(world: Path, out: Path, run_id: str, seed: int, url: str | None) -> list[str]:
    """The `hamlet run` command for one town: scripted, or the stand-in endpoint at `url`."""
    command = [sys.executable, "-m", "sim", "run", "--world", str(world), "--out", str(out)]
    command += ["--run-id", run_id, "--hours", f"{GAME_HOURS:g}", "--seed", str(seed)]
    command += ["--executor", "ray", "--agents-per-actor", "auto", "--no-progress"]
    if url is None:
        return [*command, "--backend", "scripted"]
    return [*command, "--backend", "openai", "--base-url", url, "--model", "standin-model"]


def watch(command: list[str], log: Path, timeout_s: float) -> tuple[str, float, Peak]:
    """Run `command` to its end or `timeout_s`, sampling its memory; how it ended, wall, peaks."""
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=child_env(), stdout=sink, stderr=subprocess.STDOUT
        )
        with PeakMemory(process.pid, (HOST_ACTOR, GATE_ACTOR)) as peak:
            try:
                code = process.wait(timeout=timeout_s)
                status = "ok" if code == 0 else f"exit {code}"
            except subprocess.TimeoutExpired:
                process.terminate()  # the run stops cleanly, writing what it has
                try:
                    process.wait(timeout=120)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                status = f"stopped at {timeout_s:g} s"
    return status, time.perf_counter() - started, peak


def run_town(residents: int, seed: int, timeout_s: float, standin: bool = False) -> TownRun:
    """Generate a town of `residents`, run it a game hour in its own process, and measure it."""
    from worlds.generated.writer import new_world

    label = f"{residents:,}" + (" (stand-in, 1 s)" if standin else "")
    print(f"running {label} residents ...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp, ExitStack() as stack:
        world, out = Path(tmp) / "world", Path(tmp) / "runs"
        new_world(world, residents, seed)
        url = None
        if standin:
            from bench.bench_latency import standin as standin_endpoint

            url = stack.enter_context(standin_endpoint(1.0, 0.0, seed, Path(tmp)))
        run_id = f"town-{residents}"
        command = run_command(world, out, run_id, seed, url)
        status, wall, peak = watch(command, Path(tmp) / "run.log", timeout_s)
        if status != "ok":
            print((Path(tmp) / "run.log").read_text()[-2000:], file=sys.stderr)
        folder = out / run_id
        summary_file = folder / "summary.json"
        summary = RunSummary.read(summary_file) if summary_file.exists() else None
        size = folder_bytes(folder) if folder.exists() else 0
        frames = frames_written(folder)
    actors = peak.processes(HOST_ACTOR)
    return TownRun(residents, label, not standin, status, actors, wall, summary, peak, size, frames)


def goal(run: TownRun, figure: str) -> str:
    """The goal beside a figure of this town, where one is set (time and memory: scripted)."""
    big = run.residents >= 1000 and run.scripted
    if figure == "wall" and big:
        return f"≤ {WALL_GOAL_S / 60:g} min"
    if figure == "memory" and big:
        return f"≤ {MEMORY_GOAL_BYTES / GB:g} GB"
    if figure == "folder":
        return f"≤ {FOLDER_GOAL_BYTES / MB:g} MB"
    return ""


def town_line(run: TownRun) -> str:
    """One town's row of the markdown table."""
    s = run.summary
    per_actor = f"{math.ceil(run.residents / run.actors)}" if run.actors else "?"
    run_wall = f"{s.wall_seconds:.1f}" if s else "?"
    ticks = s.ticks if s else run.frames
    tick_rate = f"{ticks / s.wall_seconds:.2f}" if s and s.wall_seconds else f"({ticks} ticks)"
    hours = s.game_hours if s and s.game_hours else GAME_HOURS
    per_hour = run.folder_bytes / run.residents / hours / MB
    cells = [
        run.label,
        run.status,
        f"{run.actors} × ≤{per_actor}",
        f"{run.wall_s:.1f} ({goal(run, 'wall') or '–'})",
        run_wall,
        tick_rate,
        f"{run.peak.root / GB:.2f}",
        f"{run.peak.actors / GB:.2f}",
        f"{run.peak.total / GB:.2f} ({goal(run, 'memory') or '–'})",
        f"{per_hour:.3f} ({goal(run, 'folder')})",
    ]
    return "| " + " | ".join(cells) + " |"


def print_towns(runs: list[TownRun]) -> None:
    """The towns' figures as a markdown table, goals in brackets beside them."""
    print(
        "| residents | ended | actors × residents | wall s (goal) | run wall s | ticks/s "
        "| driver GB | actors GB | all GB (goal) | run folder MB per resident-hour (goal) |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for run in runs:
        print(town_line(run))
    print(
        "\nwall: from the command to its exit, just after its summary; run wall and ticks from "
        "its summary.json (or, for a stopped run, the ticks its frames hold); memory: the peak "
        "of resident set sizes summed over one sample every 0.5 s — the driver, the actors "
        f"({HOST_ACTOR} and {GATE_ACTOR} processes) and the command's whole process tree with "
        "Ray's own; shared pages count once per process, so the sums lean high."
    )
