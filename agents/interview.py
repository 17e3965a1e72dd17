"""Interviewing an agent: a free question answered in character from its memories."""

from __future__ import annotations

from datetime import datetime

from agents.contract import InterviewAnswer
from agents.llm.protocol import LanguageModel
from agents.tasks.interview import AnswerInterview


async def answer_in_character(
    llm: LanguageModel, agent: str, summary: str, question: str, memories: list[str], now: datetime
) -> InterviewAnswer:
    """Ask the model for the agent's answer to `question`, given what it recalled (one call)."""
    reply = await llm.run(
        AnswerInterview(
            agent=agent,
            summary=summary,
            time=now.strftime("%A %B %d, %Y, %H:%M"),
            question=question,
            memories=tuple(memories),
        ),
        agent=agent,
    )
    return InterviewAnswer(answer=reply.answer.strip(), memories=memories)
