"""Reacting to what was noticed: the two questions asked in turn or at once, the same reaction."""

from __future__ import annotations

import asyncio

from pydantic import BaseModel

from agents.contract import SeenAgent
from agents.llm.task import Task
from agents.reaction import Moment, Reaction, react
from agents.tasks.reaction import ReactionChoice, TalkDecision
from tests.agents.fakes import persona

KLAUS = SeenAgent(
    name="Klaus Mueller",
    tile=(2, 1),
    action="reading at the counter",
    place="Hobbs Cafe:counter",
    distance=1,
)
MOMENT = Moment(
    agent="Isabella Rodriguez",
    summary="Isabella runs Hobbs Cafe.",
    time="10:30",
    place="Hobbs Cafe:counter",
    current_activity="wiping the tables",
    memories=(),
)


class CountingModel:
    """Answers by hand-written rules, each after the event loop turned once; counts overlap."""

    def __init__(self, talk: bool) -> None:
        self.talk = talk
        self.asked: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def run(self, task: Task, *, agent: str) -> BaseModel:
        self.asked.append(task.name)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0)
        self.in_flight -= 1
        if task.name == "decide_to_talk":
            return TalkDecision(talk=self.talk)
        return ReactionChoice(react=True, reaction="wave at Klaus", minutes=5)


def reaction(observation: str, talk: bool, at_once: bool) -> tuple[Reaction, CountingModel]:
    model = CountingModel(talk)
    done = asyncio.run(react(model, persona(), MOMENT, observation, [KLAUS], at_once=at_once))
    return done, model


def test_at_once_both_questions_are_in_flight_together_and_the_reaction_is_the_same():
    seen = "Klaus Mueller is reading at the counter"
    for talk in (True, False):
        in_turn, one_by_one = reaction(seen, talk, at_once=False)
        at_once, together = reaction(seen, talk, at_once=True)
        assert at_once == in_turn
        assert one_by_one.most_in_flight == 1 and together.most_in_flight == 2
        assert sorted(together.asked) == ["decide_to_talk", "react_or_continue"]
        expected = ["decide_to_talk"] if talk else ["decide_to_talk", "react_or_continue"]
        assert one_by_one.asked == expected
    assert in_turn == Reaction(activity="wave at Klaus", minutes=5)


def test_with_nobody_to_talk_to_in_view_only_react_or_continue_is_asked_either_way():
    for at_once in (False, True):
        done, model = reaction("the kettle is boiling", talk=True, at_once=at_once)
        assert model.asked == ["react_or_continue"]
        assert done == Reaction(activity="wave at Klaus", minutes=5)
