"""Oakhollow's public places: café, pub, school, library, town hall, grocery, pharmacy, shops.

Each function builds one area at a given rectangle and returns the tile just
outside its main entrance, where the town's paths join it.
"""

from __future__ import annotations

from sim.world_map import Rect, Tile
from worlds.build.mapmaker import MapMaker
from worlds.oakhollow.layout import building, connect, dress, exit_door, outline, put, windows


def _below(door: Tile) -> Tile:
    return door[0], door[1] + 1


def _above(door: Tile) -> Tile:
    return door[0], door[1] - 1


def cafe(m: MapMaker, name: str, r: Rect) -> Tile:
    """A café: a dining floor with the counter, a kitchen, and a patio out front."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="cafe")
    rooms = building(
        area,
        r.x + 1,
        r.y + 1,
        [(6, [("dining room", 10), ("kitchen", 4)])],
        {"kitchen": "floor_tile"},
    )
    dining, kitchen = rooms["dining room"], rooms["kitchen"]
    connect(dining, kitchen)
    door = exit_door(dining, "south")
    put(dining, "coffee machine", 0, 0, tile="coffee_machine")
    put(dining, "counter", 1, 0, tile="counter", w=2)
    put(dining, "register", 3, 0, tile="register")
    put(dining, "pastry case", 4, 0, tile="shelf")
    put(dining, "window table", 1, 3, tile="table")
    put(dining, "corner table", -2, 4, tile="table")
    put(dining, "long table", 6, 2, tile="table", w=2)
    put(dining, "sofa", 0, -1, tile="sofa", w=2)
    put(dining, "bookshelf", -1, 0, tile="bookcase")
    dress(dining, [(0, 3), (2, 3), (-3, 4), (-1, 4), (6, 1), (7, 1), (6, 3), (7, 3)], "chair")
    put(kitchen, "oven", 1, 0, tile="stove")
    put(kitchen, "sink", 2, 0, tile="sink")
    put(kitchen, "fridge", 3, 0, tile="fridge")
    put(kitchen, "prep table", 2, 3, tile="table", w=2)
    put(kitchen, "pantry shelf", -1, -1, tile="shelf")
    windows(m, outline(rooms), every=3)
    patio = area.room("patio", r.x + 1, r.y + 10, r.w - 2, 3, floor="", walls=None)
    m.fill(r.x + 1, r.y + 10, r.w - 2, 3, "plaza")
    put(patio, "patio table", 2, 1, tile="table")
    put(patio, "sunny table", -4, 1, tile="table")
    dress(patio, [(1, 1), (3, 1), (-5, 1), (-3, 1)], "chair")
    dress(patio, [(0, 0), (-1, 0)], "plant", blocks=True)
    return _below(door)


def pub(m: MapMaker, name: str, r: Rect) -> Tile:
    """A pub: the taproom with its bar and piano, a kitchen, and a beer garden."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="bar")
    rooms = building(
        area,
        r.x + 1,
        r.y + 1,
        [(7, [("taproom", 12), ("kitchen", 5)])],
        {"kitchen": "floor_tile", "taproom": "floor_wood"},
        wall="wall_wood",
    )
    taproom, kitchen = rooms["taproom"], rooms["kitchen"]
    connect(taproom, kitchen)
    door = exit_door(taproom, "south")
    put(taproom, "bar", 0, 0, tile="bar", w=5)
    put(taproom, "register", 5, 0, tile="register")
    put(taproom, "tap shelf", 6, 0, tile="shelf", w=2)
    put(taproom, "piano", -1, 0, tile="piano")
    put(taproom, "fireside table", 1, 4, tile="table")
    put(taproom, "long table", 6, 3, tile="table", w=3)
    put(taproom, "corner booth", -2, -2, tile="table")
    put(taproom, "dartboard", 0, -1, tile="notice_board")
    dress(taproom, [(x, 1) for x in range(5)], "chair")
    dress(
        taproom, [(0, 4), (2, 4), (6, 2), (7, 2), (8, 2), (6, 4), (7, 4), (8, 4), (-1, -2)], "chair"
    )
    put(kitchen, "grill", 1, 0, tile="stove")
    put(kitchen, "stove", 2, 0, tile="stove")
    put(kitchen, "sink", 3, 0, tile="sink")
    put(kitchen, "fridge", 4, 0, tile="fridge")
    put(kitchen, "prep counter", 2, 4, tile="counter", w=2)
    put(kitchen, "barrels", -1, -1, tile="crate")
    windows(m, outline(rooms), every=3)
    garden = area.room("beer garden", r.x + 1, r.y + 11, r.w - 2, 3, floor="", walls=None)
    put(garden, "picnic table", 2, 1, tile="table", w=2)
    put(garden, "garden table", -5, 1, tile="table", w=2)
    dress(garden, [(2, 0), (3, 0), (2, 2), (3, 2), (-5, 0), (-4, 0), (-5, -1), (-4, -1)], "bench")
    return _below(door)


