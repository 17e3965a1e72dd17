"""Scripted runs of the tiny world for tests: a finished run folder in one call.

`tiny_run` makes a run of a test's own; the session's shared runs
(`rule_based_tiny_run`, `generative_tiny_run` in `tests/conftest.py`) are made
once with `RULE_BASED` and `GENERATIVE` and are only read. A test that writes
into a run folder (an interview log, an analysis) works on `copy_run` of one.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from sim.events import Event, parse_event

# The session's shared runs: three people, scripted minds or rules, in this process.
RULE_BASED: dict[str, Any] = {"agent_kind": "rule-based", "ticks": 400}
GENERATIVE: dict[str, Any] = {"agent_kind": "generative", "ticks": 360, "checkpoint_every": 120}


def tiny_run(out: Path, run_id: str, **options: Any) -> Path:
    """A finished run of the tiny world in `out/run_id`; `options` are `RunConfig` fields.

    Scripted backend and inline executor unless `options` say otherwise.
    """
    # Imported here: every test loads this module through the suite's conftest.
    from sim import Simulation

    options = {"backend": "scripted", "executor": "inline", **options}
    with Simulation.from_world("tiny", out=out, run_id=run_id, **options) as sim:
        sim.run(progress=False)
        return sim.run_dir


def copy_run(run_dir: Path, into: Path) -> Path:
    """A copy of a finished run folder under `into`, by the same name, for a test to write in."""
    return Path(shutil.copytree(run_dir, into / run_dir.name))


def events_of(run_dir: Path) -> list[Event]:
    """A run's events as logged, one typed record per line of `events.jsonl`."""
    return [parse_event(line) for line in (run_dir / "events.jsonl").read_text().splitlines()]


def fingerprint(run_dir: Path) -> dict[str, str]:
    """A hash of every file in a run folder, to tell whether anything wrote into it."""
    return {
        str(path.relative_to(run_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(run_dir.rglob("*"))
        if path.is_file()
    }
