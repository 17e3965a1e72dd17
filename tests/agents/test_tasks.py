"""Every cognitive task renders its prompt; its fallback and scripted rule answer validly."""

from __future__ import annotations

import importlib
import pkgutil
import random

import pytest

import agents.tasks
from agents.llm.task import Task
from agents.tasks import ChooseAction, PlanDay, RateImportance, ScheduleHours, examples
from agents.tasks.planning import parse_item, wake_hour_of


def _all_task_classes() -> set[type[Task]]:
    for info in pkgutil.iter_modules(agents.tasks.__path__):
        importlib.import_module(f"agents.tasks.{info.name}")
    found, todo = set(), list(Task.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("agents.tasks.") and "[" not in cls.__name__:
            found.add(cls)
    return found


def test_examples_cover_every_task_once() -> None:
    kinds = [type(t) for t in examples()]
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == _all_task_classes()


@pytest.mark.parametrize("task", examples(), ids=lambda t: t.name)
def test_task_renders_and_answers_validly(task: Task) -> None:
    messages = task.messages()
    user = messages[-1]["content"]
    assert "JSON" in user and "{" in user
    assert "{" + "}" not in user  # no empty placeholder left behind
    for answer in (task.fallback(), task.scripted(random.Random(4))):
        assert isinstance(answer, task.output_model)
        task.output_model.model_validate(answer.model_dump())


def test_importance_fallback_rates_every_memory() -> None:
    task = RateImportance(agent="A", identity="A", memories=("x", "y", "z"))
    assert len(task.fallback().scores) == 3


def test_scripted_day_follows_the_persona_routine() -> None:
    routine = ("7:00 am: wake up", "9:00 am: open the bakery", "9:00 pm: go to bed")
    plan = PlanDay(agent="A", summary="", lifestyle="", routine=routine, date="Monday")
    answer = plan.scripted(random.Random(0))
    assert answer.items == list(routine) and answer.wake_up_hour == 7
    hours = ScheduleHours(agent="A", summary="", wake_up_hour=7, plan=routine, date="Monday")
    by_hour = {h.hour: h.activity for h in hours.scripted(random.Random(0)).hours}
    assert by_hour[3] == "sleeping"
    assert by_hour[7] == "wake up"
    assert by_hour[14] == "open the bakery"
    assert by_hour[20] == "open the bakery"
    assert by_hour[21] == by_hour[23] == "sleeping"  # "go to bed" starts the night


@pytest.mark.parametrize(
    ("lifestyle", "hour"),
    [
        ("wakes at 5:30, opens the cafe at 6:30", 5),
        ("wakes up around 8 am", 8),
        ("wakes at 7:00, sketches in the morning", 7),
        ("night owl", 9),
    ],
)
def test_wake_hour_comes_from_the_lifestyle(lifestyle: str, hour: int) -> None:
    assert wake_hour_of(lifestyle, default=9) == hour


def test_scripted_location_matches_activity_words_else_home() -> None:
    known = (
        "Hobbs Cafe",
        "Hobbs Cafe:counter:coffee machine",
        "Johnson Park",
        "Maple House:kitchen:stove",
        "Maple House:bedroom:bed",
    )

    def where(activity: str) -> str:
        task = ChooseAction(
            agent="A",
            activity=activity,
            current_place="Johnson Park",
            home="Maple House",
            known_places=known,
        )
        return task.scripted(random.Random(0)).address

    assert where("make coffee for customers") == "Hobbs Cafe:counter:coffee machine"
    assert where("cook dinner") == "Maple House:kitchen:stove"
    assert where("take a walk in Johnson Park") == "Johnson Park"
    assert where("sleeping") == "Maple House:bedroom:bed"
    assert where("ponder the meaning of life") == "Maple House"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30 am - breakfast", (7, "breakfast")),
        ("1:00 pm: lunch", (13, "lunch")),
        ("12 am: sleep", (0, "sleep")),
        ("18:00 dinner", (18, "dinner")),
        ("walk the dog", (None, "walk the dog")),
    ],
)
def test_plan_items_parse_their_start_hour(text: str, expected: tuple) -> None:
    assert parse_item(text) == expected
