"""A filled-in instance of every cognitive task, as the paper's Isabella Rodriguez would ask it.

For tests that check every task's prompt and fallback, and for benchmarks
that time every task against a model.
"""

from __future__ import annotations

from agents.llm.task import Task
from agents.tasks.action import ChooseAction
from agents.tasks.conversation import NextUtterance, SummariseConversation
from agents.tasks.importance import RateImportance
from agents.tasks.interview import AnswerInterview
from agents.tasks.planning import Decompose, PlanDay, ScheduleHours
from agents.tasks.reaction import DecideToTalk, ReactOrContinue
from agents.tasks.reflection import InferInsights, ReflectionQuestions
from agents.tasks.summary import SummariseAgent

_ME = "Isabella Rodriguez"
_SUMMARY = (
    "Name: Isabella Rodriguez (age 34)\nInnate traits: friendly, outgoing, hospitable\n"
    "Isabella runs Hobbs Cafe and is planning a Valentine's Day party there."
)
_PLACES = (
    "Hobbs Cafe",
    "Hobbs Cafe:counter area",
    "Hobbs Cafe:counter area:coffee machine",
    "Isabella's apartment",
    "Isabella's apartment:bedroom:bed",
    "Isabella's apartment:kitchen:stove",
    "Johnson Park",
)


def examples() -> list[Task]:
    """One filled-in instance of every task, as the agent would ask it."""
    return [*_perceiving(), *_planning(), *_reacting(), *_conversing(), *_reflecting()]


def _perceiving() -> list[Task]:
    """What it notices and who it is: rating memories, summarising itself."""
    return [
        RateImportance(
            agent=_ME,
            identity=_SUMMARY,
            memories=(
                "Klaus Mueller is reading a book at Hobbs Cafe",
                "Isabella's apartment:kitchen:stove is idle",
                "Maria Lopez said she would come to the Valentine's Day party",
            ),
        ),
        SummariseAgent(
            agent=_ME,
            identity=_SUMMARY,
            innate="friendly, outgoing, hospitable",
            occupation="owner of Hobbs Cafe",
            currently="planning a Valentine's Day party",
            core_memories=("Isabella greets every customer by name",),
            occupation_memories=("Isabella opened Hobbs Cafe at 8 am",),
            progress_memories=("Five people said they would come to the party",),
        ),
    ]


def _planning() -> list[Task]:
    """Its day: the plan, the hours, an hour in minutes, where to do each thing."""
    return [
        PlanDay(
            agent=_ME,
            summary=_SUMMARY,
            lifestyle="wakes up around 6 am, goes to bed at 11 pm",
            routine=("6:00 am: wake up", "8:00 am: open Hobbs Cafe", "8:00 pm: close the cafe"),
            yesterday="Isabella worked at the cafe and invited customers to the party.",
            date="Tuesday February 13, 2023",
        ),
        ScheduleHours(
            agent=_ME,
            summary=_SUMMARY,
            wake_up_hour=6,
            date="Tuesday February 13, 2023",
            plan=(
                "6:00 am: wake up and get ready",
                "8:00 am: open Hobbs Cafe",
                "12:00 pm: lunch",
                "1:00 pm: decorate the cafe for the party",
                "8:00 pm: close the cafe",
                "11:00 pm: go to bed",
            ),
        ),
        Decompose(
            agent=_ME,
            summary=_SUMMARY,
            activity="decorate the cafe for the party",
            start="1:00 pm",
            minutes=60,
            schedule=("08:00 open Hobbs Cafe", "13:00 decorate the cafe for the party"),
        ),
        ChooseAction(
            agent=_ME,
            activity="make coffee for customers",
            current_place="Hobbs Cafe",
            home="Isabella's apartment",
            known_places=_PLACES,
        ),
    ]


def _reacting() -> list[Task]:
    """Meeting someone: whether to talk, whether to change what it does."""
    return [
        DecideToTalk(
            agent=_ME,
            summary=_SUMMARY,
            time="Tuesday February 13, 2023, 10:20 am",
            place="Hobbs Cafe",
            current_activity="serving coffee",
            other="Klaus Mueller",
            other_activity="reading a book at Hobbs Cafe",
            relationship="a regular at the cafe who is writing a paper",
            memories=("Klaus Mueller said his research paper is almost done",),
        ),
        ReactOrContinue(
            agent=_ME,
            summary=_SUMMARY,
            time="Tuesday February 13, 2023, 10:20 am",
            place="Hobbs Cafe",
            current_activity="serving coffee",
            observation="Klaus Mueller is reading a book at Hobbs Cafe",
            memories=("Klaus Mueller is a regular at the cafe",),
            nearby=("Klaus Mueller",),
            acquaintances=("Klaus Mueller",),
        ),
    ]


def _conversing() -> list[Task]:
    """Talking: the next line, and what the conversation was about."""
    return [
        NextUtterance(
            speaker=_ME,
            listener="Klaus Mueller",
            summary=_SUMMARY,
            currently="planning a Valentine's Day party",
            relationship="a regular customer, friendly",
            memories=("Klaus Mueller is writing a paper on gentrification",),
            speaker_activity="serving coffee",
            listener_activity="reading a book",
            place="Hobbs Cafe",
            time="10:20 am",
            turn=1,
            dialogue=("Isabella Rodriguez: Hi Klaus! How is the paper going?",),
        ),
        SummariseConversation(
            agent=_ME,
            partner="Klaus Mueller",
            dialogue=(
                "Isabella Rodriguez: I'm having a Valentine's Day party on the 14th at 5 pm.",
                "Klaus Mueller: That sounds fun, I'll come!",
            ),
        ),
    ]


def _reflecting() -> list[Task]:
    """Looking back: questions about its memories, insights, an interview's answer."""
    return [
        ReflectionQuestions(
            agent=_ME,
            memories=(
                "Klaus Mueller is reading a book at Hobbs Cafe",
                "Maria Lopez said she would come to the party",
                "Isabella decorated the cafe",
            ),
        ),
        InferInsights(
            agent=_ME,
            question="What is Isabella passionate about?",
            statements=(
                "Isabella decorated the cafe for the party",
                "Isabella invited Maria Lopez to the party",
                "Isabella greets every customer by name",
            ),
        ),
        AnswerInterview(
            agent=_ME,
            summary=_SUMMARY,
            time="February 13, 2023, 6 pm",
            question="Are you planning anything for Valentine's Day?",
            memories=("Isabella is planning a Valentine's Day party at the cafe",),
        ),
    ]
