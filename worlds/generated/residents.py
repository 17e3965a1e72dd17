"""The residents of a generated town: where each sleeps, works or learns, their day and ties.

Jobs are the occupations the town's public places offer, pupils sit in the
classroom for their age, and every routine item names a place on the map.
Relationships are written on both sides: household, colleagues, classmates
and next-door neighbours.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from agents.persona import Persona
from worlds.generated.households import ADULT_AGE, RETIREMENT_AGE, Person
from worlds.generated.town import FLATS_PER_BUILDING, Home, TownPlan
from worlds.generated.workplaces import KINDS

TRAITS = (
    "cheerful", "patient", "curious", "blunt", "shy", "generous", "stubborn", "witty",
    "anxious", "calm", "ambitious", "dreamy", "practical", "talkative", "kind", "proud",
    "careful", "restless", "gentle", "sharp",
)  # fmt: skip
HOBBIES = (
    "gardening", "chess", "baking", "birdwatching", "running", "painting", "knitting",
    "fishing", "reading mysteries", "playing the fiddle", "cycling", "photography",
)  # fmt: skip


@dataclass(frozen=True)
class RoutineItem:
    """One line of a daily routine: a time, what is done, and the address it happens at."""

    time: str
    activity: str
    place: str

    def text(self) -> str:
        return f"{self.time} {self.activity}"


@dataclass(frozen=True)
class Resident:
    """A resident as the personas file will hold them."""

    person: Person
    home: str  # the home's area
    bedroom: str  # "area:room" where they sleep (and spawn)
    occupation: str
    workplace: str | None
    routine: tuple[RoutineItem, ...]
    relationships: dict[str, str]

    @property
    def name(self) -> str:
        return self.person.name


def residents(plan: TownPlan, rng: random.Random) -> list[Resident]:
    """Everyone in the town with a bedroom, a place by day, a routine and relationships."""
    bedrooms = _bedrooms(plan)
    places = _day_places(plan, rng)
    cafes = [v.name for v in plan.venues if v.kind == "cafe"]
    parks = [v.name for v in plan.venues if v.kind == "park"]
    ties = _Ties()
    _household_ties(plan, ties)
    _workplace_ties(places, ties)
    _neighbour_ties(plan, ties)
    made = []
    for home in plan.homes:
        for household in home.households:
            for person in household.people:
                occupation, workplace = places.get(person.name, _at_home(person))
                routine = _routine(
                    person, home.name, bedrooms[person.name], occupation, workplace,
                    rng.choice(cafes), rng.choice(parks), rng,
                )  # fmt: skip
                made.append(
                    Resident(
                        person, home.name, bedrooms[person.name], occupation, workplace,
                        routine, ties.of(person.name),
                    )
                )  # fmt: skip
    return made


def persona(resident: Resident, rng: random.Random) -> Persona:
    """The resident as a persona of the world's personas file."""
    p = resident.person
    traits = ", ".join(rng.sample(TRAITS, 3))
    hobby = rng.choice(HOBBIES)
    work = resident.workplace.split(":")[0] if resident.workplace else None
    if resident.occupation == "pupil":
        learned = f"{p.first} is a pupil at {work}"
    elif work:
        learned = f"{p.first} works as a {resident.occupation} at {work}"
    else:
        learned = f"{p.first} is {resident.occupation}"
    learned += f" and lives at {resident.home}."
    return Persona(
        name=p.name,
        age=p.age,
        innate=traits,
        learned=f"{learned} In spare hours {p.first} enjoys {hobby}.",
        currently=f"getting better at {hobby}",
        lifestyle=f"wakes at {resident.routine[0].time}, in bed by {resident.routine[-1].time}",
        occupation=resident.occupation,
        home=resident.home,
        workplace=resident.workplace,
        relationships=resident.relationships,
        daily_routine=[item.text() for item in resident.routine],
        spawn=p.name,
    )


def _bedrooms(plan: TownPlan) -> dict[str, str]:
    where: dict[str, str] = {}
    for home in plan.homes:
        if home.kind == "flats":
            for i, household in enumerate(home.households[:FLATS_PER_BUILDING]):
                where[household.people[0].name] = f"{home.name}:flat {i + 1}"
        else:
            for bedroom in home.bedrooms:
                for name in bedroom.sleepers:
                    where[name] = f"{home.name}:{bedroom.name}"
    return where