def school(m: MapMaker, name: str, r: Rect) -> Tile:
    """A village school: two classrooms and a staff room off a corridor, and a playground."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="school")
    rooms = building(
        area,
        r.x + 1,
        r.y + 1,
        [
            (6, [("junior classroom", 8), ("senior classroom", 8), ("staff room", 5)]),
            (2, [("corridor", 1)]),
        ],
        {"corridor": "floor_stone", "staff room": "floor_carpet"},
    )
    corridor = rooms["corridor"]
    for label in ("junior classroom", "senior classroom"):
        room = rooms[label]
        connect(room, corridor)
        put(room, "whiteboard", 2, 0, tile="whiteboard", w=3)
        put(room, "teacher's desk", -1, 1, tile="desk")
        put(room, "front desks", 1, 2, tile="desk", w=2)
        put(room, "window desks", 4, 2, tile="desk", w=2)
        put(room, "back desks", 1, 4, tile="desk", w=2)
        put(room, "bookshelf", -1, -1, tile="shelf")
        dress(room, [(1, 3), (2, 3), (4, 3), (5, 3), (1, 5), (2, 5)], "chair")
    staff = rooms["staff room"]
    connect(staff, corridor)
    put(staff, "staff table", 1, 2, tile="table", w=2)
    put(staff, "kettle", 0, 0, tile="coffee_machine")
    put(staff, "bookcase", -1, 0, tile="bookcase")
    put(staff, "sofa", -1, 3, tile="sofa")
    dress(staff, [(0, 2), (3, 2)], "chair")
    put(corridor, "lockers", 0, 0, tile="cabinet", w=2)
    put(corridor, "notice board", -1, 0, tile="notice_board")
    door = exit_door(corridor, "south")
    windows(m, outline(rooms), every=3)
    yard = area.room("playground", r.x + 1, r.y + 13, r.w - 2, 6, floor="", walls=None)
    m.fill(r.x + 1, r.y + 13, r.w - 2, 6, "sand")
    put(yard, "climbing frame", 2, 2, tile="crate", w=2, h=2)
    put(yard, "bench", -3, -1, tile="bench", w=2)
    put(yard, "hopscotch", 14, 2, tile="rug", w=1, h=1)
    return _below(door)


def library(m: MapMaker, name: str, r: Rect) -> Tile:
    """A library: the stacks, a reading room, a children's corner and the front desk."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="library")
    rooms = building(
        area,
        r.x,
        r.y + 1,
        [(7, [("stacks", 6), ("reading room", 9)]), (4, [("children's corner", 6), ("lobby", 9)])],
        {
            "reading room": "floor_carpet",
            "children's corner": "floor_carpet",
            "lobby": "floor_stone",
        },
    )
    stacks, reading = rooms["stacks"], rooms["reading room"]
    kids, lobby = rooms["children's corner"], rooms["lobby"]
    connect(stacks, reading)
    connect(reading, lobby)
    connect(kids, lobby)
    door = exit_door(lobby, "south")
    for dy, shelf in (
        (0, "local history shelves"),
        (2, "fiction shelves"),
        (4, "science shelves"),
        (6, "poetry shelves"),
    ):
        put(stacks, shelf, 0, dy, tile="bookcase", w=5)
    put(reading, "reading table", 2, 2, tile="table", w=3)
    put(reading, "newspaper rack", -1, 0, tile="shelf")
    put(reading, "study carrel", -1, 4, tile="desk")
    put(reading, "armchair", 1, 5, tile="armchair")
    put(reading, "fireside armchair", 4, 5, tile="armchair")
    dress(reading, [(2, 1), (3, 1), (4, 1), (2, 3), (3, 3), (4, 3)], "chair")
    put(kids, "picture book shelf", 0, 0, tile="bookcase", w=2)
    put(kids, "toy box", -1, 0, tile="crate")
    put(kids, "story rug", 1, 2, tile="rug", w=2, blocks=False)
    put(lobby, "front desk", 1, 1, tile="counter", w=2)
    put(lobby, "returns cart", -1, 0, tile="crate")
    put(lobby, "notice board", -1, -1, tile="notice_board")
    windows(m, outline(rooms), every=3)
    return _below(door)


