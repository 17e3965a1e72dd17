"""Builds an agent of the kind its spec names, inside whichever process hosts it."""

from __future__ import annotations

from agents.contract import Agent
from agents.llm import Embedder, LanguageModel
from agents.rulebased import RuleBasedAgent
from agents.spec import AgentSpec


def build_agent(spec: AgentSpec, llm: LanguageModel, embedder: Embedder) -> Agent:
    """The agent for `spec`: the generative mind, or the rule-based one (no model)."""
    if spec.kind == "rule-based":
        return RuleBasedAgent(spec)
    from agents.mind import GenerativeAgent

    return GenerativeAgent(spec, llm, embedder)
