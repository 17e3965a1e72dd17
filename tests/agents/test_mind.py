"""The generative agent driven by hand-built perceptions, with the scripted backend."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import datetime, timedelta

import pytest
from pydantic import BaseModel, ValidationError

from agents.contract import SeenAgent, WakeReason
from agents.encoding import OBSERVATION_BATCH, Pending, deferrable
from agents.llm.scripted import ScriptedModel
from agents.llm.task import Task
from agents.memory import MemoryKind
from agents.mind import RECENT_WINDOW
from agents.phrasing import progressive
from agents.spatial import PersonaError
from agents.spec import AgentSpec, MindConfig
from agents.tasks.importance import ImportanceRatings
from agents.tasks.planning import DayPlan
from agents.tasks.reaction import ReactionChoice, TalkDecision
from tests.agents.fakes import DAY, SteeredModel, agent, live, perceive, persona

KLAUS = SeenAgent(
    name="Klaus Mueller",
    tile=(3, 3),
    action="reading a book",
    place="Hobbs Cafe:dining",
    distance=2,
)
NINE = DAY + timedelta(hours=9)


def _tasks(mind) -> Counter:
    return Counter(c.task for c in mind.llm.drain_calls())


def test_first_decision_plans_the_day_and_acts_at_a_known_place() -> None:
    mind = agent()
    d = asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    assert d.action is not None
    assert d.action.description == "work at Hobbs Cafe"
    assert d.action.address.startswith("Hobbs Cafe")
    calls = _tasks(mind)
    # The scripted plan says when each item starts: the schedule follows from it, no call.
    assert calls["plan_day"] == 1 and calls["schedule_hours"] == 0
    # Before any day was lived, the summary is the persona's own identity: no call.
    assert calls["summarise_agent"] == 0
    assert mind.view().summary == mind.spec.persona.identity()


def test_a_plan_without_times_asks_the_model_for_the_hourly_schedule() -> None:
    untimed = DayPlan(wake_up_hour=7, items=["open the cafe", "serve lunch", "read"])
    mind = agent(model=SteeredModel(plan_day=lambda t: untimed))
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    assert _tasks(mind)["schedule_hours"] == 1


def test_each_later_day_summarises_the_agent_from_memory_once() -> None:
    mind = agent()
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    mind.llm.drain_calls()
    next_day = NINE + timedelta(days=1)
    for minutes in (0, 30):
        wake = (WakeReason.NEW_DAY,) if minutes == 0 else (WakeReason.ACTION_DONE,)
        asyncio.run(
            mind.decide(perceive(mind.name, next_day + timedelta(minutes=minutes), wake=wake))
        )
    assert _tasks(mind)["summarise_agent"] == 1


def test_repeated_observation_costs_no_second_importance_call() -> None:
    mind = agent()
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    mind.llm.drain_calls()
    rated = []
    for minutes, crowd in ((10, "ABC"), (300, "DEF")):  # hours later: stored again
        others = tuple(
            SeenAgent(
                name=f"Guest {c}", tile=(2, 2), action="waiting", place="Hobbs Cafe", distance=2
            )
            for c in crowd
        )
        p = perceive(mind.name, NINE + timedelta(minutes=minutes), agents=(KLAUS, *others))
        asyncio.run(mind.decide(p))
        prompts = [
            c.messages[-1]["content"] for c in mind.llm.drain_calls() if c.task == "rate_importance"
        ]
        assert prompts, "four new sights make a batch worth a rating call"
        rated.append(sum("Klaus Mueller is reading" in text for text in prompts))
    assert rated == [1, 0]
    seen = [n for n in mind.stream.nodes if n.subject == "Klaus Mueller"]
    assert len(seen) == 2 and seen[0].importance == seen[1].importance


def test_a_lone_sight_waits_for_a_batch_but_a_thought_brings_it_along() -> None:
    mind = agent()
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    mind.llm.drain_calls()
    asyncio.run(mind.decide(perceive(mind.name, NINE + timedelta(minutes=5), agents=(KLAUS,))))
    assert _tasks(mind)["rate_importance"] == 0
    assert any(m.text.startswith("Klaus Mueller is reading") for m in mind.state.pending)


def test_sights_go_with_the_first_memory_that_needs_a_rating_or_a_full_batch() -> None:
    def seen(i: int) -> Pending:
        return Pending(kind=MemoryKind.OBSERVATION, text=f"Guest {i} is waiting", at=NINE)

    thought = Pending(kind=MemoryKind.THOUGHT, text="I should bake more", at=NINE)
    rated = Pending(kind=MemoryKind.THOUGHT, text="Injected", at=NINE, importance=8)
    assert deferrable([seen(1), rated], cache={}) == [seen(1)]
    assert deferrable([seen(1), thought], cache={}) == []
    assert deferrable([seen(i) for i in range(OBSERVATION_BATCH)], cache={}) == []
    # A sight rated before needs no call: it is stored at once and does not wait.
    assert deferrable([seen(1), seen(2)], cache={"Guest 1 is waiting": 2}) == [seen(2)]


def test_all_new_observations_of_a_tick_are_rated_in_one_call() -> None:
    mind = agent()
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    mind.llm.drain_calls()
    crowd = tuple(
        SeenAgent(
            name=f"Guest {c}",
            tile=(i, 1),
            action=f"drinking tea number {i}",
            place="Hobbs Cafe",
            distance=i,
        )
        for i, c in enumerate("ABCD", 1)
    )
    asyncio.run(mind.decide(perceive(mind.name, NINE + timedelta(minutes=1), agents=crowd)))
    records = [c for c in mind.llm.drain_calls() if c.task == "rate_importance"]
    assert len(records) == 1
    prompt = records[0].messages[-1]["content"]
    assert all(f"Guest {c} is drinking tea" in prompt for c in "ABCD")


def test_reflection_triggers_when_importance_sum_passes_threshold() -> None:
    model = SteeredModel(rate_importance=lambda t: ImportanceRatings(scores=[4] * len(t.memories)))
    mind = agent(model=model, mind=MindConfig(reflection_threshold=40, reflection_insights=2))
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    reflections = []
    for i in range(12):
        before = mind.state.importance_since_reflection
        # A batch of sights, rated 4 each, at every decision.
        others = tuple(
            SeenAgent(
                name=f"Writer {w}",
                tile=(2, 2),
                action=f"writing chapter {i}",
                place="Hobbs Cafe",
                distance=1,
            )
            for w in range(OBSERVATION_BATCH)
        )
        asyncio.run(
            mind.decide(perceive(mind.name, NINE + timedelta(minutes=i + 1), agents=others))
        )
        added = 4 * OBSERVATION_BATCH
        reflections = [n for n in mind.stream.nodes if n.kind is MemoryKind.REFLECTION]
        if before + added < 40:
            assert not reflections, f"reflected early at sum {before + added}"
        else:
            break
    assert reflections, "never reflected"
    assert mind.state.importance_since_reflection == 0
    first_reflection = reflections[0].id
    for node in reflections:
        assert node.evidence, "a reflection without evidence"
        assert all(i < first_reflection for i in node.evidence)


def test_plan_decomposition_covers_exactly_the_hour_block() -> None:
    mind = agent()
    noon = DAY + timedelta(hours=12)
    d = asyncio.run(mind.decide(perceive(mind.name, noon, wake=(WakeReason.FIRST_TICK,))))
    day = mind.state.day
    block = next(b for b in day.blocks if b.start == 12 * 60)
    assert block.activity == "have lunch" and block.minutes == 60
    steps = day.steps
    assert steps[0].start == block.start and steps[-1].end == block.end
    assert all(a.end == b.start for a, b in zip(steps, steps[1:], strict=False))
    assert all(5 <= s.minutes <= 15 for s in steps[:-1])
    assert d.action.duration_minutes == steps[0].minutes
    # sleep is never decomposed
    night = agent()
    d = asyncio.run(
        night.decide(perceive(night.name, DAY + timedelta(hours=2), wake=(WakeReason.FIRST_TICK,)))
    )
    assert d.action.description == "sleeping" and d.action.duration_minutes == 4 * 60
    assert "decompose" not in _tasks(night)


class OverlapModel(ScriptedModel):
    """The scripted backend, each answer after the event loop turned once; notes which
    tasks were in flight at the same time."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed=seed)
        self.in_flight: set[str] = set()
        self.overlaps: set[frozenset[str]] = set()

    async def run(self, task: Task, *, agent: str) -> BaseModel:  # type: ignore[override]
        self.overlaps.update(frozenset({task.name, other}) for other in self.in_flight)
        self.in_flight.add(task.name)
        await asyncio.sleep(0)
        try:
            return await super().run(task, agent=agent)
        finally:
            self.in_flight.discard(task.name)


