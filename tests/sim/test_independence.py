"""The independence rule: how far a resident may run ahead of the others."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.independence import Course, Envelope, Memo, first_contact, free_ticks, horizon
from sim.reach import Box, Reach, reach_of

SIZE = 80


def town(objects=None, *, remote_release=False):
    """A bare field (vision 4), with `objects`."""
    objects = objects or {}
    near = np.zeros((SIZE, SIZE), dtype=bool)
    for box in objects.values():
        near[max(box.y0 - 4, 0) : box.y1 + 5, max(box.x0 - 4, 0) : box.x1 + 5] = True
    return Reach(
        margin=4,
        vision=4,
        objects=objects,
        near_object=near,
        remote_release=remote_release,
    )


def walk(start, end):
    """Tiles stepped on from `start` to `end`, horizontally first (start excluded)."""
    (x, y), tiles = start, []
    while x != end[0]:
        x += 1 if end[0] > x else -1
        tiles.append((x, y))
    while y != end[1]:
        y += 1 if end[1] > y else -1
        tiles.append((x, y))
    return tuple(tiles)


def test_the_margin_is_vision_and_a_free_resident_reaches_the_largest_object_further():
    from sim.world_loader import load_world

    world = load_world("tiny")
    reach = reach_of(world.map, 4)
    extent = max(max(o.rect.w, o.rect.h) for o in world.map.objects.values())
    assert (reach.margin, reach.extent) == (4, extent)


def test_residents_standing_apart_in_long_actions_drift_until_an_action_ends():
    # A bench 2 tiles wide on the road between them, a pond 11 wide far off.
    reach = town({"bench": Box(30, 5, 31, 5), "pond": Box(60, 60, 70, 65)})
    ada = Course("Ada", tick=0, tile=(5, 5), wake_tick=500)
    bo = Course("Bo", tick=0, tile=(45, 5), wake_tick=300)
    # Bo may wake at 300 and then walk towards Ada, taking up the bench on the way:
    # 40 - 4 - 2 tiles, 34 ticks. The pond is farther than that.
    assert horizon("Ada", [ada, bo], reach, limit=1000) == 300 + 34 - 1
    assert horizon("Ada", [ada, bo], town(), limit=1000) == 300 + 36 - 1  # nothing to take up
    assert horizon("Bo", [ada, bo], reach, limit=1000) == 300
    far = Course("Bo", tick=0, tile=(45, 5), wake_tick=900)
    assert horizon("Ada", [ada, far], reach, limit=1000) == 500


def test_conversation_partners_never_drift():
    reach = town()
    ada = Course("Ada", tick=10, tile=(5, 5), wake_tick=10, partner="Bo")
    bo = Course("Bo", tick=10, tile=(8, 5), wake_tick=10, partner="Ada")
    assert horizon("Ada", [ada, bo], reach, limit=1000) == 9
    behind = Course("Bo", tick=9, tile=(8, 5), wake_tick=9, partner="Ada")
    assert horizon("Ada", [ada, behind], reach, limit=1000) == 9


def test_a_walking_resident_couples_only_what_its_path_comes_near():
    reach = town()
    walker = Course("Wil", tick=0, tile=(0, 40), path=walk((0, 40), (79, 40)), wake_tick=400)
    near = Course("Nia", tick=0, tile=(50, 44), wake_tick=600)  # 4 tiles off the road
    far = Course("Fay", tick=0, tile=(50, 5), wake_tick=600)  # 35 tiles off it
    courses = [walker, near, far]
    free = free_ticks(courses, reach, limit=1000)
    # Wil steps on (46, 40), within sight of Nia, at tick 45: both may wake then.
    assert free["Nia"] == 45
    assert free["Wil"] == 45
    assert horizon("Nia", courses, reach, limit=1000) == 44
    # Fay is only reached by where Wil may walk after tick 45 (no object on the way):
    # 35 - 4 more ticks.
    assert horizon("Fay", courses, reach, limit=1000) == 45 + 31 - 1


def test_a_shared_object_couples_its_users_once_both_may_be_at_it():
    counter = Box(40, 40, 41, 40)
    reach = town({"Cafe:bar:counter": counter})
    ada = Course("Ada", tick=5, tile=(40, 41), wake_tick=900, held="Cafe:bar:counter")
    # Bo walks to the counter to use it too; on his way he sets nothing, and he sees
    # Ada's counter from (41, 36), 67 steps into his walk: at tick 69.
    bo = Course(
        "Bo",
        tick=3,
        tile=(5, 5),
        path=walk((5, 5), (41, 39)),
        wake_tick=900,
        held="Cafe:bar:counter",
    )
    assert horizon("Ada", [ada, bo], reach, limit=1000) == 68
    there = Course("Bo", tick=5, tile=(41, 41), wake_tick=900, held="Cafe:bar:counter")
    far = replace(reach, margin=0, vision=0)  # only sharing couples them here
    assert horizon("Ada", [ada, there], far, limit=1000) == 4
    other = Course("Bo", tick=3, tile=(5, 5), path=walk((5, 5), (10, 5)), wake_tick=900, held=None)
    assert horizon("Ada", [ada, other], reach, limit=1000) == 900


def test_one_who_may_still_decide_holds_back_whoever_sees_objects():
    counter = Box(40, 40, 41, 40)
    ada = Course("Ada", tick=5, tile=(40, 42), wake_tick=900)
    bo = Course("Bo", tick=5, tile=(5, 5), in_flight=True)
    # Bo's next action may name the counter and release it from afar, from tick 6.
    assert horizon("Ada", [ada, bo], town({"c": counter}, remote_release=True), limit=1000) == 5
    # Else he must walk within sight of her, four neighbours a step: 31 + 33 steps (the
    # counter beside her is no nearer).
    assert horizon("Ada", [ada, bo], town({"c": counter}), limit=1000) == 5 + 64 - 1


def test_a_free_resident_reaches_as_far_as_the_objects_it_may_take_up_on_its_way():
    # Bo is free at once, 3 tiles from a pond 11 wide; Ada walks straight at him.
    reach = town({"pond": Box(3, 0, 13, 5)})
    ada = Envelope.of(Course("Ada", tick=0, tile=(40, 0), path=walk((40, 0), (0, 0))), 500, reach)
    bo = Envelope.of(Course("Bo", tick=0, tile=(0, 0)), 0, reach)
    assert [bo.box(t).x1 for t in (1, 2, 3)] == [1, 2 + 11, 3 + 11]  # the pond from walk 2 on
    near = next(t for t in range(60) if Box.around(ada.course.at(t)).gap(bo.box(t)) <= 4)
    assert first_contact(ada, bo, reach, 500) == near == 12


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 10), st.integers(0, 5)),
        max_size=8,
    ),
    st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_a_free_residents_reach_is_its_walk_plus_the_largest_object_it_may_stand_beside(spec, tile):
    boxes = [Box(x, y, x + w, y + h) for x, y, w, h in spec]
    growth = town({f"o{i}": box for i, box in enumerate(boxes)}).extents_from(tile)
    sides = [max(b.x1 - b.x0, b.y1 - b.y0) + 1 for b in boxes]

    def walk_beside(box, steps):  # to the nearest tile on or next to the box
        ring = [
            (i, j) for i in range(box.x0 - 1, box.x1 + 2) for j in range(box.y0 - 1, box.y1 + 2)
        ]
        return min(steps(tile, t) for t in ring)

    def reach(walks, factor):  # four neighbours a step: an object of side s spans 2 s steps
        return lambda walked: (
            walked
            + factor * max((s for s, w in zip(sides, walks, strict=True) if w <= walked), default=0)
        )

    square = reach([walk_beside(b, chebyshev) for b in boxes], 1)
    diamond = reach([walk_beside(b, manhattan) for b in boxes], 2)
    for steps, reach in ((growth.square, square), (growth.diamond, diamond)):
        assert [steps.radius(w) for w in range(90)] == [reach(w) for w in range(90)]
        for distance in range(-2, 150):
            assert steps.walk_to(distance) == next(w for w in range(1, 400) if reach(w) >= distance)


def chebyshev(a, b):
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def manhattan(a, b):
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


@st.composite
def small_towns(draw):
    n = draw(st.integers(2, 5))
    objects = {}
    for i in range(draw(st.integers(0, 3))):
        x, y = draw(st.integers(0, 30)), draw(st.integers(0, 30))
        objects[f"o{i}"] = Box(x, y, x + draw(st.integers(0, 6)), y + draw(st.integers(0, 2)))
    courses = []
    for i in range(n):
        start = (draw(st.integers(0, 30)), draw(st.integers(0, 30)))
        goal = (draw(st.integers(0, 30)), draw(st.integers(0, 30)))
        path = walk(start, goal) if draw(st.booleans()) else ()
        wake = draw(st.integers(0, 120))
        courses.append(Course(f"r{i}", tick=0, tile=start, path=path, wake_tick=wake))
    moves = draw(
        st.lists(
            st.sampled_from([(1, 0), (-1, 0), (0, 1), (0, -1), (0, 0)]), min_size=200, max_size=200
        )
    )
    return courses, moves, objects


def affects(here, there, free, reach):
    """Whether a resident at `there` may affect one at `here`: seen, or, once `free`, through
    any object it stands on or beside (it may have taken it up)."""
    if max(abs(here[0] - there[0]), abs(here[1] - there[1])) <= reach.margin:
        return True
    return free and any(
        Box.around(there).gap(o) <= 1 and Box.around(here).gap(o) <= reach.margin
        for o in reach.objects.values()
    )


def lockstep(courses, moves, reach, ticks):
    """Where everyone really is: on course until woken by itself or by someone it is affected
    by (from the tick after it woke, one may hold an object); then anywhere (here: a fixed
    random walk)."""
    places = {c.name: [] for c in courses}
    woken = {}
    for t in range(ticks):
        for c in courses:
            if c.name not in woken:
                places[c.name].append(c.at(t))
            else:
                x, y = places[c.name][-1]
                dx, dy = moves[(t + len(c.name) * 7) % len(moves)]
                places[c.name].append((x + dx, y + dy))
        for c in courses:
            if c.name in woken:
                continue
            here = places[c.name][t]
            near = any(
                affects(here, places[o.name][t], woken.get(o.name, t) < t, reach)
                for o in courses
                if o.name != c.name
            )
            if t >= c.wake_tick or near:
                woken[c.name] = t
    return places, woken


@settings(max_examples=60, deadline=None)
@given(small_towns())
def test_whoever_the_rule_lets_run_ahead_is_beyond_the_margin_in_the_lockstep_run(town_):
    courses, moves, objects = town_
    reach = town(objects)
    ticks = 160
    places, woken = lockstep(courses, moves, reach, ticks)
    for runner in courses:
        last = horizon(runner.name, courses, reach, limit=ticks - 1)
        for t in range(runner.tick, last + 1):
            for other in courses:
                if other.name == runner.name:
                    continue
                for s in range(other.tick, t + 1):
                    a, b = places[runner.name][t], places[other.name][s]
                    free = s > woken.get(other.name, ticks)  # it may hold an object
                    assert not affects(a, b, free, reach), (
                        runner.name,
                        t,
                        other.name,
                        s,
                    )


@st.composite
def envelope_pairs(draw):
    """Two residents on courses (walking or standing, holding a small object or not)."""
    x, y = draw(st.integers(0, 60)), draw(st.integers(0, 60))
    objects = {
        "o": Box(draw(st.integers(0, 40)), 20, draw(st.integers(41, 42)), 21),
        "p": Box(x, y, x + draw(st.integers(0, 3)), y),
    }
    courses = []
    for name in ("a", "b"):
        start = (draw(st.integers(0, 60)), draw(st.integers(0, 60)))
        goal = (draw(st.integers(0, 60)), draw(st.integers(0, 60)))
        courses.append(
            Course(
                name,
                tick=draw(st.integers(0, 20)),
                tile=start,
                path=walk(start, goal) if draw(st.booleans()) else (),
                in_flight=draw(st.booleans()),
                held=draw(st.sampled_from([None, "o"])),
            )
        )
    a, b = courses
    reach = town(objects)
    free_a = draw(st.integers(a.tick, 300))
    free_b = draw(st.integers(b.tick, 300))
    return Envelope.of(a, free_a, reach), Envelope.of(b, free_b, reach), reach


def _presence_at(course, tick, reach):
    boxes = [Box.around(course.at(tick))]
    if course.held and tick >= course.arrived():
        boxes.append(reach.objects[course.held])
    return boxes


@settings(max_examples=300, deadline=None)
@given(envelope_pairs())
def test_the_first_contact_is_never_later_than_the_first_tick_they_come_near(pair):
    a, b, reach = pair
    if a.course.held and a.course.held == b.course.held:
        return  # one object: they meet through it (the shared-object test)
    found = first_contact(a, b, reach, a.free)
    for tick in range(max(a.course.tick, b.course.anchor), min(a.free, found)):
        mine = _presence_at(a.course, tick, reach)
        held = _presence_at(b.course, tick, reach)[1:]
        assert b.slack(mine, tick, reach.margin) > 0, (tick, found)  # where it may be ...
        assert all(m.gap(h) > reach.margin for m in mine for h in held), (tick, found)  # ... holds


def ran_on(course, ticks):
    """The course of a resident that ran `ticks` more ticks on it without deciding."""
    return replace(
        course,
        tick=course.tick + ticks,
        tile=course.at(course.anchor + ticks),
        path=course.path[ticks:],
    )


def test_a_course_run_on_without_deciding_follows_the_one_it_came_from():
    course = Course("a", tick=3, tile=(0, 0), path=walk((0, 0), (5, 0)), wake_tick=40)
    assert ran_on(course, 2).follows(course)
    assert ran_on(course, 9).follows(ran_on(course, 2))  # standing at its path's end
    assert not course.follows(ran_on(course, 2))  # not backwards
    assert not replace(ran_on(course, 2), path=walk((2, 0), (2, 5))).follows(course)
    assert not replace(ran_on(course, 2), wake_tick=20).follows(course)
    assert not replace(course, in_flight=True).follows(course)


@settings(max_examples=60, deadline=None)
@given(small_towns(), st.lists(st.tuples(st.integers(0, 12), st.booleans()), min_size=5))
def test_free_ticks_read_with_a_memo_of_earlier_readings_are_never_later_than_afresh(town_, runs):
    """Some residents run on along their courses, others decide (a new path from where they
    stand): the memo's answers for the first hold, those for the others are not used."""
    courses, _, objects = town_
    reach = town(objects)
    memo = Memo()
    first = free_ticks(courses, reach, limit=150, memo=memo)
    assert free_ticks(courses, reach, limit=150, memo=memo) == first
    later = []
    for course, (ticks, decides) in zip(courses, runs, strict=False):
        on = ran_on(course, min(ticks, first[course.name]))
        later.append(replace(on, path=walk(on.tile, (15, 15))) if decides else on)
    with_memo = free_ticks(later, reach, limit=150, memo=memo)
    afresh = free_ticks(later, reach, limit=150)
    assert all(with_memo[c.name] <= afresh[c.name] for c in later)
    assert all(with_memo[c.name] >= c.tick for c in later)
