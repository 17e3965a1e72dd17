"""Answers that parse but make no sense are told from good ones, each with its reason."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import pytest

from agents.llm.calls import CallRecord, Outcome
from agents.llm.degenerate import degenerate_reason, is_short_emoji
from agents.llm.runner import TaskRunner
from agents.llm.task import Task
from agents.tasks import examples
from sim.totals import Totals
from tests.support.canned import Canned

TASKS = {task.name: task for task in examples()}


def reason(task: Task, answer: dict[str, Any]) -> str | None:
    """Why `answer` to `task` cannot be used, after it validated as the task's output."""
    value = task.output_model.model_validate(answer)
    return degenerate_reason(
        value.model_dump(mode="json"), task.answer_shape, task.prompt_context(task.messages())
    )


# What a capable model answers: names, places, times and short lists included.
GOOD: dict[str, list[dict[str, Any]]] = {
    "rate_importance": [{"scores": [2, 1, 6]}, {"scores": [3, 2, 8]}],
    "summarise_agent": [
        {
            "core": "Isabella Rodriguez is a warm, outgoing host who knows her regulars by name.",
            "occupation": "She runs Hobbs Cafe and opens it at 8 am every day.",
            "feelings": "She is excited that five people are coming to her party.",
        },
        {
            "core": "Friendly and hospitable, Isabella makes everyone feel welcome.",
            "occupation": "Isabella is the owner of Hobbs Cafe.",
            "feelings": "She feels hopeful about the Valentine's Day party.",
        },
    ],
    "plan_day": [
        {
            "wake_up_hour": 6,
            "items": [
                "6:00 am: wake up and have breakfast",
                "8:00 am: open Hobbs Cafe",
                "12:00 pm: lunch",
                "2 pm: buy bread and milk",
                "3:00 pm: decorate the cafe for the party",
                "8:00 pm: close the cafe",
                "11:00 pm: go to bed",
            ],
        },
        {"wake_up_hour": 7, "items": ["7:30 am: breakfast", "9:00 am: work at Hobbs Cafe"]},
    ],
    "schedule_hours": [
        {
            "hours": [
                {"hour": 0, "activity": "sleeping"},
                {"hour": 6, "activity": "wake up and get ready"},
                {"hour": 8, "activity": "open Hobbs Cafe"},
                {"hour": 12, "activity": "lunch"},
                {"hour": 13, "activity": "buy bread and milk"},
                {"hour": 14, "activity": "decorate the cafe for the party"},
                {"hour": 23, "activity": "sleeping"},
            ]
        }
    ],
    "decompose": [
        {
            "steps": [
                {"activity": "fetch the paper hearts from the storeroom", "minutes": 10},
                {"activity": "hang streamers above the counter", "minutes": 15},
                {"activity": "set out candles on each table", "minutes": 15},
                {"activity": "decorate the cafe for the party: balloons", "minutes": 10},
                {"activity": "tidy up", "minutes": 10},
            ]
        },
        {"steps": [{"activity": "decorate the cafe for the party", "minutes": 60}]},
        {"steps": [{"activity": "Finally, sweep the floor", "minutes": 5}]},
        {
            "steps": [
                {"activity": "getting ready to decorate the cafe for the party", "minutes": 60}
            ]
        },
        {"steps": [{"activity": "step outside to fetch the ladder", "minutes": 5}]},
    ],
    "choose_action": [
        {
            "address": "Hobbs Cafe:counter area:coffee machine",
            "emoji": "☕",
            "object_state": "brewing",
        },
        {"address": "Hobbs Cafe:counter area", "emoji": "☕🍰", "object_state": None},
        {"address": "Hobbs Cafe", "emoji": "🧑‍🍳", "object_state": "in use"},
        {"address": "Hobbs Cafe", "emoji": "", "object_state": None},
    ],
    "decide_to_talk": [{"talk": True}, {"talk": False}],
    "react_or_continue": [
        {"react": False, "reaction": "", "minutes": 15, "talk_to": None},
        {"react": True, "reaction": "", "minutes": 15, "talk_to": "Klaus Mueller"},
        {"react": True, "reaction": "bring Klaus a fresh coffee", "minutes": 5, "talk_to": None},
        {"react": True, "reaction": "wipe the tables near Klaus Mueller", "minutes": 10},
    ],
    "next_utterance": [
        {"text": "It's going well, thanks! Are you coming to my party on the 14th?"},
        {"text": "Klaus, would you like to come to the party at 5 pm tomorrow?"},
        {"text": "I'm planning a Valentine's Day party at Hobbs Cafe. Will you come?"},
        {"text": "Oh, I'd love to hear more about gentrification sometime."},
        {"text": "Good to see you, Klaus! See you at 2 pm.", "end_conversation": True},
        {"text": "I'm Isabella, by the way. Nice to meet you properly!"},
        {"text": "Morning, Klaus! Want your usual at the counter?"},
        {
            "text": "Thanks, Klaus, that means a lot. See you at the party!",
            "end_conversation": True,
        },
        {"text": "A paper on gentrification? That sounds fascinating."},
        {"text": "Could you bring bread and milk from the shop by 4 pm?"},
        {"text": "Yes!"},
        {"text": "Morning!"},
    ],
    "summarise_conversation": [
        {"summary": "Klaus Mueller will come to Isabella's Valentine's Day party on the 14th."},
        {"summary": "Isabella invited Klaus to the party at 5 pm and he said yes."},
        {"summary": "Isabella Rodriguez and Klaus Mueller just talked about his paper."},
    ],
    "reflection_questions": [
        {
            "questions": [
                "What is Isabella's relationship with Klaus Mueller?",
                "Who is coming to the Valentine's Day party?",
                "How does Isabella feel about the cafe?",
            ]
        }
    ],
    "infer_insights": [
        {
            "insights": [
                {"text": "Isabella is passionate about hosting people.", "evidence": [1, 2, 3]},
                {"text": "Isabella decorated the cafe for the party.", "evidence": [1]},
            ]
        }
    ],
    "answer_interview": [
        {"answer": "Yes! I'm throwing a Valentine's Day party at Hobbs Cafe on the 14th at 5 pm."},
        {"answer": "I am. Are you planning anything yourself? You should come by the cafe."},
        {"answer": "Am I planning anything for Valentine's Day? Of course: a party at the cafe!"},
    ],
}