def test_a_block_is_grounded_while_its_step_is_chosen_and_the_action_is_the_same() -> None:
    noon = perceive("Isabella Rodriguez", DAY + timedelta(hours=12), wake=(WakeReason.FIRST_TICK,))
    plain, watched = agent(), agent(model=OverlapModel(seed=1))
    expected = asyncio.run(plain.decide(noon))
    decided = asyncio.run(watched.decide(noon))
    assert decided == expected
    assert watched.state.day.steps == plain.state.day.steps
    assert frozenset({"decompose", "choose_action"}) in watched.llm.overlaps
    # The day's plan is asked before either: the block comes from it.
    assert not any("plan_day" in pair for pair in watched.llm.overlaps)


def test_salient_perception_the_model_reacts_to_replans_from_now() -> None:
    model = SteeredModel(
        decide_to_talk=lambda t: TalkDecision(talk=False),
        react_or_continue=lambda t: ReactionChoice(
            react=True, reaction="help Klaus pick up his dropped books", minutes=20
        ),
    )
    mind = agent(model=model)
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    at = NINE + timedelta(minutes=30)
    d = asyncio.run(
        mind.decide(perceive(mind.name, at, wake=(WakeReason.NEW_AGENT,), agents=(KLAUS,)))
    )
    assert d.action is not None
    assert d.action.description == "help Klaus pick up his dropped books"
    assert d.action.duration_minutes == 20
    blocks = mind.state.day.blocks
    assert [b.activity for b in blocks if b.start == 9 * 60 + 30] == [d.action.description]
    after = next(b for b in blocks if b.start == 9 * 60 + 50)
    assert after.activity == "work at Hobbs Cafe"
    # when the reaction is over, the agent goes back to its plan
    d = asyncio.run(
        mind.decide(
            perceive(
                mind.name,
                at + timedelta(minutes=20),
                wake=(WakeReason.ACTION_DONE,),
                action_done=True,
            )
        )
    )
    assert d.action.description == "work at Hobbs Cafe"


