"""The kinds of public place a generated town is built from, and the jobs each one offers.

Each kind is drawn by one of Oakhollow's venue builders (or the park here),
stands on one lot, and offers jobs (an occupation in a named room) and, for
schools, seats for pupils of an age range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sim.world_map import Rect, Tile
from worlds.build.mapmaker import MapMaker
from worlds.generated.parks import park
from worlds.oakhollow import venues


@dataclass(frozen=True)
class Job:
    """`count` people work as `occupation` in `room`."""

    occupation: str
    room: str
    count: int


@dataclass(frozen=True)
class Seats:
    """Pupils aged `ages` (inclusive) sit in `room`, up to `count` of them."""

    room: str
    ages: tuple[int, int]
    count: int


@dataclass(frozen=True)
class VenueKind:
    """A kind of public place: how it is named, drawn, and who works or learns there."""

    key: str
    naming: str  # a format with {word}
    build: Callable[[MapMaker, str, Rect], Tile | list[Tile]]
    size: tuple[int, int]
    jobs: tuple[Job, ...]
    seats: tuple[Seats, ...] = ()
    door: str = "south"  # the side its entrances face

    @property
    def job_count(self) -> int:
        return sum(job.count for job in self.jobs)


KINDS = {
    kind.key: kind
    for kind in (
        VenueKind(
            "cafe", "{word} Café", venues.cafe, (19, 14),
            (Job("barista", "dining room", 3), Job("cook", "kitchen", 2)),
        ),
        VenueKind(
            "grocery", "{word} Grocery", venues.grocery, (21, 12),
            (Job("grocer", "shop floor", 3), Job("stock clerk", "storeroom", 2)),
        ),
        VenueKind(
            "pub", "The {word} Inn", venues.pub, (22, 14),
            (Job("bartender", "taproom", 3), Job("pub cook", "kitchen", 2)),
        ),
        VenueKind(
            "market", "{word} Market Row", venues.market_row, (28, 12),
            (Job("baker", "bakery", 2), Job("hardware clerk", "hardware shop", 2),
             Job("florist", "flower shop", 2)),
            door="north",
        ),
        VenueKind(
            "pharmacy", "{word} Pharmacy", venues.pharmacy, (18, 12),
            (Job("pharmacist", "dispensary", 2), Job("shop assistant", "shop", 2)),
        ),
        VenueKind(
            "library", "{word} Library", venues.library, (18, 20),
            (Job("librarian", "lobby", 2), Job("archivist", "stacks", 1)),
        ),
        VenueKind(
            "town hall", "{word} Town Hall", venues.town_hall, (28, 18),
            (Job("council clerk", "clerk's office", 3), Job("receptionist", "lobby", 1),
             Job("council officer", "mayor's office", 1)),
        ),
        VenueKind(
            "school", "{word} School", venues.school, (28, 20),
            (Job("teacher", "junior classroom", 2), Job("teacher", "senior classroom", 2),
             Job("school administrator", "staff room", 1)),
            seats=(Seats("junior classroom", (5, 11), 25), Seats("senior classroom", (12, 17), 25)),
        ),
        VenueKind(
            "park", "{word} Park", park, (28, 20),
            (Job("gardener", "community garden", 2),),
        ),
    )
}  # fmt: skip

# The order in which places open as a town needs more jobs (schools open for pupils).
OPENING_ORDER = ("cafe", "grocery", "pub", "market", "pharmacy", "library", "town hall")
