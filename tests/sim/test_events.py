"""Events as typed records: each line of `events.jsonl` reads back and writes out unchanged."""

from __future__ import annotations

import pytest

from agents.contract import WakeReason
from sim.analysis.reading import RunDataError, read_events
from sim.events import (
    EVENT_TYPES,
    ActionStartedEvent,
    DayStartedEvent,
    UtteranceEvent,
    WokenEvent,
    parse_event,
)

# One line of each type, as a run writes them: key order, nulls and numbers included.
LINES = [
    '{"tick":0,"time":"2024-03-05T07:00:00","type":"day_started","agent":null,"day":"2024-03-05"}',
    '{"tick":0,"time":"2024-03-05T07:00:00","type":"memory_injected","agent":"Lena Hale",'
    '"text":"Ines is planning a surprise party"}',
    '{"tick":0,"time":"2024-03-05T07:00:00","type":"woken","agent":"Lena Hale",'
    '"reasons":["first_tick","new_day"]}',
    '{"tick":3,"time":"2024-03-05T07:00:30","type":"agent_error","agent":"Owen Hale",'
    '"error":"TimeoutError: no answer"}',
    '{"tick":0,"time":"2024-03-05T07:00:00","type":"action_started","agent":"Lena Hale",'
    '"description":"brewing coffee","address":"Hale House:kitchen:stove","emoji":"☕",'
    '"duration_minutes":15,"path_length":4}',
    '{"tick":1,"time":"2024-03-05T07:00:10","type":"action_started","agent":"Owen Hale",'
    '"description":"flying","address":"Hale House:kitchen","emoji":"","duration_minutes":5,'
    '"path_length":0,"unknown_address":"Moon:crater","unreachable":true}',
    '{"tick":90,"time":"2024-03-05T07:15:00","type":"action_finished","agent":"Lena Hale",'
    '"description":"brewing coffee","address":"Hale House:kitchen:stove"}',
    '{"tick":4,"time":"2024-03-05T07:00:40","type":"arrived","agent":"Lena Hale",'
    '"address":"Hale House:kitchen:stove"}',
    '{"tick":4,"time":"2024-03-05T07:00:40","type":"object_state","agent":"Lena Hale",'
    '"address":"Hale House:kitchen:stove","state":"brewing"}',
    '{"tick":7,"time":"2024-03-05T07:01:10","type":"utterance","agent":"Lena Hale",'
    '"listener":"Owen Hale","text":"Morning! Coffee?","conversation":"c1","turn":0,'
    '"ends_conversation":false}',
    '{"tick":7,"time":"2024-03-05T07:01:10","type":"utterance_dropped","agent":"Ines Calloway",'
    '"listener":"Owen Hale","text":"Hello?","reason":"listener is in another conversation"}',
    '{"tick":7,"time":"2024-03-05T07:01:10","type":"conversation_started","agent":"Lena Hale",'
    '"conversation":"c1","participants":["Lena Hale","Owen Hale"]}',
    '{"tick":9,"time":"2024-03-05T07:01:30","type":"conversation_ended","agent":"Lena Hale",'
    '"conversation":"c1","participants":["Lena Hale","Owen Hale"],"turns":2,'
    '"reason":"ended by speaker"}',
    '{"tick":12,"time":"2024-03-05T07:02:00","type":"budget_exhausted","agent":null,'
    '"reason":"token budget spent: 5012 of 5000 tokens"}',
]


@pytest.mark.parametrize("line", LINES, ids=lambda line: line.split('"type":"')[1].split('"')[0])
def test_an_event_line_reads_as_its_type_and_writes_back_byte_for_byte(line):
    assert parse_event(line).model_dump_json() == line


def test_every_event_type_has_a_line_here():
    assert {parse_event(line).type for line in LINES} == set(EVENT_TYPES)


def test_events_built_by_the_engine_write_the_log_format():
    day = DayStartedEvent(tick=0, time="2024-03-05T07:00:00", day="2024-03-05")
    assert day.model_dump_json() == LINES[0]  # world events keep "agent": null
    woken = WokenEvent(
        tick=0,
        time="2024-03-05T07:00:00",
        agent="Lena Hale",
        reasons=[WakeReason.FIRST_TICK, WakeReason.NEW_DAY],
    )
    assert woken.model_dump_json() == LINES[2]
    fine = ActionStartedEvent(
        tick=0,
        time="2024-03-05T07:00:00",
        agent="Lena Hale",
        description="brewing coffee",
        address="Hale House:kitchen:stove",
        emoji="☕",
        duration_minutes=15,
        path_length=4,
    )
    # A problem is named only when there was one.
    assert fine.model_dump_json() == LINES[4]
    assert "unknown_address" not in fine.model_dump() and not fine.unreachable


def test_fields_are_attributes_of_the_typed_record():
    said = parse_event(LINES[9])
    assert isinstance(said, UtteranceEvent)
    assert (said.agent, said.listener, said.text, said.turn) == (
        "Lena Hale",
        "Owen Hale",
        "Morning! Coffee?",
        0,
    )


def test_an_unknown_event_type_is_named_with_the_types_known():
    with pytest.raises(ValueError, match=r"unknown event type 'party_thrown' \(known: .*woken"):
        parse_event({"tick": 0, "time": "2024-03-05T07:00:00", "type": "party_thrown"})


def test_an_unknown_event_in_a_run_folder_is_reported_with_file_and_line(tmp_path):
    lines = [LINES[0], LINES[2].replace('"woken"', '"sneezed"')]
    (tmp_path / "events.jsonl").write_text("".join(line + "\n" for line in lines))
    with pytest.raises(RunDataError, match=r"events\.jsonl:2: unknown event type 'sneezed'"):
        read_events(tmp_path)


def test_a_missing_field_names_the_event_type_and_the_field():
    with pytest.raises(ValueError, match=r"not a valid utterance event: field listener"):
        parse_event(LINES[9].replace('"listener":"Owen Hale",', ""))
