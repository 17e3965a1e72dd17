"""Answering an interviewer's question in character, from the agent's memories."""

from __future__ import annotations

import random
from typing import ClassVar

from pydantic import BaseModel, Field

from agents.llm.degenerate import AnswerShape
from agents.llm.task import Task


class InterviewReply(BaseModel):
    """The agent's answer, in the first person."""

    answer: str = Field(min_length=1, max_length=1200)


class AnswerInterview(Task[InterviewReply]):
    """Answer a free question in character, grounded in what the agent remembers."""

    name: ClassVar[str] = "answer_interview"
    template: ClassVar[str] = "answer_interview.txt"
    max_tokens: ClassVar[int] = 300
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("answer",))

    agent: str
    summary: str
    time: str
    question: str
    memories: tuple[str, ...] = ()

    def fallback(self) -> InterviewReply:
        return InterviewReply(answer="I'm not sure what to say about that.")

    def scripted(self, rng: random.Random) -> InterviewReply:
        if not self.memories:
            return InterviewReply(answer=f"I'm {self.agent}. I can't recall anything about that.")
        lead = rng.choice(("Let me think.", "Well,", "Hmm,"))
        return InterviewReply(
            answer=f"{lead} I'm {self.agent}. What comes to mind: {self.memories[0][:600]}"
        )
