"""How fast a run could have gone at a given model latency: bounds from its own call log and frames.

All figures assume every model call takes exactly `latency_s` and everything
else is free, so they are lower bounds on wall time for a way of scheduling
the same calls:

- `lockstep_bound`: today's ticks, each waiting for every resident to finish
  all of its calls; a tick costs its longest chain of dependent calls, or
  its calls spread over the requests allowed in flight, whichever is longer.
- `proximity_limit`: each resident waits only for those within perception
  range at that tick (or in the same conversation); the critical path over
  residents' own call chains coupled by proximity. No scheduler can do
  better without changing what residents see.
- `scheduler_limit`: what this engine's out-of-order scheduler with background
  thinking waits on besides proximity: background thinking lands before the
  resident's next decision, and checkpoints are barriers. The gap between it
  and `proximity_limit` is the scheduler's design; the gap between the wall
  and it, its execution (the rule's caution among it).
- `sequential_figure`: the paper's code, about 55 calls per resident per game
  hour, one at a time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

Tile = tuple[int, int]

PAPER_CALLS_PER_RESIDENT_HOUR = 55.0
# Tasks a resident asks several of at once (one per reflection question): a run of
# them is one step of its chain, not several.
CONCURRENT_TASKS = frozenset({"infer_insights"})


# The reaction questions a run may ask at once (`reaction_questions = "at-once"`).
REACTION_QUESTIONS = frozenset({"decide_to_talk", "react_or_continue"})
# A step of a plan's block and the block's place: asked together (older runs asked
# the place once the step was back; the log's times tell which).
STEP_AND_PLACE = frozenset({"decompose", "choose_action"})


@dataclass(frozen=True)
class CallAt:
    """One model call of the call log: whose, which task, in which tick.

    `together`: it went out with the resident's call before it in that tick.
    """

    agent: str
    task: str
    tick: int
    together: bool = False


@dataclass(frozen=True)
class Placement:
    """Where a resident stands at the end of a tick, and the conversation it is in."""

    agent: str
    tile: Tile
    conversation: str | None = None


@dataclass(frozen=True)
class TownAt:
    """The residents' places at one tick, from that tick's frame."""

    tick: int
    residents: tuple[Placement, ...]


def chain_steps(tasks: Sequence[str], together: Sequence[bool] = ()) -> int:
    """How many of one resident's calls in a tick wait for each other (concurrent ones: one).

    `together[i]` says call i went out with call i - 1.
    """
    steps = 0
    previous: str | None = None
    for i, task in enumerate(tasks):
        joined = i < len(together) and together[i]
        if not (joined or (task in CONCURRENT_TASKS and task == previous)):
            steps += 1
        previous = task
    return steps


def chains(calls: Iterable[CallAt]) -> dict[int, dict[str, int]]:
    """Chain steps per tick per resident, from calls in the order the log holds them."""
    seqs: dict[int, dict[str, list[CallAt]]] = defaultdict(lambda: defaultdict(list))
    for call in calls:
        seqs[call.tick][call.agent].append(call)
    return {
        tick: {
            agent: chain_steps([c.task for c in seq], [c.together for c in seq])
            for agent, seq in by_agent.items()
        }
        for tick, by_agent in seqs.items()
    }


def asked_at_once(calls: Sequence[CallAt], tasks: frozenset[str]) -> list[CallAt]:
    """The calls, with each of `tasks` that follows another of them marked as asked with it.

    Only within one resident's calls of one tick, as the log lists them (two
    calls asked together are logged in the order they were answered).
    """
    marked: list[CallAt] = []
    last: dict[tuple[int, str], str] = {}
    for call in calls:
        previous = last.get((call.tick, call.agent))
        joined = call.task in tasks and previous in tasks and previous != call.task
        marked.append(replace(call, together=True) if joined else call)
        last[(call.tick, call.agent)] = call.task
    return marked


def sent_before_answer(
    calls: Sequence[CallAt], spans: Sequence[tuple[float, float]], tasks: frozenset[str]
) -> list[CallAt]:
    """The calls, each of `tasks` marked as asked with the one of `tasks` before it when it
    was sent while that one was out.

    `spans[i]` is call i's (sent, answered) time from the log; only within one
    resident's calls of one tick, as the log lists them. The log's times are
    not exact (cut to the millisecond, taken a moment apart), so a call counts
    as sent while the other was out if it was sent before that one's midpoint.
    """
    marked: list[CallAt] = []
    last: dict[tuple[int, str], tuple[str, float]] = {}
    for call, (sent, answered) in zip(calls, spans, strict=True):
        key = (call.tick, call.agent)
        previous, midpoint = last.get(key, ("", 0.0))
        joined = call.task in tasks and previous in tasks and previous != call.task
        marked.append(replace(call, together=True) if joined and sent < midpoint else call)
        last[key] = (call.task, (sent + answered) / 2)
    return marked


def calls_per_tick(calls: Iterable[CallAt]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for call in calls:
        counts[call.tick] += 1
    return dict(counts)


def lockstep_bound(
    calls: Sequence[CallAt], *, latency_s: float, concurrency: int | None = None
) -> float:
    """Seconds lock-step ticks need at least: per tick, its longest chain or its calls / limit."""
    counts = calls_per_tick(calls)
    total = 0.0
    for tick, steps in chains(calls).items():
        longest = max(steps.values())
        spread = math.ceil(counts[tick] / concurrency) if concurrency else 0
        total += max(longest, spread) * latency_s
    return total


def coupled(town: TownAt, radius: int) -> dict[str, set[str]]:
    """Who each resident perceives at this tick (Chebyshev distance), or talks with."""
    near: dict[str, set[str]] = {p.agent: {p.agent} for p in town.residents}
    people = town.residents
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            close = max(abs(a.tile[0] - b.tile[0]), abs(a.tile[1] - b.tile[1])) <= radius
            talking = bool(a.conversation) and a.conversation == b.conversation
            if close or talking:
                near[a.agent].add(b.agent)
                near[b.agent].add(a.agent)
    return near


def proximity_path(
    calls: Sequence[CallAt], towns: Sequence[TownAt], *, latency_s: float, radius: int
) -> float:
    """The critical path when residents wait only for those they perceive, tick by tick.

    A resident finishes tick t once it and everyone it perceives at t have
    finished t - 1, plus its own chain of calls at t: the scheduler's path
    with nothing else to wait on.
    """
    return scheduler_path(
        calls, towns, Waits(), latency_s=latency_s, radius=radius, background=frozenset()
    )


def proximity_limit(
    calls: Sequence[CallAt],
    towns: Sequence[TownAt],
    *,
    latency_s: float,
    radius: int,
    concurrency: int | None = None,
) -> float:
    """Seconds the run needs at least if residents wait only for those they perceive.

    With a limit on requests in flight, all calls spread over it bound it too.
    """
    path = proximity_path(calls, towns, latency_s=latency_s, radius=radius)
    return max(path, _spread(calls, latency_s, concurrency))


def _spread(calls: Sequence[CallAt], latency_s: float, concurrency: int | None) -> float:
    """Seconds all calls need spread over the requests allowed in flight."""
    return len(calls) * latency_s / concurrency if concurrency else 0.0


@dataclass(frozen=True)
class Waits:
    """What the out-of-order scheduler waits on besides proximity, from a run's events."""

    wakes: Mapping[int, frozenset[str]] = field(default_factory=dict)  # who decides, per tick
    checkpoint_every: int | None = None


