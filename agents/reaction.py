"""Reaction: what in a perception is worth stopping for, and whom the agent may talk to."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from agents.contract import Perception, SeenAgent, WakeReason

SALIENT = (WakeReason.NEW_AGENT, WakeReason.OBJECT_CHANGED, WakeReason.INJECTED)
# After talking with someone, leave them be for this long (no chat loops).
TALK_COOLDOWN = timedelta(hours=2)


def salient_observation(
    perception: Perception, new_texts: Sequence[str], rng: random.Random
) -> str | None:
    """The newly noticed thing to consider reacting to, if the engine woke the agent for one.

    An inner voice comes first, then people (one picked at random when several
    arrive at once), then objects.
    """
    if not any(reason in SALIENT for reason in perception.wake):
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
