"""Which residents cannot affect each other: the rule that lets each keep its own tick.

A resident affects another only through what the other perceives or shares
with it: being seen (within the vision radius), a line spoken to it, the
state of an object (set by a resident standing on or next to it, seen by
anyone within vision of its rectangle), a conversation, an object both use.
So two residents can affect each other at a tick only if one comes within
the vision radius (`Reach.margin`) of the other or of the object the other's
action holds. Until a resident can wake, its place at every tick is known (it
follows its path, then stays, holding its action's object); after that it
may be anywhere it can walk to, holding any object it came next to (how far
that reaches is the map's part, `sim.reach`). A resident's
`free_tick` is the first tick it may wake, by itself or because someone
else's possible places come near it.

Object states are local: an action sets its object's state once its resident
stands there, and only that action frees it. A world whose rules let an
action free an object from afar sets `Reach.remote_release`, and the rule
then couples every resident that may still decide with every object held.

Everything here is a pure function of `Course` records (what the engine
knows of each resident at its own tick) and the map's `Reach`.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim.reach import FAR, NEVER, Box, Growth, Reach, Tile, corners_of, gaps_between


@dataclass(frozen=True)
class Course:
    """What the engine knows of one resident at its own tick.

    `tick` is the next tick it runs, or, `in_flight`, the tick whose decision
    it awaits. `tile` is its place before that tick's step (after it, when in
    flight); `path` the tiles it steps on next, one a tick. `wake_tick` is the
    first tick at or after `tick` it may wake by itself (its action's end, an
    injected memory, a new day; None when nothing is due before the horizon).
    """

    name: str
    tick: int
    tile: Tile
    path: tuple[Tile, ...] = ()
    wake_tick: int | None = None
    in_flight: bool = False
    partner: str | None = None
    held: str | None = None  # the object its action names, when the action sets its state

    @cached_property
    def anchor(self) -> int:
        """The tick at which `tile` is its place."""
        return self.tick if self.in_flight else self.tick - 1

    def own_wake(self) -> int:
        return (
            self.tick if self.in_flight else (NEVER if self.wake_tick is None else self.wake_tick)
        )

    def at(self, tick: int) -> Tile:
        """Its place at `tick` while it follows its path (ticks before `anchor`: `tile`)."""
        step = tick - self.anchor
        if step <= 0 or not self.path or self.in_flight:
            return self.tile
        return self.path[min(step, len(self.path)) - 1]

    def settled(self) -> int:
        """The first tick from which it stands still on its course."""
        return self.anchor if self.in_flight else self.anchor + len(self.path)

    def arrived(self) -> int:
        """The first tick it stands at the end of its path (NEVER: not on this course)."""
        if not self.in_flight:
            return self.anchor + len(self.path)
        return NEVER if self.path else self.anchor

    def follows(self, earlier: Course) -> bool:
        """Whether it is `earlier` followed on: the same places from its anchor on, the same
        wake, partner and object (the course of a resident that ran on without deciding)."""
        if (self.name, self.wake_tick, self.in_flight, self.partner, self.held) != (
            earlier.name,
            earlier.wake_tick,
            earlier.in_flight,
            earlier.partner,
            earlier.held,
        ):
            return False
        places = (earlier.tile, *earlier.path)
        walked = self.anchor - earlier.anchor
        if walked < 0 or (self.in_flight and walked):
            return False
        return (self.tile, *self.path) == places[min(walked, len(places) - 1) :]

    @cached_property
    def span(self) -> Box:
        """Every tile it stands on while on this course, in one box."""
        tiles = (self.tile, *self.path)
        xs, ys = [x for x, _ in tiles], [y for _, y in tiles]
        return Box(min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True, eq=False)
class Envelope:
    """Where a resident can be: on its course until `free` (inclusive), then walking anywhere.

    Once free, its box also takes in any object it may have taken up: the
    tiles it may stand on, widened as `growth` says.
    """

    course: Course
    free: int
    growth: Growth

    @classmethod
    def of(cls, course: Course, free: int, reach: Reach) -> Envelope:
        return cls(course, free, reach.extents_from(course.at(free)))

    def box(self, tick: int) -> Box:
        """The tiles it may stand on, or hold an object on, at `tick` (>= its anchor)."""
        if tick <= self.free:
            return Box.around(self.course.at(tick))
        return Box.around(self.course.at(self.free), self.growth.square.radius(tick - self.free))

    def slack(self, boxes: Sequence[Box], tick: int, margin: int) -> int:
        """How far it is at `tick` from coming within `margin` of `boxes` (<= 0: it may be)."""
        gap = _gap(boxes, [self.box(tick)]) - margin
        if gap > 0 or tick <= self.free:
            return gap  # the square alone says how far (the diamond only counts within it)
        reach = self.growth.diamond.radius(tick - self.free)
        return max(gap, self._steps_to(boxes, margin) - reach)

    def walk_to(self, boxes: Sequence[Box], margin: int) -> int:
        """The first tick after `free` it may come within `margin` of `boxes` (standing still)."""
        gap = _gap(boxes, [Box.around(self.course.at(self.free))]) - margin
        steps = self._steps_to(boxes, margin)
        walks = (self.growth.square.walk_to(gap), self.growth.diamond.walk_to(steps))
        return self.free + max(walks)

    def _steps_to(self, boxes: Sequence[Box], margin: int) -> int:
        """Steps from its place at `free` to within `margin` of the nearest of `boxes`."""
        home = self.course.at(self.free)
        return min(b.grown(margin).walk_from(home) for b in boxes)

    @cached_property
    def leaps(self) -> tuple[int, ...]:
        """The ticks its box grows by more than a tile: once free, and where an object joins."""
        return (self.free + 1, *(self.free + w for w in self.growth.steps))

    def on_course(self, first: int, last: int) -> list[Box]:
        """Boxes covering every place it stands on at some tick of first..last up to `free`."""
        c = self.course
        ticks = range(max(first, c.anchor), min(last, self.free, c.settled()) + 1)
        return [*(Box.around(c.at(t)) for t in ticks), self.box(max(min(last, self.free), first))]


def _held_boxes(course: Course, reach: Reach, tick: int) -> list[Box]:
    """The object whose state it may have set by `tick`: its action's, once it got there."""
    if not course.held or tick < course.arrived():
        return []
    box = reach.objects.get(course.held)
    return [box] if box else []