@pytest.mark.parametrize(
    ("name", "answer"),
    [(name, answer) for name, answers in GOOD.items() for answer in answers],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_good_answer_is_not_rejected(name: str, answer: dict[str, Any]) -> None:
    assert reason(TASKS[name], answer) is None


def test_good_answers_cover_every_task() -> None:
    assert set(GOOD) == set(TASKS)


@pytest.mark.parametrize("task", examples(), ids=lambda t: t.name)
def test_fallbacks_and_scripted_answers_are_not_degenerate(task: Task) -> None:
    for answer in (task.fallback(), task.scripted(random.Random(4))):
        assert reason(task, answer.model_dump(mode="json")) is None


# The degenerate answers seen in runs on small models, each with what its reason says.
DEGENERATE: list[tuple[str, dict[str, Any], str]] = [
    (
        "next_utterance",
        {"text": "You are a town clerk at Larkspur Flats:flat 5. You see Augustin Mercer."},
        "area:room",
    ),
    ("next_utterance", {"text": "The conversation so far: (none)"}, "label"),
    (
        "next_utterance",
        {"text": "The conversation is over 2 sentences.</json-string><json-string>"},
        "markup tag",
    ),
    ("next_utterance", {"text": "Sure.<|im_end|>"}, "chat-template token"),
    ("next_utterance", {"text": 'Hello! {"text": "Hi"}'}, "JSON fragment"),
    ("next_utterance", {"text": "<p>Hello Klaus</p>"}, "markup tag"),
    ("next_utterance", {"text": "Hi Klaus! How is the paper going?"}, "repeats"),
    ("next_utterance", {"text": "Hi Klaus, how's the paper going?!"}, "repeats"),
    ("next_utterance", {"text": "Hi Isabella! How are you today?"}, "addresses"),
    ("next_utterance", {"text": "And how are you, Isabella?"}, "addresses"),
    ("next_utterance", {"text": "Klaus Mueller: That sounds fun!"}, "transcript"),
    (
        "next_utterance",
        {"text": "What does Isabella Rodriguez say next to Klaus Mueller?"},
        "copies",
    ),
    ("next_utterance", {"text": "text"}, "placeholder"),
    ("next_utterance", {"text": "Isabella Rodriguez said:"}, "colon"),
    ("next_utterance", {"text": "N/A"}, "placeholder"),
    ("next_utterance", {"text": "One or two short sentences. Answer with JSON only."}, "copies"),
    ("decompose", {"steps": [{"activity": "Step 1", "minutes": 10}]}, "numbering"),
    ("decompose", {"steps": [{"activity": "step1", "minutes": 10}]}, "numbering"),
    ("decompose", {"steps": [{"activity": "finally", "minutes": 10}]}, "placeholder"),
    ("decompose", {"steps": [{"activity": "activity", "minutes": 10}]}, "placeholder"),
    (
        "decompose",
        {"steps": [{"activity": "1. walk Benji and Petra to Oakhollow School.", "minutes": 10}]},
        "numbering",
    ),
    ("decompose", {"steps": [{"activity": "<string>", "minutes": 10}]}, "markup"),
    ("decompose", {"steps": [{"activity": "...", "minutes": 10}]}, "placeholder"),
    ("schedule_hours", {"hours": [{"hour": 8, "activity": "Step 2: open the cafe"}]}, "numbering"),
    ("schedule_hours", {"hours": [{"hour": 8, "activity": "hour"}]}, "placeholder"),
    ("schedule_hours", {"hours": [{"hour": 21, "activity": "morning"}]}, "time of day"),
    ("plan_day", {"wake_up_hour": 6, "items": ["8:00 am: activity"]}, "placeholder"),
    ("plan_day", {"wake_up_hour": 6, "items": ["Usual routine: 6:00 am: wake up"]}, "label"),
    ("choose_action", {"address": "Hobbs Cafe", "emoji": "☕🍰🎉🎈🌹💐"}, "emoji"),
    ("choose_action", {"address": "Hobbs Cafe", "emoji": "☕☕☕☕"}, "emoji"),
    ("choose_action", {"address": "Hobbs Cafe", "object_state": "N/A"}, "placeholder"),
    ("choose_action", {"address": "Hobbs Cafe", "object_state": "<b>busy</b>"}, "markup"),
    ("react_or_continue", {"react": True, "reaction": "N/A", "minutes": 15}, "placeholder"),
    ("summarise_conversation", {"summary": "summary"}, "placeholder"),
    ("summarise_conversation", {"summary": "```json here```"}, "markup"),
    (
        "summarise_conversation",
        {"summary": "In one or two sentences, what did Isabella Rodriguez learn"},
        "copies",
    ),
    ("reflection_questions", {"questions": ["1. What is Isabella doing?"]}, "numbering"),
    ("infer_insights", {"insights": [{"text": "insight", "evidence": [1]}]}, "placeholder"),
    ("infer_insights", {"insights": [{"text": "text", "evidence": [1]}]}, "placeholder"),
    (
        "summarise_agent",
        {"core": "Innate traits: friendly", "occupation": "x y", "feelings": "ok"},
        "label",
    ),
    ("answer_interview", {"answer": "[INST] Answer in character [/INST]"}, "markup"),
]


@pytest.mark.parametrize(
    ("name", "answer", "why"), DEGENERATE, ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_degenerate_answer_is_caught_with_its_reason(
    name: str, answer: dict[str, Any], why: str
) -> None:
    found = reason(TASKS[name], answer)
    assert found is not None and why in found


@pytest.mark.parametrize("text", ["☕", "🍽️", "🧑‍🍳", "👍🏽", "🇬🇧", "☕ 🍰", "😴🛏️💤"])
def test_one_to_three_emoji_are_an_emoji(text: str) -> None:
    assert is_short_emoji(text)


@pytest.mark.parametrize("text", ["coffee", "☕ coffee", "😴🛏️💤🌙", ":)", "1"])
def test_words_or_many_emoji_are_not_an_emoji(text: str) -> None:
    assert not is_short_emoji(text)


REPEATED = json.dumps({"text": "Hi Klaus! How is the paper going?", "end_conversation": False})
FRESH = json.dumps({"text": "Are you coming to the party tomorrow?", "end_conversation": False})


def run_canned(*texts: str, repair_degenerate: bool = True):
    backend = Canned(*texts)
    runner = TaskRunner(backend, repair_degenerate=repair_degenerate)
    task = TASKS["next_utterance"]
    answer = asyncio.run(runner.run(task, agent="Isabella Rodriguez"))
    (record,) = runner.drain_calls()
    return task, answer, record, backend


def test_a_degenerate_answer_is_repaired_once_with_the_reason_in_the_repair_prompt():
    _, answer, record, backend = run_canned(REPEATED, FRESH)
    assert answer.text == "Are you coming to the party tomorrow?"
    assert record.outcome == Outcome.REPAIRED
    assert record.reason is not None and "repeats" in record.reason
    repair = backend.seen[1].messages
    assert repair[-2] == {"role": "assistant", "content": REPEATED}
    assert "cannot be used" in repair[-1]["content"] and "repeats" in repair[-1]["content"]


def test_a_second_degenerate_answer_falls_back_and_the_record_says_degenerate():
    task, answer, record, backend = run_canned(REPEATED, REPEATED)
    assert len(backend.seen) == 2
    assert answer == task.fallback()
    assert record.outcome == Outcome.DEGENERATE
    assert "repeats" in record.reason and "after one repair" in record.failure
    assert record.output == task.fallback().model_dump(mode="json")


def test_without_repairs_a_degenerate_answer_falls_back_at_once_but_bad_json_is_repaired():
    task, answer, record, backend = run_canned(REPEATED, FRESH, repair_degenerate=False)
    assert len(backend.seen) == 1 and answer == task.fallback()
    assert record.outcome == Outcome.DEGENERATE and "repeats" in record.reason
    _, answer, record, backend = run_canned("no json here", FRESH, repair_degenerate=False)
    assert len(backend.seen) == 2 and record.outcome == Outcome.REPAIRED


def test_only_the_packaged_embedded_model_skips_repairs_by_default(tmp_path):
    from agents.llm.config import LLMConfig
    from agents.llm.factory import repairs_degenerate

    assert not repairs_degenerate(LLMConfig(backend="local"))
    assert repairs_degenerate(LLMConfig(backend="local", local_model_path=tmp_path / "m.gguf"))
    assert repairs_degenerate(LLMConfig(backend="openai"))
    assert repairs_degenerate(LLMConfig(backend="local", repair_degenerate=True))


def test_a_degenerate_then_invalid_answer_falls_back_keeping_the_reason():
    task, answer, record, _ = run_canned(REPEATED, "no json here")
    assert answer == task.fallback()
    assert record.outcome == Outcome.FALLBACK
    assert "repeats" in record.reason


def test_a_call_record_written_before_reasons_were_kept_still_reads():
    old = {
        "wall_time": "2024-01-01T00:00:00+00:00",
        "agent": "Ada",
        "task": "plan_day",
        "backend": "openai",
        "model": "m",
        "prompt_key": "plan_day:abc",
        "outcome": "fallback",
        "failure": "timeout",
    }
    record = CallRecord.model_validate_json(json.dumps(old))
    assert record.reason is None and record.outcome == Outcome.FALLBACK


def test_degenerate_calls_are_counted_in_the_totals():
    _, _, record, _ = run_canned(REPEATED, REPEATED)
    totals = Totals()
    totals.add_calls([record])
    assert totals.all.degenerate == 1 and totals.all.fallbacks == 0
    assert totals.by_task["next_utterance"].degenerate == 1


def test_a_summary_written_before_degenerate_answers_were_counted_still_reads(tmp_path):
    from sim.summary import RunSummary

    old = {
        **dict.fromkeys(("run_id", "world", "scenario", "backend", "executor"), "x"),
        **dict.fromkeys(("stop_reason", "game_start", "game_end"), "x"),
        **dict.fromkeys(("seed", "agents", "ticks", "events", "wakes", "calls"), 1),
        **dict.fromkeys(("tokens_in", "tokens_out", "fallbacks", "repaired"), 0),
        **dict.fromkeys(("game_hours", "wall_seconds", "cost_usd"), 0.0),
        **dict.fromkeys(("calls_per_agent_hour", "tokens_per_agent_hour"), 0.0),
    }
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert RunSummary.read(path).degenerate == 0


@pytest.mark.parametrize("turn", [0, 3])
def test_the_fallback_line_speaks_to_the_listener_at_the_place_and_ends_politely(turn):
    task = TASKS["next_utterance"].model_copy(
        update={"turn": turn, "place": "Hobbs Cafe:counter area", "dialogue": ()}
    )
    line = task.fallback()
    assert line.end_conversation
    assert "Klaus" in line.text and "Isabella" not in line.text
    assert "planning a Valentine's Day party" in line.text
    assert ("Hobbs Cafe" in line.text) == (turn == 0) and ":" not in line.text
    assert reason(task, line.model_dump(mode="json")) is None


def test_a_fallback_step_is_the_planned_activity_in_its_own_words():
    task = TASKS["decompose"]
    (step,) = task.fallback().steps
    assert step.activity == "decorate the cafe for the party"


def test_the_fallback_place_fits_the_activity_not_always_home():
    task = TASKS["choose_action"]
    assert task.fallback().address == "Hobbs Cafe:counter area:coffee machine"
    idle = task.model_copy(update={"activity": "think things over"})
    assert idle.fallback().address == task.home