def town_hall(m: MapMaker, name: str, r: Rect) -> Tile:
    """The town hall: council chamber, mayor's and clerk's offices, lobby, and the square."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="town hall")
    rooms = building(
        area,
        r.x + 2,
        r.y + 1,
        [
            (6, [("council chamber", 12), ("mayor's office", 6)]),
            (4, [("clerk's office", 6), ("lobby", 12)]),
        ],
        {"council chamber": "floor_carpet", "lobby": "floor_stone"},
    )
    chamber, mayor = rooms["council chamber"], rooms["mayor's office"]
    clerk, lobby = rooms["clerk's office"], rooms["lobby"]
    connect(chamber, lobby)
    connect(mayor, lobby)
    connect(clerk, lobby)
    door = exit_door(lobby, "south")
    put(chamber, "council table", 3, 2, tile="table", w=6)
    put(chamber, "whiteboard", 4, 0, tile="whiteboard", w=2)
    put(chamber, "notice board", 0, 0, tile="notice_board")
    put(chamber, "public benches", 1, -1, tile="bench", w=3)
    put(chamber, "back benches", 5, -1, tile="bench", w=2)
    dress(chamber, [(x, y) for x in range(3, 9) for y in (1, 3)], "chair")
    put(mayor, "mayor's desk", 2, 1, tile="desk", w=2)
    put(mayor, "filing cabinet", 0, 0, tile="cabinet")
    put(mayor, "bookcase", -1, 0, tile="bookcase")
    put(mayor, "armchair", -1, 3, tile="armchair")
    dress(mayor, [(2, 2)], "chair")
    put(clerk, "clerk's desk", 1, 1, tile="desk", w=2)
    put(clerk, "filing cabinets", 0, -1, tile="cabinet", w=2)
    put(clerk, "records shelf", -1, 0, tile="shelf")
    put(lobby, "reception counter", 4, 1, tile="counter", w=2)
    put(lobby, "waiting bench", -3, -1, tile="bench", w=2)
    put(lobby, "notice board", -1, 0, tile="notice_board")
    windows(m, outline(rooms), every=3)
    top = r.y + r.h - 4
    square = area.room("square", r.x, top, r.w, 4, floor="", walls=None)
    m.fill(r.x, top, r.w, 4, "plaza")
    put(square, "fountain", 8, 1, tile="fountain")
    put(square, "town notice board", -4, 0, tile="notice_board")
    put(square, "square bench", 3, 2, tile="bench", w=2)
    put(square, "market bench", -7, 2, tile="bench", w=2)
    return _below(door)


def grocery(m: MapMaker, name: str, r: Rect) -> Tile:
    """A grocery: aisles of shelves, the checkout and a storeroom."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="grocery")
    rooms = building(
        area,
        r.x + 1,
        r.y + 1,
        [(7, [("shop floor", 12), ("storeroom", 5)])],
        {"shop floor": "floor_tile", "storeroom": "floor_stone"},
    )
    shop, store = rooms["shop floor"], rooms["storeroom"]
    connect(shop, store)
    door = exit_door(shop, "south")
    put(shop, "dairy fridge", 1, 0, tile="fridge", w=3)
    put(shop, "bread shelf", 5, 0, tile="shelf", w=2)
    put(shop, "dry goods shelves", 1, 2, tile="shelf", w=4)
    put(shop, "tinned goods shelves", 6, 2, tile="shelf", w=3)
    put(shop, "fruit and vegetables", 1, 4, tile="crate", w=3)
    put(shop, "checkout counter", 8, 5, tile="counter", w=2)
    put(shop, "register", 10, 5, tile="register")
    put(store, "delivery crates", 0, 0, tile="crate", w=2)
    put(store, "stock shelves", -1, 0, tile="shelf", h=4)
    put(store, "sacks of flour", 0, -1, tile="crate")
    windows(m, outline(rooms), every=3)
    return _below(door)


