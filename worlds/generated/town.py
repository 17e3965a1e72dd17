"""The plan of a generated town: which home or public place stands on which lot.

The town is a grid of lots between streets. Each household has a home (a
family house, or a flat in a building of seven); there are enough public
places for everyone's job and every pupil's seat, and a park per few hundred
residents. Public places are spread among the homes from the centre outwards,
so every neighbourhood has some.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from worlds.generated.households import ADULT_AGE, RETIREMENT_AGE, Household, Person
from worlds.generated.names import PLACE_WORDS, STREET_KINDS
from worlds.generated.workplaces import KINDS, OPENING_ORDER

LOT_W, LOT_H = 30, 22  # a lot's size in tiles; streets of 2 tiles run between lots
STEP_X, STEP_Y = LOT_W + 2, LOT_H + 2
FLATS_PER_BUILDING = 7
RESIDENTS_PER_PARK = 400


@dataclass(frozen=True)
class Bedroom:
    """A bedroom of a house: its name, floor width, bed tile, and who sleeps there."""

    name: str
    width: int
    bed: str
    sleepers: tuple[str, ...]


@dataclass(frozen=True)
class Home:
    """A home on a lot: a house with bedrooms, or a building of flats (room "flat N")."""

    name: str
    kind: str  # "house" or "flats"
    lot: tuple[int, int]
    bedrooms: tuple[Bedroom, ...]
    households: tuple[Household, ...]


@dataclass(frozen=True)
class Venue:
    """A public place on a lot, of one of the `workplaces.KINDS`."""

    name: str
    kind: str
    lot: tuple[int, int]


@dataclass(frozen=True)
class TownPlan:
    """The whole town before it is drawn: its grid, streets, homes and public places."""

    name: str
    cols: int
    rows: int
    streets: tuple[str, ...]  # the street below each row of lots, top to bottom
    homes: tuple[Home, ...]
    venues: tuple[Venue, ...]

    @property
    def width(self) -> int:
        return self.cols * STEP_X + 2

    @property
    def height(self) -> int:
        return self.rows * STEP_Y + 2


def lot_origin(lot: tuple[int, int]) -> tuple[int, int]:
    """The top-left tile of a lot (column, row)."""
    return lot[0] * STEP_X + 2, lot[1] * STEP_Y + 2


def plan_town(groups: list[Household], rng: random.Random) -> TownPlan:
    """Lay out homes for these households and the public places they need."""
    people = [p for h in groups for p in h.people]
    kinds = venue_kinds(people)
    home_groups = _home_groups(groups)
    lots = len(home_groups) + len(kinds)
    cols = max(1, math.ceil(math.sqrt(lots * STEP_Y / STEP_X)))
    rows = math.ceil(lots / cols)
    cells = sorted(
        ((c, r) for r in range(rows) for c in range(cols)),
        key=lambda cell: ((cell[0] + 0.5 - cols / 2) ** 2 + (cell[1] + 0.5 - rows / 2) ** 2, cell),
    )
    words = _Words(rng)
    streets = tuple(f"{words.take()} {rng.choice(STREET_KINDS)}" for _ in range(rows))
    homes: list[Home] = []
    venues: list[Venue] = []
    for placed, cell in enumerate(cells[:lots]):
        # Public places are spread evenly through the lots, the first at the centre.
        if len(venues) < len(kinds) and len(venues) * lots <= placed * len(kinds):
            kind = kinds[len(venues)]
            venues.append(Venue(words.name(KINDS[kind].naming), kind, cell))
        else:
            groups_here = home_groups[len(homes)]
            name = f"{cell[0] * 2 + 1} {streets[cell[1]]}"
            homes.append(_home(name, cell, groups_here))
    return TownPlan(words.town(), cols, rows, streets, tuple(homes), tuple(venues))


def venue_kinds(people: list[Person]) -> list[str]:
    """The public places a town of these people needs: parks, schools, then jobs enough."""
    kinds = ["park"] * (1 + len(people) // RESIDENTS_PER_PARK)
    pupils = [p.age for p in people if p.age < ADULT_AGE]
    for seats in KINDS["school"].seats:
        low, high = seats.ages
        needed = math.ceil(sum(low <= age <= high for age in pupils) / seats.count)
        kinds += ["school"] * max(0, needed - kinds.count("school"))
    workers = sum(ADULT_AGE <= p.age < RETIREMENT_AGE for p in people)
    jobs = sum(KINDS[k].job_count for k in kinds)
    opened = 0
    while jobs < workers or opened == 0:
        kind = OPENING_ORDER[opened % len(OPENING_ORDER)]
        kinds.append(kind)
        jobs += KINDS[kind].job_count
        opened += 1
    return kinds


def _home_groups(groups: list[Household]) -> list[tuple[Household, ...]]:
    """Households by home: each family, couple or housemates a house; singles seven a building."""
    singles = [h for h in groups if h.kind == "single"]
    shared = [(h,) for h in groups if h.kind != "single"]
    buildings = [
        tuple(singles[i : i + FLATS_PER_BUILDING])
        for i in range(0, len(singles), FLATS_PER_BUILDING)
    ]
    return shared + buildings


def _home(name: str, lot: tuple[int, int], groups: tuple[Household, ...]) -> Home:
    if groups[0].kind == "single":
        return Home(name, "flats", lot, (), groups)
    return Home(name, "house", lot, _bedrooms(groups[0]), groups)


def _bedrooms(household: Household) -> tuple[Bedroom, ...]:
    """A couple shares the main bedroom; everyone else has a room of their own."""
    couple = [p for p in household.people if p.role in ("partner", "parent")]
    rooms: list[Bedroom] = []
    if len(couple) == 2:
        rooms.append(Bedroom("main bedroom", 5, "double_bed", tuple(p.name for p in couple)))
    others = [p for p in household.people if len(couple) != 2 or p not in couple]
    firsts = [p.first for p in others]
    for person in others:
        owner = person.first if firsts.count(person.first) == 1 else person.name
        rooms.append(Bedroom(f"{owner}'s room", 4, "bed", (person.name,)))
    # The bedroom row is at least as wide as the kitchen and a living room below it.
    shortfall = 14 - (sum(r.width for r in rooms) + 3 + len(rooms))
    if shortfall > 0:
        first = rooms[0]
        rooms[0] = Bedroom(first.name, first.width + shortfall, first.bed, first.sleepers)
    return tuple(rooms)


class _Words:
    """Place words handed out once each, then with a number when they run out."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.left = list(PLACE_WORDS)
        self.names: set[str] = set()

    def take(self) -> str:
        if not self.left:
            self.left = list(PLACE_WORDS)
        return self.left.pop(self.rng.randrange(len(self.left)))

    def name(self, naming: str) -> str:
        """A unique name in the given format ({word}), e.g. "Heron Café"."""
        for _ in range(len(PLACE_WORDS)):
            candidate = naming.format(word=self.rng.choice(PLACE_WORDS))
            if candidate not in self.names:
                break
        n = 2
        base = candidate
        while candidate in self.names:
            candidate, n = f"{base} {n}", n + 1
        self.names.add(candidate)
        return candidate

    def town(self) -> str:
        return self.rng.choice(PLACE_WORDS) + self.rng.choice(("ford", "bury", "wick", "ham"))