def scheduler_path(
    calls: Sequence[CallAt],
    towns: Sequence[TownAt],
    waits: Waits,
    *,
    latency_s: float,
    radius: int,
    background: frozenset[str],
) -> float:
    """The critical path of the out-of-order scheduler with background thinking.

    As `proximity_path`, except: a tick's `background` calls run after its
    decision calls and hold back only the resident's next decision; a
    checkpoint's tick starts once everyone has finished the ticks before it,
    their background thinking landed.
    """
    decided, thought = _split(calls, background)
    finish: dict[str, float] = defaultdict(float)
    landed: dict[str, float] = defaultdict(float)  # when a resident's background is done
    frames = {town.tick: town for town in towns}
    every = waits.checkpoint_every
    floor = 0.0  # the last checkpoint: nobody starts before it
    for tick in sorted(frames.keys() | decided.keys() | thought.keys()):
        if every and tick % every == 0:
            floor = max([floor, *finish.values(), *landed.values()])
        near = coupled(frames.get(tick, TownAt(tick, ())), radius)
        for agent in (decided.get(tick, {}).keys() | thought.get(tick, {}).keys()) - near.keys():
            near[agent] = {agent}
        ready = {a: max([floor, *(finish[b] for b in others)]) for a, others in near.items()}
        for agent, start in ready.items():
            if agent in waits.wakes.get(tick, ()):
                start = max(start, landed[agent])
            done = start + decided.get(tick, {}).get(agent, 0) * latency_s
            finish[agent] = done
            steps = thought.get(tick, {}).get(agent, 0)
            if steps:
                landed[agent] = max(landed[agent], done) + steps * latency_s
    return max([0.0, *finish.values(), *landed.values()])


def scheduler_limit(
    calls: Sequence[CallAt],
    towns: Sequence[TownAt],
    waits: Waits,
    *,
    latency_s: float,
    radius: int,
    background: frozenset[str],
    concurrency: int | None = None,
) -> float:
    """Seconds the out-of-order scheduler with background thinking needs at least."""
    path = scheduler_path(
        calls, towns, waits, latency_s=latency_s, radius=radius, background=background
    )
    return max(path, _spread(calls, latency_s, concurrency))


def _split(
    calls: Sequence[CallAt], background: frozenset[str]
) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]:
    """Chain steps per tick per resident: of the calls a decision needs, and of the others."""
    return (
        chains(c for c in calls if c.task not in background),
        chains(c for c in calls if c.task in background),
    )


def sequential_figure(
    residents: int,
    game_hours: float,
    *,
    latency_s: float,
    calls_per_resident_hour: float = PAPER_CALLS_PER_RESIDENT_HOUR,
) -> float:
    """Seconds the paper's code takes for the same game time: its calls one at a time."""
    return residents * game_hours * calls_per_resident_hour * latency_s
