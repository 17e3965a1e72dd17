"""Checkpoints as a chain: each file holds what changed since the one it builds on.

A checkpoint file holds the world, the totals and the logs' lengths in
full, and for each agent its snapshot, or, if the file names a `base`, what
the agent changed since its snapshot there (`agents.snapshot_changes`).
Following the links back to a file with no base and joining the changes
gives the whole run at that tick. A link names the file it builds on and
the SHA-256 of its bytes, so a base that is missing, damaged or written over
breaks the chain; the run then resumes from the newest checkpoint whose
whole chain is intact.

A full checkpoint is written once the changes since the last full one add up
to its size: reading a chain costs at most about twice a full checkpoint,
and a run's checkpoints add up to a few times what its changes take, so
they grow in proportion to game time, not with its square.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, PrivateAttr, ValidationError

from agents.snapshot_changes import is_change, mark_of, whole
from sim.errors import RunFolderError
from sim.totals import Totals
from sim.world_state import WorldState


class BrokenChain(RunFolderError):
    """A checkpoint is readable, but one it builds on is missing, damaged or written over."""


class BaseLink(BaseModel):
    """The checkpoint a chained one builds on: its file's name and the SHA-256 of its bytes."""

    file: str
    sha256: str


class ChainEnd(BaseModel):
    """The newest checkpoint of a chain, as the next one needs it: what to build on."""

    link: BaseLink
    marks: dict[str, int]  # each agent's mark there, to ask for a change since
    full_bytes: int  # the size of the chain's full checkpoint
    changed_bytes: int  # the sizes of the checkpoints after it, together

    def since(self) -> dict[str, int] | None:
        """The marks to ask the agents' changes since; None when a full checkpoint is due."""
        if not self.marks or self.changed_bytes >= self.full_bytes:
            return None
        return self.marks


class Checkpoint(BaseModel):
    """The whole run at the end of one tick.

    As read back (`ChainReader.read`) its agents' states are whole; as written, a
    checkpoint with a `base` holds, for some agents, a change since their
    state in that base.
    """

    tick: int  # the last tick completed; -1 before the first
    world: WorldState
    agents: dict[str, dict[str, Any]]
    totals: Totals
    offsets: dict[str, int]
    base: BaseLink | None = None
    _end: ChainEnd | None = PrivateAttr(default=None)

    @property
    def chained(self) -> bool:
        """Whether some agent's state here is a change since the base (or is to be one)."""
        return any(is_change(state) for state in self.agents.values())

    @property
    def end(self) -> ChainEnd | None:
        """As read back: what the next checkpoint of this run builds on."""
        return self._end

    def encoded(self, base: ChainEnd | None) -> tuple[bytes, ChainEnd]:
        """This checkpoint's file, linked to `base` if chained; what the next one builds on."""
        if not self.chained:
            base = None
        elif base is None:
            raise ValueError(f"checkpoint at tick {self.tick}: changes, but nothing to build on")
        linked = self.model_copy(update={"base": base.link if base else None})
        data = linked.model_dump_json().encode("utf-8")
        link = BaseLink(file=file_name(self.tick), sha256=hashlib.sha256(data).hexdigest())
        marks = {name: m for name, s in self.agents.items() if (m := mark_of(s)) is not None}
        if base is None:
            return data, ChainEnd(link=link, marks=marks, full_bytes=len(data), changed_bytes=0)
        changed = base.changed_bytes + len(data)
        return data, ChainEnd(
            link=link, marks=marks, full_bytes=base.full_bytes, changed_bytes=changed
        )


def file_name(tick: int) -> str:
    """The name of the checkpoint taken after `tick` (named by the tick it resumes at)."""
    return f"tick-{tick + 1:08d}.json"


@dataclass(frozen=True)
class _Read:
    checkpoint: Checkpoint
    sha256: str
    size: int


class ChainReader:
    """Reads one run's checkpoints and joins their chains; each file is read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._read: dict[str, _Read | RunFolderError] = {}

    def read(self, file: Path) -> Checkpoint:
        """The whole run as of `file`; `RunFolderError` if it or its chain is damaged."""
        chain = [self._file(file.name)]
        while (base := chain[-1].checkpoint.base) is not None:
            chain.append(self._base(file, chain[-1], base))
        return _joined(file, chain[::-1])

    def _base(self, file: Path, child: _Read, base: BaseLink) -> _Read:
        if base.file >= file_name(child.checkpoint.tick):
            raise BrokenChain(f"{file}: builds on {base.file}, which is not an earlier checkpoint")
        if not (self.folder / base.file).exists():
            raise BrokenChain(f"{file}: builds on {self.folder / base.file}, which is missing")
        try:
            found = self._file(base.file)
        except RunFolderError as exc:
            raise BrokenChain(f"{file}: builds on a damaged checkpoint: {exc}") from exc
        if found.sha256 != base.sha256:
            raise BrokenChain(
                f"{file}: builds on {self.folder / base.file}, which was written over since "
                "(its SHA-256 differs)"
            )
        return found

    def _file(self, name: str) -> _Read:
        if name not in self._read:
            try:
                self._read[name] = _read_file(self.folder / name)
            except RunFolderError as exc:
                self._read[name] = exc
        found = self._read[name]
        if isinstance(found, RunFolderError):
            raise found
        return found


def _read_file(file: Path) -> _Read:
    try:
        data = file.read_bytes()
        checkpoint = Checkpoint.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise RunFolderError(f"{file}: damaged checkpoint ({where}: {first['msg']})") from exc
    except OSError as exc:
        raise RunFolderError(f"{file}: cannot read ({exc.strerror or exc})") from exc
    return _Read(checkpoint, hashlib.sha256(data).hexdigest(), len(data))


def _joined(file: Path, chain: list[_Read]) -> Checkpoint:
    """The newest checkpoint of a chain (oldest first) with every agent's state made whole."""
    newest = chain[-1].checkpoint
    agents: dict[str, dict[str, Any]] = {}
    for name in newest.agents:
        states = [r.checkpoint.agents[name] for r in chain if name in r.checkpoint.agents]
        try:
            agents[name] = whole(states)
        except (ValueError, KeyError, TypeError) as exc:
            raise BrokenChain(f"{file}: its chain does not join up (agent {name}: {exc})") from exc
    checkpoint = newest.model_copy(update={"agents": agents, "base": None})
    link = BaseLink(file=file.name, sha256=chain[-1].sha256)
    marks = {name: m for name, s in agents.items() if (m := mark_of(s)) is not None}
    checkpoint._end = ChainEnd(
        link=link,
        marks=marks,
        full_bytes=chain[0].size,
        changed_bytes=sum(r.size for r in chain[1:]),
    )
    return checkpoint
