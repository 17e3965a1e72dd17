"""A stand-in OpenAI-compatible server for tests: scripted replies, loopback only, bounded.

Each test queues the replies it wants (a delay, a 429, a 500, garbage, JSON
of the wrong shape, a good answer) and reads back the requests the server
received. The server serves a bounded number of requests and stops by itself
after its lifetime, so a forgetful test cannot leave it running. An `answer`
function, when given, answers the chat requests the script leaves over (the
benchmark's stand-in answers every request that way).

    with StandinServer() as server:
        server.script(error(429), chat_json({"score": 4}))
        ...  # point a client at server.url
        assert len(server.requests) == 2
"""

from __future__ import annotations

import argparse
import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP reply; `delay_s` is waited before answering."""

    status: int = 200
    body: bytes = b"{}"
    content_type: str = "application/json"
    delay_s: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Received:
    """One request the stand-in received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def chat(content: str, *, tokens_in: int = 11, tokens_out: int = 7, delay_s: float = 0.0) -> Reply:
    """A Chat Completions answer whose message is `content`."""
    payload = {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": 0,
        "model": "standin-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": tokens_in,
            "completion_tokens": tokens_out,
            "total_tokens": tokens_in + tokens_out,
        },
    }
    return Reply(body=json.dumps(payload).encode(), delay_s=delay_s)


def chat_json(answer: dict[str, Any], **kwargs: Any) -> Reply:
    """A Chat Completions answer whose message is `answer` as JSON."""
    return chat(json.dumps(answer), **kwargs)


def error(
    status: int, message: str = "stand-in error", *, retry_after: float | None = None
) -> Reply:
    """An error reply in OpenAI's error shape."""
    body = json.dumps({"error": {"message": message, "type": "standin", "code": status}})
    headers = (("Retry-After", str(retry_after)),) if retry_after is not None else ()
    return Reply(status=status, body=body.encode(), headers=headers)


def garbage_body() -> Reply:
    """A 200 reply whose body is not JSON at all."""
    return Reply(body=b"<html>upstream hiccup</html>", content_type="text/html")


def slow(reply: Reply, delay_s: float) -> Reply:
    """`reply`, sent only after `delay_s` seconds (longer than a client's timeout: a timeout)."""
    return Reply(reply.status, reply.body, reply.content_type, delay_s, reply.headers)


def embedding_reply(texts: list[str], dim: int = 8) -> Reply:
    """An embeddings answer: a fixed, unnormalised vector per text, derived from its hash."""
    data = []
    for index, text in enumerate(texts):
        digest = hashlib.sha256(text.encode()).digest()
        data.append(
            {
                "object": "embedding",
                "index": index,
                "embedding": [float(b) + 1.0 for b in digest[:dim]],
            }
        )
    payload = {"object": "list", "data": data, "model": "standin-embed", "usage": {}}
    return Reply(body=json.dumps(payload).encode())


class _Server(ThreadingHTTPServer):
    # Many agents connect at once; the default backlog of 5 drops them.
    request_queue_size = 256
    daemon_threads = True


@dataclass
class _State:
    queue: deque[Reply] = field(default_factory=deque)
    received: list[Received] = field(default_factory=list)
    served: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


Answer = Callable[[Received], Reply]


class StandinServer:
    """The stand-in server on 127.0.0.1 (a free port), serving scripted replies.

    When the script is empty, chat requests get `answer(request)` if given,
    else `default` (a 500 unless set), and embedding requests get a
    deterministic embedding per text. `None` for `max_requests` or
    `lifetime_s` lifts that bound; `record=False` keeps no request.
    """

    def __init__(
        self,
        *,
        default: Reply | None = None,
        answer: Answer | None = None,
        max_requests: int | None = 1000,
        lifetime_s: float | None = 120.0,
        port: int = 0,
        record: bool = True,
    ) -> None:
        self.default = default or error(500, "stand-in script exhausted")
        self.answer = answer
        self.max_requests = max_requests
        self.lifetime_s = lifetime_s
        self.record = record
        self._state = _State()
        self._server = _Server(("127.0.0.1", port), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._timer = threading.Timer(lifetime_s, self.stop) if lifetime_s is not None else None
        if self._timer is not None:
            self._timer.daemon = True

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def requests(self) -> list[Received]:
        with self._state.lock:
            return list(self._state.received)

    @property
    def chat_requests(self) -> list[Received]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def max_in_flight(self) -> int:
        return self._state.max_in_flight

    @property
    def served(self) -> int:
        """How many requests arrived, recorded or not."""
        return self._state.served

    def script(self, *replies: Reply) -> None:
        """Queue replies, served in order to the next chat (or embeddings) requests."""
        with self._state.lock:
            self._state.queue.extend(replies)

    def start(self) -> StandinServer:
        self._thread.start()
        if self._timer is not None:
            self._timer.start()
        return self

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()

    def wait(self) -> None:
        """Block until the server has stopped (its lifetime ended or `stop` was called)."""
        self._thread.join()

    def __enter__(self) -> StandinServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next_reply(self, received: Received) -> Reply:
        state, path, body = self._state, received.path, received.body
        with state.lock:
            if self.max_requests is not None and state.served >= self.max_requests:
                return error(503, "stand-in request limit reached")
            if path.endswith("/models"):
                return Reply(body=b'{"object": "list", "data": [{"id": "standin-model"}]}')
            if state.queue:
                return state.queue.popleft()
        if path.endswith("/embeddings"):
            texts = body.get("input", [])
            return embedding_reply([texts] if isinstance(texts, str) else list(texts))
        if self.answer is not None and path.endswith("/chat/completions"):
            return self.answer(received)
        return self.default

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None  # keep test output quiet

            def do_GET(self) -> None:
                self._answer({})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"_raw": raw.decode(errors="replace")}
                self._answer(body if isinstance(body, dict) else {"_body": body})

            def _answer(self, body: dict[str, Any]) -> None:
                state = outer._state
                received = Received(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                with state.lock:
                    if outer.record:
                        state.received.append(received)
                    state.served += 1
                    state.in_flight += 1
                    state.max_in_flight = max(state.max_in_flight, state.in_flight)
                try:
                    reply = outer._next_reply(received)
                    if reply.delay_s:
                        time.sleep(reply.delay_s)
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers:
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to tell it
                finally:
                    with state.lock:
                        state.in_flight -= 1

        return Handler


def main() -> None:
    """Serve /v1/models on a given port until killed or the lifetime ends (launcher tests)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lifetime", type=float, default=60.0)
    args = parser.parse_args()
    server = StandinServer(lifetime_s=args.lifetime, port=args.port).start()
    server.wait()


if __name__ == "__main__":
    main()
