"""Grounding an activity in the town: the place, object, emoji and object state, in one call."""

from __future__ import annotations

from collections.abc import Sequence

from agents.contract import resolve_address
from agents.llm.protocol import LanguageModel
from agents.persona import Persona
from agents.spatial import match_place, shortlist
from agents.tasks.action import ActionChoice, ChooseAction


async def ground(
    llm: LanguageModel, persona: Persona, activity: str, place: str, known: Sequence[str]
) -> ActionChoice:
    """Where an activity happens, among the known places, with emoji and object state (one call).

    The model is offered a shortlist of areas (see `shortlist`); an answer
    naming an unknown place falls back to the best word match.
    """
    home = persona.home
    offered = shortlist(activity, known, keep=(home, persona.workplace or "", place), areas=2)
    choice = await llm.run(
        ChooseAction(
            agent=persona.name,
            activity=activity,
            current_place=place,
            home=home,
            known_places=tuple(offered) or (home,),
        ),
        agent=persona.name,
    )
    address = resolve_address(choice.address, known) or match_place(activity, known, home)
    grounded = choice.model_copy(update={"address": address})
    if address.count(":") < 2:  # only objects have a state
        grounded = grounded.model_copy(update={"object_state": None})
    return grounded
