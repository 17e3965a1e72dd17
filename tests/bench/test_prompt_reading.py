"""Reading a task back from its prompt, as the stand-in endpoint does to answer it."""

from __future__ import annotations

import random

from agents.tasks import ChooseAction, NextUtterance, ReactOrContinue, SummariseAgent, examples
from bench.prompt_reading import read_task

NOT_SHOWN = {"choose_action", "next_utterance", "summarise_agent"}
IDENTITY = (
    "Name: Ada Finch (age 40)\nInnate traits: calm, exact\nBackground: Ada keeps the mill."
    "\nOccupation: miller\nCurrently: repairing the water wheel\nLives at: Mill House"
)


def test_a_task_whose_prompt_shows_all_its_inputs_reads_back_as_itself():
    for task in examples():
        if task.name not in NOT_SHOWN:
            assert read_task(task.messages()) == task, task.name


def test_the_places_of_an_outline_read_back_to_the_same_choice():
    task = next(t for t in examples() if isinstance(t, ChooseAction))
    back = read_task(task.messages())
    assert isinstance(back, ChooseAction)
    assert set(back.known_places) >= {p for p in task.known_places if p.count(":") == 2}
    assert back.scripted(random.Random(0)) == task.scripted(random.Random(0))


def test_inputs_a_prompt_does_not_show_are_inferred_from_what_it_shows():
    line = NextUtterance(
        speaker="Ada Finch",
        listener="Bo Lind",
        summary=IDENTITY,
        currently="repairing the water wheel",
        dialogue=("Bo Lind: Morning, Ada!", "Ada Finch: Hello Bo.", "Bo Lind: Busy?"),
        turn=3,
    )
    assert read_task(line.messages()) == line
    summary = SummariseAgent(
        agent="Ada Finch",
        identity=IDENTITY,
        innate="calm, exact",
        occupation="miller",
        currently="repairing the water wheel",
    )
    assert read_task(summary.messages()) == summary


def test_those_nearby_whom_the_prompt_names_count_as_acquaintances():
    noticed = ReactOrContinue(
        agent="Ada Finch",
        summary=IDENTITY + "\nAda buys her bread from Cleo Marsh.",
        time="08:00",
        place="Mill House",
        current_activity="repairing the water wheel",
        observation="Cleo Marsh is walking by",
        nearby=("Cleo Marsh", "Dan Ortiz"),
        acquaintances=("Cleo Marsh",),
    )
    assert read_task(noticed.messages()) == noticed


def test_a_prompt_no_template_wrote_reads_as_nothing():
    assert read_task([{"role": "user", "content": "Tell me a joke."}]) is None
    assert read_task([{"role": "system", "content": "Be brief."}]) is None
