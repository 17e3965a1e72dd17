"""The wake policy: which agents need to think this tick, and why.

Only agents with a reason are called; the others keep walking their path or
doing their action at no cost. Salient sights (a newcomer, an object that
changed) wake an agent at most once per cooldown, so a busy café does not
cost a call every tick.
"""

from __future__ import annotations

from agents.contract import WakeReason
from sim.world_state import Body


def wake_reasons(
    body: Body,
    *,
    tick: int,
    first_tick: bool,
    new_day: bool,
    newcomers: list[str],
    changed_objects: list[str],
    cooldown: int,
) -> tuple[WakeReason, ...]:
    """Why `body`'s agent should think at `tick`; empty when it need not."""
    reasons: list[WakeReason] = []
    if first_tick:
        reasons.append(WakeReason.FIRST_TICK)
    if new_day and not first_tick:
        reasons.append(WakeReason.NEW_DAY)
    if body.heard:
        reasons.append(WakeReason.ADDRESSED)
    if body.injected:
        reasons.append(WakeReason.INJECTED)
    if body.conversation is not None:
        # In a conversation only the other's line (or a new day) wakes an agent.
        return tuple(reasons)
    if body.action_done:
        reasons.append(WakeReason.ACTION_DONE)
    cooled = body.last_salient_wake is None or tick - body.last_salient_wake >= cooldown
    if cooled and newcomers:
        reasons.append(WakeReason.NEW_AGENT)
    if cooled and changed_objects:
        reasons.append(WakeReason.OBJECT_CHANGED)
    return tuple(reasons)
