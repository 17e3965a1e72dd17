"""Interviewing an agent: a free question answered in character from its memories."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class InterviewAnswer(BaseModel):
    """The agent's answer and the memories it drew on (most relevant first)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answer: str
    memories: list[str]
