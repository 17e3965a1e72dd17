"""The paper's diffusion measure: interview every agent at each checkpoint, judge the answers.

Park et al. 2023, §7.1.1: agents were asked whether they knew of the news
and an answer counted as knowing when it showed it; the answers were checked
against the agents' memories to rule out hallucination. Here the judging is
a model task (`JudgeKnowledge`), and `grounded` tells whether the memories
the agent used mention the fact. It costs one interview and one judgement
per agent and checkpoint, so it runs only when asked for.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pandas as pd
from pydantic import BaseModel, Field

from agents.llm import Task, build_language_model
from sim.analysis.diffusion import mentions
from sim.analysis.loading import FactMeasure
from sim.interview import Interviewer, checkpoint_time, interviewing, record
from sim.run_folder import Checkpoint, checkpoint_files, read_checkpoint


class Verdict(BaseModel):
    """Whether an interview answer shows the agent knew the news."""

    knows: bool
    reason: str = Field("", max_length=400)


class JudgeKnowledge(Task[Verdict]):
    """Decide from an interview answer whether the agent already knew a piece of news."""

    name: ClassVar[str] = "judge_knowledge"
    template: ClassVar[str] = "judge_knowledge.txt"
    prompts_dir: ClassVar[Path] = Path(__file__).resolve().parent
    max_tokens: ClassVar[int] = 120

    fact: str
    keywords: tuple[str, ...] = ()
    agent: str
    question: str
    answer: str

    def fallback(self) -> Verdict:
        return Verdict(knows=False, reason="no verdict: the judge's answer could not be used")

    def scripted(self, rng: random.Random) -> Verdict:
        knows = mentions(self.answer, FactMeasure(self.fact, self.keywords))
        return Verdict(
            knows=knows,
            reason="the answer mentions the news"
            if knows
            else "the answer does not mention the news",
        )


def default_question(fact: FactMeasure) -> str:
    return f"Have you heard anything about this: {fact.fact}? What do you know about it?"


def spread_checkpoints(run_dir: Path, most: int) -> list[Checkpoint]:
    """Up to `most` checkpoints, evenly spread from the first to the last."""
    files = checkpoint_files(run_dir)
    if len(files) > most:
        step = (len(files) - 1) / max(most - 1, 1)
        files = [files[round(i * step)] for i in range(most)]
    return [read_checkpoint(f) for f in files]


def interview_diffusion(
    run_dir: Path | str,
    fact: FactMeasure,
    *,
    question: str | None = None,
    most_checkpoints: int = 4,
    backend: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Ask every agent about the fact at up to `most_checkpoints` checkpoints; judge each answer.

    One row per agent and checkpoint: time, agent, answer, knows, reason,
    grounded. Each interview is added to the run's interview log.
    """
    run_dir = Path(run_dir)
    asked = question or default_question(fact)
    rows = []
    with interviewing(run_dir, backend) as (config, llm):
        judge = build_language_model(llm, seed=config.seed)
        loop = asyncio.new_event_loop()
        try:
            for checkpoint in spread_checkpoints(run_dir, most_checkpoints):
                interviewer = Interviewer(run_dir, config, llm, checkpoint)
                if progress:
                    progress(
                        f"interviewing {len(interviewer.agents)} agents as of "
                        f"{checkpoint_time(run_dir, checkpoint)}"
                    )
                for agent in interviewer.agents:
                    result = interviewer.ask(agent, asked)
                    record(run_dir, result)
                    verdict = loop.run_until_complete(
                        judge.run(
                            JudgeKnowledge(
                                fact=fact.fact,
                                keywords=fact.keywords,
                                agent=agent,
                                question=asked,
                                answer=result.answer,
                            ),
                            agent=agent,
                        )
                    )
                    rows.append(
                        {
                            "time": pd.Timestamp(result.time),
                            "checkpoint_tick": result.checkpoint_tick,
                            "agent": agent,
                            "answer": result.answer,
                            "knows": verdict.knows,
                            "reason": verdict.reason,
                            "grounded": any(mentions(m, fact) for m in result.memories),
                        }
                    )
        finally:
            loop.run_until_complete(judge.aclose())
            loop.close()
    return pd.DataFrame(
        rows, columns=["time", "checkpoint_tick", "agent", "answer", "knows", "reason", "grounded"]
    )


def interview_curve(answers: pd.DataFrame, agents: int) -> pd.DataFrame:
    """The share of agents judged to know the fact at each interviewed checkpoint."""
    if answers.empty:
        return pd.DataFrame(columns=["time", "knowing", "share"])
    knowing = answers.groupby("time").knows.sum().astype(int)
    return pd.DataFrame(
        {
            "time": knowing.index,
            "knowing": knowing.values,
            "share": (knowing.values / max(agents, 1)).round(4),
        }
    )
