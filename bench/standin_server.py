"""A stand-in OpenAI-compatible endpoint: the scripted answers, after a set latency.

    PYTHONPATH=. python bench/standin_server.py --latency 1 --jitter 0.2 --port-file port.txt

It listens on 127.0.0.1 only and answers every `/v1/chat/completions` request
with what the scripted backend's rule for that task gives (the task is read
back from the prompt; drawn again where the engine's checks would refuse it,
as they would not refuse a good model's line), after `latency` ± `jitter`
seconds, with token counts estimated from the prompt's and the answer's
length. The answer depends only on the request's messages, and the delay on
them and `--seed`, so the same request gets the same answer and the same
delay whatever order requests arrive in: a run through it has the call
pattern of a scripted run and goes through the real HTTP path (structured
output, the concurrency gate, retries). `/v1/models` answers too. Stops
cleanly on SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agents.llm.task import Task
from bench.prompt_reading import read_task
from tests.support.standin_server import Received, Reply, StandinServer, chat, error

CHARS_PER_TOKEN = 4  # English text in common tokenizers
TOKENS_PER_MESSAGE = 4  # the chat template's role markers
DRAWS = 8  # scripted answers drawn for one request before one the checks accept


@dataclass(frozen=True)
class Timing:
    """How long the stand-in takes to answer: `latency_s` ± `jitter_s`, drawn per request."""

    latency_s: float = 1.0
    jitter_s: float = 0.0
    seed: int = 0

    def delay_s(self, content_key: str) -> float:
        """The delay for a request, fixed by its content and the seed."""
        if not self.jitter_s:
            return self.latency_s
        digest = hashlib.sha256(f"{self.seed}|{content_key}".encode()).digest()
        unit = int.from_bytes(digest[:8], "big") / 2**64
        return max(0.0, self.latency_s + self.jitter_s * (2 * unit - 1))


@dataclass
class Tally:
    """What the stand-in answered, for its closing line; counted from many threads."""

    answered: int = 0
    unreadable: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    count_file: Path | None = None  # a line per request, kept if the stand-in is killed

    def count(self, *, readable: bool) -> None:
        with self.lock:
            if readable:
                self.answered += 1
            else:
                self.unreadable += 1
            if self.count_file is not None:
                with self.count_file.open("a", encoding="utf-8") as counted:
                    counted.write("answered\n" if readable else "unreadable\n")


def content_key(messages: Any) -> str:
    """A stable hash of a request's messages: what makes two requests the same."""
    return hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()


def estimated_tokens(text: str) -> int:
    return max(1, len(text) // CHARS_PER_TOKEN)


def scripted_reply(messages: Any, timing: Timing, tally: Tally | None = None) -> Reply:
    """The scripted answer to a chat request's messages, as a delayed Chat Completions reply."""
    key = content_key(messages)
    delay = timing.delay_s(key)
    readable = isinstance(messages, list) and all(isinstance(m, dict) for m in messages)
    task = read_task(messages) if readable else None
    if task is None:
        if tally is not None:
            tally.count(readable=False)
        unreadable = error(400, "stand-in: no task's template matches this prompt")
        return Reply(unreadable.status, unreadable.body, delay_s=delay)
    rng = random.Random(int.from_bytes(bytes.fromhex(key[:16]), "big"))
    text = usable_answer(task, messages, rng).model_dump_json()
    prompt = sum(estimated_tokens(str(m.get("content", ""))) + TOKENS_PER_MESSAGE for m in messages)
    if tally is not None:
        tally.count(readable=True)
    return chat(text, tokens_in=prompt, tokens_out=estimated_tokens(text), delay_s=delay)


def usable_answer(task: Task, messages: list[dict[str, str]], rng: random.Random) -> BaseModel:
    """The task's scripted answer, drawn again while the engine's checks would refuse it.

    A good model does not repeat a line already said; the scripted rule does
    not know what was said, so the stand-in draws up to `DRAWS` times and
    keeps the last draw if none passes (the engine then repairs it).
    """
    answer = task.scripted(rng)
    for _ in range(DRAWS - 1):
        if task.unusable(answer, messages) is None:
            break
        answer = task.scripted(rng)
    return answer


def latency_standin(timing: Timing, *, port: int = 0, tally: Tally | None = None) -> StandinServer:
    """The stand-in server (not yet started) answering every chat request by `scripted_reply`."""

    def answer(received: Received) -> Reply:
        return scripted_reply(received.body.get("messages"), timing, tally)

    return StandinServer(answer=answer, max_requests=None, lifetime_s=None, port=port, record=False)


def write_port_file(path: Path, port: int) -> None:
    """Write the port so that a reader never sees a half-written file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(f"{port}\n", encoding="utf-8")
    os.replace(partial, path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--latency", type=float, default=1.0, metavar="SECONDS", help="per answer (default 1)"
    )
    parser.add_argument(
        "--jitter", type=float, default=0.0, metavar="SECONDS", help="± around the latency"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the per-request jitter")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (default)")
    parser.add_argument("--port-file", type=Path, metavar="FILE", help="write the bound port here")
    parser.add_argument(
        "--count-file", type=Path, metavar="FILE", help="append a line here per chat request"
    )
    args = parser.parse_args(argv)
    if args.latency < 0 or args.jitter < 0:
        parser.error("--latency and --jitter take seconds, 0 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tally = Tally(count_file=args.count_file)
    timing = Timing(latency_s=args.latency, jitter_s=args.jitter, seed=args.seed)
    server = latency_standin(timing, port=args.port, tally=tally).start()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.port_file:
        write_port_file(args.port_file, server.port)
    print(
        f"stand-in endpoint {server.url}: latency {args.latency:g} s ± {args.jitter:g} s",
        file=sys.stderr,
    )
    while not stop.wait(0.2):
        pass
    server.stop()
    if args.port_file:
        args.port_file.unlink(missing_ok=True)
    print(
        f"stand-in stopped: {tally.answered} answered, {tally.unreadable} unreadable",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
