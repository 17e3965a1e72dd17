"""The cognitive tasks of the generative agent: one small typed unit per use of the model."""

from __future__ import annotations

from agents.tasks.action import ActionChoice, ChooseAction
from agents.tasks.conversation import (
    ConversationSummary,
    Line,
    NextUtterance,
    SummariseConversation,
)
from agents.tasks.importance import ImportanceRatings, RateImportance
from agents.tasks.interview import AnswerInterview, InterviewReply
from agents.tasks.planning import (
    DayPlan,
    Decompose,
    Decomposition,
    HourlySchedule,
    PlanDay,
    ScheduleHours,
)
from agents.tasks.reaction import DecideToTalk, ReactionChoice, ReactOrContinue, TalkDecision
from agents.tasks.reflection import InferInsights, Insights, Questions, ReflectionQuestions
from agents.tasks.samples import examples
from agents.tasks.summary import AgentSummary, SummariseAgent

__all__ = [
    "ActionChoice",
    "AgentSummary",
    "AnswerInterview",
    "ChooseAction",
    "ConversationSummary",
    "DecideToTalk",
    "DayPlan",
    "Decompose",
    "Decomposition",
    "HourlySchedule",
    "ImportanceRatings",
    "InferInsights",
    "Insights",
    "InterviewReply",
    "Line",
    "NextUtterance",
    "PlanDay",
    "Questions",
    "RateImportance",
    "ReactOrContinue",
    "ReactionChoice",
    "ReflectionQuestions",
    "ScheduleHours",
    "SummariseAgent",
    "SummariseConversation",
    "TalkDecision",
    "examples",
]