def _day_places(plan: TownPlan, rng: random.Random) -> dict[str, tuple[str, str]]:
    """Each worker's (occupation, workplace) and each pupil's ("pupil", classroom)."""
    people = [p for home in plan.homes for h in home.households for p in h.people]
    jobs = [
        (job.occupation, f"{venue.name}:{job.room}")
        for venue in plan.venues
        for job in KINDS[venue.kind].jobs
        for _ in range(job.count)
    ]
    workers = [p for p in people if ADULT_AGE <= p.age < RETIREMENT_AGE]
    rng.shuffle(jobs)
    places = {p.name: job for p, job in zip(workers, jobs, strict=False)}
    seats = [
        (f"{venue.name}:{s.room}", s.ages, s.count)
        for venue in plan.venues
        for s in KINDS[venue.kind].seats
    ]
    taken = [0] * len(seats)
    for person in people:
        for i, (room, (low, high), count) in enumerate(seats):
            if person.age >= 5 and low <= person.age <= high and taken[i] < count:
                places[person.name] = ("pupil", room)
                taken[i] += 1
                break
    return places


def _at_home(person: Person) -> tuple[str, None]:
    if person.age < ADULT_AGE:
        return "a small child", None
    return ("retired", None) if person.age >= RETIREMENT_AGE else ("between jobs", None)


def _routine(
    person: Person,
    home: str,
    bedroom: str,
    occupation: str,
    workplace: str | None,
    cafe: str,
    park: str,
    rng: random.Random,
) -> tuple[RoutineItem, ...]:
    wake = rng.choice(("06:00", "06:30", "07:00"))
    items = [RoutineItem(wake, f"wake up and have breakfast at {home}", bedroom)]
    if workplace:
        venue, room = workplace.split(":")
        doing = "lessons" if occupation == "pupil" else f"work as a {occupation}"
        items += [
            RoutineItem("08:00", f"walk to {venue}", venue),
            RoutineItem("08:30", f"{doing} in the {room} of {venue}", workplace),
            RoutineItem("12:30", f"lunch at {cafe}", cafe),
            RoutineItem("13:30", f"back to the {room} of {venue}", workplace),
        ]
    else:
        items += [
            RoutineItem("09:00", f"a walk in {park}", park),
            RoutineItem("12:30", f"lunch at {cafe}", cafe),
            RoutineItem("14:00", f"potter about at {home}", home),
        ]
    items += [
        RoutineItem("17:30", f"an evening stroll in {park}", park),
        RoutineItem("19:00", f"dinner at {home}", home),
        RoutineItem(rng.choice(("21:30", "22:00", "22:30")), "go to bed", bedroom),
    ]
    return tuple(items)


class _Ties:
    """Relationships, always added on both sides at once."""

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, str]] = {}

    def add(self, a: str, b: str, a_sees_b: str, b_sees_a: str) -> None:
        if a == b or b in self.seen.get(a, {}):
            return
        self.seen.setdefault(a, {})[b] = a_sees_b
        self.seen.setdefault(b, {})[a] = b_sees_a

    def of(self, name: str) -> dict[str, str]:
        return dict(self.seen.get(name, {}))


def _household_ties(plan: TownPlan, ties: _Ties) -> None:
    for home in plan.homes:
        for household in home.households:
            people = household.people
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    ties.add(a.name, b.name, *_kin(a, b, home))


def _kin(a: Person, b: Person, home: Home) -> tuple[str, str]:
    """How a sees b and b sees a, in one household."""
    roles = (a.role, b.role)
    if roles in (("partner", "partner"), ("parent", "parent")):
        return "partner", "partner"
    if roles == ("parent", "child"):
        return f"child, aged {b.age}", "parent"
    if roles == ("child", "child"):
        return "sibling", "sibling"
    return f"housemate at {home.name}", f"housemate at {home.name}"


def _workplace_ties(places: dict[str, tuple[str, str]], ties: _Ties) -> None:
    """Colleagues and classmates: each with the next one in the same place, in a ring."""
    by_place: dict[str, list[str]] = {}
    for name, (occupation, address) in places.items():
        key = address if occupation == "pupil" else address.split(":")[0]
        by_place.setdefault(key, []).append(name)
    for place, names in by_place.items():
        room = place.partition(":")[2]
        label = f"classmate in the {room}" if room else f"colleague at {place}"
        for a, b in zip(names, names[1:] + names[:1], strict=True):
            ties.add(a, b, label, label)


def _neighbour_ties(plan: TownPlan, ties: _Ties) -> None:
    """The eldest of each home knows the eldest next door on the same street."""
    eldest = {
        home.lot: max((p for h in home.households for p in h.people), key=lambda p: (p.age, p.name))
        for home in plan.homes
    }
    for (col, row), person in eldest.items():
        neighbour = eldest.get((col + 1, row))
        if neighbour is not None:
            ties.add(person.name, neighbour.name, "next-door neighbour", "next-door neighbour")
