"""Build Oakhollow's map: a 25-person town of seven homes and nine public places, 100x94 tiles.

Run `python -m worlds.oakhollow.build` (or `python worlds/oakhollow/build.py`)
to rewrite `worlds/oakhollow/map.tmj`; the written map is committed beside
this script. Homes are in `homes.py`, public places in `venues.py`; this file
places them, lays the roads and paths, plants the park and names the spawns.

The plan: Mill Lane runs north-south and High Street east-west. North-west
are four family houses; north-east the school, library, town hall and Pell
House; south-west Foxglove Park, the flats and Kestrel House; south-east the
café, pub, grocery, pharmacy and the shops of Market Row.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


from sim.world_map import Rect, Tile  # noqa: E402
from worlds.build.mapmaker import MapMaker, RoomMaker  # noqa: E402
from worlds.oakhollow import venues  # noqa: E402
from worlds.oakhollow.homes import HousePlan, flats, house  # noqa: E402
from worlds.oakhollow.layout import put  # noqa: E402

MAP_PATH = Path(__file__).resolve().parent / "map.tmj"
WIDTH, HEIGHT = 100, 94

# Roads (2 tiles wide): (start, end) of the centre line's top-left tiles.
ROADS = {"High Street": ((0, 44), (99, 44)), "Mill Lane": ((48, 0), (48, 93))}
LANES = {
    "North Lane": ((0, 21), (47, 21)), "School Lane": ((50, 22), (99, 22)),
    "West Lane": ((0, 73), (47, 73)), "Market Lane": ((50, 61), (99, 61)),
    "South Lane": ((50, 77), (99, 77)),
}  # fmt: skip

# Who sleeps where: persona -> (home area, room); their spawn point is in that room.
SLEEPERS = {
    "Ilona Varga": ("Hawthorn House", "main bedroom"),
    "Dariusz Varga": ("Hawthorn House", "main bedroom"),
    "Petra Varga": ("Hawthorn House", "Petra's room"),
    "Benji Varga": ("Hawthorn House", "Benji's room"),
    "Funmi Adeyemi": ("Quince Cottage", "main bedroom"),
    "Tunde Adeyemi": ("Quince Cottage", "main bedroom"),
    "Zola Adeyemi": ("Quince Cottage", "Zola's room"),
    "Greta Lindqvist": ("Millrace House", "bedroom"),
    "Henrik Lindqvist": ("Millrace House", "bedroom"),
    "Winnie Ashgrove": ("Rowan Cottage", "Winnie's room"),
    "Odette Fairweather": ("Rowan Cottage", "Odette's room"),
    "Colm Pell": ("Pell House", "main bedroom"),
    "Agnes Pell": ("Pell House", "main bedroom"),
    "Rory Pell": ("Pell House", "Rory's room"),
    "Jonah Whitlock": ("Kestrel House", "Jonah's room"),
    "Elsie Marchetti": ("Kestrel House", "Elsie's room"),
    "Bram Osei": ("Kestrel House", "Bram's room"),
    "Nadia Brennan": ("Kestrel House", "Nadia's room"),
    "Maeve Donnelly": ("Larkspur Flats", "flat 1"),
    "Rafael Quintero": ("Larkspur Flats", "flat 2"),
    "Hana Sato": ("Larkspur Flats", "flat 3"),
    "Oskar Bell": ("Larkspur Flats", "flat 4"),
    "Priya Raman": ("Larkspur Flats", "flat 5"),
    "Augustin Mercer": ("Larkspur Flats", "flat 6"),
    "Ezra Kaplan": ("Larkspur Flats", "flat 7"),
}


# The family houses, in the order they are built, and the lane each front path joins.
HOUSES = (
    (
        HousePlan(
            "Hawthorn House",
            Rect(1, 1, 24, 19),
            (2, 2),
            (
                ("main bedroom", 5, "double_bed", ()),
                ("Petra's room", 4, "bed", (("bookshelf", 0, -1, "shelf"),)),
                ("Benji's room", 4, "bed", (("toy box", 0, -1, "crate"),)),
            ),
            kitchen_w=7,
        ),
        21,
    ),
    (
        HousePlan(
            "Quince Cottage",
            Rect(27, 1, 20, 19),
            (28, 2),
            (
                ("main bedroom", 6, "double_bed", ()),
                ("Zola's room", 4, "bed", (("bookshelf", 0, -1, "shelf"),)),
            ),
            kitchen_w=6,
            wall="wall_wood",
        ),
        21,
    ),
    (
        HousePlan(
            "Millrace House",
            Rect(1, 24, 20, 19),
            (2, 25),
            (
                ("bedroom", 5, "double_bed", ()),
                ("guest room", 4, "bed", (("bookcase", 0, -1, "bookcase"),)),
            ),
            kitchen_w=6,
        ),
        44,
    ),
    (
        HousePlan(
            "Rowan Cottage",
            Rect(23, 24, 24, 19),
            (24, 25),
            (
                ("Winnie's room", 5, "bed", (("armchair", 1, -1, "armchair"),)),
                ("Odette's room", 4, "bed", ()),
            ),
            kitchen_w=6,
            wall="wall_wood",
            garden=Rect(41, 26, 5, 12),
        ),
        44,
    ),
    (
        HousePlan(
            "Pell House",
            Rect(81, 25, 18, 18),
            (82, 26),
            (
                ("main bedroom", 5, "double_bed", ()),
                ("Rory's room", 4, "bed", (("guitar stand", 0, -1, "easel"),)),
            ),
            kitchen_w=6,
        ),
        44,
    ),
    (
        HousePlan(
            "Kestrel House",
            Rect(26, 76, 22, 17),
            (27, 77),
            (
                ("Jonah's room", 3, "bed", ()),
                ("Elsie's room", 3, "bed", ()),
                ("Bram's room", 3, "bed", ()),
                ("Nadia's room", 3, "bed", ()),
            ),
            kitchen_w=8,
            front="north",
        ),
        74,
    ),
)

# The public places: how each is built, its name, where it stands, the lane its path joins.
VENUES = (
    (venues.school, "Oakhollow School", Rect(51, 1, 28, 20), 22),
    (venues.library, "Oakhollow Library", Rect(81, 1, 18, 20), 22),
    (venues.town_hall, "Oakhollow Town Hall", Rect(51, 25, 28, 18), 44),
    (venues.cafe, "Bramble & Bean", Rect(51, 47, 19, 14), 61),
    (venues.pub, "The Crooked Heron", Rect(72, 47, 22, 14), 61),
    (venues.grocery, "Pell's Grocery", Rect(51, 64, 21, 12), 77),
    (venues.pharmacy, "Greenleaf Pharmacy", Rect(75, 64, 18, 12), 77),
)


def build() -> MapMaker:
    """The whole town, ready to save."""
    m = MapMaker(WIDTH, HEIGHT)
    for (x0, y0), (x1, y1) in ROADS.values():
        m.path([(x0, y0), (x1, y1)], tile="road", width=2)
    for (x0, y0), (x1, y1) in LANES.values():
        m.path([(x0, y0), (x1, y1)], width=2)
    rooms = homes(m)
    for make, name, rect, lane_y in VENUES:
        spur(m, make(m, name, rect), lane_y)
    for door in venues.market_row(m, "Market Row", Rect(51, 80, 28, 12)):
        spur(m, door, 78)
    park(m, Rect(1, 47, 46, 25))
    for plan, _ in HOUSES:
        enclose(m, plan.area, "fence")
    enclose(m, Rect(0, 46, 48, 27), "hedge")
    streetlights(m)
    plant_trees(m, random.Random(7))
    for name, (area, room) in SLEEPERS.items():
        x, y = free_tile(m, rooms[area][room])
        m.spawn(name, x, y)
    m.spawn("Mill Lane crossroads", 49, 45)
    return m


def homes(m: MapMaker) -> dict[str, dict[str, RoomMaker]]:
    """Every home with the path from its door to a lane; rooms by home, then by name."""
    rooms: dict[str, dict[str, RoomMaker]] = {}
    for plan, lane_y in HOUSES:
        rooms[plan.name], door = house(m, plan)
        spur(m, door, lane_y)
    rooms["Larkspur Flats"], doors = flats(
        m,
        "Larkspur Flats",
        Rect(1, 76, 24, 17),
        (2, 77),
        {"flat 4": [("easel", 1, 1, "easel")], "flat 6": [("bookcase", 1, -1, "bookcase")]},
    )
    for x, y in doors:
        m.path([(x, y), (x, 74)])
    return rooms


def park(m: MapMaker, r: Rect) -> None:
    """Foxglove Park: a pond with benches, a lawn with a bandstand, a community garden."""
    area = m.area("Foxglove Park", r.x, r.y, r.w, r.h, kind="park")
    pond = area.room("pond", r.x + 1, r.y + 1, 20, 13, floor="", walls=None)
    put(pond, "pond", 4, 3, tile="water", w=11, h=6)
    px, py = pond.rect.x, pond.rect.y
    for x0, y0, w, h in ((7, 2, 6, 1), (6, 9, 7, 1), (3, 4, 1, 4), (15, 3, 1, 2), (15, 7, 1, 1)):
        m.fill(px + x0, py + y0, w, h, "water", blocks=True)
    put(pond, "north bench", 8, 0, tile="bench", w=2)
    put(pond, "south bench", 8, -2, tile="bench", w=2)
    put(pond, "fishing jetty", 15, 5, tile="floor_wood", w=2, blocks=False)
    lawn = area.room("lawn", r.x + 22, r.y + 1, 22, 13, floor="", walls=None)
    put(lawn, "bandstand", 8, 3, tile="floor_wood", w=4, h=3, blocks=False)
    put(lawn, "fountain", 2, 2, tile="fountain")
    put(lawn, "picnic tables", 15, 8, tile="table", w=2)
    put(lawn, "notice board", -1, 0, tile="notice_board")
    put(lawn, "old oak", 3, 9, tile="tree")
    garden = area.room("community garden", r.x + 1, r.y + 15, 20, 9, floor="", walls=None)
    put(garden, "vegetable beds", 2, 2, tile="flowers", w=6, h=2)
    put(garden, "herb beds", 10, 2, tile="flowers", w=4, h=2)
    put(garden, "tool shed", -1, 0, tile="cabinet", w=2)
    put(garden, "compost bins", -1, -1, tile="crate", w=2)
    put(garden, "water butt", 0, -1, tile="sink")
    play = area.room("meadow", r.x + 22, r.y + 15, 22, 9, floor="", walls=None)
    put(play, "meadow bench", 2, 1, tile="bench", w=2)
    put(play, "swings", 10, 3, tile="crate", w=2)
    # Paths cross the park to the roads around it, through gaps in its hedge.
    m.path([(0, r.y + 14), (47, r.y + 14)])
    m.path([(r.x + 21, 44), (r.x + 21, 73)])
    for x, y in ((6, 2), (14, 2), (6, 10), (16, 10)):
        m.paint(r.x + x, r.y + y, "flowers", layer="ground")
    for x, y in ((27, 3), (27, 11), (38, 11), (42, 3)):
        m.fill(r.x + x, r.y + y, 2, 1, "flowers")


def enclose(m: MapMaker, r: Rect, tile: str) -> None:
    """A fence or hedge on the ring of a rectangle, open wherever a path or road crosses it."""
    ground = m.layers["ground"]
    open_ground = {m.gid("path"), m.gid("road")}
    blocked = m.blocked()
    for x, y in Rect(r.x, r.y, r.w, r.h).tiles():
        on_ring = x in (r.x, r.x + r.w - 1) or y in (r.y, r.y + r.h - 1)
        if on_ring and ground[y, x] not in open_ground and not blocked[y, x]:
            m.tree(x, y, tile=tile)


def streetlights(m: MapMaker) -> None:
    """Lamps along High Street and Mill Lane, on the verge beside the road."""
    blocked = m.blocked()
    grass = m.gid("grass")
    for x in range(3, WIDTH, 8):
        for y in (43, 46):
            if m.layers["ground"][y, x] == grass and not blocked[y, x]:
                m.paint(x, y, "lamp", layer="decor", blocks=True)
    for y in range(4, HEIGHT, 8):
        for x in (47, 50):
            if m.layers["ground"][y, x] == grass and not blocked[y, x]:
                m.paint(x, y, "lamp", layer="decor", blocks=True)


def plant_trees(m: MapMaker, rng: random.Random) -> None:
    """Trees and bushes on open grass, never beside a path, wall, door or another obstacle."""
    blocked = m.blocked()
    grass, walls, furniture = m.gid("grass"), m.layers["walls"], m.layers["furniture"]
    ground = m.layers["ground"]
    # Indoors is wherever a floor is drawn; open-air rooms (the park's) have none.
    floor = m.layers["floor"] != 0
    inside = floor.copy()
    inside[1:, :] |= floor[:-1, :]
    inside[:-1, :] |= floor[1:, :]
    inside[:, 1:] |= floor[:, :-1]
    inside[:, :-1] |= floor[:, 1:]
    for y in range(HEIGHT):
        for x in range(WIDTH):
            y0, y1, x0, x1 = max(y - 1, 0), min(y + 2, HEIGHT), max(x - 1, 0), min(x + 2, WIDTH)
            near = ground[y0:y1, x0:x1]
            if (
                inside[y, x]
                or blocked[y0:y1, x0:x1].any()
                or walls[y0:y1, x0:x1].any()
                or furniture[y0:y1, x0:x1].any()
                or (near != grass).any()
                or (x, y) in m.spawns.values()
            ):
                continue
            edge = min(x, y, WIDTH - 1 - x, HEIGHT - 1 - y) < 3 or x > 93
            in_park = m.areas["Foxglove Park"].rect.contains((x, y))
            chance = 0.35 if edge else 0.12 if in_park else 0.05
            if rng.random() < chance:
                kind = rng.choices(["tree", "pine", "bush", "rock"], [5, 3, 3, 1])[0]
                m.tree(x, y, tile=kind)
                blocked[y, x] = True


def spur(m: MapMaker, start: Tile, lane_y: int) -> None:
    """A footpath from a door's outside tile straight north or south to a lane."""
    m.path([start, (start[0], lane_y)])


def free_tile(m: MapMaker, room: RoomMaker) -> Tile:
    """A walkable tile of the room no spawn point uses yet, next to nothing but floor."""
    blocked = m.blocked()
    taken = set(m.spawns.values())
    for x, y in room.rect.tiles():
        if not blocked[y, x] and (x, y) not in taken and (x, y) not in m.doors:
            return x, y
    raise ValueError(f'room "{room.area.name}:{room.name}" has no free tile for a spawn point')


if __name__ == "__main__":
    print(f"wrote {build().save(MAP_PATH)}")
