"""The wake policy: who thinks this tick, and why."""

from agents.contract import WakeReason as W
from sim.wake import wake_reasons
from sim.world_state import Body


def reasons(body, **kw):
    args = dict(
        tick=100, first_tick=False, new_day=False, newcomers=[], changed_objects=[], cooldown=30
    )
    args.update(kw)
    return wake_reasons(body, **args)


def test_an_agent_with_nothing_new_is_not_woken():
    assert reasons(Body(name="Ada", tile=(0, 0))) == ()


def test_each_reason_wakes_the_agent_and_is_named():
    body = Body(name="Ada", tile=(0, 0), action_done=True)
    assert reasons(body) == (W.ACTION_DONE,)
    assert reasons(Body(name="Ada", tile=(0, 0)), first_tick=True, new_day=True) == (W.FIRST_TICK,)
    assert reasons(Body(name="Ada", tile=(0, 0)), new_day=True) == (W.NEW_DAY,)
    assert reasons(Body(name="Ada", tile=(0, 0)), newcomers=["Bo"]) == (W.NEW_AGENT,)
    assert reasons(Body(name="Ada", tile=(0, 0)), changed_objects=["Cafe:kitchen:stove"]) == (
        W.OBJECT_CHANGED,
    )


def test_salient_sights_wake_an_agent_at_most_once_per_cooldown():
    body = Body(name="Ada", tile=(0, 0), last_salient_wake=90)
    assert reasons(body, newcomers=["Bo"], tick=100) == ()
    assert reasons(body, newcomers=["Bo"], tick=120) == (W.NEW_AGENT,)


def test_in_a_conversation_only_the_other_s_line_wakes_an_agent():
    body = Body(name="Ada", tile=(0, 0), conversation="c1", action_done=True)
    assert reasons(body, newcomers=["Cy"]) == ()
    from agents.contract import Utterance

    body.heard = [Utterance(speaker="Bo", listener="Ada", text="Hi", conversation="c1", turn=0)]
    assert reasons(body, newcomers=["Cy"]) == (W.ADDRESSED,)


def test_only_sights_restart_the_cooldown_though_a_mind_also_reacts_to_an_inner_voice():
    from datetime import datetime

    from agents.contract import REACTION_WAKES, SALIENT_SIGHTS, Perception
    from sim.perception import commit_perceptions
    from sim.world_state import WorldState

    assert SALIENT_SIGHTS == {W.NEW_AGENT, W.OBJECT_CHANGED}
    assert REACTION_WAKES == SALIENT_SIGHTS | {W.INJECTED}
    state = WorldState(bodies={n: Body(name=n, tile=(0, 0)) for n in ("Ada", "Bo")})

    def woken(name, wake):
        return Perception(
            agent=name,
            tick=100,
            time=datetime(2024, 3, 5, 7),
            tile=(0, 0),
            place="outdoors",
            current_action=None,
            action_done=False,
            wake=wake,
        )

    commit_perceptions(
        state, {"Ada": woken("Ada", (W.INJECTED,)), "Bo": woken("Bo", (W.NEW_AGENT,))}
    )
    assert state.body("Ada").last_salient_wake is None
    assert state.body("Bo").last_salient_wake == 100
