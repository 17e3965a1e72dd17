"""Seeds: one derivation from the run's seed, for the minds and for the scripted model."""

from __future__ import annotations

import asyncio
import hashlib
import random

from agents.llm.backend import CompletionRequest
from agents.llm.scripted import ScriptedBackend
from agents.rulebased import RuleBasedAgent
from agents.seeding import rng_for, seed_for
from agents.tasks.importance import RateImportance
from tests.agents.fakes import agent, spec


def test_a_seed_is_the_first_eight_bytes_of_the_sha256_of_its_parts():
    digest = hashlib.sha256(b"7|Isabella Rodriguez").digest()
    assert seed_for(7, "Isabella Rodriguez") == int.from_bytes(digest[:8], "big")
    drawn = random.Random(seed_for(7, "Isabella Rodriguez")).random()
    assert rng_for(7, "Isabella Rodriguez").random() == drawn


def test_the_mind_and_the_rule_based_agent_draw_from_the_seed_of_the_run_and_their_name():
    expected = rng_for(7, "Isabella Rodriguez").getstate()
    assert agent(seed=7).rng.getstate() == expected
    assert RuleBasedAgent(spec(seed=7))._rng.getstate() == expected


def test_a_scripted_answer_is_drawn_from_the_seed_of_the_run_the_agent_and_the_prompt():
    task = RateImportance(agent="Ada", identity="Ada is a baker.", memories=("Ada went home",))
    request = CompletionRequest(
        task=task, agent="Ada", prompt_key="k1", messages=[], schema={}, max_tokens=9, attempt=1
    )
    completion = asyncio.run(ScriptedBackend(seed=3).complete(request))
    expected = task.scripted(rng_for(3, "Ada", "k1", 1))
    assert completion.text == expected.model_dump_json()
