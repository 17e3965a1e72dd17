"""Interviewing an agent as it was at a checkpoint, without changing the run.

The agent is rebuilt alone in this process from the run's configuration,
the personas and scenario the run kept (see `sim.run_world`) and its
checkpointed snapshot, then asked the question in character. The run's
logs and checkpoints are left as they are; each interview is appended to
`interviews/interviews.jsonl` in the run folder (question, answer, memories
used, checkpoint), a log of its own that nothing in the run reads, unless
`record=False`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agents.llm import LLMConfig, ReplayMiss, serve
from sim.analysis.reading import RunDataError, read_header, read_json
from sim.clock import parse_game_time
from sim.config import RunConfig, resolve_config
from sim.errors import HamletError
from sim.executors import InlineExecutor
from sim.population import build_specs
from sim.run_folder import Checkpoint, checkpoint_at, latest_checkpoint
from sim.run_world import load_run_world

INTERVIEW_LOG = Path("interviews") / "interviews.jsonl"


class InterviewError(HamletError, ValueError):
    """An interview cannot be held; the message says why and what to do."""


@dataclass(frozen=True)
class InterviewResult:
    """An agent's answer, the memories it drew on, and the checkpoint it answered from."""

    agent: str
    question: str
    answer: str
    memories: tuple[str, ...]
    checkpoint_tick: int  # the last tick completed before the checkpoint (-1: the start)
    time: str  # game time of the checkpoint (ISO)


def run_config(run_dir: Path, backend: str | None = None) -> RunConfig:
    """The configuration a run was started with, optionally with another model backend."""
    data = read_json(run_dir / "config.json")
    if backend:
        data.setdefault("llm", {})["backend"] = backend
    return resolve_config(None, data)


def checkpoint_for(run_dir: Path, at: str | None) -> Checkpoint:
    """The checkpoint at or before game time `at` ("HH:MM" on the run's first day, or ISO)."""
    if at is None:
        return latest_checkpoint(run_dir)
    header = read_header(run_dir)
    start = datetime.fromisoformat(header.start_time)
    try:
        moment = parse_game_time(at, start)
    except ValueError as exc:
        raise InterviewError(str(exc)) from exc
    if moment < start:
        raise InterviewError(f"--at {at}: before the run's start ({header.start_time})")
    elapsed = int((moment - start).total_seconds()) // header.tick_seconds
    return checkpoint_at(run_dir, elapsed - 1)


def checkpoint_time(run_dir: Path, checkpoint: Checkpoint) -> str:
    """The game time at which a checkpoint was taken (the end of its last tick)."""
    header = read_header(run_dir)
    start = datetime.fromisoformat(header.start_time)
    return (start + timedelta(seconds=(checkpoint.tick + 1) * header.tick_seconds)).isoformat()


class Interviewer:
    """Asks agents of one run questions as of one checkpoint; the model is already served."""

    def __init__(self, run_dir: Path, config: RunConfig, llm: LLMConfig, checkpoint: Checkpoint):
        self.run_dir = run_dir
        self.config = config
        self.llm = llm
        self.checkpoint = checkpoint
        self.time = checkpoint_time(run_dir, checkpoint)
        town = load_run_world(run_dir, config.world, config.scenario)
        self._specs = {
            spec.persona.name: spec for spec in build_specs(town.world, town.scenario, config)
        }

    @property
    def agents(self) -> list[str]:
        return sorted(self._specs)

    def ask(self, agent: str, question: str) -> InterviewResult:
        """The agent's answer in character, from its memories as of the checkpoint."""
        spec = self._specs.get(agent)
        if spec is None:
            known = ", ".join(self.agents)
            raise InterviewError(f"{self.run_dir}: no agent named {agent!r} (agents: {known})")
        if spec.kind != "generative":
            raise InterviewError(
                f"{self.run_dir}: {agent} is a {spec.kind} agent, with no memories to answer "
                "from; interview a run made with --agent-kind generative"
            )
        snapshot = self.checkpoint.agents.get(agent)
        if snapshot is None:
            raise InterviewError(
                f"{self.run_dir}: checkpoint at tick {self.checkpoint.tick} "
                f"has no state for {agent}"
            )
        executor = InlineExecutor([spec], self.llm, self.config.seed)
        try:
            executor.restore({agent: snapshot})
            try:
                reply = executor.interview(agent, question)
            except ReplayMiss as exc:
                raise InterviewError(
                    f"{self.run_dir}: the run replays recorded answers, which hold no answer to "
                    "this question; choose a live backend (--backend local, openai or scripted)"
                ) from exc
        finally:
            executor.close()
        return InterviewResult(
            agent=agent,
            question=question,
            answer=reply.answer,
            memories=tuple(reply.memories),
            checkpoint_tick=self.checkpoint.tick,
            time=self.time,
        )


@contextmanager
def interviewing(
    run_dir: Path | str, backend: str | None = None
) -> Iterator[tuple[RunConfig, LLMConfig]]:
    """The run's configuration and its model, served (a local server starts) for the block."""
    run_dir = Path(run_dir)
    config = run_config(run_dir, backend)
    if config.llm.backend == "replay" and config.llm.replay_from is None:
        raise InterviewError(f"{run_dir}: replayed run without a recording; pass --backend")
    with serve(config.llm) as llm:
        yield config, llm


def record(run_dir: Path, result: InterviewResult) -> None:
    """Append an interview to the run's interview log (never to the run's own logs)."""
    path = run_dir / INTERVIEW_LOG
    path.parent.mkdir(exist_ok=True)
    line = {"wall_time": datetime.now(UTC).isoformat(timespec="seconds"), **asdict(result)}
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def interview(
    run_dir: Path | str,
    agent: str,
    question: str,
    at: str | None = None,
    *,
    backend: str | None = None,
    save: bool = True,
) -> InterviewResult:
    """Ask one agent a question as of the checkpoint at or before `at` (default: the latest).

    `backend` overrides the run's model backend (e.g. "scripted" for a
    replayed run); `save=False` leaves no trace in the run folder.
    """
    run_dir = Path(run_dir)
    if not (run_dir / "config.json").is_file():
        raise RunDataError(f"{run_dir}: not a run folder (no config.json)")
    checkpoint = checkpoint_for(run_dir, at)
    with interviewing(run_dir, backend) as (config, llm):
        result = Interviewer(run_dir, config, llm, checkpoint).ask(agent, question)
    if save:
        record(run_dir, result)
    return result


def render(result: InterviewResult) -> str:
    """An interview as a reader wants it on a terminal."""
    lines = [
        f"{result.agent}, as of {result.time.replace('T', ' ')} "
        f"(checkpoint tick {result.checkpoint_tick})",
        f"Q: {result.question}",
        f"A: {result.answer}",
        "",
        "Memories used:" if result.memories else "Memories used: none",
    ]
    lines += ["  - " + memory.replace("\n", "\n    ") for memory in result.memories]
    return "\n".join(lines)