def _presence(course: Course, tick: int, reach: Reach) -> list[Box]:
    """Where it stands at `tick`, and the object it may hold there."""
    return [Box.around(course.at(tick)), *_held_boxes(course, reach, tick)]


def _bounds(course: Course, reach: Reach) -> list[Box]:
    """Boxes holding its every presence on its course: where it stands, the object it holds."""
    return [course.span, *_held_boxes(course, reach, NEVER)]


def _gap(boxes: Sequence[Box], others: Sequence[Box]) -> int:
    return min(a.gap(b) for a in boxes for b in others)


def _sharing_from(a: Course, b: Course) -> int:
    """The first tick two residents whose actions name the same object may both be at it.

    Its state is set by whoever arrives and freed by whoever occupied it, so
    two users affect each other through it once both have arrived (one who
    awaits its decision has arrived if it stands at its path's end); NEVER when
    they name different objects or none.
    """
    if not a.held or a.held != b.held:
        return NEVER
    return max(a.tick, b.tick, a.arrived(), b.arrived())


def first_contact(a: Envelope, b: Envelope, reach: Reach, limit: int) -> int:
    """The first tick (< `limit`, else NEVER) at which `b` may affect `a` while `a` is on course."""
    ca, cb = a.course, b.course
    if ca.partner == cb.name:
        return max(ca.tick, cb.tick)
    first = max(ca.tick, cb.anchor)
    last = min(a.free, limit - 1)
    if cb.arrived() <= b.free:  # `b` arrives at its object while on course
        shared = _sharing_from(ca, cb)
        if shared <= last:
            last = shared - 1
            contact = _contact_within(a, b, reach, first, last)
            return shared if contact == NEVER else contact
    return _contact_within(a, b, reach, first, last)


