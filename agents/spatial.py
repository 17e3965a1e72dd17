"""Spatial memory: the places an agent knows, and matching an activity to one of them.

Addresses are "area", "area:room" or "area:room:object", as on the town tree.
The agent starts knowing its home, workplace and public places; it learns the
places it passes through and the areas others mention to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from agents.contract import address_index, resolve_in_index
from agents.errors import HamletError
from agents.spec import AgentSpec

_WORD = re.compile(r"[a-z]+")

# Activity words that point at an object or room whose name does not share them.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "sleep": ("bed",),
    "sleeping": ("bed",),
    "nap": ("bed", "sofa", "couch"),
    "cook": ("stove", "kitchen"),
    "cooking": ("stove", "kitchen"),
    "breakfast": ("kitchen", "table", "stove"),
    "lunch": ("kitchen", "table", "cafe"),
    "dinner": ("kitchen", "table", "stove"),
    "eat": ("table", "kitchen"),
    "eating": ("table", "kitchen"),
    "coffee": ("cafe", "counter", "coffee"),
    "shower": ("bathroom", "shower"),
    "bath": ("bathroom",),
    "brush": ("bathroom", "sink"),
    "wash": ("bathroom", "sink"),
    "read": ("book", "shelf", "library", "desk"),
    "reading": ("book", "shelf", "library", "desk"),
    "write": ("desk",),
    "writing": ("desk",),
    "study": ("desk", "library"),
    "studying": ("desk", "library"),
    "work": ("desk", "counter"),
    "working": ("desk", "counter"),
    "walk": ("park", "garden"),
    "stroll": ("park", "garden"),
    "garden": ("garden", "park"),
    "gardening": ("garden",),
    "paint": ("easel",),
    "painting": ("easel",),
    "piano": ("piano",),
    "music": ("piano", "guitar"),
    "shop": ("shop", "store", "market"),
    "shopping": ("shop", "store", "market"),
    "groceries": ("store", "market", "shop"),
    "drink": ("bar", "pub"),
}

SLEEP_WORDS = ("sleep", "sleeping", "asleep", "bed", "nap")


class PersonaError(HamletError, ValueError):
    """A persona that names places or people the town does not have."""


def words(text: str) -> set[str]:
    """The lower-case words of a text."""
    return set(_WORD.findall(text.lower()))


def activity_words(activity: str) -> set[str]:
    """The words of an activity with their place synonyms ("coffee" also names the cafe)."""
    found = words(activity)
    for word in list(found):
        found.update(_SYNONYMS.get(word, ()))
    return found


def is_sleep(activity: str) -> bool:
    """Whether an activity is sleeping (which never needs planning in detail)."""
    found = words(activity)
    return bool(found & {"sleep", "sleeping", "asleep", "nap", "napping"}) or "go to bed" in (
        activity.lower()
    )


def match_place(activity: str, known: Sequence[str], home: str) -> str:
    """The known address whose names best match the words of an activity; else the home.

    Deeper addresses win ties so that an object is preferred over its room.
    Among equal matches, one inside the home wins (people cook at home).
    """
    wanted = activity_words(activity)
    best: tuple[int, int, int, str] | None = None
    for address in known:
        overlap = len(wanted & words(address.replace(":", " ")))
        if overlap == 0:
            continue
        at_home = int(address == home or address.startswith(home + ":"))
        key = (overlap, at_home, address.count(":"), address)
        if best is None or key[:3] > best[:3]:
            best = key
    return best[3] if best else home


def shortlist(
    activity: str, known: Sequence[str], keep: Iterable[str], areas: int = 4
) -> list[str]:
    """The known places worth offering the model for an activity: a few whole areas.

    The paper narrows area, then room, then object with a call each; here the
    areas whose places share most words with the activity (its synonyms
    included), plus those in `keep` (home, workplace, where the agent is),
    are offered whole, so that one call can choose down to the object and
    the prompt stays small in a big town.
    """
    wanted = activity_words(activity)
    by_area: dict[str, list[str]] = {}
    for address in known:
        by_area.setdefault(address.split(":")[0], []).append(address)
    kept = [a.split(":")[0] for a in keep if a and a.split(":")[0] in by_area]
    scores = {
        area: len(wanted & words(" ".join(places).replace(":", " ")))
        for area, places in by_area.items()
    }
    ranked = sorted((a for a in by_area if scores[a] > 0), key=lambda a: (-scores[a], a))
    chosen = list(dict.fromkeys([*ranked[:areas], *kept]))
    return [address for area in chosen for address in by_area[area]]


def outline(addresses: Sequence[str]) -> list[str]:
    """Places as one line per room, its objects in brackets: "Area:room (bed, desk)".

    An area offered without any of its rooms gets a line of its own. Listing
    objects beside their room keeps a grounding prompt a third of the size of
    one address per line.
    """
    rooms: dict[str, list[str]] = {}
    for address in addresses:
        parts = address.split(":")
        room = ":".join(parts[:2])
        rooms.setdefault(room, [])
        if len(parts) > 2:
            rooms[room].append(parts[2])
    has_rooms = {room.split(":")[0] for room in rooms if ":" in room}
    lines = []
    for room, objects in rooms.items():
        if ":" not in room and room in has_rooms:
            continue
        lines.append(f"{room} ({', '.join(objects)})" if objects else room)
    return lines


def initial_places(spec: AgentSpec) -> list[str]:
    """What the agent knows at the start: the spec's known places plus home and workplace trees."""
    persona = spec.persona
    roots = [persona.home] + ([persona.workplace] if persona.workplace else [])
    known = list(spec.known_places)
    inside = tuple(r + ":" for r in roots)  # one C-level test per address, for large towns
    known += [a for a in spec.places if a in roots or a.startswith(inside)]
    known.extend(r for r in roots if not spec.places)
    return list(dict.fromkeys(known))


