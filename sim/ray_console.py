"""Ray's notices kept off a run's console: they stay in Ray's logs; its errors come as exceptions.

A run's console holds the run's own lines (progress, summary, "hamlet: ..."
notices). Ray's notices about itself stay in its session logs
(`/tmp/ray/session_*/logs`): the raylet's warning that many worker processes
started (expected, one per actor) and its note that a worker died (the same
failure reaches the engine as an exception from `ray.get`). `start_ray` keeps
the actors' own output in Ray's logs too (`log_to_driver=False`, which also
ends the deduplication notes printed with it) and, on a local instance, Ray's
INFO lines.
"""

from __future__ import annotations

from typing import Any

# How the driver's error listener labels what the raylet pushes to it.
_PUSHED_BY_RAY = "raylet"


def keep_pushed_notices_off_the_console() -> None:
    """Stop the driver printing the notices Ray's raylet pushes to it; they stay in its logs.

    Ray prints every message its raylet pushes to the driver (the worker-pool
    warning among them) from a listener thread, unconditionally, with no
    switch to turn it off; `log_to_driver=False` stops only the actors'
    output. The listener prints through `print_to_stdstream`, looked up in
    its module at each call, and labels what it prints as the raylet's: the
    narrowest place to drop exactly those lines. Call before `ray.init`.
    """
    import ray._private.worker as ray_worker

    printer = ray_worker.print_to_stdstream
    if getattr(printer, "keeps_raylet_notices_off", False):
        return

    def print_all_but_raylet_notices(data: dict[str, Any], ignore_prefix: bool) -> None:
        if data.get("pid") != _PUSHED_BY_RAY:
            printer(data, ignore_prefix=ignore_prefix)

    print_all_but_raylet_notices.keeps_raylet_notices_off = True  # type: ignore[attr-defined]
    ray_worker.print_to_stdstream = print_all_but_raylet_notices
