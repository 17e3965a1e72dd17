"""Decisions applied to the town: actions, paths, objects and conversations."""

from agents.contract import Action, Decision, Utterance
from sim.decisions import TickRules, apply_decisions
from sim.movement import advance
from sim.world_state import Body, WorldState
from tests.support.maps import open_map

RULES = TickRules(tick_seconds=10, vision_radius=4, max_conversation_turns=4)
T = "2026-02-13T07:00:00"


def town(**tiles):
    return WorldState(bodies={name: Body(name=name, tile=tile) for name, tile in tiles.items()})


def say(speaker, listener, text, ends=False, conversation=""):
    return Decision(
        agent=speaker,
        utterance=Utterance(
            speaker=speaker,
            listener=listener,
            text=text,
            conversation=conversation,
            turn=0,
            ends_conversation=ends,
        ),
    )


def kinds(events):
    return [e.type for e in events]


def test_an_action_walks_the_agent_to_its_object_and_marks_the_object_on_arrival():
    world_map = open_map()
    state = town(Ada=(7, 2))
    sit = Action(
        description="sitting",
        address="park:LAWN:bench",
        duration_minutes=1,
        object_state="occupied",
    )
    events = apply_decisions(
        state, world_map, [Decision(agent="Ada", action=sit)], RULES, tick=0, time=T
    )
    body = state.body("Ada")
    assert events[0].type == "action_started"
    assert events[0].address == "Park:lawn:bench"  # resolved despite case
    assert body.path[-1] == (8, 2)  # the bench blocks its own tile; the agent stops beside it
    assert "Park:lawn:bench" not in state.objects
    arrival = advance(state, world_map, tick=1, time=T)
    assert kinds(arrival) == ["arrived", "object_state"]
    assert state.objects["Park:lawn:bench"] == "occupied"


def test_an_action_ends_after_its_duration_and_frees_its_object():
    world_map = open_map()
    state = town(Ada=(8, 2))
    sit = Action(
        description="sitting",
        address="Park:lawn:bench",
        duration_minutes=1,
        object_state="occupied",
    )
    apply_decisions(state, world_map, [Decision(agent="Ada", action=sit)], RULES, tick=0, time=T)
    assert state.objects["Park:lawn:bench"] == "occupied"
    for tick in range(1, 6):
        assert advance(state, world_map, tick=tick, time=T) == []
    finished = advance(state, world_map, tick=6, time=T)  # 1 minute = 6 ticks of 10 s
    assert kinds(finished) == ["action_finished", "object_state"]
    assert state.objects == {}
    assert state.body("Ada").action is None and state.body("Ada").action_done


def test_an_unknown_address_keeps_the_agent_where_it_is_and_says_so():
    state = town(Ada=(1, 1))
    go = Action(description="flying", address="Moon:crater", duration_minutes=5)
    events = apply_decisions(
        state, open_map(), [Decision(agent="Ada", action=go)], RULES, tick=0, time=T
    )
    assert events[0].unknown_address == "Moon:crater"
    assert state.body("Ada").path == []


def test_an_utterance_opens_a_conversation_and_reaches_only_the_listener():
    state = town(Ada=(1, 1), Bo=(2, 1), Cy=(3, 1))
    events = apply_decisions(state, open_map(), [say("Ada", "Bo", "Hi Bo")], RULES, tick=0, time=T)
    assert kinds(events) == ["conversation_started", "utterance"]
    heard = state.body("Bo").heard
    assert [u.text for u in heard] == ["Hi Bo"] and heard[0].conversation == "c1"
    assert state.body("Cy").heard == []
    assert state.body("Ada").conversation == state.body("Bo").conversation == "c1"


def test_speaking_to_someone_out_of_earshot_is_dropped():
    state = town(Ada=(0, 0), Bo=(10, 7))
    events = apply_decisions(state, open_map(), [say("Ada", "Bo", "Hi!")], RULES, tick=0, time=T)
    assert kinds(events) == ["utterance_dropped"]
    assert events[0].reason == "listener is out of earshot"
    assert state.conversations == {}


