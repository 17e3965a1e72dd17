"""Every kind of agent the engine can host keeps the whole `Agent` contract, interviews included."""

from __future__ import annotations

import asyncio

import pytest

from agents.contract import Agent, InterviewAnswer, WakeReason
from agents.factory import build_agent
from agents.llm.embeddings import HashingEmbedder
from agents.llm.scripted import ScriptedModel
from tests.agents.fakes import DAY, perceive, spec


@pytest.mark.parametrize("kind", ["generative", "rule-based"])
def test_every_agent_kind_is_an_agent_that_can_be_interviewed(kind):
    mind = build_agent(
        spec().model_copy(update={"kind": kind}), ScriptedModel(), HashingEmbedder(64)
    )
    assert isinstance(mind, Agent)
    asyncio.run(mind.decide(perceive(mind.name, DAY, wake=(WakeReason.FIRST_TICK,))))
    answer = asyncio.run(mind.interview("What did you do today?"))
    assert isinstance(answer, InterviewAnswer) and answer.answer
