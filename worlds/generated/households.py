"""The people of a generated town, living together: households with names and ages.

A household is a single person, a couple, a family (one or two parents and
their children) or housemates. Names are unique in the town; a family shares
its surname. Everything is drawn from one seeded `random.Random`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from worlds.generated.names import FIRST_NAMES, SURNAMES

# Household kinds and how often each is drawn.
KINDS = ("single", "couple", "family", "housemates")
WEIGHTS = (30, 20, 38, 12)
ADULT_AGE = 18
RETIREMENT_AGE = 67


@dataclass(frozen=True)
class Person:
    """One resident before they have a home, a job or a routine."""

    first: str
    surname: str
    age: int
    role: str  # "adult", "parent", "partner", "child", "housemate"

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass(frozen=True)
class Household:
    """People who share a home; `kind` is one of KINDS."""

    kind: str
    people: tuple[Person, ...]


class NameBook:
    """Hands out full names no one in town has yet."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def surname(self, free_needed: int) -> str:
        """A surname with at least `free_needed` first names still unused with it."""
        for _ in range(200):
            surname = self.rng.choice(SURNAMES)
            free = sum(f"{f} {surname}" not in self.used for f in FIRST_NAMES)
            if free >= free_needed:
                return surname
        raise ValueError("the town has run out of names")

    def first(self, surname: str) -> str:
        """A first name not yet taken with this surname; the name is then taken."""
        free = [f for f in FIRST_NAMES if f"{f} {surname}" not in self.used]
        first = self.rng.choice(free)
        self.used.add(f"{first} {surname}")
        return first


def households(residents: int, rng: random.Random) -> list[Household]:
    """Households holding exactly `residents` people, drawn from `rng`."""
    book = NameBook(rng)
    made: list[Household] = []
    left = residents
    while left > 0:
        kind = rng.choices(KINDS, WEIGHTS)[0]
        size = _size(kind, rng)
        if size > left:  # the last household takes whoever is left
            kind = {1: "single", 2: "couple"}.get(left, kind)
            size = left
        made.append(_household(kind, size, book, rng))
        left -= size
    return made


def _size(kind: str, rng: random.Random) -> int:
    if kind == "single":
        return 1
    if kind == "couple":
        return 2
    if kind == "family":
        return rng.choice((2, 3, 3, 4, 4, 5))
    return rng.choice((2, 3, 3, 4))


def _household(kind: str, size: int, book: NameBook, rng: random.Random) -> Household:
    if kind == "single":
        surname = book.surname(1)
        people = [Person(book.first(surname), surname, rng.randint(ADULT_AGE, 88), "adult")]
    elif kind == "couple":
        surname = book.surname(2)
        age = rng.randint(22, 84)
        other = max(ADULT_AGE, age + rng.randint(-4, 4))
        people = [
            Person(book.first(surname), surname, age, "partner"),
            Person(book.first(surname), surname, other, "partner"),
        ]
    elif kind == "family":
        people = _family(size, book, rng)
    else:
        people = []
        for _ in range(size):
            surname = book.surname(1)
            people.append(Person(book.first(surname), surname, rng.randint(19, 38), "housemate"))
    return Household(kind, tuple(people))


def _family(size: int, book: NameBook, rng: random.Random) -> list[Person]:
    """One or two parents and their children (under 18); two parents when there is room."""
    surname = book.surname(size)
    parents = 2 if size >= 3 or rng.random() < 0.5 else 1
    parents = min(parents, size - 1)
    age = rng.randint(26, 52)
    people = [Person(book.first(surname), surname, age, "parent")]
    if parents == 2:
        people.append(Person(book.first(surname), surname, age + rng.randint(-4, 4), "parent"))
    oldest = min(ADULT_AGE - 1, age - 20)
    for _ in range(size - parents):
        people.append(Person(book.first(surname), surname, rng.randint(0, oldest), "child"))
    return people
