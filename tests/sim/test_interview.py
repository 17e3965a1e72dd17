"""Interviewing an agent from a checkpoint: the answer, its memories, and an untouched run."""

from __future__ import annotations

import argparse
import hashlib
import json

import pytest

from sim.analysis.cli import register
from sim.analysis.judging import interview_curve, interview_diffusion
from sim.analysis.loading import FactMeasure
from sim.analysis.report import analyze
from sim.interview import INTERVIEW_LOG, InterviewError, interview
from tests.support.llama import llama_missing
from tests.support.runs import GENERATIVE, copy_run, tiny_run

SKETCHES = FactMeasure("the sketches for the new chalkboard menu", ("sketches",))
QUESTION = "What did you promise to bring to the Copper Kettle?"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, generative_tiny_run):
    # The interviews and the analysis are written into the run folder: a copy of our own.
    return copy_run(generative_tiny_run, tmp_path_factory.mktemp("runs"))


def fingerprint(folder) -> dict[str, str]:
    """A hash of every file of the run itself (the interview log aside)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "interviews" not in path.parts and "analysis" not in path.parts
    }


def test_an_agent_answers_from_its_seeded_memory_and_the_run_is_unchanged(run_dir):
    before = fingerprint(run_dir)
    result = interview(run_dir, "Lena Hale", QUESTION)
    assert result.checkpoint_tick == 359
    assert result.time == "2024-03-05T08:00:00"
    seeded = "I promised Ines I would bring my sketches"
    assert any(memory.startswith(seeded) for memory in result.memories)
    assert "sketches" in result.answer
    assert fingerprint(run_dir) == before
    logged = [json.loads(line) for line in (run_dir / INTERVIEW_LOG).read_text().splitlines()]
    assert logged[-1]["answer"] == result.answer and logged[-1]["agent"] == "Lena Hale"


def test_at_picks_the_checkpoint_at_or_before_that_game_time(run_dir):
    def tick_at(at: str) -> int:
        return interview(run_dir, "Owen Hale", "How are you?", at, save=False).checkpoint_tick

    assert tick_at("07:39") == 119
    assert tick_at("07:40") == 239
    early = interview(run_dir, "Owen Hale", "How are you?", "2024-03-05T07:00", save=False)
    assert early.checkpoint_tick == -1


def test_an_unknown_agent_is_refused_with_the_known_names(run_dir):
    with pytest.raises(InterviewError, match="Ines Calloway, Lena Hale, Owen Hale"):
        interview(run_dir, "Mara Quill", QUESTION, save=False)


def test_a_rule_based_agent_cannot_be_interviewed(rule_based_tiny_run):
    with pytest.raises(InterviewError, match="rule-based agent, with no memories"):
        interview(rule_based_tiny_run, "Lena Hale", QUESTION, save=False)


def test_the_interview_command_prints_the_answer_and_memories(run_dir, capsys):
    parser = argparse.ArgumentParser(prog="hamlet")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(
        [
            "interview",
            str(run_dir),
            "--agent",
            "Lena Hale",
            "--question",
            QUESTION,
            "--at",
            "07:45",
            "--no-record",
        ]
    )
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "Lena Hale, as of 2024-03-05 07:40:00 (checkpoint tick 239)" in out
    assert "Memories used:" in out and "- I promised Ines" in out
    args = parser.parse_args(["interview", str(run_dir), "--agent", "Nobody", "--question", "?"])
    assert args.handler(args) == 2
    assert "(agents: Ines Calloway, Lena Hale, Owen Hale)" in capsys.readouterr().err


def test_interview_diffusion_asks_everyone_at_each_checkpoint_and_judges(run_dir):
    answers = interview_diffusion(run_dir, SKETCHES, most_checkpoints=2)
    assert sorted(set(answers.checkpoint_tick)) == [-1, 359]
    last = answers[answers.checkpoint_tick == 359].set_index("agent")
    assert bool(last.loc["Lena Hale", "knows"]) and bool(last.loc["Lena Hale", "grounded"])
    assert not bool(last.loc["Owen Hale", "knows"])
    curve = interview_curve(answers, agents=3)
    # Before the first tick no memory is stored yet: nobody can know.
    assert list(curve.knowing) == [0, int(last.knows.sum())]
    assert curve.share.iloc[-1] == round(last.knows.sum() / 3, 4)


def test_analyze_with_interviews_puts_the_judged_curve_in_the_report(run_dir):
    report = analyze(run_dir, interviews=True, fact=SKETCHES).read_text()
    assert "the paper's method" in report
    assert (run_dir / "analysis" / "interview_diffusion.csv").exists()
    assert (run_dir / "analysis" / "diffusion.png").exists()


@pytest.mark.llama
def test_the_real_local_model_answers_from_the_seeded_fact(tmp_path):
    if (reason := llama_missing()) is not None:
        pytest.skip(reason)
    # Greedy decoding, so that the small packaged model answers the same every time.
    run_dir = tiny_run(tmp_path, "greedy", **GENERATIVE, llm={"temperature": 0.0})
    result = interview(run_dir, "Lena Hale", "What did you promise Ines?", backend="local")
    assert any("sketches" in memory for memory in result.memories[:3])
    assert result.answer.strip() and "not sure what to say" not in result.answer
    # What she promised is in her memory, not in the question.
    words = ("sketch", "menu", "chalkboard")
    assert any(word in result.answer.lower() for word in words), result.answer
