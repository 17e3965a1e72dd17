"""Small models' answers: what is salvaged, and what the prompt is offered in a big town."""

import pytest
from pydantic import ValidationError

from agents.contract import SeenAgent
from agents.reaction import named_partner
from agents.spatial import shortlist
from agents.tasks.action import ActionChoice
from agents.tasks.conversation import LINE_CHARS, Line
from agents.tasks.planning import DayPlan, Decomposition, HourlySchedule, ScheduleHours

TOWN = [
    "Alder House",
    "Alder House:kitchen",
    "Alder House:kitchen:stove",
    "Alder House:bedroom:bed",
    "Market Row",
    "Market Row:bakery",
    "Market Row:bakery:bread shelf",
    "Market Row:hardware:till",
    "Oakhollow Library",
    "Oakhollow Library:reading room:bookcase",
    "Foxglove Park",
    "Foxglove Park:pond:bench",
    "Crooked Heron",
    "Crooked Heron:bar:tap",
    "Town Hall",
    "Town Hall:office:desk",
]


def test_an_hourly_schedule_keeps_its_valid_hours_and_drops_the_broken_ones():
    answer = {
        "hours": [
            {"hour": 0, "activity": ""},  # empty
            {"hour": 7, "activity": "breakfast"},
            {"hour": 25, "activity": "dancing"},  # no such hour
            {"hour": 8, "activity": "work"},
            {"hour": 7, "activity": "second 7"},  # a repeated hour: the first one counts
        ]
    }
    schedule = HourlySchedule.model_validate(answer)
    assert [(h.hour, h.activity) for h in schedule.hours] == [(7, "breakfast"), (8, "work")]


def test_a_schedule_with_no_valid_hour_is_still_rejected():
    with pytest.raises(ValidationError):
        HourlySchedule.model_validate({"hours": [{"hour": 30, "activity": ""}]})


def test_a_decomposition_drops_steps_without_an_activity():
    steps = Decomposition.model_validate(
        {"steps": [{"activity": "", "minutes": 5}, {"activity": "wash up", "minutes": 10}]}
    ).steps
    assert [s.activity for s in steps] == ["wash up"]


def test_the_places_offered_for_an_activity_are_the_matching_areas_plus_home_and_here():
    offered = shortlist("buy bread at the bakery", TOWN, keep=("Alder House", "Town Hall:office"))
    areas = {a.split(":")[0] for a in offered}
    assert areas == {"Market Row", "Alder House", "Town Hall"}
    assert "Market Row:bakery:bread shelf" in offered  # whole areas, down to the objects
    assert "Crooked Heron:bar:tap" not in offered


def test_at_most_the_asked_number_of_matching_areas_is_offered():
    offered = shortlist("sit on a bench or at a desk", TOWN, keep=(), areas=1)
    assert {a.split(":")[0] for a in offered} == {"Foxglove Park"}  # ties break by name


def _seen(name: str) -> SeenAgent:
    return SeenAgent(name=name, tile=(0, 0), action="idle", place="Cafe", distance=1)


def test_a_partner_may_be_named_by_first_name_alone_but_not_ambiguously():
    nearby = [_seen("Ines Calloway"), _seen("Lena Hale"), _seen("Owen Hale")]
    assert named_partner("Ines Calloway", nearby).name == "Ines Calloway"
    assert named_partner("ines", nearby).name == "Ines Calloway"
    assert named_partner("Hale", nearby) is None  # two Hales nearby
    assert named_partner("Mara Quill", nearby) is None
    assert named_partner(None, nearby) is None


def test_a_day_plan_drops_items_that_plan_nothing():
    plan = DayPlan.model_validate(
        {"wake_up_hour": 7, "items": ["", "4:30pm", "  ", "9:00 am: open the shop"]}
    )
    assert plan.items == ["9:00 am: open the shop"]
    with pytest.raises(ValidationError):
        DayPlan.model_validate({"wake_up_hour": 7, "items": ["", "10 am"]})


@pytest.mark.parametrize("plan", [(), ("",), ("4:30 pm",), ("sleep",), ("23:00 go to bed",)])
def test_the_schedule_fallback_is_safe_whatever_the_plan(plan):
    task = ScheduleHours(agent="Ada", summary="Ada", wake_up_hour=0, plan=plan, date="Tuesday")
    hours = task.fallback().hours
    assert [h.hour for h in hours] == list(range(24))
    assert all(h.activity for h in hours)


def test_a_place_choice_keeps_its_address_when_the_emoji_or_state_is_off():
    choice = ActionChoice.model_validate(
        {"address": "Cafe:counter", "emoji": "smiling at a dog", "object_state": "x" * 90}
    )
    assert choice.address == "Cafe:counter" and choice.emoji == ""
    assert choice.object_state == "x" * 60
    assert ActionChoice.model_validate({"address": "Cafe", "emoji": "☕"}).emoji == "☕"


def test_a_step_longer_than_an_hour_is_cut_to_the_hour():
    steps = Decomposition.model_validate({"steps": [{"activity": "shift", "minutes": 240}]}).steps
    assert steps[0].minutes == 60


def test_a_rambling_line_of_dialogue_is_cut_to_its_first_two_sentences():
    line = Line(text="Morning, Colm!\nThe van was late again. I carried crates. Then it rained.")
    assert line.text == "Morning, Colm! The van was late again."
    one_long_sentence = Line(text="and then " * 80)
    assert len(one_long_sentence.text) <= LINE_CHARS
    assert one_long_sentence.text.endswith("…") and "  " not in one_long_sentence.text