def test_nothing_salient_means_carry_on_without_a_call() -> None:
    mind = agent()
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    mind.llm.drain_calls()
    d = asyncio.run(mind.decide(perceive(mind.name, NINE + timedelta(minutes=5))))
    assert d.action is None and d.utterance is None
    assert not mind.llm.drain_calls()


def test_injected_memory_is_a_high_importance_thought() -> None:
    mind = agent()
    text = "Isabella wants to run for mayor"
    asyncio.run(
        mind.decide(perceive(mind.name, NINE, wake=(WakeReason.INJECTED,), injected=(text,)))
    )
    node = next(n for n in mind.stream.nodes if n.text == text)
    assert node.kind is MemoryKind.THOUGHT and node.importance >= 8


def test_snapshot_restore_gives_identical_retrieval_and_next_decision() -> None:
    mind = agent()
    asyncio.run(live(mind, DAY + timedelta(hours=8), 5))
    asyncio.run(
        mind.decide(
            perceive(
                mind.name,
                DAY + timedelta(hours=13, minutes=3),
                agents=(KLAUS,),
                wake=(WakeReason.NEW_AGENT,),
            )
        )
    )
    state = json.loads(json.dumps(mind.snapshot()))
    copy = agent()
    copy.restore(state)
    assert copy.snapshot() == mind.snapshot()
    at = DAY + timedelta(hours=13, minutes=30)
    ask = mind._recall  # the same query through both minds' retrieval

    first = [n.id for n in asyncio.run(ask("Klaus Mueller reading", at))]
    again = [n.id for n in asyncio.run(copy._recall("Klaus Mueller reading", at))]
    assert first == again
    p = perceive(mind.name, at, wake=(WakeReason.ACTION_DONE,), action_done=True)
    assert asyncio.run(mind.decide(p)) == asyncio.run(copy.decide(p))
    assert copy.snapshot() == mind.snapshot()


