"""One tick of the town: the day, injected memories, walking, who thinks and why, the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from agents.contract import Action, AgentView, Decision, Perception, Utterance, WakeReason
from agents.llm import CallRecord
from sim.clock import GameClock
from sim.engine import EngineRules, TickOutcome, run_tick
from sim.executors import OnWait
from sim.hosting import HostResult
from sim.population import Delivery
from sim.world_state import Body, WorldState
from tests.support.maps import open_map

MORNING = GameClock(datetime(2024, 3, 5, 7, 0))
RULES = EngineRules(tick_seconds=10, vision_radius=4, max_conversation_turns=4)
BENCH = "Park:lawn:bench"  # at (9, 2) on the open map; it blocks its tile
SIT = Action(
    description="sitting on the bench",
    address=BENCH,
    duration_minutes=1,  # six ticks of ten seconds
    emoji="🪑",
    object_state="occupied",
)

Rule = Callable[[Perception], Decision]


def carry_on(perception: Perception) -> Decision:
    return Decision(agent=perception.agent)


class Minds:
    """The agents' hosts, played by the test: each awake agent answers by `rule`.

    It remembers every perception it was asked about, answers with one model
    call per agent, and reports the agents named in `errors` as failed.
    """

    def __init__(self, rule: Rule = carry_on, errors: dict[str, str] | None = None) -> None:
        self.rule = rule
        self.errors = errors or {}
        self.asked: list[list[Perception]] = []

    def decide(self, perceptions: list[Perception], on_wait: OnWait | None = None) -> HostResult:
        self.asked.append(list(perceptions))
        return HostResult(
            decisions=[self.rule(p) for p in perceptions if p.agent not in self.errors]
            + [Decision(agent=name) for name in self.errors],
            views={p.agent: AgentView(summary=f"{p.agent} at {p.place}") for p in perceptions},
            calls=[
                CallRecord(
                    wall_time="2026-01-01T00:00:00",
                    agent=p.agent,
                    task="decide",
                    backend="fake",
                    model="fake",
                    prompt_key=f"{p.agent}-{p.tick}",
                    tick=p.tick,  # hosts label each call with the tick it was issued at
                )
                for p in perceptions
            ],
            errors=dict(self.errors),
        )


def town(**tiles: tuple[int, int]) -> WorldState:
    return WorldState(bodies={name: Body(name=name, tile=tile) for name, tile in tiles.items()})


def tick(
    state: WorldState,
    minds: Minds,
    clock: GameClock = MORNING,
    injections: list[Delivery] | None = None,
) -> TickOutcome:
    return run_tick(state, open_map(), clock, minds, RULES, injections or [])


def woken(outcome: TickOutcome) -> list[tuple[str | None, list[str]]]:
    return [(e.agent, e.reasons) for e in outcome.events if e.type == "woken"]


def kinds(outcome: TickOutcome) -> list[str]:
    return [e.type for e in outcome.events]


def test_the_first_tick_of_a_day_logs_the_day_and_wakes_everyone():
    state = town(Ada=(0, 0), Bo=(11, 7))
    minds = Minds()
    before_midnight = GameClock(datetime(2024, 3, 5, 23, 59, 50))
    first = tick(state, minds, before_midnight)
    assert kinds(first) == ["day_started", "woken", "woken"]
    assert first.events[0].day == "2024-03-05" and first.events[0].agent is None
    assert woken(first) == [("Ada", ["first_tick"]), ("Bo", ["first_tick"])]
    midnight = tick(state, minds, before_midnight)
    assert midnight.time == "2024-03-06T00:00:00"
    assert midnight.events[0].type == "day_started" and midnight.events[0].day == "2024-03-06"
    assert woken(midnight) == [("Ada", ["new_day"]), ("Bo", ["new_day"])]
    quiet = tick(state, minds, before_midnight)
    assert quiet.events == [] and len(minds.asked) == 2  # nobody to wake: no one is asked


def test_an_injected_memory_is_logged_at_its_tick_and_wakes_only_its_agent():
    state = town(Ada=(0, 0), Bo=(11, 7))
    state.tick = 3
    minds = Minds()
    memories = [
        Delivery(agent="Ada", text="Rain later", at_tick=3),
        Delivery(agent="Bo", text="Not yet", at_tick=9),
        Delivery(agent="Nobody", text="Not in this town", at_tick=3),
    ]
    outcome = tick(state, minds, injections=memories)
    assert kinds(outcome) == ["memory_injected", "woken"]
    told = outcome.events[0]
    assert (told.agent, told.text, told.tick) == ("Ada", "Rain later", 3)
    assert woken(outcome) == [("Ada", ["injected"])]
    assert [(p.agent, p.injected) for p in minds.asked[0]] == [("Ada", ("Rain later",))]
    assert state.body("Bo").injected == []


def test_an_agent_walks_a_tile_a_tick_without_thinking_and_thinks_when_its_action_ends():
    state = town(Ada=(5, 2))
    minds = Minds(lambda p: Decision(agent=p.agent, action=SIT if p.tick == 0 else None))
    start = tick(state, minds)
    assert kinds(start) == ["day_started", "woken", "action_started"]
    assert start.events[-1].address == BENCH and start.events[-1].path_length == 3
    walk = [tick(state, minds) for _ in range(3)]
    assert state.body("Ada").tile == (8, 2)  # beside the bench, which blocks its own tile
    assert [kinds(o) for o in walk] == [[], [], ["arrived", "object_state"]]
    assert walk[-1].events[1].state == "occupied" and walk[-1].frame.objects == {BENCH: "occupied"}
    assert len(minds.asked) == 1  # walking and sitting cost no thought
    sitting = [tick(state, minds) for _ in range(2)]
    assert all(o.events == [] for o in sitting)
    done = tick(state, minds)
    assert done.tick == 6
    assert kinds(done) == ["action_finished", "object_state", "woken"]
    assert done.events[1].state == "idle" and state.objects == {}
    assert [agent for agent, _ in woken(done)] == ["Ada"]
    assert "action_done" in woken(done)[0][1]


def test_only_agents_with_a_reason_are_asked_and_each_is_told_why():
    state = town(Ada=(0, 0), Bo=(9, 7), Cy=(11, 0))
    minds = Minds()
    tick(state, minds)
    assert tick(state, minds).awake == {}
    state.body("Bo").tile = (2, 2)  # Bo comes into Ada's sight, far from Cy
    outcome = tick(state, minds)
    assert outcome.awake == {"Ada": (WakeReason.NEW_AGENT,), "Bo": (WakeReason.NEW_AGENT,)}
    assert woken(outcome) == [("Ada", ["new_agent"]), ("Bo", ["new_agent"])]
    assert [p.agent for p in minds.asked[-1]] == ["Ada", "Bo"]
    assert [s.name for s in minds.asked[-1][0].agents] == ["Bo"]
    assert len(minds.asked) == 2  # the quiet tick asked no one


def say(speaker: str, listener: str, text: str, ends: bool = False) -> Decision:
    line = Utterance(
        speaker=speaker,
        listener=listener,
        text=text,
        conversation="",
        turn=0,
        ends_conversation=ends,
    )
    return Decision(agent=speaker, utterance=line)


def test_a_line_is_routed_to_its_listener_who_answers_on_the_next_tick():
    state = town(Ada=(6, 2), Bo=(7, 2))

    def talk(p: Perception) -> Decision:
        if p.agent == "Ada" and p.tick == 0:
            return say("Ada", "Bo", "Good morning, Bo!")
        if p.heard:
            return say("Bo", "Ada", "Morning, Ada. Off to work.", ends=True)
        return carry_on(p)

    minds = Minds(talk)
    opened = tick(state, minds)
    assert kinds(opened) == [
        "day_started",
        "woken",
        "woken",
        "conversation_started",
        "utterance",
    ]
    line = opened.events[-1]
    assert (line.agent, line.listener, line.text) == ("Ada", "Bo", "Good morning, Bo!")
    ada, bo = opened.frame.agents
    assert (ada.utterance, ada.listener, ada.conversation) == ("Good morning, Bo!", "Bo", "c1")
    assert ada.action == bo.action == "talking" and bo.utterance is None
    answered = tick(state, minds)
    assert woken(answered) == [("Bo", ["addressed"])]  # Ada waits for the reply
    assert minds.asked[-1][0].heard[0].text == "Good morning, Bo!"
    assert kinds(answered) == ["woken", "utterance", "conversation_ended"]
    assert answered.events[1].text == "Morning, Ada. Off to work."
    assert state.conversations == {}


def test_an_agent_that_fails_is_logged_and_the_others_decisions_still_apply():
    state = town(Ada=(5, 2), Bo=(0, 7))
    minds = Minds(lambda p: Decision(agent=p.agent, action=SIT), errors={"Bo": "Traceback: oops"})
    outcome = tick(state, minds)
    assert kinds(outcome) == ["day_started", "woken", "woken", "agent_error", "action_started"]
    failed = outcome.events[3]
    assert (failed.agent, failed.error) == ("Bo", "Traceback: oops")
    assert outcome.events[4].agent == "Ada" and state.body("Bo").action is None


def test_the_outcome_records_the_tick_its_calls_and_a_frame_of_the_town():
    state = town(Ada=(5, 2), Bo=(0, 7))
    minds = Minds(lambda p: Decision(agent=p.agent, action=SIT if p.agent == "Ada" else None))
    outcome = tick(state, minds)
    assert (outcome.tick, outcome.time, state.tick) == (0, "2024-03-05T07:00:00", 1)
    assert [(c.agent, c.tick) for c in outcome.calls] == [("Ada", 0), ("Bo", 0)]
    frame = outcome.frame
    assert (frame.tick, frame.time) == (0, "2024-03-05T07:00:00")
    ada, bo = frame.agents
    assert (ada.name, ada.tile, ada.action, ada.emoji) == ("Ada", (5, 2), SIT.description, "🪑")
    assert ada.path == [(6, 2), (7, 2), (8, 2)] and ada.awake
    assert (bo.name, bo.place, bo.action, bo.path) == ("Bo", "outdoors", "idle", [])
    assert frame.inspector["Ada"].summary == "Ada at outdoors"
    assert sorted(frame.inspector) == ["Ada", "Bo"]
    later = tick(state, minds)
    assert later.frame.inspector == {} and not later.frame.agents[0].awake
    assert later.frame.agents[0].tile == (6, 2)