def _contact_within(a: Envelope, b: Envelope, reach: Reach, first: int, last: int) -> int:
    """The first tick of first..last at which `b` comes within the margin of `a` (else NEVER).

    Each of them moves at most a tile a tick, so a gap closes by at most two a
    tick: the search leaps ahead by half of what is left of it, but stops where
    a gap may jump (an object taken up on arrival, `b`'s reach once free).
    """
    ca, cb = a.course, b.course
    jumps = sorted({ca.arrived(), cb.arrived(), *b.leaps})
    still = max(ca.settled(), cb.settled())
    tick = max(first, _earliest_contact(a, b, reach))
    while tick <= last:
        mine = _presence(ca, tick, reach)
        held_b = _held_boxes(cb, reach, tick)
        gap = min(b.slack(mine, tick, reach.margin), _gap(mine, held_b or [FAR]) - reach.margin)
        if gap <= 0:
            return tick
        if tick >= still:
            # Both stand still from here (`a` is beyond the margin of `b` on course, and of
            # the object it holds); once free, `b`'s range grows as it walks and takes in objects.
            hit = max(tick, b.walk_to(mine, reach.margin))
            return hit if hit <= last else NEVER
        leap = tick + max(gap // 2, 1)
        tick = min([leap, max(still, tick + 1), *(j for j in jumps if j > tick)])
    return NEVER


def _earliest_contact(a: Envelope, b: Envelope, reach: Reach) -> int:
    """A tick before which `b` cannot come within the margin of `a`, from the boxes of
    their courses alone: `b` must first walk, once free, across the gap between them."""
    mine, held_b = _bounds(a.course, reach), _held_boxes(b.course, reach, NEVER)
    if held_b and _gap(mine, held_b) <= reach.margin:
        return 0
    gap = _gap(mine, [b.course.span])
    if gap <= reach.margin:
        return 0
    return b.free + reach.extents_from(b.course.span).square.walk_to(gap - reach.margin)


def _remote_write_tick(course: Course, others: Iterable[Course], reach: Reach) -> int:
    """The first tick another's decision might change an object from afar."""
    if not (reach.remote_release or reach.remote_occupy):
        return NEVER
    earliest = min((o.tick for o in others if o.name != course.name), default=NEVER)
    return earliest if reach.remote_occupy else earliest + 1


def _first_near_objects(course: Course, since: int, until: int, reach: Reach) -> int:
    for tick in range(max(since, course.tick), min(until, course.settled()) + 1):
        if reach.sees_objects(course.at(tick)):
            return tick
    stay = max(since, course.tick, course.settled() + 1)
    return stay if stay <= until and reach.sees_objects(course.at(stay)) else NEVER


def _first_sight_of(
    course: Course, writes: Sequence[tuple[int, str]], until: int, reach: Reach
) -> int:
    """The first tick it may see an object that someone ahead changed at a tick it has not run."""
    best = NEVER
    for tick, address in writes:
        box = reach.objects.get(address)
        if box is None or tick < course.tick:
            continue
        for t in range(max(tick, course.tick), min(until, best - 1) + 1):
            if Box.around(course.at(t)).gap(box) <= reach.vision:
                best = t
                break
            if t >= course.settled():
                break
    return best


def free_ticks(
    courses: Sequence[Course],
    reach: Reach,
    *,
    limit: int,
    writes: Sequence[tuple[int, str]] = (),
    memo: Memo | None = None,
) -> dict[str, int]:
    """Each resident's free tick: the first tick (< `limit`, else `limit`) it may wake.

    Starts from each resident's own wake and lowers it where another's
    possible places come near, until nothing changes: any real disturbance
    of a resident comes from someone within these envelopes, so none comes
    earlier. A `memo` kept from one reading to the next answers the pairs
    whose courses and free ticks have not changed since.
    """
    memo = memo or Memo()
    ways = memo.ways(courses)
    at = np.array(
        [_own_free_tick(c, courses, reach, limit, writes) for c in courses], dtype=np.int64
    )
    envelopes = [Envelope.of(c, int(at[i]), reach) for i, c in enumerate(courses)]
    walks = _walks_between(courses, reach)

    def lower(i: int, j: int) -> None:
        mine = envelopes[i]
        hit = memo.first_contact(ways[i], mine, ways[j], envelopes[j], reach)
        if hit < mine.free:
            at[i] = tick = max(hit, mine.course.tick)
            envelopes[i] = Envelope.of(mine.course, tick, reach)
            heapq.heappush(queue, (tick, i))

    # Every contact while both are on course first (with those `j` may come near before
    # their own free tick, `_earliest_contact`) ...
    queue = [(int(at[i]), i) for i in range(len(courses))]
    for j in range(len(courses)):
        for i in np.flatnonzero((walks[:, j] < 0) | (at[j] + walks[:, j] < at)):
            if i != j:
                lower(int(i), j)
    # ... after that, a resident can only be reached after another's free tick, so
    # they settle from the earliest free tick on.
    heapq.heapify(queue)
    settled = np.zeros(len(courses), dtype=bool)
    walks = np.maximum(walks, 1)
    while queue:
        tick, j = heapq.heappop(queue)
        if settled[j] or tick != at[j]:
            continue
        settled[j] = True
        for i in np.flatnonzero(at[j] + walks[:, j] < at):
            if not settled[i]:
                lower(int(i), j)
    return {c.name: int(at[i]) for i, c in enumerate(courses)}


class Memo:
    """Pair answers of the rule kept between readings (of one map's `Reach`).

    A reading repeats most of the last one's pairs: a course changes only
    where its resident ran or decided. Courses get numbers so that a pair's
    key is a few integers: `id_of` one per course, `ways` one per way (a course
    and the courses it becomes by following its path share their places from
    each one's anchor on, so a first contact found from an earlier tick holds
    for a later one when it is no earlier than where the later search starts).
    Never one number for two courses or ways; all is forgotten past `size`
    answers and courses.
    """

    def __init__(self, size: int = 1 << 17) -> None:
        self.size = size
        self._numbers = itertools.count()
        self._ids: dict[Course, int] = {}
        self._ways: dict[str, tuple[int, Course]] = {}
        self._contacts: dict[tuple[int, int, int, int], int] = {}
        self._clear: dict[tuple[int, int, int, int], bool] = {}

    def id_of(self, course: Course) -> int:
        """The course's number."""
        self._forget_if_full()
        number = self._ids.get(course)
        if number is None:
            number = self._ids[course] = next(self._numbers)
        return number

    def ways(self, courses: Sequence[Course]) -> list[int]:
        """Each course's way: the number of the first course it follows on from."""
        self._forget_if_full()
        numbers = []
        for course in courses:
            number, first = self._ways.get(course.name, (-1, None))
            if first is None or not course.follows(first):
                number = next(self._numbers)
                self._ways[course.name] = (number, course)
            numbers.append(number)
        return numbers

    def _forget_if_full(self) -> None:
        if len(self._contacts) + len(self._clear) + len(self._ids) > self.size:
            self._contacts.clear()
            self._clear.clear()
            self._ids.clear()
            self._ways.clear()

    def first_contact(self, wa: int, a: Envelope, wb: int, b: Envelope, reach: Reach) -> int:
        """`first_contact(a, b, reach, a.free)`, `wa` and `wb` the ways of their courses."""
        key = (wa, a.free, wb, b.free)
        hit = self._contacts.get(key)
        if hit is None or hit < max(a.course.tick, b.course.anchor):
            hit = self._contacts[key] = first_contact(a, b, reach, a.free)
        return hit

    def clear_of(
        self, ir: int, runner: Course, tick: int, io: int, other: Course, free: int, reach: Reach
    ) -> bool:
        """`clear_of(runner, tick, other, free, reach)`; `ir`, `io` the ids of the courses."""
        key = (ir, tick, io, free)
        clear = self._clear.get(key)
        if clear is None:
            clear = self._clear[key] = clear_of(runner, tick, other, free, reach)
        return clear


def _own_free_tick(
    course: Course,
    courses: Sequence[Course],
    reach: Reach,
    limit: int,
    writes: Sequence[tuple[int, str]],
) -> int:
    """Its free tick before anyone's walk is counted: its own wake, an object changed from
    afar in its sight, or one changed ahead of it that it comes to see."""
    bound = min(course.own_wake(), limit)
    remote = _remote_write_tick(course, courses, reach)
    if remote < bound:
        bound = min(bound, _first_near_objects(course, remote, bound, reach))
    bound = min(bound, _first_sight_of(course, writes, bound, reach))
    return max(bound, course.tick)


def _walks_between(courses: Sequence[Course], reach: Reach) -> np.ndarray:
    """For each pair (a, b), how many ticks past its free tick `b` walks at least before it may
    come within the margin of `a` (what `_earliest_contact` adds to it); -1 where `b` may
    affect `a` any time: near on their courses, partners, or users of one object."""
    held = [reach.objects.get(c.held) if c.held else None for c in courses]
    holds = np.array([box is not None for box in held], dtype=bool)
    spans = corners_of([c.span for c in courses])
    boxes = corners_of([box or c.span for box, c in zip(held, courses, strict=True)])
    body = np.minimum(
        gaps_between(spans, spans), np.where(holds[:, None], gaps_between(boxes, spans), NEVER)
    )
    to_held = np.minimum(
        gaps_between(spans, boxes), np.where(holds[:, None], gaps_between(boxes, boxes), NEVER)
    )
    near = (body <= reach.margin) | (holds[None, :] & (to_held <= reach.margin))
    index = {c.name: i for i, c in enumerate(courses)}
    users: dict[str, list[int]] = {}
    for i, c in enumerate(courses):
        if c.partner in index:
            near[i, index[c.partner]] = True
        if c.held:
            users.setdefault(c.held, []).append(i)
    for sharing in users.values():
        near[np.ix_(sharing, sharing)] = True
    walks = np.empty_like(body)
    for j, c in enumerate(courses):
        walks[:, j] = reach.extents_from(c.span).square.walks_to(body[:, j] - reach.margin)
    walks[near] = -1
    return walks


def coupled_at(a: Course, b: Course, tick: int, reach: Reach) -> bool:
    """Whether two residents that both run `tick` must run it together.

    Run apart, whichever runs first sees the other where it stood before the
    tick's step, so each one's place after its step is measured against the
    other's both before and after.
    """
    if a.partner == b.name or b.partner == a.name or _sharing_from(a, b) <= tick:
        return True
    if _gap(_bounds(a, reach), _bounds(b, reach)) > reach.margin:
        return False
    a_then, a_now = _presence(a, tick - 1, reach), _presence(a, tick, reach)
    b_then, b_now = _presence(b, tick - 1, reach), _presence(b, tick, reach)
    return min(_gap(a_now, b_then + b_now), _gap(a_then, b_now)) <= reach.margin


def clear_of(runner: Course, tick: int, other: Course, other_free: int, reach: Reach) -> bool:
    """Whether `runner` may run `tick` while `other` has not run past it (other.tick <= tick).

    Every place `other` may stand on from its own tick to `tick` must lie
    beyond the margin from `runner`'s place at `tick` (and from the object it
    holds); and when another's decision may change any object from afar,
    a runner that sees objects may not pass the tick after that decision.
    """
    if runner.partner == other.name:
        return False
    if other.arrived() <= other_free and _sharing_from(runner, other) <= tick:
        return False
    mine = _presence(runner, tick, reach)
    walked = tick - other_free + reach.extent if tick > other_free else 0
    if _gap(mine, [b.grown(walked) for b in _bounds(other, reach)]) <= reach.margin:
        envelope = Envelope.of(other, other_free, reach)
        # From where it stands now (what the runner sees of it) to its place at `tick`.
        theirs = envelope.on_course(other.anchor, tick) + _held_boxes(other, reach, tick)
        if _gap(mine, theirs) <= reach.margin:
            return False
        if tick > other_free and envelope.slack(mine, tick, reach.margin) <= 0:
            return False
    remote = other_free if reach.remote_occupy else other_free + 1
    if (reach.remote_release or reach.remote_occupy) and remote <= tick:
        return not any(reach.sees_objects(box_tile) for box_tile in _tiles_of(mine[:1]))
    return True


def _tiles_of(boxes: Sequence[Box]) -> list[Tile]:
    return [(x, y) for b in boxes for x in range(b.x0, b.x1 + 1) for y in range(b.y0, b.y1 + 1)]


def horizon(
    name: str,
    courses: Sequence[Course],
    reach: Reach,
    *,
    limit: int,
    writes: Sequence[tuple[int, str]] = (),
) -> int:
    """The last tick resident `name` may run, from its own tick on, without waiting for anyone.

    The others stay where they are (at their own ticks); the resident runs
    on its course up to its own wake (it needs its decision to go further),
    and never past `limit`. Returns its tick minus one when it must wait now.
    """
    by_name = {c.name: c for c in courses}
    runner = by_name[name]
    free = free_ticks(courses, reach, limit=limit, writes=writes)
    last = runner.tick - 1
    for tick in range(runner.tick, min(runner.own_wake(), limit) + 1):
        for other in courses:
            if other.name == name or other.tick > tick:
                continue
            if (
                other.tick == tick
                and not other.in_flight
                and coupled_at(runner, other, tick, reach)
            ):
                return last
            if not clear_of(runner, tick, other, free[other.name], reach):
                return last
        last = tick
    return last