@lru_cache(maxsize=8)
def town_index(places: tuple[str, ...]) -> Mapping[str, str]:
    """The `address_index` of a town's addresses, one shared by every mind of that town."""
    return MappingProxyType(address_index(places))


def learn(known: list[str], town: Mapping[str, str], seen: Iterable[str]) -> list[str]:
    """Add places the agent has been in or seen; returns what was new.

    `town` is the `address_index` of the town's addresses (empty: take what is seen as it is).
    """
    have = set(known)
    new: list[str] = []
    for address in seen:
        if not address or address == "outdoors":
            continue
        full = resolve_in_index(address, town) if town else address
        if full and full not in have:
            have.add(full)
            new.append(full)
    known.extend(new)
    return new


def mentioned_areas(text: str, town: Sequence[str], known: Sequence[str]) -> list[str]:
    """Addresses of unknown areas named in a text (someone told the agent of them)."""
    lowered = text.lower()
    have = set(known)
    areas = [a for a in town if ":" not in a and a not in have]
    named = [a for a in areas if re.search(rf"\b{re.escape(a.lower())}\b", lowered)]
    return [a for a in town if any(a == n or a.startswith(n + ":") for n in named)]


def check_persona(spec: AgentSpec) -> None:
    """Raise PersonaError when a persona names a home or workplace that is not in the town."""
    if not spec.places:
        return
    persona = spec.persona
    for field in ("home", "workplace"):
        value = getattr(persona, field)
        if value is None:
            continue
        if value.strip().lower() not in {p.lower() for p in spec.places}:
            areas = sorted(a for a in spec.places if ":" not in a)
            raise PersonaError(
                f'persona "{persona.name}": field "{field}": location "{value}" is not on the '
                f"map (known areas: {', '.join(areas[:12])})"
            )
    for name in persona.relationships:
        if not name.strip():
            raise PersonaError(f'persona "{persona.name}": field "relationships": a name is empty')
