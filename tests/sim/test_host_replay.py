"""A host rebuilt from a snapshot and its recorded answers reaches the same state, asks nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from agents.contract import Perception
from agents.llm import CallRecord
from agents.llm.recorded import RecordedAnswers
from agents.llm.scripted import ScriptedModel
from agents.tasks.importance import RateImportance
from sim import Simulation
from sim.actor_journal import HostSlot
from sim.hosting import AgentHost
from sim.population import build_specs


class Counting(ScriptedModel):
    """The scripted model, counting the tasks it was asked to run."""

    def __init__(self) -> None:
        super().__init__(seed=3)
        self.asked = 0

    async def run(self, task: Any, *, agent: str) -> Any:
        self.asked += 1
        return await super().run(task, agent=agent)


def rating() -> RateImportance:
    return RateImportance(agent="Lena Hale", identity="Lena, a baker", memories=("bread rose",))


def test_a_recorded_answer_is_given_back_without_asking_or_recording_again():
    model = Counting()
    first = asyncio.run(model.run(rating(), agent="Lena Hale"))
    [record] = model.drain_calls()
    other = 10 if first.scores[0] != 10 else 1
    recorded = RecordedAnswers(model)
    recorded.load([record.model_copy(update={"output": {"scores": [other]}})])

    again = asyncio.run(recorded.run(rating(), agent="Lena Hale"))
    assert again.scores == [other]
    assert model.asked == 1 and recorded.drain_calls() == [] and recorded.unused() == 0

    # The recording is used up: the same prompt now goes to the model, and is recorded.
    asyncio.run(recorded.run(rating(), agent="Lena Hale"))
    assert model.asked == 2 and len(recorded.drain_calls()) == 1


def recorded_host_run(tmp_path) -> tuple[Simulation, dict, dict, list, list[CallRecord]]:
    """A scripted inline run of the tiny town: specs, the states at its start, every decision
    its host was asked for (None: a settlement) and the calls they made."""
    steps: list[list[Perception] | None] = []
    calls: list[CallRecord] = []
    with Simulation.from_world(
        "tiny", backend="scripted", executor="inline", seed=3, out=tmp_path, run_id="r"
    ) as sim:
        host = sim.executor._host  # the one host of the inline executor
        start = host.snapshot()
        decide, settle = host.decide, host.settle

        async def recording_decide(perceptions: list[Perception]) -> Any:
            steps.append(perceptions)
            result = await decide(perceptions)
            calls.extend(result.calls)
            return result

        async def recording_settle() -> Any:
            steps.append(None)
            result = await settle()
            calls.extend(result.calls)
            return result

        host.decide, host.settle = recording_decide, recording_settle
        sim.run(ticks=200, progress=False)
        end = host.snapshot()
    return sim, start, end, steps, calls


def test_a_host_replaying_a_run_reaches_its_state_without_a_model_call(tmp_path):
    sim, start, end, steps, calls = recorded_host_run(tmp_path)
    assert calls and any(step is None for step in steps)
    host = AgentHost(build_specs(sim.world, sim.scenario, sim.config), sim.config.llm, seed=3)
    host.restore(start)
    assert asyncio.run(host.replay(steps, calls)) == 0
    assert unmarked(host.snapshot()) == unmarked(end)
    assert host.llm.drain_calls() == []


def unmarked(states: dict[str, dict]) -> dict[str, dict]:
    """Agents' states without the number each gives its snapshots."""
    return {name: {k: v for k, v in state.items() if k != "mark"} for name, state in states.items()}


def test_a_slot_replays_its_finished_steps_and_sends_again_the_rest():
    slot = HostSlot(0, [])
    slot.actor = _Actor()
    first, second, third = slot.send([]), slot.send(None), slot.send([])
    record = CallRecord(wall_time="t", agent="A", task="t", backend="b", model="m", prompt_key="k")
    first.finish([record.model_copy(update={"messages": [{"role": "user", "content": "x"}]})])
    third.finish([])
    steps, answers, unfinished = slot.replay_plan()
    assert steps == [[], []] and unfinished == [second]
    assert answers == [record]  # what a replay needs, not the prompt itself
    slot.snapshot_taken({})
    assert slot.steps == [] and slot.replay_plan() == ([], [], [])


class _Actor:
    """Stands in for an actor handle: every remote call gives a fresh reference."""

    class _Method:
        def remote(self, *args: Any) -> object:
            return object()

    decide = settle = _Method()
