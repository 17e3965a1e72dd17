"""Snapshots as changes: what an agent gained since an earlier snapshot, and the whole again.

A generative agent's memory stream only grows (a memory never changes once
made, except for when it was last recalled), and so do a few fields of its
state (the places it knows, its caches of ratings and groundings). A
checkpoint need not write them again: `snapshot(since=mark)` gives the new
memories, the recall times that moved, the new tails of the growing fields,
and the rest of the state, which is small, in full. `whole` puts a full
snapshot and the changes after it back together, exactly as a full snapshot
taken at the last of them would be.

Every snapshot is a cut numbered by its `mark`. The agent keeps its recent
cuts (how long the stream and the growing fields were, and the stream's
touch count), so it can answer `since` any of them; for an older or unknown
mark (say, after a restore) it gives a full snapshot instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from agents.memory import MemoryStream
from agents.state import APPEND_ONLY, MindState

# A checkpoint asks since the last one written, so the cuts before that one are
# dropped when it asks; snapshots taken for other reasons in between are kept
# up to this many (a cut is a few numbers).
CUTS_KEPT = 64


@dataclass(frozen=True)
class Cut:
    """As much of a snapshot as a change since it needs to know."""

    memories: int
    touches: int
    grown: dict[str, int]  # length of each append-only field of the state


def is_change(snapshot: dict[str, Any]) -> bool:
    """Whether a snapshot holds a change since an earlier one rather than the whole state."""
    return "since" in snapshot


def mark_of(snapshot: dict[str, Any]) -> int | None:
    """The mark to pass as `since` for a change after this snapshot; None if it has none."""
    mark = snapshot.get("mark")
    return mark if isinstance(mark, int) else None


class Cuts:
    """An agent's last few snapshots, by mark."""

    def __init__(self) -> None:
        self._cuts: dict[int, Cut] = {}
        self._next = 1

    def take(self, state: MindState, stream: MemoryStream) -> int:
        """Note a snapshot of the agent as it is now; its mark."""
        mark = self._next
        self._next += 1
        self._cuts[mark] = _cut(state, stream)
        for old in sorted(self._cuts)[:-CUTS_KEPT]:
            del self._cuts[old]
        return mark

    @classmethod
    def restored(cls, mark: int | None, state: MindState, stream: MemoryStream) -> Cuts:
        """The cuts of an agent just restored from the snapshot at `mark`: that one alone."""
        cuts = cls()
        if mark is not None:
            cuts._cuts = {mark: _cut(state, stream)}
            cuts._next = mark + 1
        return cuts

    def parts(self, since: int | None, state: MindState, stream: MemoryStream) -> dict[str, Any]:
        """A snapshot's mark, state and memories: what changed `since` that mark if it is
        known, else the whole."""
        change = None if since is None else self.change_since(since, state, stream)
        mark = self.take(state, stream)
        return {
            "mark": mark,
            **(change or {"state": state.model_dump(mode="json"), "stream": stream.snapshot()}),
        }

    def change_since(
        self, mark: int, state: MindState, stream: MemoryStream
    ) -> dict[str, Any] | None:
        """The parts of a snapshot that say what changed since `mark`; None if it is unknown."""
        cut = self._cuts.get(mark)
        if cut is None:
            return None
        for old in [m for m in self._cuts if m < mark]:
            del self._cuts[old]
        tails = {name: _tail(getattr(state, name), n) for name, n in cut.grown.items()}
        return {
            "since": mark,
            "state": state.model_copy(update=tails).model_dump(mode="json"),
            "grown": cut.grown,
            "stream": stream.change_since(cut.memories, cut.touches),
        }


def _cut(state: MindState, stream: MemoryStream) -> Cut:
    grown = {name: len(getattr(state, name)) for name in APPEND_ONLY}
    return Cut(memories=len(stream), touches=stream.touches, grown=grown)


def _tail(value: list[Any] | dict[str, Any], start: int) -> list[Any] | dict[str, Any]:
    if isinstance(value, dict):
        return dict(islice(value.items(), start, None))
    return value[start:]


def whole(snapshots: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The full snapshot that a chain of snapshots (oldest first) ends at.

    The chain starts at a full snapshot, or holds one; every change after
    the last full one must follow the snapshot before it (its `since` is that
    one's `mark`), else `ValueError`.
    """
    fulls = [i for i, s in enumerate(snapshots) if not is_change(s)]
    if not fulls:
        raise ValueError("snapshot changes without the full snapshot they start from")
    base, changes = snapshots[fulls[-1]], snapshots[fulls[-1] + 1 :]
    if not changes:
        return base
    previous = base
    for change in changes:
        if change["since"] != mark_of(previous):
            raise ValueError(
                f"snapshot of {change.get('name')!r}: a change since mark {change['since']} "
                f"follows one at mark {mark_of(previous)}"
            )
        previous = change
    merged = {
        "state": _merged_state(base["state"], changes),
        "stream": MemoryStream.merged_snapshot(base["stream"], [c["stream"] for c in changes]),
    }
    last = changes[-1]
    keys = [k for k in base if k in last or k in merged]
    return {k: merged[k] if k in merged else last[k] for k in keys}


def _merged_state(base: dict[str, Any], changes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    grown = {name: base[name] for name in APPEND_ONLY if name in base}
    grown = {name: list(v) if isinstance(v, list) else dict(v) for name, v in grown.items()}
    for change in changes:
        for name, length in change["grown"].items():
            if len(grown[name]) != length:
                raise ValueError(
                    f"state change: {name} grew from {length} entries, not {len(grown[name])}"
                )
            tail = change["state"][name]
            if isinstance(tail, dict):
                grown[name].update(tail)
            else:
                grown[name].extend(tail)
    return {**changes[-1]["state"], **grown}