def test_turns_alternate_and_the_turn_cap_ends_the_conversation():
    state = town(Ada=(1, 1), Bo=(2, 1))
    world_map = open_map()
    speakers = ["Ada", "Bo", "Ada", "Bo"]
    ended = []
    for tick, speaker in enumerate(speakers):
        listener = "Bo" if speaker == "Ada" else "Ada"
        state.body(listener).heard = []
        events = apply_decisions(
            state,
            world_map,
            [say(speaker, listener, f"line {tick}", conversation="c1")],
            RULES,
            tick=tick,
            time=T,
        )
        ended += [e for e in events if e.type == "conversation_ended"]
    assert len(ended) == 1
    assert ended[0].turns == 4 and ended[0].reason == "turn limit"
    last = state.body("Ada").heard[-1]
    assert last.turn == 3 and last.ends_conversation
    assert state.conversations == {}
    assert state.body("Ada").action_done and state.body("Bo").action_done


def test_a_listener_who_does_not_answer_closes_the_conversation():
    state = town(Ada=(1, 1), Bo=(2, 1))
    world_map = open_map()
    apply_decisions(state, world_map, [say("Ada", "Bo", "Hi")], RULES, tick=0, time=T)
    # Bo thinks on the next tick and answers with an action instead of a line.
    walk = Action(description="walking", address="Park", duration_minutes=5)
    events = apply_decisions(
        state, world_map, [Decision(agent="Bo", action=walk)], RULES, tick=1, time=T
    )
    ended = [e for e in events if e.type == "conversation_ended"]
    assert ended and ended[0].reason == "no reply"
    assert state.body("Ada").conversation is None


def test_a_new_conversation_is_not_closed_in_the_tick_it_opens():
    state = town(Ada=(1, 1), Bo=(2, 1))
    walk = Action(description="walking", address="Park", duration_minutes=5)
    decisions = [say("Ada", "Bo", "Hi"), Decision(agent="Bo", action=walk)]
    events = apply_decisions(state, open_map(), decisions, RULES, tick=0, time=T)
    assert "conversation_ended" not in kinds(events)
    assert state.body("Bo").conversation == "c1"


def test_an_action_given_up_on_the_way_leaves_alone_the_object_someone_else_took():
    world_map = open_map()
    state = town(Ada=(8, 2), Bo=(1, 7))
    sit = Action(
        description="sitting", address="Park:lawn:bench", duration_minutes=30, object_state="taken"
    )
    seated = [Decision(agent="Ada", action=sit), Decision(agent="Bo", action=sit)]
    apply_decisions(state, world_map, seated, RULES, tick=0, time=T)
    assert state.objects["Park:lawn:bench"] == "taken"  # Ada is there; Bo is on the way
    walk = Action(description="walking home", address="Park", duration_minutes=5)
    events = apply_decisions(
        state, world_map, [Decision(agent="Bo", action=walk)], RULES, tick=1, time=T
    )
    assert state.objects["Park:lawn:bench"] == "taken"
    assert "object_state" not in kinds(events)
    done = Action(description="reading", address="Park", duration_minutes=5)
    events = apply_decisions(
        state, world_map, [Decision(agent="Ada", action=done)], RULES, tick=2, time=T
    )
    assert "Park:lawn:bench" not in state.objects  # the one who occupied it frees it
    assert [e.state for e in events if e.type == "object_state"] == ["idle"]


def test_a_line_after_its_conversation_ended_in_the_same_tick_may_open_one():
    for ends, opener in ((True, ["Dariusz"]), (False, [])):
        state = town(Benji=(1, 1), Dariusz=(2, 1))
        apply_decisions(state, open_map(), [say("Benji", "Dariusz", "Hi!")], RULES, tick=0, time=T)
        # Both speak at once; Benji's line comes first (name order) and may end the talk.
        lines = [say("Dariusz", "Benji", "Tell me more!"), say("Benji", "Dariusz", "Bye!", ends)]
        events = apply_decisions(state, open_map(), lines, RULES, tick=1, time=T)
        assert [e.agent for e in events if e.type == "conversation_started"] == opener


def test_a_line_that_reaches_the_turn_cap_ends_the_talk_for_whoever_speaks_after_it():
    state = town(Benji=(1, 1), Dariusz=(2, 1))
    apply_decisions(state, open_map(), [say("Benji", "Dariusz", "Hi!")], RULES, tick=0, time=T)
    for tick in (1, 2):  # turns 2 and 3 of the cap of 4
        speaker, listener = ("Dariusz", "Benji") if tick == 1 else ("Benji", "Dariusz")
        apply_decisions(
            state, open_map(), [say(speaker, listener, "Mm.")], RULES, tick=tick, time=T
        )
    lines = [say("Benji", "Dariusz", "So..."), say("Dariusz", "Benji", "Well!")]
    events = apply_decisions(state, open_map(), lines, RULES, tick=3, time=T)
    assert [e.agent for e in events if e.type == "conversation_started"] == ["Dariusz"]
