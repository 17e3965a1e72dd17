"""Peak memory of a command and its Ray actors: resident set sizes sampled over the process tree.

A `PeakMemory` runs beside a process (`with PeakMemory(pid) as peak: ...`)
and every `interval_s` reads, from Linux's /proc, the resident set size of
that process and of every process descended from it, which is where a Ray
that the command starts puts its own processes and its workers. A Ray
actor's process names itself `ray::ClassName` (or `ray::ClassName.method`
while it runs one): those of the classes asked for are the actors; the
rest are Ray's own (raylet, GCS, dashboard, idle workers) or anything else
the command started. Each figure kept is the largest sum seen in one sample, so `total` is a
moment's whole, not the sum of the parts' separate peaks. Resident sizes
count shared pages in every process that maps them, so the sums lean high.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
RAY_PROCESS = "ray::"


@dataclass(frozen=True)
class Sample:
    """One moment of the tree: bytes resident in the root, the actors and all; actors by class."""

    root: int
    actors: int
    total: int
    classes: dict[str, frozenset[int]]


@dataclass
class Peak:
    """The largest of each figure over the samples, and every actor process seen, by class."""

    root: int = 0
    actors: int = 0
    total: int = 0
    samples: int = 0
    classes: dict[str, set[int]] = field(default_factory=dict)

    def add(self, sample: Sample) -> None:
        self.root = max(self.root, sample.root)
        self.actors = max(self.actors, sample.actors)
        self.total = max(self.total, sample.total)
        for name, pids in sample.classes.items():
            self.classes.setdefault(name, set()).update(pids)
        self.samples += 1

    def processes(self, name: str) -> int:
        """How many processes of the actor class `name` were seen."""
        return len(self.classes.get(name, ()))


def resident_bytes(pid: int) -> int:
    """The process's resident set size (VmRSS) in bytes; 0 once it is gone."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def command_line(pid: int) -> str:
    """The process's command line with spaces between its words; "" once it is gone."""
    try:
        return (
            (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def parents() -> dict[int, int]:
    """Every live process's parent, by process id."""
    found = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name in field 2 may hold spaces; the fields after its ")" do not.
            after = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            found[int(entry.name)] = int(after[1])
        except (OSError, IndexError, ValueError):
            continue
    return found


def descendants(root: int) -> list[int]:
    """The processes started, directly or not, by `root`."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents().items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def actor_class(line: str) -> str:
    """The class a Ray process's command line names ("HostActor"), or "" for any other process."""
    if not line.startswith(RAY_PROCESS):
        return ""
    words = line[len(RAY_PROCESS) :].split(maxsplit=1)
    return words[0].split(".")[0] if words else ""


def sample(root: int, classes: tuple[str, ...]) -> Sample:
    """The tree under `root` now; the actors are the processes of the Ray actor `classes`."""
    root_bytes = resident_bytes(root)
    actors = total = 0
    found: dict[str, set[int]] = {name: set() for name in classes}
    for pid in descendants(root):
        size = resident_bytes(pid)
        total += size
        name = actor_class(command_line(pid))
        if name in found:
            actors += size
            found[name].add(pid)
    held = {name: frozenset(pids) for name, pids in found.items()}
    return Sample(root_bytes, actors, root_bytes + total, held)


class PeakMemory:
    """Samples a process tree every `interval_s` on a thread of its own, keeping the peaks."""

    def __init__(
        self, root: int, actor_classes: tuple[str, ...] = (), interval_s: float = 0.5
    ) -> None:
        self.root = root
        self.actor_classes = actor_classes
        self.interval_s = interval_s
        self.peak = Peak()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self.peak

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while True:
            self.peak.add(sample(self.root, self.actor_classes))
            if self._stop.wait(self.interval_s):
                return