def pharmacy(m: MapMaker, name: str, r: Rect) -> Tile:
    """A pharmacy: a shop with the counter, and the dispensary behind it."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="pharmacy")
    rooms = building(
        area,
        r.x + 1,
        r.y + 1,
        [(6, [("shop", 9), ("dispensary", 5)])],
        {"shop": "floor_tile", "dispensary": "floor_tile"},
    )
    shop, back = rooms["shop"], rooms["dispensary"]
    connect(shop, back)
    door = exit_door(shop, "south")
    put(shop, "medicine shelves", 0, 0, tile="shelf", w=3)
    put(shop, "remedy shelves", 0, 2, tile="shelf", w=2)
    put(shop, "counter", 4, 1, tile="counter", w=2)
    put(shop, "register", 6, 1, tile="register")
    put(shop, "waiting chairs", 0, -1, tile="bench", w=2)
    dress(shop, [(-1, 0), (-1, -1)], "plant", blocks=True)
    put(back, "dispensing bench", 1, 0, tile="counter", w=3)
    put(back, "medicine cabinet", -1, 2, tile="cabinet")
    put(back, "sink", 0, -1, tile="sink")
    put(back, "desk", -1, -1, tile="desk")
    windows(m, outline(rooms), every=3)
    return _below(door)


def market_row(m: MapMaker, name: str, r: Rect) -> list[Tile]:
    """A row of three shops facing north: bakery, hardware shop and flower shop."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="shops")
    rooms = building(
        area,
        r.x + 1,
        r.y + 1,
        [(6, [("bakery", 7), ("hardware shop", 8), ("flower shop", 6)])],
        {"bakery": "floor_tile", "hardware shop": "floor_wood", "flower shop": "floor_tile"},
    )
    bakery, hardware, flowers = rooms["bakery"], rooms["hardware shop"], rooms["flower shop"]
    doors = [exit_door(room, "north") for room in (bakery, hardware, flowers)]
    put(bakery, "oven", 0, -1, tile="stove", w=2)
    put(bakery, "dough table", 2, -1, tile="table", w=2)
    put(bakery, "bread shelves", -1, -2, tile="shelf", h=2)
    put(bakery, "counter", 1, 2, tile="counter", w=2)
    put(bakery, "register", 0, 2, tile="register")
    put(hardware, "tool shelves", 0, -1, tile="shelf", w=3)
    put(hardware, "paint shelves", 5, -1, tile="shelf", w=3)
    put(hardware, "workbench", 0, 2, tile="table", w=2)
    put(hardware, "counter", 5, 2, tile="counter", w=2)
    put(hardware, "register", 7, 2, tile="register")
    put(hardware, "crates of nails", 0, 4, tile="crate")
    put(flowers, "flower buckets", 0, -1, tile="plant", w=3)
    put(flowers, "potted plants", 0, 2, tile="plant", w=2)
    put(flowers, "counter", 3, 2, tile="counter", w=2)
    put(flowers, "register", 5, 2, tile="register")
    put(flowers, "sink", -1, -1, tile="sink")
    windows(m, outline(rooms), every=3)
    return [_above(d) for d in doors]
