"""Reaction: what in a perception is worth stopping for, and what the agent does about it.

As in the paper, a conversation is decided on its own first: someone to
talk to in view is asked about alone, and the question "react or carry
on?" counts only when the agent does not start one. Asked in turn (the
paper), the second question waits for the first answer; asked at once, both
go out together and the second's answer is left unused when the first is
yes: the same reaction, a round-trip sooner when the answer is no.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from agents.contract import REACTION_WAKES, Perception, SeenAgent
from agents.llm.protocol import LanguageModel
from agents.persona import Persona
from agents.tasks.reaction import STRANGER, DecideToTalk, ReactionChoice, ReactOrContinue

# After talking with someone, leave them be for this long (no chat loops).
TALK_COOLDOWN = timedelta(hours=2)


def salient_observation(
    perception: Perception, new_texts: Sequence[str], rng: random.Random
) -> str | None:
    """The newly noticed thing to consider reacting to, if the engine woke the agent for one.

    An inner voice comes first, then people (one picked at random when several
    arrive at once), then objects.
    """
    if not REACTION_WAKES.intersection(perception.wake):
        return None
    if perception.injected:
        return perception.injected[-1]
    names = tuple(a.name for a in perception.agents)
    about_people = [t for t in new_texts if t.startswith(names)] if names else []
    if about_people:
        return rng.choice(about_people)
    return new_texts[0] if new_texts else None


def available_partners(
    perception: Perception, last_talk: dict[str, datetime], now: datetime
) -> list[SeenAgent]:
    """Nearby agents one could start a conversation with (awake, not talked to just now)."""
    return [
        a
        for a in perception.agents
        if "sleep" not in a.action.lower()
        and (a.name not in last_talk or now - last_talk[a.name] >= TALK_COOLDOWN)
    ]


def named_partner(answer: str | None, partners: Sequence[SeenAgent]) -> SeenAgent | None:
    """The partner a model's "talk_to" names: the full name, or a first or last name alone.

    Small models often answer "Ines" for "Ines Calloway"; a name that fits
    two people nearby names nobody.
    """
    if not answer:
        return None
    wanted = answer.strip().lower()
    exact = [a for a in partners if a.name.lower() == wanted]
    if exact:
        return exact[0]
    parts = set(wanted.replace(",", " ").split())
    fitting = [a for a in partners if parts & set(a.name.lower().split())]
    return fitting[0] if len(fitting) == 1 else None


@dataclass(frozen=True)
class Moment:
    """What both reaction questions are told of the moment the agent noticed something."""

    agent: str
    summary: str
    time: str
    place: str
    current_activity: str
    memories: tuple[str, ...]


@dataclass(frozen=True)
class Reaction:
    """What the agent does about what it noticed: talk to `partner`, or take up `activity`.

    Neither (the default) means it carries on with what it was doing.
    """

    partner: SeenAgent | None = None
    activity: str = ""
    minutes: int = 0


async def react(
    llm: LanguageModel,
    persona: Persona,
    moment: Moment,
    observation: str,
    partners: Sequence[SeenAgent],
    *,
    at_once: bool = False,
) -> Reaction:
    """Whether to talk to the one the observation is about, if in view; else whether to react.

    `at_once` asks both questions together, the second's answer unused when
    the first is yes: the same reaction, one round-trip sooner when it is no.
    """
    told = asdict(moment)
    seen = next((a for a in partners if observation.startswith(a.name)), None)
    carry_on = ReactOrContinue(
        **told,
        observation=observation,
        nearby=tuple(a.name for a in partners),
        acquaintances=tuple(persona.relationships),
    )
    if seen is None:
        return _reaction(await llm.run(carry_on, agent=persona.name), partners)
    talk_to_seen = DecideToTalk(
        **told,
        other=seen.name,
        other_activity=seen.action,
        relationship=persona.relationships.get(seen.name, STRANGER),
    )
    if at_once:
        talk, choice = await asyncio.gather(
            llm.run(talk_to_seen, agent=persona.name), llm.run(carry_on, agent=persona.name)
        )
        return Reaction(partner=seen) if talk.talk else _reaction(choice, partners)
    if (await llm.run(talk_to_seen, agent=persona.name)).talk:
        return Reaction(partner=seen)
    return _reaction(await llm.run(carry_on, agent=persona.name), partners)


def _reaction(choice: ReactionChoice, partners: Sequence[SeenAgent]) -> Reaction:
    """What a "react or carry on?" answer makes the agent do."""
    if not choice.react:
        return Reaction()
    partner = named_partner(choice.talk_to, partners)
    if partner is not None:
        return Reaction(partner=partner)
    return Reaction(activity=choice.reaction.strip(), minutes=choice.minutes)
