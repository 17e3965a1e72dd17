"""The scripted backend: deterministic rules per task, no language model at all.

Its answers come from each task's `scripted` rule, seeded by the run's seed,
the agent and the prompt, so that a run is reproducible whatever order the
agents think in. It is named "scripted" wherever it shows.
"""

from __future__ import annotations

from agents.llm.backend import Capabilities, Completion, CompletionRequest
from agents.llm.runner import TaskRunner
from agents.seeding import rng_for


class ScriptedBackend:
    """Answers each prompt with its task's rule, as the JSON a model would send."""

    name = "scripted"
    model = "scripted"
    capabilities = Capabilities(structured_output="json_schema", trusted_answers=True)

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    async def complete(self, request: CompletionRequest) -> Completion:
        # Keyed by prompt, not by call order: agents thinking concurrently
        # get the same answers in any order.
        rng = rng_for(self.seed, request.agent, request.prompt_key, request.attempt)
        answer = request.task.scripted(rng)
        return Completion(text=answer.model_dump_json(), model=self.model)

    async def aclose(self) -> None:
        return None


class ScriptedModel(TaskRunner):
    """The scripted backend ready to use: `await ScriptedModel(seed=7).run(task, agent=...)`."""

    def __init__(self, seed: int = 0) -> None:
        super().__init__(ScriptedBackend(seed))
        self.seed = seed