def test_same_seed_gives_identical_days() -> None:
    runs = [asyncio.run(live(agent(), DAY, 24)) for _ in range(2)]
    assert runs[0] == runs[1]
    assert len({d.action.description for d in runs[0] if d.action}) >= 4


def test_persona_with_a_home_not_on_the_map_names_the_field() -> None:
    expected = r'"Isabella Rodriguez": field "home": location "Willow Cottage" is not on the map'
    with pytest.raises(PersonaError, match=expected):
        agent(home="Willow Cottage")


def test_malformed_persona_data_names_the_field() -> None:
    data = persona().model_dump()
    data["age"] = "thirty"
    with pytest.raises(ValidationError, match=r"persona\.age"):
        AgentSpec.model_validate({"persona": data})


def test_interview_answers_from_relevant_memories() -> None:
    mind = agent()
    fact = "The Valentine's Day party is at Hobbs Cafe at 5 pm on February 14"
    asyncio.run(
        mind.decide(perceive(mind.name, NINE, wake=(WakeReason.INJECTED,), injected=(fact,)))
    )
    answer = asyncio.run(mind.interview("When is the Valentine's Day party?"))
    assert fact in answer.memories[:3]
    assert answer.answer


def test_view_shows_plan_and_memories() -> None:
    mind = agent()
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    view = mind.view()
    assert any("work at Hobbs Cafe" in line for line in view.plan)
    assert view.recent_memories and view.backend == "scripted"
    assert "Isabella Rodriguez" in view.summary


def test_own_routine_steps_are_rated_in_batches_not_one_call_each() -> None:
    mind = agent()
    decisions = asyncio.run(live(mind, DAY, 24))
    steps = sum(1 for d in decisions if d.action)
    rated = _tasks(mind)["rate_importance"]
    assert rated * 2 <= steps, f"{rated} importance calls for {steps} actions"
    asyncio.run(mind._flush(force=True))
    own = [n for n in mind.stream.nodes if n.subject == mind.name and n.predicate == "is"]
    # Every activity is remembered, the same one at most once an hour.
    did = {f"{mind.name} is {progressive(d.action.description)}" for d in decisions if d.action}
    assert {n.text for n in own} == did
    last: dict[str, datetime] = {}
    for node in own:
        assert node.text not in last or node.created - last[node.text] >= RECENT_WINDOW
        last[node.text] = node.created


def test_a_routine_day_plan_costs_no_call_and_follows_the_persona() -> None:
    mind = agent(mind=MindConfig(day_plan="routine"))
    d = asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    assert _tasks(mind)["plan_day"] == 0
    assert mind.state.day is not None
    assert mind.state.day.items == mind.spec.persona.daily_routine
    assert d.action is not None and d.action.description == "work at Hobbs Cafe"


def test_seeing_someone_idle_and_making_the_day_plan_need_no_rating_call() -> None:
    mind = agent()
    idle = SeenAgent(
        name="Klaus Mueller", tile=(2, 1), action="idle", place="Hobbs Cafe", distance=1
    )
    asyncio.run(
        mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,), agents=(idle,)))
    )
    assert _tasks(mind)["rate_importance"] == 0
    by_text = {n.text: n for n in mind.stream.nodes}
    assert by_text["Klaus Mueller is idle at Hobbs Cafe"].importance == 1
    plan = next(n for n in mind.stream.nodes if n.predicate == "plans")
    assert plan.importance == 5


def test_the_agents_own_activity_is_remembered_once_an_hour_in_plain_words() -> None:
    mind = agent()
    # Lunch at noon is walked in several steps of the same activity.
    decisions = asyncio.run(live(mind, DAY + timedelta(hours=12), hours=1))
    asyncio.run(mind._flush(force=True))
    lunch = [d for d in decisions if d.action and d.action.description == "have lunch"]
    assert len(lunch) > 1
    own = Counter(n.text for n in mind.stream.nodes if n.text.startswith(mind.name + " is "))
    assert own["Isabella Rodriguez is having lunch"] == 1, own
